package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestCaseChange_History(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "case", "show", "JC-16", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var c caseJSON
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Attributes["Umsetzungstyp"] != "1a" || len(c.History) != 1 || c.History[0].Previous != "2a" || c.History[0].From != "2014-02-11" ||
		!strings.Contains(c.History[0].Reason, "de facto Typ 1a") {
		t.Errorf("JC-16: %+v", c)
	}
	fresh := filepath.Join(t.TempDir(), "s")
	if code, _, stderr := run(t, "", "sample", fresh); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr = run(t, "", "-p", fresh, "--user", "mara", "case", "change", "JC-01", "--attribute", "Umsetzungstyp", "--value", "2b", "--from", "2014-05-01", "--reason", "Zuweisung umgestellt")
	if code != 0 || !strings.Contains(out, "JC-01: Umsetzungstyp is 2b from 2014-05-01 on") {
		t.Errorf("case change: exit %d, %s%s", code, out, stderr)
	}
	code, _, stderr = run(t, "", "-p", fresh, "--user", "mara", "case", "change", "JC-01", "--attribute", "Umsetzungstyp", "--value", "9z", "--from", "2014-06-01", "--reason", "x")
	if code == 0 || stderr == "" {
		t.Errorf("a value outside the choices: exit %d", code)
	}
}

package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/study"
)

func TestEvalq_Sample(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "evalq", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var qs []study.EvalQuestionRow
	if err := json.Unmarshal([]byte(out), &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) != 4 || qs[3].ID != "Q4" || strings.Join(qs[3].Codes, " ") != "A.2.1:2.2 A.1.2:2.2" {
		t.Fatalf("questions %+v", qs)
	}
	code, out, _ = run(t, "", "-p", dir, "evalq", "report", "Q4", "--quotes", "1")
	for _, want := range []string{"# Q4 Welche Kundengruppen", "## A.2.1 · 2.2 ", "## A.1.2 · 2.2 ", "codierte Segmente an 2 Standorten", "**JC-11**"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("evalq report Q4 lacks %q:\n%s", want, out)
		}
	}
	fresh := filepath.Join(t.TempDir(), "p")
	if code, _, stderr := run(t, "", "init", fresh, "--member", "tester", "--roles", "lead,interviewer,coder,dpo"); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		args []string
		ok   bool
		msg  string
	}{
		{[]string{"evalq", "add", "F1", "Wirkt die Joboffensive?"}, true, "added evaluation question F1"},
		{[]string{"evalq", "add", "F1", "doppelt"}, false, "used twice"},
		{[]string{"evalq", "add", "F 2", "Leerzeichen"}, false, "without spaces"},
		{[]string{"evalq", "link", "F1", "Vertrauen"}, false, "Vertrauen"},
		{[]string{"evalq", "link", "F9", "theme:EJO/1"}, false, ""},
		{[]string{"evalq", "report", "F1"}, true, "(Noch keine Codes verknüpft.)"},
	} {
		code, out, stderr := run(t, "", append([]string{"-p", fresh}, tc.args...)...)
		if (code == 0) != tc.ok || !strings.Contains(out+stderr, tc.msg) {
			t.Errorf("%v: exit %d, %s%s", tc.args, code, out, stderr)
		}
	}
}

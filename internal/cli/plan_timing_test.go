package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanShow_GroupsWindowsTiming(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, stderr := run(t, "", "sample", dir); code != 0 {
		t.Fatalf("sample: %s", stderr)
	}
	p := func(args ...string) string {
		t.Helper()
		code, out, stderr := run(t, "", append([]string{"-p", dir, "--user", "mara"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	out := squeeze(p("plan", "show"))
	for _, want := range []string{
		"operative     1  JC-04   IFK-Projektteam (Bestandskraft)        2         0          1",
		"intensive     1  JC-04              IFK (Neueinstellung)        1         0          1", // one IFK, two customers
		"intensive  wave 2  2014-07-01 – 2015-06-30  at least 5 months after wave 1",
		"every interview lies in its wave's window",
		"intensive     2  JC-02                                KU        4         0          0         0      0        0        1        4", // refused 0, dropped 1
		"attrition (2)",
		"intensive  JC-09  KU-09-01  KU    2          unreachable  2014-11-18  drei Anschreiben",
	} {
		if !strings.Contains(out, squeeze(want)) {
			t.Errorf("plan show lacks %q:\n%s", want, out)
		}
	}
	p("plan", "window", "--level", "intensive", "--wave", "2", "--from", "2014-07-01", "--to", "2015-06-30", "--min-gap-months", "6")
	p("plan", "window", "--level", "strategic", "--wave", "1", "--from", "2014-01-16", "--to", "2014-06-30")
	out = squeeze(p("plan", "show"))
	if n := strings.Count(out, "IFK IFK-04-02 2014-11-25"); n != 1 {
		t.Errorf("the IFK interviewed about two customers is reported %d times, want once", n)
	}
	for _, want := range []string{
		"outside  strategic  1     RD-1   GF              RD1-GF-01    2014-01-14  window 2014-01-16 – 2014-06-30",
		"gap      intensive  2     JC-04  KU              KU-04-02     2014-11-27  5.5 months after wave 1 (2014-06-12); at least 6 planned",
	} {
		if !strings.Contains(out, squeeze(want)) {
			t.Errorf("plan show lacks %q:\n%s", want, out)
		}
	}
	if code, _, stderr := run(t, "", "-p", dir, "--user", "mara", "plan", "window", "--level", "intensive", "--wave", "1", "--from", "2014-07-01", "--to", "2014-01-01"); code == 0 || !strings.Contains(stderr, "from not after to") {
		t.Errorf("a window ending before it starts: exit %d, %s", code, stderr)
	}
	out = p("attrition", "list")
	if !strings.Contains(out, "KU-02-01") || !strings.Contains(out, "found_work") {
		t.Errorf("attrition list:\n%s", out)
	}
	if code, _, stderr := run(t, "", "-p", dir, "--user", "mara", "attrition", "add", "KU-04-02", "--from-wave", "2", "--kind", "refused", "--reason", "will nicht mehr"); code == 0 || !strings.Contains(stderr, "was interviewed in wave 2") {
		t.Errorf("an exit contradicting an interview: exit %d, %s", code, stderr)
	}
	out = p("attrition", "add", "KU-04-02", "--kind", "refused", "--reason", "lehnt ein drittes Interview ab", "--date", "2015-02-01")
	if !strings.Contains(out, "KU-04-02 (JC-04, intensive KU) leaves the study from wave 3: refused") {
		t.Errorf("attrition add: %s", out)
	}
}

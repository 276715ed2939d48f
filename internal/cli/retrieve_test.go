package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// searchProject is importProject with the IFK protocol fixture and a case
// report that mentions the Arbeitgeberservice twice.
func searchProject(t *testing.T) string {
	t.Helper()
	dir := importProject(t)
	report := filepath.Join(t.TempDir(), "bericht.txt")
	text := "Fallbericht JC-03\n\nDer Arbeitgeberservice ist zentral. Der Arbeitgeberservice berät.\n\nDie Teams arbeiten gut zusammen.\n"
	if err := os.WriteFile(report, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"protocol", "import", "--guideline", "T.1", "--role", "IFK", "--case", "JC-03", "--interviewee", "IFK-a", fixture("protokoll.txt")},
		{"document", "import", "--kind", "report", "--case", "JC-03", "--name", "Fallbericht JC-03", report},
		{"code", "add", "AG-Service"},
	} {
		if code, _, stderr := run(t, "", append([]string{"-p", dir}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	return dir
}

// cliJSON runs a command that prints JSON and decodes it into v.
func cliJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	code, out, stderr := run(t, "", args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

func TestSearch_KWIC(t *testing.T) {
	dir := searchProject(t)
	code, out, stderr := run(t, "", "-p", dir, "search", "--kwic", "--width", "12", "Arbeitgeber")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[2] != "2 line(s)" {
		t.Fatalf("output:\n%s", out)
	}
	// The keywords stand in one column.
	i0, i1 := strings.Index(lines[0], "[Arbeitgeberservice]"), strings.Index(lines[1], "[Arbeitgeberservice]")
	if i0 < 0 || i0 != i1 || !strings.HasPrefix(lines[0], "Fallbericht JC-03  ") {
		t.Errorf("not aligned:\n%s", out)
	}
	var kw []struct {
		Keyword string `json:"keyword"`
		Start   int    `json:"start"`
	}
	cliJSON(t, &kw, "-p", dir, "search", "--kwic", "--json", "--limit", "1", "Arbeitgeber")
	if len(kw) != 1 || kw[0].Keyword != "Arbeitgeberservice" || kw[0].Start != 23 {
		t.Errorf("json %+v", kw)
	}
	if code, _, stderr := run(t, "", "-p", dir, "search", "--kwic", `"offen`); code != ExitError || !strings.Contains(stderr, "quotation mark") {
		t.Errorf("malformed: exit %d %q", code, stderr)
	}
}

func TestWords(t *testing.T) {
	dir := searchProject(t)
	var all []struct {
		Word      string `json:"word"`
		Count     int    `json:"count"`
		Documents int    `json:"documents"`
	}
	cliJSON(t, &all, "-p", dir, "words", "--json", "--limit", "0")
	m := map[string]int{}
	for _, w := range all {
		m[w.Word] = w.Count
	}
	if m["Arbeitgeberservice"] != 2 || m["Teams"] < 1 || m["der"] != 0 || m["Der"] != 0 {
		t.Errorf("words %+v", all)
	}
	cliJSON(t, &all, "-p", dir, "words", "--json", "--limit", "2", "Arbeitgeber")
	if len(all) != 2 || all[0].Word != "Arbeitgeberservice" || all[0].Documents != 1 {
		t.Errorf("result set words %+v", all)
	}
	code, out, _ := run(t, "", "-p", dir, "words", "--limit", "3")
	if code != 0 || !strings.HasPrefix(out, "WORD") || strings.Count(out, "\n") != 4 {
		t.Errorf("table:\n%s", out)
	}
}

func TestAutocodeRetrieve(t *testing.T) {
	dir := searchProject(t)
	p := []string{"-p", dir}
	code, out, stderr := run(t, "", append(p, "autocode", "--code", "AG-Service", "Arbeitgeber")...)
	if code != 0 || !strings.Contains(out, "coded 1 passage(s) with AG-Service") {
		t.Fatalf("autocode: exit %d %q %s", code, out, stderr)
	}
	var segs []struct {
		Text     string `json:"text"`
		DocName  string `json:"doc_name"`
		Case     string `json:"case"`
		CodeName string `json:"code_name"`
		Origin   string `json:"origin"`
		Question string `json:"question"`
		Role     string `json:"role"`
	}
	cliJSON(t, &segs, append(p, "retrieve", "--code", "AG-Service", "--json")...)
	if len(segs) != 1 || segs[0].Text != "Der Arbeitgeberservice ist zentral. Der Arbeitgeberservice berät." ||
		segs[0].Case != "JC-03" || segs[0].Origin != "autocode" {
		t.Fatalf("retrieved %+v", segs)
	}
	code, out, _ = run(t, "", append(p, "autocode", "--code", "AG-Service", "Arbeitgeber")...)
	if code != 0 || !strings.Contains(out, "coded 0 passage(s)") || !strings.Contains(out, "1 already coded") {
		t.Errorf("second autocode: %q", out)
	}
	if code, _, stderr := run(t, "", append(p, "undo")...); code != 0 {
		t.Fatalf("undo: %s", stderr)
	}
	cliJSON(t, &segs, append(p, "retrieve", "--code", "AG-Service", "--json")...)
	if len(segs) != 0 {
		t.Errorf("after undo: %+v", segs)
	}

	// Filters on the template codings of the protocol.
	cliJSON(t, &segs, append(p, "retrieve", "--code", "T.1:2.2a", "--level", "operativ", "--role", "IFK", "--case", "JC-03", "--wave", "1", "--kind", "protocol", "--json")...)
	if len(segs) != 1 || !strings.HasPrefix(segs[0].Text, "Früher habe") || !strings.HasPrefix(segs[0].Question, "2.2a") {
		t.Errorf("filtered %+v", segs)
	}
	cliJSON(t, &segs, append(p, "retrieve", "--kind", "report", "--json")...)
	if len(segs) != 0 {
		t.Errorf("report segments %+v", segs)
	}
	code, out, _ = run(t, "", append(p, "retrieve", "--csv")...)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 4 || rows[0][0] != "document" {
		t.Errorf("csv: exit %d, %v, %q", code, err, rows)
	}
	code, out, _ = run(t, "", append(p, "retrieve", "--code", "T.1:1.3a/1.6,T.1:X.2")...)
	if code != 0 || !strings.HasSuffix(out, "2 segment(s)\n") {
		t.Errorf("two codes:\n%s", out)
	}
}

func TestAutocodeRetrieve_BadInput(t *testing.T) {
	dir := searchProject(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"autocode", "Arbeitgeber"}, ExitUsage, "--code"},
		{[]string{"autocode", "--code", "AG-Service"}, ExitUsage, "query"},
		{[]string{"autocode", "--code", "nope", "Arbeitgeber"}, ExitError, "no code"},
		{[]string{"autocode", "--code", "AG-Service", "(Arbeitgeber"}, ExitError, "parenthes"},
		{[]string{"retrieve", "--level", "oben"}, ExitUsage, "unknown level"},
		{[]string{"retrieve", "--kind", "brief"}, ExitUsage, "unknown document kind"},
		{[]string{"retrieve", "--json", "--csv"}, ExitUsage, "not both"},
		{[]string{"retrieve", "--case", "JC-99"}, ExitError, "JC-99"},
		{[]string{"retrieve", "--coder", "niemand"}, ExitError, "niemand"},
		{[]string{"words", "--limit", "-1"}, ExitUsage, "negative"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, "", append([]string{"-p", dir}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d with %q", code, stderr, tc.code, tc.msg)
			}
		})
	}
	var segs []any
	cliJSON(t, &segs, "-p", dir, "retrieve", "--code", "AG-Service", "--json")
	if len(segs) != 0 {
		t.Errorf("refused commands coded %d segments", len(segs))
	}
}

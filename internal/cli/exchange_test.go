package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runOK runs the CLI and fails on a non-zero exit.
func runOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, stderr := run(t, "", args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	return out
}

// exchangeProject is importProject with one protocol (template codings).
func exchangeProject(t *testing.T) (dir, doc string) {
	t.Helper()
	dir = importProject(t)
	runOK(t, "-p", dir, "protocol", "import", "--guideline", "T.1", "--role", "IFK", "--case", "JC-03",
		"--interviewee", "IFK-a", fixture("protokoll.txt"))
	var segs []struct {
		Document string `json:"document"`
	}
	_ = json.Unmarshal([]byte(runOK(t, "-p", dir, "coding", "list", "--json")), &segs)
	if len(segs) == 0 {
		t.Fatal("no codings")
	}
	return dir, segs[0].Document
}

func zipEntry(t *testing.T, file, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	t.Fatalf("%s has no %s", file, name)
	return nil
}

func TestExchange_ExportImportRoundTrip(t *testing.T) {
	dir, _ := exchangeProject(t)
	tmp := t.TempDir()
	first := filepath.Join(tmp, "p.qdpx")
	if out := runOK(t, "-p", dir, "export", "qdpx", first); !strings.Contains(out, "1 document(s)") {
		t.Errorf("export says %q", out)
	}
	qde := zipEntry(t, first, "project.qde")
	if bin, err := exec.LookPath("xmllint"); err == nil {
		f := filepath.Join(tmp, "project.qde")
		_ = os.WriteFile(f, qde, 0o644)
		xsd := filepath.Join("..", "..", "..", "shared", "refi-qda", "Project-mrt2019.xsd")
		if _, err := os.Stat(xsd); err == nil {
			if out, err := exec.Command(bin, "--noout", "--schema", xsd, f).CombinedOutput(); err != nil {
				t.Errorf("xmllint: %v\n%s", err, out)
			}
		}
	}
	other := filepath.Join(tmp, "new")
	out := runOK(t, "-p", other, "import", "qdpx", first, "--new")
	if !strings.Contains(out, "conflicts: 0") || !strings.Contains(out, "added:") {
		t.Errorf("import report %q", out)
	}
	second := filepath.Join(tmp, "again.qdpx")
	runOK(t, "-p", other, "export", "qdpx", second)
	tag := regexp.MustCompile(`<Project [^>]*>`)
	if a, b := tag.ReplaceAll(qde, nil), tag.ReplaceAll(zipEntry(t, second, "project.qde"), nil); !bytes.Equal(a, b) {
		t.Errorf("project.qde differs after export → import → export")
	}
	// Into an existing project: nothing new, no conflict.
	var rep struct {
		Added     map[string]int `json:"added"`
		Conflicts []any          `json:"conflicts"`
	}
	if err := json.Unmarshal([]byte(runOK(t, "-p", other, "import", "qdpx", first, "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 0 || len(rep.Conflicts) != 0 {
		t.Errorf("second import %+v", rep)
	}
	if code, _, stderr := run(t, "", "-p", other, "import", "qdpx", first, "--new"); code != ExitError || !strings.Contains(stderr, "project already") {
		t.Errorf("--new on a project: exit %d %s", code, stderr)
	}
}

func TestExchange_TableExports(t *testing.T) {
	dir, _ := exchangeProject(t)
	tmp := t.TempDir()
	for _, args := range [][]string{
		{"export", "csv", filepath.Join(tmp, "seg.csv")},
		{"export", "csv", filepath.Join(tmp, "cb.csv"), "--what", "codebook", "--bom"},
		{"export", "md", filepath.Join(tmp, "cb.md"), "--what", "codebook"},
		{"export", "md", filepath.Join(tmp, "m.md"), "--what", "matrix"},
		{"export", "xlsx", filepath.Join(tmp, "all.xlsx"), "--what", "all"},
		{"export", "qdc", filepath.Join(tmp, "cb.qdc")},
	} {
		runOK(t, append([]string{"-p", dir}, args...)...)
	}
	seg, _ := os.ReadFile(filepath.Join(tmp, "seg.csv"))
	if !strings.HasPrefix(string(seg), "document,kind,case,") || !strings.Contains(string(seg), "Früher habe jede*r") {
		t.Errorf("segments csv %q", seg)
	}
	cb, _ := os.ReadFile(filepath.Join(tmp, "cb.csv"))
	if !strings.HasPrefix(string(cb), "\uFEFFcode,level,path") || !strings.Contains(string(cb), "2.2a") {
		t.Errorf("codebook csv %q", cb)
	}
	md, _ := os.ReadFile(filepath.Join(tmp, "cb.md"))
	if !strings.HasPrefix(string(md), "# Codebuch:") || !strings.Contains(string(md), "- **") {
		t.Errorf("codebook md %q", md)
	}
	out := runOK(t, "-p", dir, "export", "csv", "-", "--what", "matrix", "--rows", "themes")
	if !strings.HasPrefix(out, "segments,JC-03") {
		t.Errorf("matrix csv %q", out)
	}
	for _, bad := range [][]string{
		{"export", "csv", "x.csv", "--what", "all"},
		{"export", "csv", "x.csv", "--what", "everything"},
		{"export", "xlsx", "-"},
		{"export", "qdpx", "x.qdpx", "--dialect", "word"},
		{"export", "qdpx"},
	} {
		if code, _, _ := run(t, "", append([]string{"-p", dir}, bad...)...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, ExitUsage)
		}
	}
	if _, err := os.Stat("x.csv"); err == nil {
		t.Error("a refused export wrote a file")
	}
}

func TestExchange_ImportBadInputLeavesProjectAlone(t *testing.T) {
	dir, _ := exchangeProject(t)
	before := runOK(t, "-p", dir, "info", "--json")
	tmp := t.TempDir()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("project.qde")
	_, _ = w.Write([]byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="P"><Sources><TextSource guid="99cc00dd-11ee-4cff-8daa-44bb55cc66dd" name="S" plainTextPath="internal://../../evil.txt"/></Sources></Project>`))
	w, _ = zw.Create("../../evil.txt")
	_, _ = w.Write([]byte("x"))
	_ = zw.Close()
	bad := filepath.Join(tmp, "bad.qdpx")
	_ = os.WriteFile(bad, buf.Bytes(), 0o644)
	code, _, stderr := run(t, "", "-p", dir, "import", "qdpx", bad)
	if code != ExitError || !strings.Contains(stderr, "unsafe") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if after := runOK(t, "-p", dir, "info", "--json"); after != before {
		t.Errorf("the project changed:\n%s\n%s", before, after)
	}
	if _, err := os.Stat(filepath.Join(tmp, "..", "evil.txt")); err == nil {
		t.Error("a file was written outside")
	}
	if code, _, _ := run(t, "", "-p", dir, "import", "qdpx", filepath.Join(tmp, "missing.qdpx")); code != ExitError {
		t.Errorf("missing file: exit %d", code)
	}
}

func TestExchange_ImportATLASSample(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "shared", "refi-qda", "samples", "target-atlas-project.qdpx")
	if _, err := os.Stat(sample); err != nil {
		t.Skip("shared/refi-qda samples not found beside the repository")
	}
	dir := filepath.Join(t.TempDir(), "atlas")
	// A new project from a file: its members come along, and one of them
	// acts; $USER "tester" is none of them.
	if code, _, stderr := run(t, "", "-p", dir, "import", "qdpx", sample, "--new"); code != ExitError ||
		!strings.Contains(stderr, "Enric Llagostera") || !strings.Contains(stderr, "init DIR --member") {
		t.Errorf("import as a user the file does not know: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the refused import left %s behind: %v", dir, err)
	}
	out := runOK(t, "-p", dir, "--user", "Enric Llagostera", "import", "qdpx", sample, "--new")
	if !strings.Contains(out, "positions read as atlas") || !strings.Contains(out, "3 code") {
		t.Errorf("report %q", out)
	}
	if list := runOK(t, "-p", dir, "codes", "list"); !strings.Contains(list, "Commits") {
		t.Errorf("codes %q", list)
	}
}

func TestExchange_Merge(t *testing.T) {
	dir, doc := exchangeProject(t)
	copyDir := filepath.Join(t.TempDir(), "copy")
	_ = os.MkdirAll(copyDir, 0o755)
	data, err := os.ReadFile(filepath.Join(dir, "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(copyDir, "project.db"), data, 0o600)
	runOK(t, "-p", dir, "member", "add", "anna", "--roles", "coder")
	runOK(t, "-p", copyDir, "member", "add", "ben", "--roles", "coder")
	runOK(t, "-p", dir, "--user", "anna", "coding", "add", "--doc", doc, "--start", "0", "--end", "5", "--code", "T.1:2.2a")
	runOK(t, "-p", copyDir, "--user", "ben", "coding", "add", "--doc", doc, "--start", "0", "--end", "5", "--code", "T.1:2.2a")
	var rep struct {
		Added     map[string]int `json:"added"`
		Conflicts []any          `json:"conflicts"`
		Backup    string         `json:"backup"`
	}
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "merge", copyDir, "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Added["coding"] != 1 || rep.Added["user"] != 1 || len(rep.Conflicts) != 0 || rep.Backup == "" {
		t.Errorf("merge report %+v", rep)
	}
	var segs []struct {
		CoderName string `json:"coder"`
		Start     int    `json:"start"`
	}
	_ = json.Unmarshal([]byte(runOK(t, "-p", dir, "coding", "list", "--json")), &segs)
	coders := map[string]bool{}
	for _, s := range segs {
		if s.Start == 0 {
			coders[s.CoderName] = true
		}
	}
	if !coders["anna"] || !coders["ben"] {
		t.Errorf("coders of the passage: %v", coders)
	}
	if code, _, stderr := run(t, "", "-p", dir, "merge", dir); code != ExitUsage {
		t.Errorf("merge into itself: exit %d %s", code, stderr)
	}
	runOK(t, "-p", dir, "undo")
	if after := runOK(t, "-p", dir, "coding", "list", "--json"); strings.Contains(after, `"coder": "ben"`) {
		t.Error("undo did not take the merge back")
	}
}

func TestExchange_CSVEscapesFormulas(t *testing.T) {
	dir := newProject(t)
	const evil = `=cmd|' /C calc'!A0`
	runOK(t, "-p", dir, "code", "add", evil)
	runOK(t, "-p", dir, "code", "add", "--", "-minus")
	out := runOK(t, "-p", dir, "export", "csv", "-", "--what", "codebook")
	if !strings.Contains(out, `'=cmd|' /C calc'!A0`) || !strings.Contains(out, `'-minus`) {
		t.Errorf("codebook CSV not escaped:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		for _, cell := range strings.Split(line, ",") {
			cell = strings.TrimPrefix(cell, `"`)
			if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "@") {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
}

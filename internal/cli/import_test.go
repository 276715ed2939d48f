package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testGuide has the question ids the textfile fixtures use.
const testGuide = `---
key: T.1
title: Testleitfaden Projektteam
level: operative
wave: 1
role IFK: Integrationsfachkraft
---

## 1. Ziele

### 1.3a/1.6 Was sind aus Ihrer Sicht die Ziele der EJO? {IFK}

## 2. Zusammenarbeit

### 2.2a Inwiefern hat sich die Arbeit im Team verändert? {IFK}

## X. Abschluss

### X.2 Möchten Sie noch etwas ergänzen? {IFK}
`

// importProject is a project with the test guideline and site JC-03.
func importProject(t *testing.T) string {
	t.Helper()
	dir := newProject(t)
	guide := filepath.Join(t.TempDir(), "t1.guide.md")
	if err := os.WriteFile(guide, []byte(testGuide), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"guideline", "import", guide}, {"case", "add", "JC-03"}} {
		if code, _, stderr := run(t, "", append([]string{"-p", dir}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	return dir
}

func fixture(name string) string {
	return filepath.Join("..", "importer", "textfile", "testdata", name)
}

func TestProtocolImport_Formats(t *testing.T) {
	dir := importProject(t)
	files := []string{"protokoll.txt", "protokoll-bom.txt", "protokoll-crlf.txt", "protokoll-cp1252.txt",
		"protokoll-utf16le.txt", "protokoll-utf16be.txt", "protokoll-utf16le-nobom.txt",
		"protokoll.docx", "protokoll.odt", "protokoll.rtf", "protokoll.pdf"}
	for i, name := range files {
		t.Run(name, func(t *testing.T) {
			who := "IFK-" + string(rune('a'+i))
			code, out, stderr := run(t, "", "-p", dir, "protocol", "import", "--guideline", "T.1", "--role", "IFK",
				"--case", "JC-03", "--interviewee", who, fixture(name))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(out, "3 answers coded") {
				t.Errorf("import says %q, want 3 answers coded", out)
			}
			code, out, stderr = run(t, "", "-p", dir, "coding", "list", "--json")
			if code != 0 {
				t.Fatal(stderr)
			}
			var segs []struct {
				CodeName string `json:"code_name"`
				Text     string `json:"text"`
			}
			if err := json.Unmarshal([]byte(out), &segs); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range segs {
				if strings.HasPrefix(s.CodeName, "2.2a") && strings.HasPrefix(s.Text, "Früher habe jede*r für sich gearbeitet") &&
					strings.Contains(s.Text, "Schritt") && !strings.Contains(s.Text, "X.2") {
					found = true
				}
			}
			if !found {
				t.Errorf("no coding of 2.2a covers exactly its answer: %+v", segs)
			}
		})
	}
}

func TestProtocolImport_BadInput(t *testing.T) {
	dir := importProject(t)
	_, before, _ := run(t, "", "-p", dir, "info", "--json")
	tests := []struct{ file, reason string }{
		{"empty.txt", "empty"},
		{"invalid-utf8.txt", "UTF-8"},
		{"truncated.docx", "truncated.docx"},
		{"not-a-zip.docx", "not-a-zip.docx"},
		{"bomb.docx", "bomb.docx"},
		{"zipslip.docx", "zipslip.docx"},
		{"corrupt.odt", "corrupt.odt"},
		{"truncated.pdf", "truncated.pdf"},
		{"scan.pdf", "text"},
	}
	// A binary file and a 100 MB file, made here.
	tmp := t.TempDir()
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(i * 7 % 256)
	}
	huge := filepath.Join(tmp, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.WriteFile(filepath.Join(tmp, "binary.txt"), bin, 0o644); err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct{ file, reason string }{filepath.Join(tmp, "binary.txt"), "binary"},
		struct{ file, reason string }{huge, "larger than the limit"})
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			path := tt.file
			if !filepath.IsAbs(path) {
				path = fixture(path)
			}
			code, _, stderr := run(t, "", "-p", dir, "protocol", "import", "--guideline", "T.1", "--role", "IFK",
				"--case", "JC-03", "--interviewee", "IFK-x", path)
			if code == 0 {
				t.Fatalf("importing %s succeeded", tt.file)
			}
			if !strings.Contains(stderr, filepath.Base(tt.file)) || !strings.Contains(stderr, tt.reason) {
				t.Errorf("message %q should name the file and the reason (%q)", stderr, tt.reason)
			}
		})
	}
	if _, after, _ := run(t, "", "-p", dir, "info", "--json"); after != before {
		t.Errorf("failed imports changed the project:\nbefore %s\nafter  %s", before, after)
	}
}

func TestProtocolExport_Office(t *testing.T) {
	dir := importProject(t)
	if code, _, stderr := run(t, "", "-p", dir, "protocol", "import", "--guideline", "T.1", "--role", "IFK",
		"--case", "JC-03", "--interviewee", "IFK-o", fixture("protokoll.txt")); code != 0 {
		t.Fatal(stderr)
	}
	for _, format := range []string{"docx", "odt", "html"} {
		code, out, stderr := run(t, "", "-p", dir, "protocol", "export", "IFK-o", "--format", format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		switch format {
		case "html":
			if !strings.Contains(out, "2.2a Inwiefern hat sich die Arbeit im Team verändert?") || !strings.Contains(out, "Früher habe jede*r") {
				t.Errorf("html lacks the question heading or the answer:\n%s", out)
			}
		default:
			if !strings.HasPrefix(out, "PK") {
				t.Errorf("%s export is not a zip archive", format)
			}
		}
	}
}

// TestProtocolImport_Several: files given together are imported in one
// command, all or none.
func TestProtocolImport_Several(t *testing.T) {
	dir := importProject(t)
	_, before, _ := run(t, "", "-p", dir, "info", "--json")
	args := []string{"-p", dir, "protocol", "import", "--guideline", "T.1", "--role", "IFK", "--case", "JC-03", "--interviewee", "IFK-m"}
	code, _, stderr := run(t, "", append(args, fixture("protokoll.txt"), fixture("truncated.docx"))...)
	if code == 0 || !strings.Contains(stderr, "truncated.docx") {
		t.Fatalf("import with a bad file: exit %d, %q; want a failure naming truncated.docx", code, stderr)
	}
	if _, after, _ := run(t, "", "-p", dir, "info", "--json"); after != before {
		t.Errorf("a failed import of several files changed the project:\nbefore %s\nafter  %s", before, after)
	}
	code, out, stderr := run(t, "", append(args, fixture("protokoll.txt"), fixture("protokoll.txt"))...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "answers coded") {
		t.Errorf("output %q, want one line per file", out)
	}
}

// TestProtocolImport_Warnings checks that an import says what it could not
// keep or find, on standard error, and still imports.
func TestProtocolImport_Warnings(t *testing.T) {
	dir := importProject(t)
	tests := []struct {
		name string
		args []string
		want string // on stderr; "" for no warning
	}{
		{"structured protocol", []string{"protocol", "import", "--guideline", "T.1", "--role", "IFK", "--case", "JC-03", "--interviewee", "IFK-w1", fixture("protokoll.txt")}, ""},
		{"no question headings", []string{"protocol", "import", "--guideline", "T.1", "--role", "IFK", "--case", "JC-03", "--interviewee", "IFK-w2", fixture("notes.docx")}, "no answer found"},
		{"unreadable glyphs", []string{"document", "import", fixture("ligatures.pdf")}, "could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", append([]string{"-p", dir}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if tt.want == "" && strings.Contains(stderr, "warning") {
				t.Errorf("unexpected warning: %s", stderr)
			}
			if tt.want != "" && (!strings.Contains(stderr, "warning: ") || !strings.Contains(stderr, tt.want)) {
				t.Errorf("stderr %q, want a warning with %q", stderr, tt.want)
			}
		})
	}
	// The notes of notes.docx are a section of their own.
	code, out, stderr := run(t, "", "-p", dir, "protocol", "export", "IFK-w2", "--yes") // the notes name someone
	if code != 0 || !strings.Contains(out, "Anmerkungen") {
		t.Errorf("protocol export: %d %s %s", code, out, stderr)
	}
}

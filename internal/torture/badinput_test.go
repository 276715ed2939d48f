//go:build unix

package torture

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// importer is an import command of the CLI and the file extension it is
// given for the text-like cases.
type importer struct {
	name string
	args []string // FILE is appended
	ext  string
}

var importers = []importer{
	{"document import", []string{"document", "import"}, ".txt"},
	{"protocol import", []string{"protocol", "import", "--guideline", "A.2.1", "--role", "IFK-Projektteam",
		"--case", "JC-02", "--interviewee", "BAD-1"}, ".md"},
	{"guideline import", []string{"guideline", "import"}, ".guide.md"},
	{"plan import", []string{"plan", "import"}, ".csv"},
}

// badCase is one kind of bad input: it writes the file (for an importer
// whose text extension is ext) and names the words of which one must be in
// the error.
type badCase struct {
	name  string
	write func(t *testing.T, dir, ext string) string
	why   []string
}

var badCases = []badCase{
	{"empty", func(t *testing.T, dir, ext string) string { return writeFile(t, dir, "leer"+ext, nil) },
		[]string{"empty"}},
	{"binary", func(t *testing.T, dir, ext string) string {
		b := make([]byte, 4096)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return writeFile(t, dir, "binaer"+ext, b)
	}, []string{"binary", "not a"}},
	{"invalid UTF-8", func(t *testing.T, dir, ext string) string {
		return writeFile(t, dir, "kaputt"+ext, []byte("level,case,wave\nGröße \xc3\xa4 und \xff\xfe\xfd kaputt\n"))
	}, []string{"UTF-8"}},
	{"truncated docx", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "halb.docx", truncated(t, "internal/importer/textfile/testdata/protokoll.docx"))
	}, []string{"truncated", "damaged", "binary"}},
	{"truncated odt", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "halb.odt", truncated(t, "internal/importer/textfile/testdata/protokoll.odt"))
	}, []string{"truncated", "damaged", "binary"}},
	{"zip bomb docx", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "bombe.docx", zipBomb(t))
	}, []string{"limit", "binary"}},
	{"deeply nested docx", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "tief.docx", docxOf(t, "word/document.xml", nestedXML(5000)))
	}, []string{"nested", "binary"}},
	{"path traversal in docx", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "weg.docx", docxOf(t, "../../../../tmp/protocoder-evil.txt", "böse",
			"word/document.xml", nestedXML(1)))
	}, []string{"unsafe", "binary"}},
	{"pdf without text layer", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "scan.pdf", fileBytes(t, "internal/importer/textfile/testdata/scan.pdf"))
	}, []string{"no text layer", "binary"}},
	{"encrypted pdf", func(t *testing.T, dir, _ string) string {
		return writeFile(t, dir, "geheim.pdf", fileBytes(t, "internal/importer/textfile/testdata/encrypted.pdf"))
	}, []string{"encrypted", "binary"}},
	{"100 MB text", func(t *testing.T, dir, ext string) string { return hugeText(t, dir, "riesig"+ext, 100<<20) },
		[]string{"larger than the limit"}},
}

// TestBadInput_Matrix feeds every import command every kind of bad file:
// each must fail with exit code 1 and a message naming the file and the
// reason, without a panic, leaving the project unchanged (info --json,
// which counts the commands, is the same) and still verifying.
func TestBadInput_Matrix(t *testing.T) {
	dir := sampleProject(t)
	before := run(t, dir, "info", "--json")
	if before.code != 0 {
		t.Fatal(before)
	}
	for _, bc := range badCases {
		for _, im := range importers {
			t.Run(bc.name+"/"+im.name, func(t *testing.T) {
				path := bc.write(t, t.TempDir(), im.ext)
				r := run(t, dir, append(im.args, path)...)
				msg := strings.TrimSpace(r.stderr)
				if r.code != 1 {
					t.Errorf("exit %d, want 1:\n%s", r.code, r)
				}
				if !strings.Contains(msg, filepath.Base(path)) {
					t.Errorf("message does not name the file %s: %q", filepath.Base(path), msg)
				}
				if !containsAny(msg, bc.why) {
					t.Errorf("message %q gives none of the reasons %q", msg, bc.why)
				}
				if strings.Count(msg, "\n") > 1 {
					t.Errorf("message is not short: %q", msg)
				}
				if bc.name == "100 MB text" {
					t.Logf("peak memory %d MiB", r.maxRSS>>20)
				}
				if bc.name == "100 MB text" && r.maxRSS > 80<<20 {
					t.Errorf("refusing a 100 MB file took %d MiB of memory", r.maxRSS>>20)
				}
				if after := run(t, dir, "info", "--json"); after.stdout != before.stdout {
					t.Errorf("project changed:\nbefore %s\nafter %s", before.stdout, after.stdout)
				}
			})
		}
	}
	if _, err := os.Stat("/tmp/protocoder-evil.txt"); err == nil {
		t.Error("a docx entry was written outside: /tmp/protocoder-evil.txt")
	}
	if r := run(t, dir, "verify"); r.code != 0 {
		t.Errorf("verify after the bad input:\n%s", r)
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileBytes returns the contents of a repository file.
func fileBytes(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(repoFile(rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// truncated returns the first half of a repository file.
func truncated(t *testing.T, rel string) []byte {
	t.Helper()
	b := fileBytes(t, rel)
	return b[:len(b)/2]
}

// docxOf builds a zip with a docx's content types, its relationships and
// the given name/content pairs.
func docxOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	all := append([]string{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels", `<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document.xml"/></Relationships>`},
		entries...)
	for i := 0; i+1 < len(all); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: all[i], Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(all[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// nestedXML is a Word body with n paragraphs nested in each other (ids
// keep it from compressing like a bomb).
func nestedXML(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for i := range n {
		fmt.Fprintf(&b, `<w:p w:rsidR="%08x">`, uint32(i)*2654435761)
	}
	b.WriteString(`<w:r><w:t>Tief</w:t></w:r>`)
	b.WriteString(strings.Repeat("</w:p>", n))
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// zipBomb is a docx whose document.xml unpacks to 64 MiB of spaces (the
// import limit is 50 MiB) from about 64 KiB.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	head := `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	return docxOf(t, "word/document.xml", head+strings.Repeat(" ", 64<<20)+`</w:body></w:document>`)
}

// hugeText writes a text file of size bytes of German sentences, streamed.
func hugeText(t *testing.T, dir, name string, size int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	line := "level,case,wave,role,planned\nDer Arbeitgeberservice berät Betriebe in allen Fragen der Größe.\n\n"
	for n := 0; n < size; n += len(line) {
		_, _ = w.WriteString(line)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

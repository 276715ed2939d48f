package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// codingRows returns the codings of a project as "guid doc start end code"
// lines, sorted.
func codingRows(t *testing.T, dir string) []string {
	t.Helper()
	var segs []struct {
		GUID     string `json:"guid"`
		Document string `json:"document"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Code     string `json:"code"`
		CodeName string `json:"code_name"`
	}
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "coding", "list", "--json")), &segs); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = strings.Join([]string{s.GUID, s.Document, itoa(s.Start), itoa(s.End), s.Code, s.CodeName}, " ")
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestExchange_SampleDialectsRoundTrip exports the sample project in the
// default, qualcoder and atlas dialects and imports each back into a new
// project, with and without --dialect: the codings (GUID, document, range,
// code and its name) are identical; the files have no byte order mark,
// unique code names and dated notes.
func TestExchange_SampleDialectsRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the sample project six times")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "sample")
	runOK(t, "sample", src)
	want := codingRows(t, src)
	if len(want) < 100 {
		t.Fatalf("the sample has %d codings", len(want))
	}
	names := regexp.MustCompile(`<Code guid="[^"]*" name="([^"]*)"`)
	for _, d := range []string{"", "qualcoder", "atlas"} {
		file := filepath.Join(tmp, "x-"+d+".qdpx")
		// An export is audited (who: a member) and the sample's planted
		// slips need confirming.
		args := []string{"-p", src, "--user", "mara", "export", "qdpx", file, "--yes"}
		if d != "" {
			args = append(args, "--dialect", d)
		}
		if out := runOK(t, args...); !strings.Contains(out, "made unique") {
			t.Errorf("export says %q", out)
		}
		qde := zipEntry(t, file, "project.qde")
		seen := map[string]bool{}
		for _, m := range names.FindAllSubmatch(qde, -1) {
			if k := strings.ToLower(string(m[1])); seen[k] {
				t.Errorf("%s: code name %q twice", d, m[1])
			} else {
				seen[k] = true
			}
		}
		if n, dated := bytes.Count(qde, []byte("<Note ")), len(regexp.MustCompile(`<Note [^>]*creationDateTime="[^"]+"[^>]*modifiedDateTime="[^"]+"`).FindAll(qde, -1)); n != dated {
			t.Errorf("%s: %d notes, %d dated", d, n, dated)
		}
		for _, m := range regexp.MustCompile(`plainTextPath="internal://([^"]+)"`).FindAllSubmatch(qde, -1) {
			if bytes.HasPrefix(zipEntry(t, file, "sources/"+string(m[1])), []byte("\uFEFF")) {
				t.Errorf("%s: source %s starts with a byte order mark", d, m[1])
			}
		}
		for _, flag := range []bool{false, true} {
			if flag && d == "" {
				continue
			}
			dst := filepath.Join(tmp, "re-"+d+map[bool]string{true: "-flag"}[flag])
			args := []string{"-p", dst, "--user", "jonas", "import", "qdpx", file, "--new"}
			if flag {
				args = append(args, "--dialect", d)
			}
			runOK(t, args...)
			got := codingRows(t, dst)
			same := 0
			gotSet := map[string]bool{}
			for _, g := range got {
				gotSet[g] = true
			}
			for _, w := range want {
				if gotSet[w] {
					same++
				}
			}
			if same != len(want) || len(got) != len(want) {
				t.Errorf("dialect %q, --dialect given %v: %d of %d codings identical (%d read)", d, flag, same, len(want), len(got))
			}
		}
	}
}

func TestExchange_ImportCodebook04AndBareQDE(t *testing.T) {
	dir := newProject(t)
	tmp := t.TempDir()
	qdc := filepath.Join(tmp, "atlas.qdc")
	writeFile(t, qdc, `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="ATLAS.ti Win 23.4.0">
  <Codes>
    <Code guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A51" name="Beratung" color="#46AA00" isCodable="true">
      <Code guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A52" name="Häufigkeit" isCodable="true" />
    </Code>
    <Code guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A53" name="Vermittlung" isCodable="true" />
  </Codes>
</CodeBook>`)
	if out := runOK(t, "-p", dir, "import", "qdc", qdc); !strings.Contains(out, "added:    3 code") {
		t.Errorf("import qdc says %q", out)
	}
	if out := runOK(t, "-p", dir, "codes", "list"); !strings.Contains(out, "Häufigkeit") {
		t.Errorf("codes list %q", out)
	}
	bare := filepath.Join(tmp, "bare")
	writeFile(t, filepath.Join(bare, "Trial.qde"), `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Trial" origin="ATLAS.ti Mac 26.0.0">
  <CodeBook><Codes><Code guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A61" name="Ort" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A62" plainTextPath="internal://7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A62.txt">
      <PlainTextSelection guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A63" startPosition="8" endPosition="14">
        <Coding guid="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A64"><CodeRef targetGUID="7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A61"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`)
	writeFile(t, filepath.Join(bare, "sources", "7A0E3C0A-1D2E-4F60-8A71-0C9D8E7F6A62.txt"), "Zeile 1\r\nStraße\r\n")
	if out := runOK(t, "-p", dir, "import", "qdpx", filepath.Join(bare, "Trial.qde")); !strings.Contains(out, "1 coding") {
		t.Errorf("import of a bare .qde says %q", out)
	}
	if out := runOK(t, "-p", dir, "coding", "list"); !strings.Contains(out, "Straße") {
		t.Errorf("coding list %q", out)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDocuments_ImportOfficeInterop imports documents other programs wrote:
// a PDF that draws "fi" as a ligature is found by search, the notes of a
// docx are in its text, a password-protected docx and an image-only PDF get
// a message that says so.
func TestDocuments_ImportOfficeInterop(t *testing.T) {
	dir := newProject(t)
	lig := filepath.Join("..", "importer", "textfile", "testdata", "ligatures.pdf")
	notes := filepath.Join("..", "importer", "textfile", "testdata", "notes.docx")
	runOK(t, "-p", dir, "document", "import", lig, notes)
	var res struct {
		Total int `json:"total"`
	}
	for q, want := range map[string]int{"Definition": 1, "Arbeitsmarktpolitik": 1, "Statistik": 1, "Mara": 1} {
		if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "search", "--json", q)), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total < want {
			t.Errorf("search %s: %d hits", q, res.Total)
		}
	}
	samples := filepath.Join("..", "..", "..", "shared", "interop-samples", "office")
	if _, err := os.Stat(samples); err != nil {
		t.Skip("shared/interop-samples not found beside the repository")
	}
	runOK(t, "-p", dir, "document", "import", filepath.Join(samples, "pypdf_multicolumn.pdf"), filepath.Join(samples, "pandoc_docx_notes.docx"))
	for _, q := range []string{"filled", "endnote"} {
		if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "search", "--json", q)), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Errorf("search %s: no hits", q)
		}
	}
	for file, want := range map[string]string{
		"msoffcrypto_example_password.docx": "is protected by a password",
		"pypdf_imagemagick-images.pdf":      "has no text layer — run OCR first",
	} {
		code, _, stderr := run(t, "", "-p", dir, "document", "import", filepath.Join(samples, file))
		if code == 0 || !strings.Contains(stderr, file+": "+want) {
			t.Errorf("%s: exit %d, %s", file, code, stderr)
		}
	}
}

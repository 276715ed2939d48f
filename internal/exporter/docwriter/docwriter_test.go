package docwriter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/importer/textfile"
)

const report = `# Fallbericht JC-11 – Strategische Ebene

Erzeugt aus den Zusammenfassungen.

## 4. Leistungen aus einer Hand

### 4.1 Wie arbeiten <Leistung> & „Vermittlung“ zusammen?

Größe der Teams: 3   Personen;	Tab.
Zweite Zeile 🙂.

> „Die Post wird taggleich gesichtet.“ (GF-11-01)
`

func TestParse(t *testing.T) {
	d := Parse(report)
	if d.Title != "Fallbericht JC-11 – Strategische Ebene" || len(d.Blocks) != 6 {
		t.Fatalf("doc %+v", d)
	}
	want := []Block{
		{Heading, 1, "Fallbericht JC-11 – Strategische Ebene"},
		{Paragraph, 0, "Erzeugt aus den Zusammenfassungen."},
		{Heading, 2, "4. Leistungen aus einer Hand"},
		{Heading, 3, "4.1 Wie arbeiten <Leistung> & „Vermittlung“ zusammen?"},
		{Paragraph, 0, "Größe der Teams: 3   Personen;\tTab.\nZweite Zeile 🙂."},
		{Quote, 0, "„Die Post wird taggleich gesichtet.“ (GF-11-01)"},
	}
	for i, b := range want {
		if d.Blocks[i] != b {
			t.Errorf("block %d = %+v, want %+v", i, d.Blocks[i], b)
		}
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if got := Parse(md.String()); len(got.Blocks) != len(d.Blocks) || got.Blocks[5] != d.Blocks[5] {
		t.Errorf("markdown round trip: %+v", got.Blocks)
	}
}

func TestWriteHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, Parse(report)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`<html lang="de-DE">`, "<title>Fallbericht JC-11 – Strategische Ebene</title>",
		"<h3>4.1 Wie arbeiten &lt;Leistung&gt; &amp; „Vermittlung“ zusammen?</h3>",
		"<p>Größe der Teams: 3   Personen;\tTab.<br>\nZweite Zeile 🙂.</p>", "<blockquote><p>„Die Post"} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q:\n%s", want, out)
		}
	}
}

// The office files are read back with protocoder's own importer: same
// text, same heading levels; every XML part is well-formed.
func TestWriteOffice_RoundTrip(t *testing.T) {
	for _, format := range []string{"docx", "odt"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, Parse(report), format); err != nil {
				t.Fatal(err)
			}
			checkParts(t, b.Bytes(), format)
			doc, err := textfile.Read(bytes.NewReader(b.Bytes()), "bericht."+format, textfile.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Fallbericht JC-11 – Strategische Ebene", "4.1 Wie arbeiten <Leistung> & „Vermittlung“ zusammen?",
				"Größe der Teams: 3   Personen;\tTab.\nZweite Zeile 🙂.", "„Die Post wird taggleich gesichtet.“ (GF-11-01)"} {
				if !strings.Contains(doc.Text, want) {
					t.Errorf("text lacks %q:\n%s", want, doc.Text)
				}
			}
			var levels []int
			for _, bl := range doc.Blocks {
				levels = append(levels, bl.Heading)
			}
			if got := levels; len(got) != 6 || got[0] != 1 || got[2] != 2 || got[3] != 3 || got[4] != 0 {
				t.Errorf("heading levels %v", got)
			}
			if doc.Meta["title"] != "Fallbericht JC-11 – Strategische Ebene" {
				t.Errorf("title %q", doc.Meta["title"])
			}
		})
	}
}

func checkParts(t *testing.T, data []byte, format string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if format == "odt" {
		f := zr.File[0]
		if f.Name != "mimetype" || f.Method != zip.Store || f.Flags&0x8 != 0 || len(f.Extra) != 0 {
			t.Errorf("mimetype entry %+v", f.FileHeader)
		}
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				break
			}
		}
	}
}

func TestWrite_UnknownFormatAndControlChars(t *testing.T) {
	if err := Write(io.Discard, Parse("x"), "pdf"); err == nil {
		t.Error("pdf accepted")
	}
	var b bytes.Buffer
	if err := WriteDOCX(&b, Parse("Steuer\x01zeichen\x0b")); err != nil {
		t.Fatal(err)
	}
	checkParts(t, b.Bytes(), "docx")
}

package textfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// outline renders blocks as "H<level> [id] text" lines.
func outline(d *Doc) []string {
	var out []string
	for _, b := range d.Blocks {
		out = append(out, fmt.Sprintf("H%d [%s] %s", b.Heading, b.QuestionID, qda.Slice(d.Text, b.Start, b.End)))
	}
	return out
}

// checkDoc checks the invariants every Doc keeps: canonical text, blocks
// in order that are exactly the text's passages.
func checkDoc(t *testing.T, d *Doc) {
	t.Helper()
	if !textnorm.IsCanonical(d.Text) {
		t.Errorf("text is not canonical: %q", d.Text)
	}
	ps := qda.Passages(d.Text)
	if len(ps) != len(d.Blocks) {
		t.Fatalf("%d passages, %d blocks", len(ps), len(d.Blocks))
	}
	for i, b := range d.Blocks {
		if b.Start != ps[i].Start || b.End != ps[i].End {
			t.Errorf("block %d is [%d,%d), passage is [%d,%d)", i, b.Start, b.End, ps[i].Start, ps[i].End)
		}
	}
}

func mustRead(t *testing.T, file string) *Doc {
	t.Helper()
	d, err := ReadFile("testdata/"+file, Options{})
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", file, err)
	}
	checkDoc(t, d)
	return d
}

// officeOutline is what the LibreOffice conversions of protokoll.fodt read as.
var officeOutline = []string{
	"H1 [] Interviewprotokoll JC-03 – Projektteam",
	"H0 [] Gespräch am 14.05.2014 im Besprechungsraum, Dauer ca. 75 Minuten.",
	"H2 [] Vorbemerkungen",
	"H0 [] Die Interviewperson („IFK-03-01“) war gut vorbereitet 🙂 und hatte die Unterlagen dabei.",
	"H3 [1.3a/1.6] 1.3a/1.6 Was sind aus Ihrer Sicht die Ziele der EJO?",
	"H0 [] Die Interviewperson sieht das Hauptziel in der Verbesserung der Zusammenarbeit. Größere Veränderungen erwartet sie nicht.",
	"H0 [] Ein zweiter Absatz gehört zur selben Frage: Die Straße zum Jobcenter sei „weit“ – das störe die Kundinnen und Kunden.",
	"H3 [2.2a] 2.2a Inwiefern hat sich die Arbeit im Team verändert?",
	"H0 [] Früher habe jede*r für sich gearbeitet;\theute gebe es wöchentliche Fallbesprechungen.\nDas sei „ein großer Schritt“.",
	"H0 [2.3] 2.3 Wie bewerten Sie die Unterstützung durch die Leitung?",
	"H0 [] Die Unterstützung sei gut, aber die Zeit knapp.",
	"H3 [X.2] X.2 Möchten Sie noch etwas ergänzen?",
	"H0 [] Nein. Äußerst zufrieden – 👍",
	"H2 [] Abschließende Bemerkungen",
	"H0 [] Das Protokoll wurde am 15.05.2014 abgeschlossen.",
}

// pdfOutline differs from officeOutline where a PDF loses structure: the
// tab is a space, and the line break ends a paragraph.
func pdfOutline() []string {
	out := append([]string(nil), officeOutline[:8]...)
	out = append(out,
		"H0 [] Früher habe jede*r für sich gearbeitet; heute gebe es wöchentliche Fallbesprechungen.",
		"H0 [] Das sei „ein großer Schritt“.")
	return append(out, officeOutline[9:]...)
}

func TestReadFile_Formats(t *testing.T) {
	tests := []struct {
		file, format string
		want         []string
	}{
		{"protokoll.docx", FormatDocx, officeOutline},
		{"protokoll.odt", FormatOdt, officeOutline},
		{"protokoll.rtf", FormatRtf, officeOutline},
		{"protokoll.pdf", FormatPdf, pdfOutline()},
		{"protokoll.md", FormatMd, []string{
			"H2 [] Vorbemerkungen",
			"H0 [] Gespräch im Besprechungsraum des Projektteams, Dauer ca. 75 Minuten. 🙂",
			"H3 [1.3a/1.6] 1.3a/1.6",
			"H0 [] Die Interviewperson sieht das Hauptziel der EJO in der Verbesserung der Zusammenarbeit.",
			"H0 [] Ein zweiter Absatz der Antwort gehört zur selben Frage: Die Straße sei „weit“.",
			"H3 [2.2a] 2.2a Inwiefern hat sich die Arbeit im Team verändert?",
			"H0 [] Früher habe jede*r für sich gearbeitet;\nheute gebe es wöchentliche Fallbesprechungen. 👍",
			"H2 [] Abschließende Bemerkungen",
			"H0 [] Äußerst offenes Gespräch.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := mustRead(t, tt.file)
			if d.Format != tt.format {
				t.Errorf("format %q, want %q", d.Format, tt.format)
			}
			if got := outline(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if d.Meta["title"] != "Interviewprotokoll JC-03" {
				t.Errorf("title %q", d.Meta["title"])
			}
		})
	}
}

func TestReadFile_MarkdownFrontMatter(t *testing.T) {
	d := mustRead(t, "protokoll.md")
	want := map[string]string{"guideline": "A.2.1", "role": "IFK-Projektteam", "case": "JC-03", "wave": "1",
		"interviewer": "mara", "date": "2014-05-14", "title": "Interviewprotokoll JC-03"}
	if !reflect.DeepEqual(d.Meta, want) {
		t.Errorf("meta %v, want %v", d.Meta, want)
	}
	if strings.Contains(d.Text, "guideline") || strings.Contains(d.Text, "###") {
		t.Errorf("front matter or heading marks left in text: %q", d.Text)
	}
}

func TestRead_MarkdownCRLFAndBOM(t *testing.T) {
	src := "\xEF\xBB\xBF---\r\ncase: 'JC-01'\r\n# Kommentar\r\nohne Doppelpunkt\r\n---\r\n\r\nText\r\n"
	d := readString(t, "p.md", src)
	if !reflect.DeepEqual(d.Meta, map[string]string{"case": "JC-01"}) || d.Text != "Text" || d.Encoding != EncUTF8BOM {
		t.Errorf("meta %v text %q encoding %q", d.Meta, d.Text, d.Encoding)
	}
	d = readString(t, "p.md", "---\nkein: Ende\n\nText\n")
	if len(d.Meta) != 0 || !strings.HasPrefix(d.Text, "---\nkein: Ende") {
		t.Errorf("unclosed front matter: meta %v text %q", d.Meta, d.Text)
	}
}

func TestReadFile_Encodings(t *testing.T) {
	raw, err := os.ReadFile("testdata/protokoll.txt")
	if err != nil {
		t.Fatal(err)
	}
	utf := mustRead(t, "protokoll.txt")
	latin := strings.NewReplacer("🙂", ":-)", "👍", ":-)").Replace(utf.Text)
	tests := []struct{ file, enc, text string }{
		{"protokoll.txt", EncUTF8, utf.Text},
		{"protokoll-crlf.txt", EncUTF8, utf.Text},
		{"protokoll-bom.txt", EncUTF8BOM, utf.Text},
		{"protokoll-utf16le.txt", EncUTF16LE, utf.Text},
		{"protokoll-utf16be.txt", EncUTF16BE, utf.Text},
		{"protokoll-utf16le-nobom.txt", EncUTF16LE, utf.Text},
		{"protokoll-cp1252.txt", EncCP1252, latin},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := mustRead(t, tt.file)
			if d.Encoding != tt.enc {
				t.Errorf("encoding %q, want %q", d.Encoding, tt.enc)
			}
			if d.Text != tt.text {
				t.Errorf("text:\n%q\nwant:\n%q", d.Text, tt.text)
			}
		})
	}
	if !bytes.Contains(raw, []byte("Früher")) || !strings.Contains(utf.Text, "„ein großer Schritt“. 🙂") {
		t.Errorf("fixture text changed: %q", utf.Text)
	}
}

func TestReadFile_BadInput(t *testing.T) {
	tests := []struct {
		file, code, reason string
	}{
		{"empty.txt", qda.EInvalid, "empty.txt: the file is empty"},
		{"scan.png", qda.EInvalid, "scan.png: is a binary file, not a text document"},
		{"invalid-utf8.txt", qda.EInvalid, "invalid-utf8.txt: the text is not valid UTF-8: invalid byte 0xC3 in line 3"},
		{"truncated.docx", qda.EInvalid, "truncated.docx: the docx archive is truncated or damaged"},
		{"corrupt.odt", qda.EInvalid, "corrupt.odt: the odt archive is truncated or damaged: cannot read content.xml"},
		{"zipslip.docx", qda.EInvalid, `zipslip.docx: the docx archive contains an unsafe entry name "../../evil.txt"`},
		{"bomb.docx", qda.EInvalid, "bomb.docx: the docx archive unpacks to more than the limit (zip bomb?)"},
		{"not-a-zip.docx", qda.EInvalid, "not-a-zip.docx: is not a docx file: the content is not a zip archive"},
		{"scan.pdf", qda.EInvalid, "scan.pdf: has no text layer — run OCR first"},
		{"truncated.pdf", qda.EInvalid, "truncated.pdf: the PDF file is truncated or damaged"},
		{"missing.txt", qda.EInvalid, "missing.txt: cannot open the file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ReadFile("testdata/"+tt.file, Options{MaxBytes: 1 << 20})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.reason) {
				t.Errorf("error %q, want prefix %q", err, tt.reason)
			}
			if c := qda.ErrorCode(err); c != tt.code {
				t.Errorf("code %q, want %q", c, tt.code)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != tt.file {
				t.Errorf("not a *FileError naming the file: %#v", err)
			}
		})
	}
}

func TestReadFile_SizeLimit(t *testing.T) {
	_, err := ReadFile("testdata/protokoll.pdf", Options{MaxBytes: 40 << 10})
	if err == nil || err.Error() != "protokoll.pdf: the file is larger than the limit of 40 KiB" {
		t.Errorf("got %v", err)
	}
}

func TestRead_SizeLimit(t *testing.T) {
	tests := []struct {
		size, max int64
		wantErr   bool
	}{
		{100, 100, false},
		{101, 100, true},
		{DefaultMaxBytes + 1, 0, true},
	}
	for _, tt := range tests {
		r := &patternReader{n: tt.size}
		_, err := Read(r, "big.txt", Options{MaxBytes: tt.max})
		if (err != nil) != tt.wantErr {
			t.Errorf("size %d, max %d: err %v", tt.size, tt.max, err)
		}
		if err != nil && !strings.Contains(err.Error(), "big.txt: the file is larger than the limit of") {
			t.Errorf("message %q", err)
		}
		if tt.wantErr && r.read > max(tt.max, DefaultMaxBytes)+1 {
			t.Errorf("read %d bytes past the limit", r.read)
		}
	}
}

// patternReader yields n bytes of text without holding them in memory.
type patternReader struct{ n, read int64 }

func (r *patternReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), r.n-r.read)
	for i := range p[:k] {
		p[i] = "Text \n"[(r.read+int64(i))%6]
	}
	r.read += k
	return int(k), nil
}

func TestRead_Detection(t *testing.T) {
	tests := []struct {
		name, data, format, errText string
	}{
		{"x.txt", "# Titel\n\nText", FormatTxt, ""},
		{"x.md", "# Titel\n\nText", FormatMd, ""},
		{"x.markdown", "Text", FormatMd, ""},
		{"x", `{\rtf1 Hallo\par}`, FormatRtf, ""},
		{"x.txt", "\xEF\xBB\xBF{\\rtf1 Hallo}", FormatRtf, ""},
		{"x.rtf", "Hallo", "", "x.rtf: is not a rtf file: the content is not an RTF file"},
		{"x.pdf", "Hallo", "", "x.pdf: is not a pdf file: the content is not a PDF file"},
		{"x.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "", "x.doc: is an old binary Office document (.doc)"},
		{"x.zip", "PK\x05\x06" + strings.Repeat("\x00", 18), "", "x.zip: is a zip archive but neither a docx nor an odt document"},
		{"x.txt", "Über %PDF-1.4 im Text", FormatTxt, ""},
		{"x.pdf", "junk\n%PDF-1.4\n%%EOF", "", "x.pdf: the PDF file is truncated or damaged"},
		{"x.txt", "  \n\t\n", "", "x.txt: the file is empty"},
		{"x.txt", "\xFF\xFE", "", "x.txt: the file contains no text"},
		{"x.txt", "\xFF\xFEa", "", "x.txt: the UTF-16 text is cut off"},
	}
	for _, tt := range tests {
		d, err := Read(strings.NewReader(tt.data), tt.name, Options{})
		switch {
		case tt.errText != "":
			if err == nil || !strings.HasPrefix(err.Error(), tt.errText) {
				t.Errorf("%s %q: error %v, want %q", tt.name, tt.data, err, tt.errText)
			}
		case err != nil:
			t.Errorf("%s %q: %v", tt.name, tt.data, err)
		case d.Format != tt.format:
			t.Errorf("%s %q: format %q, want %q", tt.name, tt.data, d.Format, tt.format)
		}
	}
}

// FuzzRead feeds damaged variants of the fixtures through every reader:
// Read must not panic, and every Doc it returns keeps the invariants.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"protokoll.docx", "protokoll.rtf", "protokoll.md", "zipslip.docx", "protokoll-utf16le.txt", "protokoll.pdf", "protokoll.odt"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, name)
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		d, err := Read(bytes.NewReader(data), name, Options{MaxBytes: 1 << 20})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != name {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		checkDoc(t, d)
	})
}

package textfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// interopSample returns the path of a file in shared/interop-samples beside
// the repository; the test is skipped when it is absent.
func interopSample(tb testing.TB, rel string) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	for d := filepath.Dir(file); d != filepath.Dir(d); d = filepath.Dir(d) {
		for _, p := range []string{filepath.Join(d, "..", "shared", "interop-samples", rel), filepath.Join(d, "shared", "interop-samples", rel)} {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	tb.Skipf("shared/interop-samples/%s not found beside the repository", rel)
	return ""
}

// notes returns the texts of the note blocks.
func notes(d *Doc) []string {
	var out []string
	for _, b := range d.Blocks {
		if b.Note {
			out = append(out, qda.Slice(d.Text, b.Start, b.End))
		}
	}
	return out
}

// body returns the texts of the other blocks.
func body(d *Doc) []string {
	var out []string
	for _, b := range d.Blocks {
		if !b.Note {
			out = append(out, qda.Slice(d.Text, b.Start, b.End))
		}
	}
	return out
}

func TestReadDocx_Notes(t *testing.T) {
	d := mustRead(t, "notes.docx")
	checkDoc(t, d)
	wantBody := []string{"Protokoll", "Die Beratung sei gut.[1] Die Wege sind weit.[K1]", "Zweiter Absatz.[i]"}
	wantNotes := []string{"[Fußnote 1] Laut Leitung.", "Zweite Zeile der Fußnote.", "[Endnote i] Quelle: Statistik 2014.",
		"[Kommentar K1, Mara Meier] Nachfragen, welche Wege?"}
	if got := body(d); !reflect.DeepEqual(got, wantBody) {
		t.Errorf("body %q, want %q", got, wantBody)
	}
	if got := notes(d); !reflect.DeepEqual(got, wantNotes) {
		t.Errorf("notes %q, want %q", got, wantNotes)
	}
	if len(d.Warnings) != 0 {
		t.Errorf("warnings %q", d.Warnings)
	}
}

func TestReadDocx_NotesPartMissing(t *testing.T) {
	doc := `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:r><w:t>Text</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>`
	data := zipOf(t, "[Content_Types].xml", `<Types/>`, "word/document.xml", doc)
	d, err := Read(bytes.NewReader(data), "n.docx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "Text[1]\n\n[Fußnote 1]" || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "footnotes") {
		t.Errorf("text %q, warnings %q", d.Text, d.Warnings)
	}
}

// TestRead_InteropOfficeSamples reads office files other programs wrote.
func TestRead_InteropOfficeSamples(t *testing.T) {
	for _, tc := range []struct {
		file  string
		words []string // in the text
		notes int
	}{
		// pandoc's notes.docx: 22 words, 6 of them in the notes.
		{"office/pandoc_docx_notes.docx", []string{"Test footnote.[1] Test endnote.[i]", "[Fußnote 1] My note.", "[Endnote i] This is an endnote at the end of the document."}, 2},
		{"office/pandoc_odt_footnote.odt", []string{"Some text[1] with a footnote.", "[Fußnote 1] Footnote text"}, 1},
		{"office/pandoc_rtf_footnote.rtf", []string{"annotated.[1] It was", "[Fußnote 2] A complete bibliography will be found at the end of this chapter."}, 2},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			d, err := ReadFile(interopSample(t, tc.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, d)
			for _, w := range tc.words {
				if !strings.Contains(d.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, d.Text)
				}
			}
			if n := len(notes(d)); n != tc.notes {
				t.Errorf("%d note blocks, want %d: %q", n, tc.notes, notes(d))
			}
		})
	}
}

func TestReadPDF_Ligatures(t *testing.T) {
	d := mustRead(t, "ligatures.pdf")
	checkDoc(t, d)
	want := []string{
		"Die Definition der Zielgruppe ist seit der Reform ein zentrales Thema aller Jobcenter. Die Verwaltung sieht darin eine Frage der Arbeitsmarktpolitik und der Offenheit für alle, die lange ohne Stelle waren. Die Kolleginnen sprechen von einem Paradigmenwechsel, der die Beratung neu ordnet und die Stellenfläche der Region umfasst.",
		"Ein zweiter Absatz beginnt hier und geht erst auf der nächsten Seite zu Ende, wo er mit einem Satz ohne Ligatur schliesst.",
		"Die Definition steht hier ohne Ligatur.",
		"Glyphe: a\uFFFDb",
	}
	if got := body(d); !reflect.DeepEqual(got, want) {
		t.Errorf("paragraphs\n%q\nwant\n%q", got, want)
	}
	if len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], "1 character(s) could not be read") {
		t.Errorf("warnings %q", d.Warnings)
	}
}

func TestReadPDF_InteropSamples(t *testing.T) {
	t.Run("two columns with ligatures", func(t *testing.T) {
		d, err := ReadFile(interopSample(t, "office/pypdf_multicolumn.pdf"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkDoc(t, d)
		if strings.ContainsAny(d.Text, "\uFFFD\uFB00\uFB01\uFB02\uFB03\uFB04\u00AD") || len(d.Warnings) > 0 {
			t.Errorf("unread glyphs, ligatures or soft hyphens left; warnings %q", d.Warnings)
		}
		for _, w := range []string{"two columns filled with Lorem Ipsum text.", "consectetuer adipiscing elit.", "Nam feugiat lacus vel est."} {
			if !strings.Contains(d.Text, w) {
				t.Errorf("text lacks %q", w)
			}
		}
		// The lines of a column form paragraphs: fewer than 30 blocks, not
		// one per line (95 before).
		if len(d.Blocks) > 30 {
			t.Errorf("%d blocks", len(d.Blocks))
		}
	})
	t.Run("image only", func(t *testing.T) {
		_, err := ReadFile(interopSample(t, "office/pypdf_imagemagick-images.pdf"), Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "pypdf_imagemagick-images.pdf: has no text layer — run OCR first") {
			t.Errorf("got %v", err)
		}
	})
}

func TestRead_PasswordProtectedDocx(t *testing.T) {
	want := "is protected by a password"
	// A compound file with the streams of an encrypted package (the
	// directory names are UTF-16).
	utf16 := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteRune(c)
			b.WriteByte(0)
		}
		return b.String()
	}
	cfb := "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 500) + utf16("EncryptionInfo") + strings.Repeat("\x00", 50) + utf16("EncryptedPackage")
	_, err := Read(strings.NewReader(cfb), "geheim.docx", Options{})
	if err == nil || err.Error() != "geheim.docx: "+want+": Word keeps a protected document encrypted; open it, remove the password (File › Info › Protect Document) or save an unprotected copy, and import that" || qda.ErrorCode(err) != qda.EUnsupported {
		t.Errorf("synthetic: %v", err)
	}
	_, err = Read(strings.NewReader("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"+strings.Repeat("\x00", 600)), "alt.doc", Options{})
	if err == nil || !strings.Contains(err.Error(), "old binary Office document") {
		t.Errorf("a .doc: %v", err)
	}
	_, err = ReadFile(interopSample(t, "office/msoffcrypto_example_password.docx"), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "msoffcrypto_example_password.docx: "+want) {
		t.Errorf("sample: %v", err)
	}
}

func TestNormalizeLigatures(t *testing.T) {
	for in, want := range map[string]string{
		"De\uFB01nition":                 "Definition",
		"\uFB00\uFB01\uFB02\uFB03\uFB04": "fffiflffiffl",
		"\uFB05\uFB06":                   "stst",
		"½ m² Ａ ﬀ":                       "½ m² Ａ ff",
		"plain":                          "plain",
	} {
		if got := normalizeLigatures(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestGlyphRune(t *testing.T) {
	for name, want := range map[string]rune{
		"fi": 'ﬁ', "a": 'a', "udieresis": 'ü', "Adieresis": 'Ä', "germandbls": 'ß', "uni00E9": 'é',
		"u1F642": '🙂', "quotedblbase": '„', "a.sc": 'a', "hyphen": '-',
	} {
		if got, ok := glyphRune(name); !ok || got != want {
			t.Errorf("%s: %q %v, want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"g123", "", "uniZZZZ", "xdieresis1"} {
		if r, ok := glyphRune(name); ok {
			t.Errorf("%s read as %q", name, r)
		}
	}
}

func TestIsPageNumber(t *testing.T) {
	for s, want := range map[string]bool{"1": true, "- 12 -": true, "Seite 3": true, "12345": false, "1.1": false, "Text": false, "": false} {
		if got := isPageNumber(s); got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
}

func TestDoc_SectionsEndBeforeNotes(t *testing.T) {
	b := &builder{}
	b.add("2.2a Frage", 0)
	b.add("Antwort[1]", 0)
	b.addNote("[Fußnote 1] 1.1 Nachweis")
	d, err := b.doc("n.docx", FormatDocx)
	if err != nil {
		t.Fatal(err)
	}
	got := d.Sections(nil)
	if len(got) != 1 || qda.Slice(d.Text, got[0].Start, got[0].End) != "Antwort[1]" || d.Blocks[2].QuestionID != "" || !d.Blocks[2].Note {
		t.Errorf("sections %+v, blocks %+v", got, d.Blocks)
	}
}

package textfile

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestReadPDF_Sections(t *testing.T) {
	d := mustRead(t, "protokoll.pdf")
	want := []string{
		"1.3a/1.6 | 1.3a/1.6 Was sind aus Ihrer Sicht die Ziele der EJO? | Die Interviewperson sieht das Hauptziel in der Verbesserung der Zusammenarbeit. Größere Veränderungen erwartet sie nicht.\n\nEin zweiter Absatz gehört zur selben Frage: Die Straße zum Jobcenter sei „weit“ – das störe die Kundinnen und Kunden.",
		"2.2a | 2.2a Inwiefern hat sich die Arbeit im Team verändert? | Früher habe jede*r für sich gearbeitet; heute gebe es wöchentliche Fallbesprechungen.\n\nDas sei „ein großer Schritt“.",
		"2.3 | 2.3 Wie bewerten Sie die Unterstützung durch die Leitung? | Die Unterstützung sei gut, aber die Zeit knapp.",
		"X.2 | X.2 Möchten Sie noch etwas ergänzen? | Nein. Äußerst zufrieden – 👍",
	}
	if got := sectionTexts(d, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("sections:\n%q\nwant:\n%q", got, want)
	}
}

func TestReadPDF_Version2Header(t *testing.T) {
	data, err := os.ReadFile("testdata/protokoll.pdf")
	if err != nil {
		t.Fatal(err)
	}
	data = append([]byte("%PDF-2.0"), data[8:]...)
	d, err := Read(bytes.NewReader(data), "neu.pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(outline(d), pdfOutline()) {
		t.Errorf("outline %q", outline(d))
	}
}

func TestReadPDF_Encrypted(t *testing.T) {
	_, err := ReadFile("testdata/encrypted.pdf", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "encrypted.pdf: the PDF file is encrypted") || qda.ErrorCode(err) != qda.EUnsupported {
		t.Errorf("got %v", err)
	}
}

func TestReadPDF_Garbage(t *testing.T) {
	tests := []string{
		"%PDF-1.4\n%%EOF",
		"%PDF-1.4\nstartxref\n999999\n%%EOF",
		"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF",
	}
	for _, src := range tests {
		_, err := Read(strings.NewReader(src), "x.pdf", Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "x.pdf: the PDF file") {
			t.Errorf("%q: got %v", src, err)
		}
	}
}

func TestPDFLayout_Paragraphs(t *testing.T) {
	line := func(page int, y, x1, sz float64, text string) pdfLine {
		return pdfLine{page: page, y: y, x0: 50, x1: x1, sz: sz, text: text}
	}
	tests := []struct {
		name  string
		lines []pdfLine
		want  []string
	}{
		{"hyphen-joined", []pdfLine{
			line(1, 700, 500, 12, "Die Zusammenarbeit mit dem Arbeit-"),
			line(1, 686, 500, 12, "geber-Service sei gut, meint die Be-"),
			line(1, 672, 200, 12, "fragte."),
		}, []string{"H0 Die Zusammenarbeit mit dem Arbeitgeber-Service sei gut, meint die Befragte."}},
		{"gap-splits", []pdfLine{
			line(1, 700, 500, 12, "Erster Absatz geht"), line(1, 686, 500, 12, "weiter bis hier"),
			line(1, 650, 500, 12, "Zweiter Absatz"), line(1, 636, 500, 12, "endet"),
		}, []string{"H0 Erster Absatz geht weiter bis hier", "H0 Zweiter Absatz endet"}},
		{"short-line-splits", []pdfLine{
			line(1, 700, 500, 12, "Ende."), line(1, 686, 120, 12, "Kurz."), line(1, 672, 80, 12, "Neu"),
		}, []string{"H0 Ende. Kurz.", "H0 Neu"}},
		{"page-break-continues", []pdfLine{
			line(1, 100, 500, 12, "der Satz geht"), line(1, 86, 500, 12, "über die Seite"),
			line(2, 800, 500, 12, "hinaus weiter"), line(2, 786, 500, 12, "Neuer Satz."),
		}, []string{"H0 der Satz geht über die Seite hinaus weiter Neuer Satz."}},
		{"page-break-after-sentence", []pdfLine{
			line(1, 100, 500, 12, "Der Satz endet"), line(1, 86, 500, 12, "auf der Seite."),
			line(2, 800, 500, 12, "weiter geht es"), line(2, 786, 500, 12, "hier."),
		}, []string{"H0 Der Satz endet auf der Seite.", "H0 weiter geht es hier."}},
		{"headings-by-size", []pdfLine{
			line(1, 800, 300, 18, "Titel"), line(1, 770, 300, 14, "2.2a Frage"),
			line(1, 750, 500, 12, "Antwort eins"), line(1, 736, 500, 12, "zwei"), line(1, 722, 500, 12, "drei"),
		}, []string{"H1 Titel", "H2 2.2a Frage", "H0 Antwort eins zwei drei"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b builder
			pdfLayout(&b, tt.lines)
			var got []string
			for _, p := range b.paras {
				got = append(got, "H"+string(rune('0'+p.heading))+" "+p.text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestPDFLines_Spacing(t *testing.T) {
	runs := []pdfRun{
		{page: 1, x: 50, x1: 80, y: 700, size: 12, s: "Wort"},
		{page: 1, x: 80, x1: 100, y: 700, size: 12, s: "teil", spaceAfter: true},
		{page: 1, x: 104, x1: 130, y: 700, size: 12, s: "neu"},
		{page: 1, x: 140, x1: 160, y: 700.5, size: 12, s: "weit"},
		{page: 1, x: 50, x1: 90, y: 686, size: 12, s: "Zeile"},
	}
	got := pdfLines(runs)
	if len(got) != 2 || got[0].text != "Wortteil neu weit" || got[1].text != "Zeile" {
		t.Errorf("lines %+v", got)
	}
}

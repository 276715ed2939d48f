package textfile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// sectionTexts renders sections as "id | heading | answer".
func sectionTexts(d *Doc, known func(string) bool) []string {
	var out []string
	for _, s := range d.Sections(known) {
		out = append(out, s.QuestionID+" | "+qda.Slice(d.Text, s.HeadingStart, s.HeadingEnd)+" | "+qda.Slice(d.Text, s.Start, s.End))
	}
	return out
}

func readString(t *testing.T, name, src string) *Doc {
	t.Helper()
	d, err := Read(strings.NewReader(src), name, Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkDoc(t, d)
	return d
}

func TestSections_ExactRanges(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{
			name: "crlf-umlauts-emoji", file: "p.txt",
			src: "Vorspann 🙂\r\n\r\n2.2a Wie läuft’s?\r\nGrößer – „Straße“ 👍🏽\r\nzweite Zeile\r\n\r\n\r\nÄußerung ß\r\n\r\nX.2\r\n\r\nEnde 🎉\r\n",
			want: []string{
				"2.2a | 2.2a Wie läuft’s? | Größer – „Straße“ 👍🏽\nzweite Zeile\n\nÄußerung ß",
				"X.2 | X.2 | Ende 🎉",
			},
		},
		{
			name: "markdown-headings", file: "p.md",
			src: "---\ncase: JC-01\n---\n\n## Vorbemerkungen\n\nFrei 🙂\n\n### 1.3a/1.6\n\nAntwort eins ü.\n\nZweiter Absatz ß.\n\n### 2.1\n\n## Abschluss\n\nNicht kodiert.\n",
			want: []string{
				"1.3a/1.6 | 1.3a/1.6 | Antwort eins ü.\n\nZweiter Absatz ß.",
				"2.1 | 2.1 |  ",
			},
		},
		{
			name: "decomposed-umlauts-normalised", file: "p.txt",
			src:  "5.x Frage\u0308\nAntwort mit u\u0308 und 😀\n",
			want: []string{"5.x | 5.x Fragë | Antwort mit ü und 😀"},
		},
		{
			name: "bold-paragraph-ids", file: "p.md",
			src:  "**6.5.1 Wie?**\n\nGut.\n\nFrage 2.2a: Und?\n\nSchlecht.\n",
			want: []string{"6.5.1 | **6.5.1 Wie?** | Gut.", "2.2a | Frage 2.2a: Und? | Schlecht."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := readString(t, tt.file, tt.src)
			got := sectionTexts(d, nil)
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = strings.TrimSuffix(w, " ") // "id | h |  " marks an empty answer
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("sections:\n%q\nwant:\n%q", got, want)
			}
		})
	}
}

func TestSections_EmptyAnswerAtHeadingEnd(t *testing.T) {
	d := readString(t, "p.md", "### 2.1\n\n### 2.2\n\nText\n")
	s := d.Sections(nil)
	if len(s) != 2 || s[0].Start != s[0].HeadingEnd || s[0].End != s[0].HeadingEnd {
		t.Fatalf("sections %+v", s)
	}
	if got := qda.Slice(d.Text, s[1].Start, s[1].End); got != "Text" {
		t.Errorf("answer %q", got)
	}
}

func TestSections_KnownFilter(t *testing.T) {
	d := readString(t, "p.txt", "2.2a Wie?\n\n10.30 Uhr kam die Leitung dazu.\n\nDanach ging es weiter.\n\n3.1 Noch?\n\nJa.\n")
	known := func(id string) bool { return id == "2.2a" || id == "3.1" }
	want := []string{
		"2.2a | 2.2a Wie? | 10.30 Uhr kam die Leitung dazu.\n\nDanach ging es weiter.",
		"3.1 | 3.1 Noch? | Ja.",
	}
	if got := sectionTexts(d, known); !reflect.DeepEqual(got, want) {
		t.Errorf("with filter:\n%q\nwant:\n%q", got, want)
	}
	if got := sectionTexts(d, nil); len(got) != 3 {
		t.Errorf("without filter: %q", got)
	}
}

func TestSections_OfficeFixtures(t *testing.T) {
	want := []string{
		"1.3a/1.6 | 1.3a/1.6 Was sind aus Ihrer Sicht die Ziele der EJO? | Die Interviewperson sieht das Hauptziel in der Verbesserung der Zusammenarbeit. Größere Veränderungen erwartet sie nicht.\n\nEin zweiter Absatz gehört zur selben Frage: Die Straße zum Jobcenter sei „weit“ – das störe die Kundinnen und Kunden.",
		"2.2a | 2.2a Inwiefern hat sich die Arbeit im Team verändert? | Früher habe jede*r für sich gearbeitet;\theute gebe es wöchentliche Fallbesprechungen.\nDas sei „ein großer Schritt“.",
		"2.3 | 2.3 Wie bewerten Sie die Unterstützung durch die Leitung? | Die Unterstützung sei gut, aber die Zeit knapp.",
		"X.2 | X.2 Möchten Sie noch etwas ergänzen? | Nein. Äußerst zufrieden – 👍",
	}
	for _, f := range []string{"protokoll.docx", "protokoll.odt", "protokoll.rtf"} {
		if got := sectionTexts(mustRead(t, f), nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n%q\nwant:\n%q", f, got, want)
		}
	}
}

func TestQuestionIDPrefix_Cases(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2.2a Inwiefern …", "2.2a"},
		{"1.3a/1.6 Was …", "1.3a/1.6"},
		{"X.2 Möchten Sie …", "X.2"},
		{"5.x", "5.x"},
		{"6.5.1: Text", "6.5.1"},
		{"2.2a) Text", "2.2a"},
		{"**2.3 Wie?**", "2.3"},
		{"Frage 2.2a: Und?", "2.2a"},
		{"  4.1\tTab", "4.1"},
		{"1. Ziele", ""},
		{"14.05.2014 Gespräch", ""},
		{"2014 war", ""},
		{"2.2abc", ""},
		{"Die 2.2a", ""},
		{"x.2 klein", ""},
		{"2.2A", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := QuestionIDPrefix(tt.in); got != tt.want {
			t.Errorf("QuestionIDPrefix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

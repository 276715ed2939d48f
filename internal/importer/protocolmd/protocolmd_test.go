package protocolmd

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestParse(t *testing.T) {
	in := "\uFEFF---\r\nguideline: A.2.1\r\nrole: IFK-Projektteam\r\n---\r\n\r\n## Vorbemerkungen\r\n\r\nIm Büro, 60 Min.\r\n\r\n### 2.2a\r\n<!-- Hinweis:\r\nmehrzeilig -->\r\nDie Größe 🙂.\r\n\r\nZweiter Absatz.\r\n### Fragen zum Erstgespräch\nKurz.\n"
	p, err := Parse(strings.NewReader(in), "t.md")
	if err != nil {
		t.Fatal(err)
	}
	if p.Meta["guideline"] != "A.2.1" || p.Meta["role"] != "IFK-Projektteam" {
		t.Errorf("meta %v", p.Meta)
	}
	want := []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Im Büro, 60 Min."},
		{QuestionID: "2.2a", Body: "Die Größe 🙂.\n\nZweiter Absatz."},
		{QuestionID: "Fragen zum Erstgespräch", Body: "Kurz."},
	}
	if !reflect.DeepEqual(p.Blocks, want) {
		t.Errorf("blocks %+v", p.Blocks)
	}
	var buf bytes.Buffer
	if err := Write(&buf, p, map[string][]string{"2.2a": {"Hinweis"}}); err != nil {
		t.Fatal(err)
	}
	p2, err := Parse(&buf, "round")
	if err != nil || !reflect.DeepEqual(p2, p) {
		t.Errorf("round trip: %+v, %v", p2, err)
	}
}

func TestParse_Errors(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"---\nguideline A\n---\n", "t.md:2"},
		{"---\nguideline: A\n", "not closed"},
		{"### \nx\n", "needs a question id"},
	} {
		_, err := Parse(strings.NewReader(tc.in), "t.md")
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.msg)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("---\na: b\n---\n## X\n\ny\n### 1.1\nz\n")
	f.Add("<!-- x")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, p, nil); err != nil {
			t.Fatal(err)
		}
	})
}

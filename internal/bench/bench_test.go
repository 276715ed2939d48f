package bench

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWriter_Text(t *testing.T) {
	a := NewWriter(rand.New(rand.NewSource(7))).Text(200000)
	b := NewWriter(rand.New(rand.NewSource(7))).Text(200000)
	if a != b {
		t.Fatal("the same seed gave different texts")
	}
	if c := NewWriter(rand.New(rand.NewSource(8))).Text(200000); c == a {
		t.Fatal("another seed gave the same text")
	}
	if !utf8.ValidString(a) {
		t.Fatal("the text is not valid UTF-8")
	}
	for _, want := range []string{"ä", "ö", "ü", "ß", Phrase, "\n\n"} {
		if !strings.Contains(a, want) {
			t.Errorf("no %q in 200 KB of text", want)
		}
	}
	if n := NewWriter(rand.New(rand.NewSource(1))).Text(0); n == "" {
		t.Error("Text(0) is empty, want one paragraph")
	}
}

func TestReport_Add(t *testing.T) {
	var r Report
	r.Add("a", 5, "ms", "<=10")
	r.Add("b", 50, "×", ">=200")
	r.Add("c", 1, "ms", "")
	if f := r.Figures[0]; f.Target != "≤ 10" || f.Met == nil || !*f.Met {
		t.Errorf("a: %+v", f)
	}
	if f := r.Figures[1]; f.Target != "≥ 200" || f.Met == nil || *f.Met {
		t.Errorf("b: %+v", f)
	}
	if f := r.Figures[2]; f.Target != "" || f.Met != nil {
		t.Errorf("c: %+v", f)
	}
}

package bench

import (
	"math/rand"
	"strings"
	"testing"
	"time"
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

func TestMedianStep(t *testing.T) {
	ms := func(n ...int) []Step {
		var out []Step
		for _, v := range n {
			out = append(out, Step{Committed: time.Duration(v) * time.Millisecond, Indexed: time.Duration(10*v) * time.Millisecond})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		steps []Step
		want  time.Duration // of Committed; Indexed is ten times it
	}{
		{"none", nil, 0},
		{"one", ms(7), 7 * time.Millisecond},
		{"odd, unsorted, an outlier", ms(9, 1, 300, 5, 3), 5 * time.Millisecond},
		{"even: the mean of the middle two", ms(4, 1, 8, 2), 3 * time.Millisecond},
	} {
		c, x := MedianStep(tc.steps)
		if c != tc.want || x != 10*tc.want {
			t.Errorf("%s: MedianStep = %v, %v; want %v, %v", tc.name, c, x, tc.want, 10*tc.want)
		}
	}
}

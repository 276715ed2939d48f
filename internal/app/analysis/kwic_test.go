package analysis_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/analysis"

	"github.com/protocoder/protocoder/internal/qda"
)

func hit(doc string, start int, text string, frag ...qda.Span) qda.SearchHit {
	return qda.SearchHit{IndexPassage: qda.IndexPassage{Document: qda.GUID(doc), DocName: doc, Start: start,
		End: start + qda.RuneLen(text), Text: text}, Fragment: frag}
}

func TestKWIC(t *testing.T) {
	long := "Der Arbeitgeberservice hilft. " + strings.Repeat("Füllwort ", 40) + "Später der arbeitgeberservice und der Service."
	hits := []qda.SearchHit{
		// The fragment shows the first occurrence only; the second is found
		// in the passage (another case), "Service" alone is not a keyword.
		hit("B", 100, long, qda.Span{Text: "Der "}, qda.Span{Text: "Arbeitgeberservice", Mark: true}, qda.Span{Text: " hilft. …"}),
		// A phrase is one keyword; an emoji before it counts as one rune.
		hit("A", 0, "🙂 Es gab viele Vorschläge\nund viele Ideen.", qda.Span{Text: "🙂 Es gab "},
			qda.Span{Text: "viele Vorschläge", Mark: true}, qda.Span{Text: "\nund viele Ideen."}),
	}
	lines := analysis.KWIC(hits, 12)
	if len(lines) != 3 {
		t.Fatalf("%d lines: %+v", len(lines), lines)
	}
	want := []analysis.KWICLine{
		{Document: "A", DocName: "A", Start: 9, End: 25, Left: "🙂 Es gab ", Keyword: "viele Vorschläge", Right: " und viele I"},
		{Document: "B", DocName: "B", Start: 104, End: 122, Left: "Der ", Keyword: "Arbeitgeberservice", Right: " hilft. Füll"},
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %+v\nwant %+v", i, lines[i], w)
		}
	}
	third := lines[2]
	if third.Keyword != "arbeitgeberservice" || third.Left != "Später der " || third.Right != " und der Ser" {
		t.Errorf("third line %+v", third)
	}
	if got := qda.Slice(long, third.Start-100, third.End-100); got != "arbeitgeberservice" {
		t.Errorf("offsets point at %q", got)
	}
	if got := lines[1].Aligned(8); got != "    Der  [Arbeitgeberservice]  hilft. Füll" {
		t.Errorf("aligned %q", got)
	}
	if got := lines[0].Aligned(4); got != "gab  [viele Vorschläge]  und viele I" {
		t.Errorf("aligned, cut %q", got)
	}
}

func TestService_KWIC(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	if _, err := f.S.EnsureIndex(nil); err != nil {
		t.Fatal(err)
	}
	lines, err := f.S.KWIC(qda.SearchRequest{Query: "Arbeitgeber"}, 30)
	if err != nil {
		t.Fatal(err)
	}
	// Arbeitgeberansprache, Arbeitgeber(-Service), Arbeitgeberservice ×2, Arbeitgeber (report).
	if len(lines) != 5 {
		t.Fatalf("%d lines: %+v", len(lines), lines)
	}
	for _, l := range lines {
		_, text, _, err := f.S.DocumentWithText(l.Document)
		if err != nil {
			t.Fatal(err)
		}
		if got := qda.Slice(text, l.Start, l.End); got != l.Keyword || !strings.HasPrefix(l.Keyword, "Arbeitgeber") {
			t.Errorf("line %+v points at %q", l, got)
		}
	}
	if _, err := f.S.KWIC(qda.SearchRequest{Query: "(offen"}, 30); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("malformed query: %v", err)
	}
}

func TestWordCounter(t *testing.T) {
	wc := analysis.NewWordCounter()
	wc.Add("d1", "Die Ziele und die Ziele. ziele 2013 a Größe")
	wc.Add("d2", "Größe, GRÖSSE und Ziele; Grösse")
	got := wc.List(0)
	// GRÖSSE and Grösse are one word, shown in the less shouting form.
	want := []analysis.WordCount{{Word: "Ziele", Count: 4, Documents: 2}, {Word: "Grösse", Count: 2, Documents: 1},
		{Word: "Größe", Count: 2, Documents: 2}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if l := wc.List(1); len(l) != 1 || l[0].Word != "Ziele" {
		t.Errorf("limit 1: %+v", l)
	}
	for _, w := range []string{"der", "Und", "sei", "würden", "über"} {
		if !analysis.IsStopWord(w) {
			t.Errorf("%q is not a stop word", w)
		}
	}
}

func TestService_WordFrequencies(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	if _, err := f.S.EnsureIndex(nil); err != nil {
		t.Fatal(err)
	}
	all, err := f.S.WordFrequencies(qda.SearchRequest{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]analysis.WordCount{}
	for _, w := range all {
		counts[w.Word] = w
	}
	if c := counts["Arbeitgeberservice"]; c.Count != 2 || c.Documents != 1 {
		t.Errorf("Arbeitgeberservice: %+v", c)
	}
	if c := counts["Vermittlung"]; c.Count != 2 || c.Documents != 2 {
		t.Errorf("Vermittlung: %+v", c)
	}
	if _, ok := counts["der"]; ok {
		t.Errorf("stop word counted")
	}
	res, err := f.S.WordFrequencies(qda.SearchRequest{Query: "Vorschläge"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[0].Word != "Arbeitgeberservice" || res[0].Count != 2 {
		t.Errorf("result set words %+v", res)
	}
	res, err = f.S.WordFrequencies(qda.SearchRequest{Filters: map[string][]string{"kind": {"report"}}}, 0)
	if err != nil || len(res) == 0 || res[0].Documents != 1 {
		t.Errorf("filtered words %+v, %v", res, err)
	}
}

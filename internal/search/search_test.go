package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestIndex_SearchFacets(t *testing.T) {
	x := corpusIndex(t)
	res := search(t, x, qda.SearchRequest{Query: "Arbeitgeber"})
	want := map[string][]qda.FacetCount{
		"level": {{Value: "operative", Count: 2}, {Value: "strategic", Count: 1}},
		"wave":  {{Value: "2", Count: 2}, {Value: "1", Count: 1}},
		"case":  {{Value: "JC-07", Count: 2}, {Value: "JC-03", Count: 1}},
		"role":  {{Value: "GF", Count: 1}, {Value: "IFK", Count: 1}, {Value: "PL", Count: 1}},
		"kind":  {{Value: "protocol", Count: 2}, {Value: "report", Count: 1}},
		"code":  {{Value: "1.1", Count: 1}, {Value: "5.1", Count: 1}, {Value: "Kooperation", Count: 1}},
	}
	if !reflect.DeepEqual(res.Facets, want) {
		t.Errorf("facets\n got %v\nwant %v", res.Facets, want)
	}
	if res := search(t, x, qda.SearchRequest{Query: "Arbeitgeber", NoFacets: true}); res.Facets != nil {
		t.Errorf("NoFacets: %v", res.Facets)
	}
}

func TestIndex_SearchFilters(t *testing.T) {
	x := corpusIndex(t)
	tests := []struct {
		name    string
		query   string
		filters map[string][]string
		want    []int
	}{
		{"one value", "Arbeitgeber", map[string][]string{"level": {"operative"}}, []int{1, 3}},
		{"values of a facet are ORed", "Arbeitgeber", map[string][]string{"role": {"GF", "PL"}}, []int{2, 3}},
		{"facets are ANDed", "Arbeitgeber", map[string][]string{"case": {"JC-07"}, "wave": {"2"}}, []int{3}},
		{"site is case", "", map[string][]string{"site": {"JC-03"}}, []int{2}},
		{"code by question id", "", map[string][]string{"code": {"5.1"}}, []int{1}},
		{"kind", "", map[string][]string{"kind": {"report"}}, []int{3}},
		{"interviewer", "", map[string][]string{"interviewer": {"tom"}}, []int{2}},
		{"document", "", map[string][]string{"doc": {string(docGUID(5))}}, []int{5}},
		{"exact values only", "", map[string][]string{"role": {"ifk"}}, nil},
		{"empty value list is no filter", "Service", map[string][]string{"level": {}}, []int{2, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, x, qda.SearchRequest{Query: tt.query, Filters: tt.filters})
			if got := sorted(hitDocs(res)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("documents %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIndex_SearchHighlight(t *testing.T) {
	x := newIndex(t)
	mustAdd(t, x, corpus()...)
	mustAdd(t, x, psg(20, 0, "Tags wie <mark>x</mark> & &amp; bleiben; der Vorschlag 🙂 auch."))
	tests := []struct {
		query string
		doc   int
		want  []qda.Span
	}{
		{"Service", 2, []qda.Span{{Text: "Der "}, {Text: "Arbeitgeberservice", Mark: true}, {Text: " ist gut erreichbar."}}},
		{"Grösse", 5, []qda.Span{{Text: "Die "}, {Text: "Größe", Mark: true}, {Text: " des Büros ist ausreichend."}}},
		{`"viele Vorschläge"`, 1, []qda.Span{{Text: "Der Arbeitgeber hat "}, {Text: "viele Vorschläge", Mark: true}, {Text: " gemacht."}}},
		{"Vorschlag", 20, []qda.Span{{Text: "Tags wie <mark>x</mark> & &amp; bleiben; der "}, {Text: "Vorschlag", Mark: true}, {Text: " 🙂 auch."}}},
		{"level:strategic", 2, []qda.Span{{Text: "Der Arbeitgeberservice ist gut erreichbar."}}},
	}
	for _, tt := range tests {
		res := search(t, x, qda.SearchRequest{Query: tt.query, Filters: map[string][]string{"doc": {string(docGUID(tt.doc))}}})
		if len(res.Hits) != 1 {
			t.Errorf("%s: %d hits", tt.query, len(res.Hits))
			continue
		}
		if got := res.Hits[0].Fragment; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: fragment %+v, want %+v", tt.query, got, tt.want)
		}
	}
	res := search(t, x, qda.SearchRequest{Query: "Service", NoHighlight: true})
	if len(res.Hits) == 0 || res.Hits[0].Fragment != nil {
		t.Errorf("NoHighlight: %+v", res.Hits)
	}
}

func TestFragment(t *testing.T) {
	long := strings.Repeat("Vorher wird viel gesagt. ", 20) + "Hier steht das Ziel im Text. " + strings.Repeat("Danach folgt noch mehr. ", 20)
	i := strings.Index(long, "Ziel")
	spans := fragment(long, [][2]int{{i, i + len("Ziel")}}, 100)
	if len(spans) != 3 || spans[1] != (qda.Span{Text: "Ziel", Mark: true}) ||
		!strings.HasPrefix(spans[0].Text, ellipsis) || !strings.HasSuffix(spans[2].Text, ellipsis) {
		t.Fatalf("spans %+v", spans)
	}
	first := strings.Fields(strings.TrimPrefix(spans[0].Text, ellipsis))[0]
	if !strings.Contains("Vorher wird viel gesagt.", first) {
		t.Errorf("fragment does not start at a word: %q", spans[0].Text)
	}
	n := -2 // the ellipses
	for _, s := range spans {
		n += utf8.RuneCountInString(s.Text)
	}
	if n > 100 {
		t.Errorf("fragment of %d runes, limit 100", n)
	}
	// Overlapping, touching, out-of-range and mid-rune ranges.
	text := "Größe und Größe"
	spans = fragment(text, [][2]int{{0, 4}, {2, 7}, {7, 11}, {40, 50}, {15, 16}}, 100)
	want := []qda.Span{{Text: "Größe und", Mark: true}, {Text: " Größe"}}
	if !reflect.DeepEqual(spans, want) {
		t.Errorf("spans %+v, want %+v", spans, want)
	}
	// No match: the start of the text.
	spans = fragment(long, nil, 30)
	if len(spans) != 1 || !strings.HasPrefix(spans[0].Text, "Vorher wird viel") || !strings.HasSuffix(spans[0].Text, ellipsis) {
		t.Errorf("no match: %+v", spans)
	}
}

func TestIndex_SearchHits(t *testing.T) {
	x := newIndex(t)
	want := psg(3, 17, "Ein 🙂 Größe-Text über Straßen.", meta(qda.LevelIntensive, 3, "JC-01", "KO", "anna"),
		codes("2.2a", guidKoop, "Vertrauen"), kind(qda.KindOther))
	want.DocName = "Fallbericht JC-01"
	other := psg(3, 60, "Noch ein Absatz über Straßen.")
	other.DocName = want.DocName
	mustAdd(t, x, want, other, psg(1, 0, "Straßen überall."))
	res := search(t, x, qda.SearchRequest{Query: "Straße", SortByDocument: true})
	if res.Total != 3 {
		t.Fatalf("total %d", res.Total)
	}
	// By document name, then start: "Dok 01" < "Fallbericht JC-01".
	if got := []int{res.Hits[0].Start, res.Hits[1].Start, res.Hits[2].Start}; !reflect.DeepEqual(got, []int{0, 17, 60}) {
		t.Errorf("document order: starts %v", got)
	}
	got := res.Hits[1].IndexPassage
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hit passage\n got %+v\nwant %+v", got, want)
	}
	if want.End-want.Start != utf8.RuneCountInString(want.Text) || got.End != 17+30 {
		t.Errorf("rune offsets %d-%d", got.Start, got.End)
	}
	page := search(t, x, qda.SearchRequest{Query: "Straße", SortByDocument: true, Limit: 1, Offset: 2})
	if page.Total != 3 || len(page.Hits) != 1 || page.Hits[0].Start != 60 {
		t.Errorf("paging: %+v", page)
	}
}

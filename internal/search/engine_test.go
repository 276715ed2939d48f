package search

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// engineQueries cover every query form; each runs with and without facet
// filters.
var engineQueries = []string{
	"Vermittlung", "Arbeitgeber", "Service", "Größe", "Grösse", "Strasse", "Vorschläge", "vorschlag",
	"Arbeitgeber Beratung", "Arbeitgeber OR Büro", "Arbeitgeber -Büro", "NOT Arbeitgeber", "-Termin -Gespräch",
	"(Vermittlung OR Beratung) Termin", "Arbeitg*", "Vermitlung~", "Gesprach~1", "level:operative",
	"wave:2 role:ifk", `code:"5.1" OR code:2*`, "site:JC-0*", "doc:Dok*", "Arbeitgeber level:operativ -role:PL",
	"der die das", "der Arbeitgeber", "zz", "Büro*", "kind:protocol Beratung", "interviewer:mara Teilhabe",
	`"Vermittlung Arbeitgeber"`, `"Termin Gespräche"`, `"Büro der Beratung"`, `"der die"`, `"Vermittlung"`,
	`"Arbeitgeber Beratung" -Büro`, `"Termin Gespräch" OR Teilhabe`, "E-Mail", `NOT "Vermittlung Arbeitgeber"`,
	"", // filters only
}

// TestIndex_SearchEngineAgrees checks that the segment engine and bleve's
// searchers find the same passages, totals, facets and highlights, over
// several segments with replaced and deleted documents.
func TestIndex_SearchEngineAgrees(t *testing.T) {
	x := newIndex(t)
	ps := benchPassages(1200)
	for i := 0; i < len(ps); i += 150 {
		mustAdd(t, x, ps[i:i+150]...)
	}
	// Replace one document and delete another: deleted postings stay in
	// their segments until merged.
	var again []qda.IndexPassage
	for _, p := range ps[:20] {
		p.Text += " Nachtrag Arbeitgeberkontakt"
		again = append(again, p)
	}
	if err := x.Update([]qda.GUID{ps[0].Document}, again); err != nil {
		t.Fatal(err)
	}
	if err := x.Update([]qda.GUID{ps[40].Document}, nil); err != nil {
		t.Fatal(err)
	}
	filterSets := []map[string][]string{nil, {"level": {"operative"}, "wave": {"1", "2"}}, {"code": {"2.3"}}}
	for _, q := range engineQueries {
		for fi, filters := range filterSets {
			if q == "" && filters == nil {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d", q, fi), func(t *testing.T) {
				req := qda.SearchRequest{Query: q, Filters: filters, Limit: maxLimit}
				x.noEngine = true
				want, werr := x.Search(req)
				x.noEngine = false
				got, gerr := x.Search(req)
				if (werr == nil) != (gerr == nil) {
					t.Fatalf("errors differ: bleve %v, engine %v", werr, gerr)
				}
				if werr != nil {
					return
				}
				if got.Total != want.Total {
					t.Fatalf("total %d, bleve %d", got.Total, want.Total)
				}
				if !reflect.DeepEqual(byPassage(got, true), byPassage(want, true)) {
					t.Fatalf("hits differ from bleve's")
				}
				if !reflect.DeepEqual(got.Facets, want.Facets) {
					t.Fatalf("facets\n got %v\nwant %v", got.Facets, want.Facets)
				}
			})
		}
	}
}

// byPassage returns the hits (passage and, with fragments set, fragment;
// no score) by id.
func byPassage(res *qda.SearchResult, fragments bool) map[string]qda.SearchHit {
	out := map[string]qda.SearchHit{}
	for _, h := range res.Hits {
		h.Score = 0
		if !fragments {
			h.Fragment = nil
		}
		sort.Strings(h.Codes)
		out[passageID(&h.IndexPassage)] = h
	}
	return out
}

// TestIndex_SearchEnginePages checks that pages of the engine's ranking put
// together are its whole ranking, and that exact hits come first.
func TestIndex_SearchEnginePages(t *testing.T) {
	x := newIndex(t)
	ps := benchPassages(600)
	for i := 0; i < len(ps); i += 200 {
		mustAdd(t, x, ps[i:i+200]...)
	}
	for _, q := range []string{"Arbeitgeber", "Service", "Arbeitgeber Beratung", "Arbeitg*"} {
		all := search(t, x, qda.SearchRequest{Query: q, Limit: maxLimit, NoFacets: true, NoHighlight: true})
		var paged []qda.SearchHit
		for off := 0; off < len(all.Hits); off += 7 {
			res := search(t, x, qda.SearchRequest{Query: q, Limit: 7, Offset: off, NoFacets: true, NoHighlight: true})
			paged = append(paged, res.Hits...)
		}
		if len(paged) != len(all.Hits) {
			t.Fatalf("%s: %d hits paged, %d at once", q, len(paged), len(all.Hits))
		}
		for i := range paged {
			if paged[i].Score != all.Hits[i].Score {
				t.Fatalf("%s: hit %d scores %v paged, %v at once", q, i, paged[i].Score, all.Hits[i].Score)
			}
		}
	}
}

// TestIndex_SearchEngineSortByDocument checks pages sorted by document
// against bleve's, over several segments with replaced documents.
func TestIndex_SearchEngineSortByDocument(t *testing.T) {
	x := newIndex(t)
	ps := benchPassages(900)
	for i := len(ps); i > 0; i -= 150 { // later documents in earlier segments
		mustAdd(t, x, ps[i-150:i]...)
	}
	mustAdd(t, x, ps[30:40]...) // replaced: the old versions are deleted
	for _, q := range []string{"Arbeitgeber", "", `"Termin Gespräche"`, "Service -Büro"} {
		for _, page := range [][2]int{{0, 20}, {13, 40}, {0, maxLimit}} {
			req := qda.SearchRequest{Query: q, Offset: page[0], Limit: page[1], SortByDocument: true, NoFacets: true,
				Filters: map[string][]string{"kind": {"protocol"}}}
			x.noEngine = true
			want := search(t, x, req)
			x.noEngine = false
			got := search(t, x, req)
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("%q %v: %d/%d hits, bleve %d/%d", q, page, len(got.Hits), got.Total, len(want.Hits), want.Total)
			}
			for i := range got.Hits {
				g, w := got.Hits[i].IndexPassage, want.Hits[i].IndexPassage
				if passageID(&g) != passageID(&w) {
					t.Fatalf("%q %v: hit %d is %s, bleve %s", q, page, i, passageID(&g), passageID(&w))
				}
			}
		}
	}
}

// randomQuery builds a query of up to three clauses from the bench
// vocabulary: words, prefixes, fuzzy words, phrases, field filters, OR,
// exclusions and parentheses.
func randomQuery(r *rand.Rand) string {
	word := func() string { return benchWords[r.Intn(len(benchWords))] }
	clause := func() string {
		switch r.Intn(8) {
		case 0:
			w := word()
			return string([]rune(w)[:min(4, len([]rune(w)))]) + "*"
		case 1:
			return word() + "~"
		case 2:
			return `"` + word() + " " + word() + `"`
		case 3:
			return []string{"level:operative", "wave:2", "role:ifk", `code:"2.3"`, "site:JC-0*"}[r.Intn(5)]
		case 4:
			return "(" + word() + " OR " + word() + ")"
		default:
			return word()
		}
	}
	n := 1 + r.Intn(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = clause()
		if i > 0 && r.Intn(4) == 0 {
			parts[i] = "-" + parts[i]
		}
	}
	return strings.Join(parts, " ")
}

// TestIndex_SearchEngineAgreesRandom compares the engine with bleve on
// generated queries.
func TestIndex_SearchEngineAgreesRandom(t *testing.T) {
	x := newIndex(t)
	ps := benchPassages(800)
	for i := 0; i < len(ps); i += 200 {
		mustAdd(t, x, ps[i:i+200]...)
	}
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 100; i++ {
		q := randomQuery(r)
		req := qda.SearchRequest{Query: q, Limit: maxLimit}
		x.noEngine = true
		want, werr := x.Search(req)
		x.noEngine = false
		got, gerr := x.Search(req)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: errors differ: bleve %v, engine %v", q, werr, gerr)
		}
		if werr != nil {
			continue
		}
		if got.Total != want.Total || !reflect.DeepEqual(byPassage(got, true), byPassage(want, true)) ||
			!reflect.DeepEqual(got.Facets, want.Facets) {
			t.Fatalf("%q: engine %d hits, bleve %d; hits, fragments or facets differ", q, got.Total, want.Total)
		}
	}
}

// TestIndex_SearchEngineMarksPhraseUnderOr checks that a passage found by
// a word and by a phrase shows both marked. bleve's disjunction keeps the
// term locations of its clauses but not a phrase's, so there the phrase
// stays unmarked; the engine marks what matched.
func TestIndex_SearchEngineMarksPhraseUnderOr(t *testing.T) {
	x := newIndex(t)
	mustAdd(t, x, psg(1, 0, "Der Arbeitgeber hat viele Vorschläge gemacht."))
	res := search(t, x, qda.SearchRequest{Query: `Arbeitgeber OR "viele Vorschläge"`})
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	var marked []string
	for _, s := range res.Hits[0].Fragment {
		if s.Mark {
			marked = append(marked, s.Text)
		}
	}
	if want := []string{"Arbeitgeber", "viele Vorschläge"}; !reflect.DeepEqual(marked, want) {
		t.Errorf("marked %q, want %q", marked, want)
	}
}

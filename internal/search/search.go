package search

import (
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/protocoder/protocoder/internal/qda"
)

// Request limits.
const (
	defaultLimit = 50
	maxLimit     = 10000
)

// facetFields maps facet names (in results and in SearchRequest.Filters)
// to fields, with the number of values reported.
var facetFields = map[string]struct {
	field string
	size  int
}{
	"level": {FieldLevel, 10}, "wave": {FieldWave, 20}, "case": {FieldCase, 100},
	"role": {FieldRole, 50}, "kind": {FieldKind, 10}, "code": {FieldCodeLabels, 200},
}

// filterFields maps the names SearchRequest.Filters accepts to fields.
var filterFields = map[string]string{
	"level": FieldLevel, "wave": FieldWave, "case": FieldCase, "site": FieldCase, "role": FieldRole,
	"kind": FieldKind, "code": FieldCodes, "interviewer": FieldInterviewer, "doc": FieldDocument,
	"document": FieldDocument,
}

// storedFields are the fields a hit carries back.
var storedFields = []string{FieldText, FieldDocument, FieldDocName, FieldKind, FieldLevel, FieldWave,
	FieldCase, FieldRole, FieldInterviewer, FieldCodes, FieldStart, FieldEnd}

// highlightFields are the analysed fields whose matched terms mark text.
var highlightFields = []string{FieldText, FieldFolded}

// Search answers a request: the query (see query.go) ANDed with the
// clicked facet values, hits with highlighted fragments as spans, facet
// counts. A malformed query is a qda.EInvalid error.
func (x *Index) Search(req qda.SearchRequest) (*qda.SearchResult, error) {
	limit := req.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	if limit < 0 || limit > maxLimit || req.Offset < 0 {
		return nil, qda.Errorf(qda.EInvalid, "search: limit must be 1 to %d and offset not negative", maxLimit)
	}
	n, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	if !x.noEngine {
		x.mu.RLock()
		if x.idx == nil {
			x.mu.RUnlock()
			return nil, errClosed
		}
		res, ok, err := x.engineSearch(req, n, limit)
		x.mu.RUnlock()
		if err != nil {
			return nil, err
		}
		if ok {
			if !req.SortByDocument {
				sortTies(res.Hits)
			}
			return res, nil
		}
	}
	q, marks, err := x.requestQuery(req, n)
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(q, limit, req.Offset, false)
	sr.Fields = storedFields
	sr.IncludeLocations = !req.NoHighlight
	docOrder := bsearch.SortOrder{&bsearch.SortField{Field: FieldDocName}, &bsearch.SortField{Field: FieldDocument},
		&bsearch.SortField{Field: FieldStart}}
	if req.SortByDocument {
		sr.SortByCustom(docOrder)
	} else {
		// By score only: a tie-break on stored fields makes bleve decode
		// those fields for every matching passage, which profiled at three
		// quarters of the search time. Ties are ordered within the page
		// below.
		sr.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	}
	if !req.NoFacets {
		for name, f := range facetFields {
			sr.AddFacet(name, bleve.NewFacetRequest(f.field, f.size))
		}
	}

	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return nil, errClosed
	}
	res, err := x.idx.Search(sr)
	if err != nil {
		return nil, err
	}
	out := &qda.SearchResult{Total: res.Total, Hits: make([]qda.SearchHit, 0, len(res.Hits))}
	folded := x.idx.Mapping().AnalyzerNamed(analyzerFolded)
	for _, h := range res.Hits {
		hit := qda.SearchHit{IndexPassage: passageOfFields(h.Fields), Score: h.Score}
		if !req.NoHighlight {
			ranges := append(matchRanges(h.Locations), markedRanges(folded, hit.Text, marks)...)
			hit.Fragment = fragment(hit.Text, ranges, fragmentRunes)
		}
		out.Hits = append(out.Hits, hit)
	}
	if !req.SortByDocument {
		sortTies(out.Hits)
	}
	if !req.NoFacets {
		out.Facets = facetCounts(res.Facets)
	}
	return out, nil
}

// sortTies orders hits of a relevance-ranked page by score, then (on equal
// scores) by document name and position.
func sortTies(hits []qda.SearchHit) {
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := &hits[i], &hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.DocName != b.DocName {
			return a.DocName < b.DocName
		}
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		return a.Start < b.Start
	})
}

// requestQuery parses the query and adds the filters; it returns the
// folded terms to mark in fragments too (see builder.marks). x.mu is taken
// for the parts that read the index.
func (x *Index) requestQuery(req qda.SearchRequest, n *node) (query.Query, map[string]bool, error) {
	var q query.Query
	var marks map[string]bool
	if n != nil {
		x.mu.RLock()
		if x.idx == nil {
			x.mu.RUnlock()
			return nil, nil, errClosed
		}
		b := x.builder()
		var err error
		q, err = b.build(n, true)
		marks = b.marks
		x.mu.RUnlock()
		if err != nil {
			return nil, nil, err
		}
		if q == nil {
			return nil, nil, qda.Errorf(qda.EInvalid, "search query: %q has only words too common to search for (der, die, und, …)", req.Query)
		}
	} else {
		q = allPassages()
	}
	names := make([]string, 0, len(req.Filters))
	for name := range req.Filters {
		names = append(names, name)
	}
	sort.Strings(names)
	conj := []query.Query{q}
	for _, name := range names {
		field, ok := filterFields[name]
		if !ok {
			return nil, nil, qda.Errorf(qda.EInvalid, "search: unknown filter %q", name)
		}
		var any []query.Query
		for _, v := range req.Filters[name] {
			tq := bleve.NewTermQuery(v)
			tq.SetField(field)
			tq.SetBoost(filterBoost)
			any = append(any, tq)
		}
		if len(any) > 0 {
			conj = append(conj, bleve.NewDisjunctionQuery(any...))
		}
	}
	if len(conj) == 1 {
		return q, marks, nil
	}
	return bleve.NewConjunctionQuery(conj...), marks, nil
}

// facetCounts converts bleve's facets, most frequent value first.
func facetCounts(fr bsearch.FacetResults) map[string][]qda.FacetCount {
	out := map[string][]qda.FacetCount{}
	for name, f := range fr {
		list := []qda.FacetCount{}
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				list = append(list, qda.FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		sortFacetCounts(list)
		out[name] = list
	}
	return out
}

// sortFacetCounts orders facet values by count, most frequent first, then
// by value.
func sortFacetCounts(list []qda.FacetCount) {
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Value < list[j].Value
	})
}

// passageOfFields rebuilds a passage from a hit's stored fields.
func passageOfFields(f map[string]interface{}) qda.IndexPassage {
	s := func(name string) string { v, _ := f[name].(string); return v }
	n := func(name string) int { v, _ := f[name].(float64); return int(v) }
	start, _ := strconv.Atoi(s(FieldStart))
	p := qda.IndexPassage{
		Document: qda.GUID(s(FieldDocument)), Start: start, End: n(FieldEnd), Text: s(FieldText),
		DocName: s(FieldDocName), Kind: qda.DocKind(s(FieldKind)), Level: qda.Level(s(FieldLevel)),
		Case: s(FieldCase), Role: s(FieldRole), Interviewer: s(FieldInterviewer),
	}
	p.Wave, _ = strconv.Atoi(s(FieldWave))
	switch v := f[FieldCodes].(type) {
	case string:
		p.Codes = []string{v}
	case []interface{}:
		for _, c := range v {
			if cs, ok := c.(string); ok {
				p.Codes = append(p.Codes, cs)
			}
		}
		sort.Strings(p.Codes)
	}
	return p
}

// markedRanges returns the byte ranges of the tokens of text that a
// analyses to one of terms.
func markedRanges(a analysis.Analyzer, text string, terms map[string]bool) [][2]int {
	if len(terms) == 0 {
		return nil
	}
	var out [][2]int
	for _, t := range a.Analyze([]byte(text)) {
		if terms[string(t.Term)] {
			out = append(out, [2]int{t.Start, t.End})
		}
	}
	return out
}

// matchRanges collects the byte ranges of matched terms in the text, from
// their locations (term vectors).
func matchRanges(locs bsearch.FieldTermLocationMap) [][2]int {
	var out [][2]int
	for _, field := range highlightFields {
		for _, ls := range locs[field] {
			for _, l := range ls {
				out = append(out, [2]int{int(l.Start), int(l.End)})
			}
		}
	}
	return out
}

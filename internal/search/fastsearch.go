package search

import (
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/numeric"

	"github.com/protocoder/protocoder/internal/qda"
)

// engineSearch answers req with the segment engine (see engine.go), or
// returns ok false when bleve's searchers must: for an index that is not a
// scorch snapshot. x.mu is held.
func (x *Index) engineSearch(req qda.SearchRequest, n *node, limit int) (*qda.SearchResult, bool, error) {
	ir, err := x.idx.Advanced()
	if err != nil {
		return nil, false, err
	}
	r, err := ir.Reader()
	if err != nil {
		return nil, false, fmt.Errorf("search index: %w", err)
	}
	defer func() { _ = r.Close() }()
	segs, ok := snapshotSegments(r, &x.arenas)
	if !ok {
		return nil, false, nil
	}
	defer releaseSegments(segs, &x.arenas)
	c := &compiler{b: x.builder(), r: r, segs: segs}
	var root *enode
	if n != nil {
		root, ok, err = c.compile(n, true)
		if !ok || err != nil {
			return nil, ok, err
		}
		if root == nil {
			return nil, true, qda.Errorf(qda.EInvalid, "search query: %q has only words too common to search for (der, die, und, …)", req.Query)
		}
	}
	var filters []*enode
	for _, name := range sortedKeys(req.Filters) {
		field, ok := filterFields[name]
		if !ok {
			return nil, true, qda.Errorf(qda.EInvalid, "search: unknown filter %q", name)
		}
		if vs := req.Filters[name]; len(vs) > 0 {
			filters = append(filters, c.filterLeaf(field, vs))
		}
	}
	for _, l := range c.leaves {
		l.exactSet, l.all, l.expanded = make([]bitset, len(segs)), make([]bitset, len(segs)), make([][][2]string, len(segs))
		l.prank = make([][]float32, len(segs))
	}

	// 1. match, segments in parallel.
	x.columns.retain(segs)
	res := make([]segResult, len(segs))
	err = eachSegment(len(segs), func(si int) error {
		return res[si].find(x, si, segs[si], root, filters)
	})
	if err != nil {
		return nil, true, err
	}
	total, passages := 0, 0
	for si := range res {
		total += res[si].total
		passages += res[si].passages
		for _, l := range c.leaves {
			if l.exactSet[si] != nil {
				l.df += l.exactSet[si].count()
			}
		}
	}
	out := &qda.SearchResult{Total: uint64(total), Hits: []qda.SearchHit{}}

	// 2. rank (and count facets), segments in parallel.
	want := req.Offset + limit
	need := c.needExpansion(res, want)
	sortCols := make([]*sortColumn, len(segs))
	err = eachSegment(len(segs), func(si int) error {
		return res[si].rank(si, segs[si], c.leaves, passages, want, need, !req.NoFacets, req.SortByDocument, sortCols)
	})
	if err != nil {
		return nil, true, err
	}
	top := &topK{k: want}
	if req.SortByDocument {
		top.less = docOrder(sortCols)
	}
	counts := map[string]map[string]int{}
	for si := range res {
		for _, r := range res[si].top.items {
			top.offer(r)
		}
		for name, m := range res[si].counts {
			if counts[name] == nil {
				counts[name] = map[string]int{}
			}
			for v, n := range m {
				counts[name][v] += n
			}
		}
	}
	if !req.NoFacets {
		out.Facets = facetList(counts)
	}

	// 3. page
	best := top.sorted()
	if req.Offset >= len(best) {
		return out, true, nil
	}
	var hl *highlighter
	if !req.NoHighlight {
		hl = x.newHighlighter(c.leaves)
	}
	for _, rk := range best[req.Offset:] {
		p, err := storedPassage(segs[rk.seg], rk.doc)
		if err != nil {
			return nil, true, err
		}
		hit := qda.SearchHit{IndexPassage: p, Score: float64(rk.score)}
		if hl != nil {
			hit.Fragment = fragment(p.Text, hl.ranges(p.Text), fragmentRunes)
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, true, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// storedPassage reads passage doc of v from its stored fields, in the
// form bleve gives a hit's fields (see passageOfFields).
func storedPassage(v *segView, doc uint32) (qda.IndexPassage, error) {
	fields := map[string]interface{}{}
	var codes []interface{}
	var err error
	verr := v.seg.VisitStoredFields(uint64(doc), func(field string, typ byte, value []byte, _ []uint64) bool {
		switch {
		case field == FieldCodes:
			codes = append(codes, string(value))
		case typ == 'n':
			i, e := numeric.PrefixCoded(value).Int64()
			if e != nil {
				err = e
			}
			fields[field] = numeric.Int64ToFloat64(i)
		default:
			fields[field] = string(value)
		}
		return true
	})
	if verr == nil {
		verr = err
	}
	if verr != nil {
		return qda.IndexPassage{}, fmt.Errorf("search index: stored passage: %w", verr)
	}
	if codes != nil {
		fields[FieldCodes] = codes
	}
	return passageOfFields(fields), nil
}

// highlighter marks, in a passage's text, the tokens whose terms the
// query's positive leaves matched.
type highlighter struct {
	fields  []hlField
	phrases []*phrase
	stemmed analysis.Analyzer
}

type hlField struct {
	a     analysis.Analyzer
	terms map[string]bool
}

func (x *Index) newHighlighter(leaves []*leaf) *highlighter {
	m := x.idx.Mapping()
	h := &highlighter{stemmed: m.AnalyzerNamed(de.AnalyzerName)}
	byField := map[string]map[string]bool{FieldText: {}, FieldFolded: {}}
	for _, l := range leaves {
		if !l.positive {
			continue
		}
		if l.phrase != nil {
			h.phrases = append(h.phrases, l.phrase)
		}
		if l.exact != "" {
			byField[FieldText][l.exact] = true
		}
		for _, ex := range l.expanded {
			for _, t := range ex {
				if set := byField[t[0]]; set != nil {
					set[t[1]] = true
				}
			}
		}
	}
	analyzers := map[string]string{FieldText: de.AnalyzerName, FieldFolded: analyzerFolded}
	for _, f := range highlightFields {
		if len(byField[f]) > 0 {
			h.fields = append(h.fields, hlField{m.AnalyzerNamed(analyzers[f]), byField[f]})
		}
	}
	return h
}

// ranges returns the byte ranges of matched tokens in text.
func (h *highlighter) ranges(text string) [][2]int {
	var out [][2]int
	if len(h.phrases) > 0 {
		toks := h.stemmed.Analyze([]byte(text))
		for _, p := range h.phrases {
			out = append(out, phraseRanges(p, toks)...)
		}
	}
	for _, f := range h.fields {
		out = append(out, markedRanges(f.a, text, f.terms)...)
	}
	return out
}

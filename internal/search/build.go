package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// filterBoost weighs field filters: they restrict, they should not rank
// (a passage with fewer codes would otherwise score higher on code:).
const filterBoost = 1e-4

// valueAliases lets field values be given in German.
var valueAliases = map[string]map[string]string{
	"level": {"strategisch": "strategic", "operativ": "operative", "intensiv": "intensive"},
	"kind":  {"protokoll": "protocol", "bericht": "report", "fallbericht": "report", "sonstiges": "other"},
}

// builder turns parsed queries into bleve queries against one index.
type builder struct {
	x       *Index
	stemmed analysis.Analyzer
	// folded folds query words (no seam terms).
	folded analysis.Analyzer
	// marks collects the folded terms that the positive words, prefixes
	// and fuzzy words of the queries built match: the folded field has no
	// term vectors, so bleve reports no locations for them and fragments
	// mark them by analysing the text again (see foldedRanges).
	marks map[string]bool
}

func (x *Index) builder() *builder {
	m := x.idx.Mapping()
	return &builder{x: x, stemmed: m.AnalyzerNamed(de.AnalyzerName), folded: m.AnalyzerNamed(analyzerFoldedQuery),
		marks: map[string]bool{}}
}

func terms(a analysis.Analyzer, s string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// build returns the bleve query for n, or nil when n has nothing to search
// (stop words only). positive is unset inside an exclusion: then n's terms
// are not marked.
func (b *builder) build(n *node, positive bool) (query.Query, error) {
	switch n.kind {
	case nWord:
		return b.word(n.text, positive)
	case nPhrase:
		return b.phrase(n.text), nil
	case nPrefix:
		ts := terms(b.folded, n.text)
		if len(ts) != 1 {
			return nil, invalid("%q: a prefix search needs a single word before the *", n.text+"*")
		}
		if positive {
			if err := b.markPrefix(ts[0]); err != nil {
				return nil, err
			}
		}
		q := bleve.NewPrefixQuery(ts[0])
		q.SetField(FieldFolded)
		return q, nil
	case nFuzzy:
		ts := terms(b.folded, n.text)
		if len(ts) != 1 {
			return nil, invalid("%q: a fuzzy search needs a single word before the ~", n.text+"~")
		}
		if positive {
			if err := b.markFuzzy(ts[0], fuzziness(ts[0], n.fuzz)); err != nil {
				return nil, err
			}
		}
		q := bleve.NewFuzzyQuery(ts[0])
		q.SetField(FieldFolded)
		q.SetFuzziness(fuzziness(ts[0], n.fuzz))
		return q, nil
	case nField:
		return b.field(n)
	case nNot:
		inner, err := b.build(n.kids[0], !positive)
		if err != nil || inner == nil {
			return nil, err
		}
		return not(inner), nil
	case nOr:
		var qs []query.Query
		for _, k := range n.kids {
			q, err := b.build(k, positive)
			if err != nil {
				return nil, err
			}
			if q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil, nil
		}
		return bleve.NewDisjunctionQuery(qs...), nil
	}
	// nAnd: excluded kids go to MustNot so they need no "all passages" each.
	var must, mustNot []query.Query
	for _, k := range n.kids {
		target, kk, pos := &must, k, positive
		if k.kind == nNot {
			target, kk, pos = &mustNot, k.kids[0], !positive
		}
		q, err := b.build(kk, pos)
		if err != nil {
			return nil, err
		}
		if q != nil {
			*target = append(*target, q)
		}
	}
	switch {
	case len(must) == 0 && len(mustNot) == 0:
		return nil, nil
	case len(mustNot) == 0 && len(must) == 1:
		return must[0], nil
	case len(must) == 0:
		must = []query.Query{allPassages()}
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(must...)
	q.AddMustNot(mustNot...)
	return q, nil
}

// markPrefix marks the folded terms starting with prefix.
func (b *builder) markPrefix(prefix string) error {
	dict, err := b.x.idx.FieldDictPrefix(FieldFolded, []byte(prefix))
	if err != nil {
		return err
	}
	defer func() { _ = dict.Close() }()
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		b.marks[e.Term] = true
	}
}

// markFuzzy marks the folded terms within fuzziness edits of term.
func (b *builder) markFuzzy(term string, fuzziness int) error {
	ir, err := b.x.idx.Advanced()
	if err != nil {
		return err
	}
	r, err := ir.Reader()
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return fmt.Errorf("search index: the index cannot look up fuzzy terms")
	}
	dict, err := fr.FieldDictFuzzy(FieldFolded, term, fuzziness, "")
	if err != nil {
		return err
	}
	defer func() { _ = dict.Close() }()
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		b.marks[e.Term] = true
	}
}

// fuzziness is the edit distance of a fuzzy word: as given (1 or 2), or
// for fuzz 0 one edit, two for words of more than five letters.
func fuzziness(term string, fuzz int) int {
	if fuzz != 0 {
		return fuzz
	}
	if utf8.RuneCountInString(term) > 5 {
		return 2
	}
	return 1
}

// not matches every passage except those q matches.
func not(q query.Query) query.Query {
	b := bleve.NewBooleanQuery()
	b.AddMust(allPassages())
	b.AddMustNot(q)
	return b
}

// word searches a word: its stem as a word of its own, and (with weight
// partBoost) as the head or a later part of compounds; see compound.go.
func (b *builder) word(w string, positive bool) (query.Query, error) {
	ts := terms(b.stemmed, w)
	switch len(ts) {
	case 0:
		return nil, nil // a stop word
	case 1:
	default: // "E-Mail", "z.B.": the pieces in order
		return b.phrase(w), nil
	}
	stem := ts[0]
	exact := bleve.NewTermQuery(stem)
	exact.SetField(FieldText)
	if utf8.RuneCountInString(stem) < minPartQuery {
		return exact, nil
	}
	head := bleve.NewPrefixQuery(stem)
	head.SetField(FieldFolded)
	head.SetBoost(partBoost)
	qs := []query.Query{exact, head}
	parts, err := b.x.referenceParts(stem)
	if err != nil {
		return nil, err
	}
	for _, t := range parts {
		tq := bleve.NewTermQuery(t)
		tq.SetField(FieldFolded)
		tq.SetBoost(partBoost)
		qs = append(qs, tq)
	}
	if positive {
		if err := b.markPrefix(stem); err != nil {
			return nil, err
		}
		for _, t := range parts {
			b.marks[t] = true
		}
	}
	return bleve.NewDisjunctionQuery(qs...), nil
}

// phrase searches words in order on the stemmed field.
func (b *builder) phrase(s string) query.Query {
	if len(terms(b.stemmed, s)) == 0 {
		return nil
	}
	q := bleve.NewMatchPhraseQuery(s)
	q.SetField(FieldText)
	q.Analyzer = de.AnalyzerName
	return q
}

// field builds a field filter from the terms it matches.
func (b *builder) field(n *node) (query.Query, error) {
	found, err := b.x.fieldTerms(n)
	if err != nil {
		return nil, err
	}
	var qs []query.Query
	for _, t := range found {
		tq := bleve.NewTermQuery(t[1])
		tq.SetField(t[0])
		tq.SetBoost(filterBoost)
		qs = append(qs, tq)
	}
	switch len(qs) {
	case 0:
		return bleve.NewMatchNoneQuery(), nil
	case 1:
		return qs[0], nil
	}
	return bleve.NewDisjunctionQuery(qs...), nil
}

// fieldTerms returns the (field, term) pairs a field filter matches.
// Values are looked up in the field's terms case-insensitively (or by
// prefix), so role:ifk finds "IFK".
func (x *Index) fieldTerms(n *node) ([][2]string, error) {
	fields := []string{n.field}
	switch n.field {
	case "case":
		fields = []string{FieldCase}
	case "code":
		fields = []string{FieldCodes}
	case "doc":
		fields = []string{FieldDocument, FieldDocName}
	}
	val := strings.TrimSpace(n.text)
	if a, ok := valueAliases[n.field][strings.ToLower(val)]; ok {
		val = a
	}
	var out [][2]string
	for _, f := range fields {
		found, err := x.matchingTerms(f, val, n.prefix)
		if err != nil {
			return nil, err
		}
		for _, t := range found {
			out = append(out, [2]string{f, t})
		}
	}
	return out, nil
}

// matchingTerms returns the terms of a keyword field equal to val ignoring
// case, or starting with it when prefix is set.
func (x *Index) matchingTerms(field, val string, prefix bool) ([]string, error) {
	dict, err := x.idx.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer func() { _ = dict.Close() }()
	lv := strings.ToLower(val)
	var out []string
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		lt := strings.ToLower(e.Term)
		if lt == lv || prefix && strings.HasPrefix(lt, lv) {
			out = append(out, e.Term)
		}
	}
}

package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/search/query"
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
	folded  analysis.Analyzer
}

func (x *Index) builder() *builder {
	m := x.idx.Mapping()
	return &builder{x: x, stemmed: m.AnalyzerNamed(de.AnalyzerName), folded: m.AnalyzerNamed(analyzerFolded)}
}

func terms(a analysis.Analyzer, s string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// build returns the bleve query for n, or nil when n has nothing to search
// (stop words only).
func (b *builder) build(n *node) (query.Query, error) {
	switch n.kind {
	case nWord:
		return b.word(n.text), nil
	case nPhrase:
		return b.phrase(n.text), nil
	case nPrefix:
		ts := terms(b.folded, n.text)
		if len(ts) != 1 {
			return nil, invalid("%q: a prefix search needs a single word before the *", n.text+"*")
		}
		q := bleve.NewPrefixQuery(ts[0])
		q.SetField(FieldFolded)
		return q, nil
	case nFuzzy:
		ts := terms(b.folded, n.text)
		if len(ts) != 1 {
			return nil, invalid("%q: a fuzzy search needs a single word before the ~", n.text+"~")
		}
		q := bleve.NewFuzzyQuery(ts[0])
		q.SetField(FieldFolded)
		q.SetFuzziness(fuzziness(ts[0], n.fuzz))
		return q, nil
	case nField:
		return b.field(n)
	case nNot:
		inner, err := b.build(n.kids[0])
		if err != nil || inner == nil {
			return nil, err
		}
		return not(inner), nil
	case nOr:
		var qs []query.Query
		for _, k := range n.kids {
			q, err := b.build(k)
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
		target, kk := &must, k
		if k.kind == nNot {
			target, kk = &mustNot, k.kids[0]
		}
		q, err := b.build(kk)
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
func (b *builder) word(w string) query.Query {
	ts := terms(b.stemmed, w)
	switch len(ts) {
	case 0:
		return nil // a stop word
	case 1:
	default: // "E-Mail", "z.B.": the pieces in order
		return b.phrase(w)
	}
	stem := ts[0]
	exact := bleve.NewTermQuery(stem)
	exact.SetField(FieldText)
	if utf8.RuneCountInString(stem) < minPartQuery {
		return exact
	}
	head := bleve.NewPrefixQuery(stem)
	head.SetField(FieldFolded)
	head.SetBoost(partBoost)
	tail := bleve.NewPrefixQuery(stem)
	tail.SetField(FieldParts)
	tail.SetBoost(partBoost)
	return bleve.NewDisjunctionQuery(exact, head, tail)
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

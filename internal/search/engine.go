package search

import (
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// The segment engine
//
// bleve answers a query by building a searcher per clause and per prefix
// term and letting a collector score every hit through them. For the words
// researchers type most — frequent ones, searched also as compound parts —
// that means scoring hundreds of thousands of passages through a
// disjunction of hundreds of prefix terms: 150 ms for "Größe" at 10,000
// protocols. The engine here answers the same queries from the same index
// in three steps over each segment's postings:
//
//  1. match: every clause becomes a dense bitset of the segment's passages
//     (posting lists ORed, ANDed, subtracted); the total and the facet
//     counts (see columns.go) come from the bitsets alone.
//  2. rank: only the clauses that rank are scored, from their postings'
//     frequencies and norms: a word's own stem always; its compound parts
//     (and prefix or fuzzy expansions) only when passages ranked by them
//     can reach the requested page.
//  3. page: the stored fields of the page's passages, highlighted by
//     analysing their text again and marking the tokens whose terms
//     matched (the same terms bleve's term vectors would point to).
//
// Phrases are in phrase.go, sorting by document in sortcols.go. bleve's
// searchers stay as the reference (and for an index that is not a scorch
// snapshot): TestIndex_SearchEngineAgrees compares both on every query
// form.

// leaf is a clause that matches terms: a word, prefix, fuzzy word or field
// filter.
type leaf struct {
	// exact is the stem a word matches as a word of its own (FieldText).
	exact string
	// phrase is set for a phrase (then exact is empty).
	phrase *phrase
	// prefixes are (field, prefix) pairs whose terms match.
	prefixes [][2]string
	// terms are (field, term) pairs that match.
	terms [][2]string
	// weight scales the score of passages matched only through prefixes
	// or terms: partBoost for a word's compound parts, 1 for prefix and
	// fuzzy words, 0 for field filters (they restrict, never rank).
	weight float64
	// positive is set unless the leaf is excluded (NOT): only positive
	// leaves rank and highlight.
	positive bool
	// per segment: the passages holding exact, those matched at all, the
	// expansion terms found there.
	exactSet, all []bitset
	expanded      [][][2]string
	// prank holds per segment √freq·norm of each passage holding phrase.
	prank [][]float32
	// df is the number of passages holding exact.
	df int
}

// enode is a compiled query: a leaf or an operator over kids.
type enode struct {
	op   nodeKind // nAnd, nOr, nNot, or nWord for a leaf
	leaf *leaf
	kids []*enode
	// excluded kids of an nAnd (matched, then subtracted).
	not []*enode
}

// compiler turns parsed queries into enodes.
type compiler struct {
	b      *builder
	r      index.IndexReader
	leaves []*leaf
	// segs are the segments searched, vocab their folded terms (read on
	// the first word that needs them).
	segs  []*segView
	vocab *words
}

// compile returns the engine's form of n, nil when n has nothing to search
// (stop words only), or ok false when bleve must answer (a reader that
// cannot look up fuzzy terms).
func (c *compiler) compile(n *node, positive bool) (e *enode, ok bool, err error) {
	switch n.kind {
	case nWord:
		ts := terms(c.b.stemmed, n.text)
		switch len(ts) {
		case 0:
			return nil, true, nil
		case 1:
		default: // "E-Mail", "z.B.": the pieces in order
			return c.phrase(n.text, positive), true, nil
		}
		l := &leaf{exact: ts[0], weight: partBoost}
		if utf8.RuneCountInString(ts[0]) >= minPartQuery {
			l.prefixes = [][2]string{{FieldFolded, ts[0]}}
			if c.vocab == nil {
				if c.vocab, err = c.b.x.vocab.sync(c.segs); err != nil {
					return nil, false, err
				}
			}
			for _, t := range c.vocab.parts(ts[0]) {
				l.terms = append(l.terms, [2]string{FieldFolded, t})
			}
		}
		return c.leaf(l, positive), true, nil
	case nPhrase:
		return c.phrase(n.text, positive), true, nil
	case nPrefix:
		ts := terms(c.b.folded, n.text)
		if len(ts) != 1 {
			return nil, false, invalid("%q: a prefix search needs a single word before the *", n.text+"*")
		}
		return c.leaf(&leaf{prefixes: [][2]string{{FieldFolded, ts[0]}}, weight: 1}, positive), true, nil
	case nFuzzy:
		return c.fuzzy(n, positive)
	case nField:
		return c.field(n, positive)
	case nNot:
		inner, ok, err := c.compile(n.kids[0], !positive)
		if inner == nil || !ok || err != nil {
			return nil, ok, err
		}
		return &enode{op: nNot, kids: []*enode{inner}}, true, nil
	}
	e = &enode{op: n.kind}
	for _, k := range n.kids {
		kk, excluded := k, false
		if n.kind == nAnd && k.kind == nNot {
			kk, excluded = k.kids[0], true
		}
		ke, ok, err := c.compile(kk, positive != excluded)
		if !ok || err != nil {
			return nil, ok, err
		}
		switch {
		case ke == nil:
		case excluded:
			e.not = append(e.not, ke)
		default:
			e.kids = append(e.kids, ke)
		}
	}
	if len(e.kids) == 0 && len(e.not) == 0 {
		return nil, true, nil
	}
	if len(e.kids) == 1 && len(e.not) == 0 {
		return e.kids[0], true, nil
	}
	return e, true, nil
}

// phrase compiles a phrase; nil for stop words only.
func (c *compiler) phrase(s string, positive bool) *enode {
	p := newPhrase(c.b.stemmed, s)
	if p == nil {
		return nil
	}
	return c.leaf(&leaf{phrase: p}, positive)
}

// hasExact reports whether l ranks passages by its own term or phrase.
func (l *leaf) hasExact() bool { return l.exact != "" || l.phrase != nil }

// ranks reports whether l adds to scores.
func (l *leaf) ranks() bool { return l.positive && (l.hasExact() || l.weight > 0) }

func (c *compiler) leaf(l *leaf, positive bool) *enode {
	l.positive = positive
	c.leaves = append(c.leaves, l)
	return &enode{op: nWord, leaf: l}
}

// fuzzy expands a fuzzy word to the folded terms within its edit distance.
func (c *compiler) fuzzy(n *node, positive bool) (*enode, bool, error) {
	ts := terms(c.b.folded, n.text)
	if len(ts) != 1 {
		return nil, false, invalid("%q: a fuzzy search needs a single word before the ~", n.text+"~")
	}
	fr, ok := c.r.(interface {
		FieldDictFuzzy(field, term string, fuzziness int, prefix string) (index.FieldDict, error)
	})
	if !ok {
		return nil, false, nil
	}
	d, err := fr.FieldDictFuzzy(FieldFolded, ts[0], fuzziness(ts[0], n.fuzz), "")
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = d.Close() }()
	l := &leaf{weight: 1}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, false, err
		}
		if e == nil {
			break
		}
		l.terms = append(l.terms, [2]string{FieldFolded, e.Term})
	}
	return c.leaf(l, positive), true, nil
}

// field compiles a field filter to the terms it matches.
func (c *compiler) field(n *node, positive bool) (*enode, bool, error) {
	found, err := c.b.x.fieldTerms(n)
	if err != nil {
		return nil, false, err
	}
	return c.leaf(&leaf{terms: found}, positive), true, nil
}

// filterLeaf is a clicked facet filter: any of values in field.
func (c *compiler) filterLeaf(field string, values []string) *enode {
	l := &leaf{}
	for _, v := range values {
		l.terms = append(l.terms, [2]string{field, v})
	}
	return c.leaf(l, true)
}

// match evaluates e on segment si, as a set of its passages.
func (e *enode) match(si int, v *segView, passages bitset) (bitset, error) {
	switch e.op {
	case nWord:
		return e.leaf.match(si, v)
	case nNot:
		inner, err := e.kids[0].match(si, v, passages)
		if err != nil {
			return nil, err
		}
		out := v.a.clone(passages)
		out.andNot(inner)
		return out, nil
	}
	var out bitset
	for i, k := range e.kids {
		m, err := k.match(si, v, passages)
		if err != nil {
			return nil, err
		}
		switch {
		case i == 0:
			out = m
		case e.op == nOr:
			out.or(m)
		default:
			out.and(m)
		}
	}
	if out == nil { // only exclusions
		out = v.a.clone(passages)
	}
	for _, k := range e.not {
		m, err := k.match(si, v, passages)
		if err != nil {
			return nil, err
		}
		out.andNot(m)
	}
	return out, nil
}

// match returns the passages of segment si the leaf matches, recording
// what ranking and highlighting need.
func (l *leaf) match(si int, v *segView) (bitset, error) {
	all := v.a.set(v.n)
	var exact bitset
	if l.phrase != nil {
		exact, l.prank[si] = v.a.set(v.n), v.a.scores(v.n)
		if err := v.matchPhrase(l.phrase, exact, l.prank[si]); err != nil {
			return nil, err
		}
		all.or(exact)
	}
	if l.exact != "" {
		exact = v.a.set(v.n)
		if err := v.orTerm(FieldText, l.exact, exact); err != nil {
			return nil, err
		}
		if v.deleted != nil {
			exact.andNot(v.deleted)
		}
		all.or(exact)
	}
	var expanded [][2]string
	for _, p := range l.prefixes {
		err := v.eachTermWithPrefix(p[0], p[1], func(t string) error {
			expanded = append(expanded, [2]string{p[0], t})
			return v.orTerm(p[0], t, all)
		})
		if err != nil {
			return nil, err
		}
	}
	for _, t := range l.terms {
		found, err := v.orTermFound(t[0], t[1], all)
		if err != nil {
			return nil, err
		}
		if found {
			expanded = append(expanded, t)
		}
	}
	l.exactSet[si], l.all[si], l.expanded[si] = exact, all, expanded
	return all, nil
}

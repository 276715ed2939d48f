package search

import (
	"fmt"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Phrases in the engine
//
// A phrase is its words' stems at their positions relative to the first
// (a stop word leaves a gap: "Leistung der Kunden" is leistung at 0, kund
// at 2), as bleve's match-phrase query analyses it. A passage matches when
// it holds every stem (the bitsets ANDed) and, checked through the term
// positions of those passages only, the stems stand at those distances
// somewhere. The number of such places is the phrase's frequency for
// ranking; fragments mark the words of each place, found by analysing the
// text again.

// phrase is a phrase's stems and their relative positions.
type phrase struct {
	terms []string
	offs  []int
}

// newPhrase analyses s with a (the stemmed analyzer); nil for stop words
// only.
func newPhrase(a analysis.Analyzer, s string) *phrase {
	toks := a.Analyze([]byte(s))
	if len(toks) == 0 {
		return nil
	}
	p := &phrase{}
	for _, t := range toks {
		p.terms = append(p.terms, string(t.Term))
		p.offs = append(p.offs, t.Position-toks[0].Position)
	}
	return p
}

// matchPhrase finds the passages of segment v holding the phrase, with
// √freq·norm of each (for ranking) in rank.
func (v *segView) matchPhrase(p *phrase, dst bitset, rank []float32) error {
	var cand bitset
	for i, t := range p.terms {
		set := v.a.set(v.n)
		if err := v.orTerm(FieldText, t, set); err != nil {
			return err
		}
		if i == 0 {
			cand = set
		} else {
			cand.and(set)
		}
	}
	if v.deleted != nil {
		cand.andNot(v.deleted)
	}
	its := make([]segment.PostingsIterator, len(p.terms))
	for i, t := range p.terms {
		it, err := v.postings(FieldText, t, true, true, false)
		if err != nil {
			return err
		}
		its[i] = it
	}
	pos := make([][]int, len(p.terms))
	var ferr error
	cand.each(func(doc uint32) {
		if ferr != nil {
			return
		}
		norm := 0.0
		for i, it := range its {
			post, err := it.Advance(uint64(doc))
			if err != nil || post == nil || post.Number() != uint64(doc) {
				ferr = fmt.Errorf("search index: positions of %q in passage %d: %v", p.terms[i], doc, err)
				return
			}
			norm = post.Norm()
			pos[i] = pos[i][:0]
			for _, l := range post.Locations() {
				pos[i] = append(pos[i], int(l.Pos()))
			}
			sort.Ints(pos[i])
		}
		if n := phraseCount(pos, p.offs); n > 0 {
			dst.set(doc)
			rank[doc] = float32(math.Sqrt(float64(n)) * norm)
		}
	})
	return ferr
}

// phraseCount returns the number of places where term i stands at
// position start+offs[i] for every i; pos[i] holds the positions of term
// i in increasing order.
func phraseCount(pos [][]int, offs []int) int {
	n := 0
	next := make([]int, len(pos)) // per term, the first position not yet passed
	for _, start := range pos[0] {
		ok := true
		for i := 1; i < len(pos) && ok; i++ {
			want := start + offs[i]
			for next[i] < len(pos[i]) && pos[i][next[i]] < want {
				next[i]++
			}
			ok = next[i] < len(pos[i]) && pos[i][next[i]] == want
		}
		if ok {
			n++
		}
	}
	return n
}

// phraseRanges returns the byte ranges of the words of every place in
// toks (the text analysed by the stemmed analyzer) where p stands.
func phraseRanges(p *phrase, toks analysis.TokenStream) [][2]int {
	byPos := make(map[int]*analysis.Token, len(toks))
	for _, t := range toks {
		byPos[t.Position] = t
	}
	var out [][2]int
	for _, t := range toks {
		if string(t.Term) != p.terms[0] {
			continue
		}
		var place [][2]int
		for i, term := range p.terms {
			u := byPos[t.Position+p.offs[i]]
			if u == nil || string(u.Term) != term {
				place = nil
				break
			}
			place = append(place, [2]int{u.Start, u.End})
		}
		out = append(out, place...)
	}
	return out
}

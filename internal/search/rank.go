package search

import (
	"container/heap"
	"math"
)

// Scores
//
// A positive leaf adds to a passage's score:
//
//   - 1 + idf²·√tf·norm when the passage holds the word itself (its stem),
//     tf-idf as bleve computes it, lifted by 1;
//   - weight·x/(1+x) with x = Σ √tf·norm over the expansion terms it holds
//     otherwise (compound parts, prefix and fuzzy expansions).
//
// The second is below weight, the first at least 1, so with partBoost a
// passage where a word stands on its own outranks every passage where it
// only occurs inside compounds, and passages of either kind keep their
// tf-idf order among themselves (TestIndex_SearchCompoundRanking).

// scoreSegment returns the scores of the passages in match of segment si.
// Expansion terms are scored only where needExpansion says so (see
// compiler.needExpansion).
func scoreSegment(si int, v *segView, match bitset, leaves []*leaf, total int, needExpansion []bool) ([]float32, error) {
	scores := v.a.scores(v.n)
	var x []float32
	for li, l := range leaves {
		if !l.ranks() {
			continue
		}
		idf := 1 + math.Log(float64(total)/float64(1+l.df))
		w := idf * idf
		if l.phrase != nil {
			cand := v.a.clone(match)
			cand.and(l.exactSet[si])
			cand.each(func(d uint32) { scores[d] += float32(1 + w*float64(l.prank[si][d])) })
		}
		if l.exact != "" {
			err := v.eachPosting(FieldText, l.exact, match, func(d uint32, tf uint64, norm float64) {
				scores[d] += float32(1 + w*math.Sqrt(float64(tf))*norm)
			})
			if err != nil {
				return nil, err
			}
		}
		if l.weight == 0 || len(l.expanded[si]) == 0 {
			continue
		}
		only := v.a.clone(match)
		only.and(l.all[si])
		if l.exactSet[si] != nil {
			only.andNot(l.exactSet[si])
		}
		if !needExpansion[li] {
			// Below every passage that holds the word itself, which
			// fill the page: any order will do.
			only.each(func(d uint32) { scores[d] += float32(l.weight / 2) })
			continue
		}
		if x == nil {
			x = v.a.scores(v.n)
		} else {
			clear(x)
		}
		for _, t := range l.expanded[si] {
			err := v.eachPosting(t[0], t[1], only, func(d uint32, tf uint64, norm float64) {
				x[d] += float32(math.Sqrt(float64(tf)) * norm)
			})
			if err != nil {
				return nil, err
			}
		}
		only.each(func(d uint32) { scores[d] += float32(l.weight * float64(x[d]) / (1 + float64(x[d]))) })
	}
	return scores, nil
}

// ranked is a passage with its score; seg and doc order ties.
type ranked struct {
	score float32
	seg   int
	doc   uint32
}

// before orders by score, then by position in the index.
func (a ranked) before(b ranked) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.doc < b.doc
}

// topK keeps the k first passages seen in the order less (nil: by
// score): a heap whose root is the last of them.
type topK struct {
	k     int
	less  func(a, b ranked) bool
	items []ranked
}

func (t *topK) Len() int           { return len(t.items) }
func (t *topK) Less(i, j int) bool { return t.first(t.items[j], t.items[i]) }
func (t *topK) Swap(i, j int)      { t.items[i], t.items[j] = t.items[j], t.items[i] }
func (t *topK) Push(x any)         { t.items = append(t.items, x.(ranked)) }
func (t *topK) Pop() any {
	x := t.items[len(t.items)-1]
	t.items = t.items[:len(t.items)-1]
	return x
}

// first reports whether a comes before b.
func (t *topK) first(a, b ranked) bool {
	if t.less != nil {
		return t.less(a, b)
	}
	return a.before(b)
}

// offer considers r.
func (t *topK) offer(r ranked) {
	if t.k == 0 {
		return
	}
	if len(t.items) < t.k {
		heap.Push(t, r)
		return
	}
	if t.first(r, t.items[0]) {
		t.items[0] = r
		heap.Fix(t, 0)
	}
}

// sorted returns the kept passages, best first.
func (t *topK) sorted() []ranked {
	out := make([]ranked, len(t.items))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(t).(ranked)
	}
	return out
}

package search

import (
	"runtime"
	"sync"
)

// segResult is what the engine works out for one segment.
type segResult struct {
	cols *segColumns
	// match holds the passages found; total counts them, passages counts
	// all live passages (for idf).
	match           bitset
	total, passages int
	// counts are the facet counts of match (when asked for).
	counts map[string]map[string]int
	// top holds the segment's best passages.
	top *topK
}

// find evaluates the query (root, nil for every passage) and the clicked
// filters on segment si.
func (r *segResult) find(x *Index, si int, v *segView, root *enode, filters []*enode) error {
	cols, err := x.columns.get(v)
	if err != nil {
		return err
	}
	r.cols = cols
	live := v.a.clone(cols.passages)
	if v.deleted != nil {
		live.andNot(v.deleted)
	}
	r.passages = live.count()
	m := v.a.clone(live)
	if root != nil {
		rm, err := root.match(si, v, live)
		if err != nil {
			return err
		}
		m.and(rm)
	}
	for _, f := range filters {
		fm, err := f.match(si, v, live)
		if err != nil {
			return err
		}
		m.and(fm)
	}
	r.match, r.total = m, m.count()
	return nil
}

// rank scores the segment's matches and keeps its best want, or with
// byDoc set its first want in document order (into sortCols[si]); with
// facets set it also counts them.
func (r *segResult) rank(si int, v *segView, leaves []*leaf, passages, want int, need []bool, facets bool,
	byDoc bool, sortCols []*sortColumn) error {
	if facets {
		r.counts = map[string]map[string]int{}
		r.cols.countInto(r.match, r.counts)
	}
	r.top = &topK{k: want}
	if want == 0 || r.total == 0 {
		return nil
	}
	if byDoc {
		sc, err := r.cols.sortColumn(v)
		if err != nil {
			return err
		}
		sortCols[si] = sc
		r.top.less = docOrder(sortCols)
		r.match.each(func(d uint32) { r.top.offer(ranked{0, si, d}) })
		return nil
	}
	cand := r.match
	if c := candidates(si, v, r.match, leaves, need); c != nil {
		cand = c
	}
	scores, err := scoreSegment(si, v, cand, leaves, passages, need)
	if err != nil {
		return err
	}
	cand.each(func(d uint32) { r.top.offer(ranked{scores[d], si, d}) })
	return nil
}

// candidates returns, when a single word ranks and the passages holding it
// as a word of their own fill the page, just those passages (every other
// match ranks below them); nil otherwise.
func candidates(si int, v *segView, match bitset, leaves []*leaf, need []bool) bitset {
	var only *leaf
	for li, l := range leaves {
		if !l.ranks() {
			continue
		}
		if only != nil || need[li] || !l.hasExact() {
			return nil
		}
		only = l
	}
	if only == nil {
		return nil
	}
	c := v.a.clone(match)
	c.and(only.exactSet[si])
	return c
}

// needExpansion reports per leaf whether its expansion terms must be
// scored: when more than one leaf ranks, or when the passages holding the
// word itself do not fill the first want places.
func (c *compiler) needExpansion(res []segResult, want int) []bool {
	need := make([]bool, len(c.leaves))
	ranking := 0
	for _, l := range c.leaves {
		if l.ranks() {
			ranking++
		}
	}
	for li, l := range c.leaves {
		if ranking > 1 || !l.hasExact() {
			need[li] = true
			continue
		}
		held := 0
		for si := range res {
			if l.exactSet[si] != nil {
				held += l.exactSet[si].andCount(res[si].match)
			}
		}
		need[li] = held < want
	}
	return need
}

// eachSegment runs f for segments 0 to n-1 on as many goroutines as
// there are processors, and returns the first error.
func eachSegment(n int, f func(si int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for si := 0; si < n; si++ {
			if err := f(si); err != nil {
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for si := range next {
				if err := f(si); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for si := 0; si < n; si++ {
		next <- si
	}
	close(next)
	wg.Wait()
	return first
}

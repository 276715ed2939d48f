package search

import (
	"math/bits"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/protocoder/protocoder/internal/qda"
)

// Facet columns
//
// bleve counts facets by reading each hit's doc values, about 2 µs a hit:
// 120 ms for the code facet of a word in 80,000 passages. Segments never
// change once written, so the facet fields of each segment are turned
// around once — per document the ordinals of its level, wave, case, role,
// kind and code labels — and a search counts its hits with array lookups.
// The columns are a cache of the segment, like the index is a cache of the
// store: built when a segment is first searched (or by Warm, which the app
// runs in the background after opening a project in the GUI), dropped when
// merges retire the segment.

// column is one facet field of a segment, turned around: the values of
// each document as ordinals into terms.
type column struct {
	terms []string
	// single holds ordinal+1 per document (0: no value) when no document
	// has two values; nil otherwise.
	single []uint32
	// off and vals hold the values of multi-valued fields: document d has
	// vals[off[d]:off[d+1]].
	off, vals []uint32
}

// segColumns are the facet columns of one segment.
type segColumns struct {
	// passages are the documents that are passages (the index also holds
	// an empty marker document, see purge).
	passages bitset
	cols     map[string]*column // by facet name
	// sort is the document order, read on the first search sorted by
	// document (see sortcols.go).
	sortOnce sync.Once
	sort     *sortColumn
	sortErr  error
}

// sortColumn returns the document order of v's passages.
func (sc *segColumns) sortColumn(v *segView) (*sortColumn, error) {
	sc.sortOnce.Do(func() { sc.sort, sc.sortErr = buildSortColumn(v, sc.passages) })
	return sc.sort, sc.sortErr
}

// buildColumns turns the facet fields of v around.
func buildColumns(v *segView) (*segColumns, error) {
	sc := &segColumns{passages: newBitset(v.n), cols: map[string]*column{}}
	for name, f := range facetFields {
		c, err := buildColumn(v, f.field)
		if err != nil {
			return nil, err
		}
		sc.cols[name] = c
	}
	if err := v.eachTermWithPrefix(FieldKind, "", func(t string) error {
		return v.orTerm(FieldKind, t, sc.passages)
	}); err != nil {
		return nil, err
	}
	return sc, nil
}

func buildColumn(v *segView, field string) (*column, error) {
	c := &column{}
	var docs [][]uint32
	counts := make([]uint32, v.n)
	multi := false
	err := v.eachTermWithPrefix(field, "", func(t string) error {
		set := newBitset(v.n)
		if err := v.orTerm(field, t, set); err != nil {
			return err
		}
		var ds []uint32
		set.each(func(d uint32) {
			ds = append(ds, d)
			counts[d]++
			multi = multi || counts[d] > 1
		})
		c.terms = append(c.terms, t)
		docs = append(docs, ds)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !multi {
		c.single = make([]uint32, v.n)
		for o, ds := range docs {
			for _, d := range ds {
				c.single[d] = uint32(o + 1)
			}
		}
		return c, nil
	}
	c.off = make([]uint32, v.n+1)
	for d, n := range counts {
		c.off[d+1] = c.off[d] + n
	}
	c.vals = make([]uint32, c.off[v.n])
	next := append([]uint32(nil), c.off[:v.n]...)
	for o, ds := range docs {
		for _, d := range ds {
			c.vals[next[d]] = uint32(o)
			next[d]++
		}
	}
	return c, nil
}

// countInto adds the facet values of the documents in m to counts, by
// facet name and value.
func (sc *segColumns) countInto(m bitset, counts map[string]map[string]int) {
	for name, c := range sc.cols {
		n := c.count(m)
		dst := counts[name]
		if dst == nil {
			dst = map[string]int{}
			counts[name] = dst
		}
		for o, k := range n {
			if k > 0 {
				dst[c.terms[o]] += k
			}
		}
	}
}

// count returns, per value, the number of documents in m that have it.
func (c *column) count(m bitset) []int {
	n := make([]int, len(c.terms)+1) // single: ordinal+1, so n[0] counts documents without a value
	for wi, w := range m {
		for w != 0 {
			d := wi<<6 + bits.TrailingZeros64(w)
			w &= w - 1
			if c.single != nil {
				n[c.single[d]]++
				continue
			}
			for _, o := range c.vals[c.off[d]:c.off[d+1]] {
				n[o+1]++
			}
		}
	}
	return n[1:]
}

// columnCache holds the columns of the segments searched lately.
type columnCache struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segColumns
}

// get returns the columns of v, building them when missing.
func (c *columnCache) get(v *segView) (*segColumns, error) {
	c.mu.Lock()
	sc := c.segs[v.seg]
	c.mu.Unlock()
	if sc != nil {
		return sc, nil
	}
	sc, err := buildColumns(v)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.segs == nil {
		c.segs = map[segment.Segment]*segColumns{}
	}
	c.segs[v.seg] = sc
	c.mu.Unlock()
	return sc, nil
}

// retain drops the columns of segments not in views (merged away).
func (c *columnCache) retain(views []*segView) {
	keep := make(map[segment.Segment]bool, len(views))
	for _, v := range views {
		keep[v.seg] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.segs {
		if !keep[s] {
			delete(c.segs, s)
		}
	}
}

// clear drops every column.
func (c *columnCache) clear() {
	c.mu.Lock()
	c.segs = nil
	c.mu.Unlock()
}

// Warm builds the facet columns of every segment and reads the folded
// terms for compound parts (vocab.go), so that the first search does not
// wait for them (about 0.15 s of one core at 10,000 protocols); without it
// the first search builds them. Errors are left to the searches to report.
func (x *Index) Warm() {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return
	}
	ir, err := x.idx.Advanced()
	if err != nil {
		return
	}
	r, err := ir.Reader()
	if err != nil {
		return
	}
	defer func() { _ = r.Close() }()
	segs, _ := snapshotSegments(r, &x.arenas)
	defer releaseSegments(segs, &x.arenas)
	for _, v := range segs {
		if _, err := x.columns.get(v); err != nil {
			return
		}
	}
	_, _ = x.vocab.sync(segs)
}

// facetList turns counts into the result's facets: per facet, most
// frequent value first (ties by value), cut at the facet's size. Every
// facet is present, empty when no hit has a value.
func facetList(counts map[string]map[string]int) map[string][]qda.FacetCount {
	out := make(map[string][]qda.FacetCount, len(facetFields))
	for name, f := range facetFields {
		list := make([]qda.FacetCount, 0, len(counts[name]))
		for v, n := range counts[name] {
			list = append(list, qda.FacetCount{Value: v, Count: n})
		}
		sortFacetCounts(list)
		if len(list) > f.size {
			list = list[:f.size]
		}
		out[name] = list
	}
	return out
}

package search

import (
	"fmt"
	"sort"
	"strconv"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Sorting by document
//
// bleve sorts by reading the sort fields' doc values of every hit, about a
// second for a frequent word at 10,000 protocols. The engine reads them
// once per segment, on the first search sorted by document, into a
// column: per passage the ordinals of its document name and document (in
// the order of their values, so that within a segment comparing ordinals
// is comparing values) and its start. Pages are then the first offset+limit
// of each segment by those keys, merged across segments by the values.

// sortColumn is the document order of one segment's passages.
type sortColumn struct {
	names, docs []string // distinct values, sorted
	name, doc   []uint32 // per passage: ordinal into names, docs
	start       []int32
}

// buildSortColumn reads the sort keys of every passage of v from its doc
// values.
func buildSortColumn(v *segView, passages bitset) (*sortColumn, error) {
	dv, ok := v.seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("search index: segment has no doc values")
	}
	names, docs := make([]string, v.n), make([]string, v.n)
	c := &sortColumn{start: make([]int32, v.n)}
	fields := []string{FieldDocName, FieldDocument, FieldStart}
	var state segment.DocVisitState
	var err error
	passages.each(func(d uint32) {
		if err != nil {
			return
		}
		state, err = dv.VisitDocValues(uint64(d), fields, func(field string, term []byte) {
			switch field {
			case FieldDocName:
				names[d] = string(term)
			case FieldDocument:
				docs[d] = string(term)
			case FieldStart:
				if i, e := strconv.Atoi(string(term)); e == nil {
					c.start[d] = int32(i)
				}
			}
		}, state)
	})
	if err != nil {
		return nil, fmt.Errorf("search index: sort values: %w", err)
	}
	c.names, c.name = ordinals(names)
	c.docs, c.doc = ordinals(docs)
	return c, nil
}

// ordinals returns the distinct values of vs, sorted, and each value's
// position among them.
func ordinals(vs []string) ([]string, []uint32) {
	seen := map[string]bool{}
	var distinct []string
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			distinct = append(distinct, v)
		}
	}
	sort.Strings(distinct)
	ord := make(map[string]uint32, len(distinct))
	for i, v := range distinct {
		ord[v] = uint32(i)
	}
	out := make([]uint32, len(vs))
	for i, v := range vs {
		out[i] = ord[v]
	}
	return distinct, out
}

// before orders passages a and b of this segment by document name,
// document and start.
func (c *sortColumn) before(a, b uint32) bool {
	if c.name[a] != c.name[b] {
		return c.name[a] < c.name[b]
	}
	if c.doc[a] != c.doc[b] {
		return c.doc[a] < c.doc[b]
	}
	if c.start[a] != c.start[b] {
		return c.start[a] < c.start[b]
	}
	return a < b
}

// docOrder orders passages of any segments by document name, document and
// start (then by position in the index).
func docOrder(cols []*sortColumn) func(a, b ranked) bool {
	return func(a, b ranked) bool {
		ca, cb := cols[a.seg], cols[b.seg]
		if a.seg == b.seg {
			return ca.before(a.doc, b.doc)
		}
		if na, nb := ca.names[ca.name[a.doc]], cb.names[cb.name[b.doc]]; na != nb {
			return na < nb
		}
		if da, db := ca.docs[ca.doc[a.doc]], cb.docs[cb.doc[b.doc]]; da != db {
			return da < db
		}
		if ca.start[a.doc] != cb.start[b.doc] {
			return ca.start[a.doc] < cb.start[b.doc]
		}
		return a.seg < b.seg
	}
}

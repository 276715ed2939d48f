package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// segView is one segment of an index snapshot as a query reads it: its
// term dictionaries and posting lists, through the segment API that bleve's
// own searchers use. Document numbers are the segment's own (0 to n-1).
type segView struct {
	seg segment.Segment
	// n is the number of document numbers, deleted ones included.
	n int
	// deleted holds the documents replaced or removed since the segment
	// was written (nil for none).
	deleted bitset
	dicts   map[string]segment.TermDictionary
	pl      segment.PostingsList
	it      segment.PostingsIterator
	buf     []uint32
	tmp     bitset
	// a holds the search's scratch memory for this segment.
	a *arena
}

// snapshotSegments returns the segments of r with scratch memory from
// pool (give it back with releaseSegments), or false when r is not a
// scorch snapshot (the caller then searches through bleve's searchers).
func snapshotSegments(r index.IndexReader, pool *arenas) ([]*segView, bool) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false
	}
	var out []*segView
	for _, ss := range snap.Segments() {
		v := &segView{seg: ss.Segment(), n: int(ss.Segment().Count()), dicts: map[string]segment.TermDictionary{},
			buf: make([]uint32, 256), a: pool.get()}
		if d := ss.Deleted(); d != nil && !d.IsEmpty() {
			v.deleted = v.a.set(v.n)
			v.deleted.orRoaring(d, v.buf, nil)
		}
		out = append(out, v)
	}
	return out, true
}

// releaseSegments gives the segments' scratch memory back to pool.
func releaseSegments(segs []*segView, pool *arenas) {
	for _, v := range segs {
		pool.put(v.a)
		v.a = nil
	}
}

// dict returns the term dictionary of field.
func (v *segView) dict(field string) (segment.TermDictionary, error) {
	if d, ok := v.dicts[field]; ok {
		return d, nil
	}
	d, err := v.seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("search index: dictionary %s: %w", field, err)
	}
	v.dicts[field] = d
	return d, nil
}

// postings returns an iterator over the postings of term in field, with
// frequencies and norms (and positions) when asked. A shared iterator
// reuses the view's memory: only one is in use at a time.
func (v *segView) postings(field, term string, freqNorm, locs, shared bool) (segment.PostingsIterator, error) {
	d, err := v.dict(field)
	if err != nil {
		return nil, err
	}
	if !shared {
		pl, err := d.PostingsList([]byte(term), nil, nil)
		if err != nil {
			return nil, fmt.Errorf("search index: postings of %q: %w", term, err)
		}
		return pl.Iterator(freqNorm, freqNorm, locs, nil), nil
	}
	pl, err := d.PostingsList([]byte(term), nil, v.pl)
	if err != nil {
		return nil, fmt.Errorf("search index: postings of %q: %w", term, err)
	}
	v.pl = pl
	v.it = pl.Iterator(freqNorm, freqNorm, locs, v.it)
	return v.it, nil
}

// orTerm adds the documents holding term in field to dst.
func (v *segView) orTerm(field, term string, dst bitset) error {
	_, err := v.orTermFound(field, term, dst)
	return err
}

// orTermFound is orTerm, reporting whether any document holds term.
func (v *segView) orTermFound(field, term string, dst bitset) (bool, error) {
	it, err := v.postings(field, term, false, false, true)
	if err != nil {
		return false, err
	}
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			if v.tmp == nil {
				v.tmp = v.a.set(v.n)
			}
			dst.orRoaring(bm, v.buf, v.tmp)
			return !bm.IsEmpty(), nil
		}
		if n, ok := o.DocNum1Hit(); ok {
			dst.set(uint32(n))
			return true, nil
		}
	}
	found := false
	err = drain(it, term, func(p segment.Posting) {
		found = true
		dst.set(uint32(p.Number()))
	})
	return found, err
}

// eachPosting calls f with the document number, frequency and norm of
// every posting of term in field whose document is in keep.
func (v *segView) eachPosting(field, term string, keep bitset, f func(doc uint32, freq uint64, norm float64)) error {
	it, err := v.postings(field, term, true, false, true)
	if err != nil {
		return err
	}
	return drain(it, term, func(p segment.Posting) {
		if d := uint32(p.Number()); keep.has(d) {
			f(d, p.Frequency(), p.Norm())
		}
	})
}

// drain calls f with every posting left in it (the postings of term).
func drain(it segment.PostingsIterator, term string, f func(segment.Posting)) error {
	for {
		p, err := it.Next()
		if err != nil {
			return fmt.Errorf("search index: postings of %q: %w", term, err)
		}
		if p == nil {
			return nil
		}
		f(p)
	}
}

// countOmitter is the zap dictionary's cheaper term iteration, which skips
// reading each term's posting list to count it.
type countOmitter interface {
	AutomatonIteratorOmitCount(a segment.Automaton, start, end []byte) segment.DictionaryIterator
}

// eachTermWithPrefix calls f with every term of field that starts with
// prefix (every term for an empty prefix), in order.
func (v *segView) eachTermWithPrefix(field, prefix string, f func(term string) error) error {
	d, err := v.dict(field)
	if err != nil {
		return err
	}
	var start, end []byte
	if prefix != "" {
		start, end = []byte(prefix), prefixEnd([]byte(prefix))
	}
	var it segment.DictionaryIterator
	if o, ok := d.(countOmitter); ok {
		it = o.AutomatonIteratorOmitCount(nil, start, end)
	} else {
		it = d.AutomatonIterator(nil, start, end)
	}
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("search index: terms of %s: %w", field, err)
		}
		if e == nil {
			return nil
		}
		if err := f(e.Term); err != nil {
			return err
		}
	}
}

// prefixEnd returns the first key after every key starting with p (nil
// when there is none: p is all 0xff).
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

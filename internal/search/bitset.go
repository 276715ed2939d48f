package search

import (
	"math/bits"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// bitset is a dense set of a segment's document numbers. A segment holds
// some tens of thousands of passages, so a set costs a few kilobytes and
// the set operations of a query are word-wise loops: cheaper than the
// array merges of roaring unions over hundreds of posting lists (the cost
// that dominated prefix-heavy queries, see docs/search.md).
type bitset []uint64

// newBitset returns an empty set for document numbers below n.
func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

// set adds i.
func (b bitset) set(i uint32) { b[i>>6] |= 1 << (i & 63) }

// has reports whether i is in the set.
func (b bitset) has(i uint32) bool { return int(i>>6) < len(b) && b[i>>6]&(1<<(i&63)) != 0 }

// denseFrom is the cardinality from which orRoaring copies a posting list
// densely: lists that long hold bitmap containers, which roaring copies
// word by word instead of visiting their members one by one.
const denseFrom = 4096

// orRoaring adds the members of r, which must all be below the set's
// size. tmp (of the set's size, or nil) is scratch space for long lists.
func (b bitset) orRoaring(r *roaring.Bitmap, buf []uint32, tmp bitset) {
	if tmp != nil && len(tmp) == len(b) && r.GetCardinality() >= denseFrom {
		clear(tmp)
		r.WriteDenseTo(tmp) // copies bitmap containers, ORs the others
		b.or(tmp)
		return
	}
	it := r.ManyIterator()
	for {
		n := it.NextMany(buf)
		if n == 0 {
			return
		}
		for _, i := range buf[:n] {
			if int(i>>6) < len(b) {
				b[i>>6] |= 1 << (i & 63)
			}
		}
	}
}

// or adds the members of o.
func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

// and keeps the members that are also in o.
func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

// andNot removes the members of o.
func (b bitset) andNot(o bitset) {
	for i := range b {
		b[i] &^= o[i]
	}
}

// count returns the number of members.
func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// andCount returns the number of members also in o.
func (b bitset) andCount(o bitset) int {
	n := 0
	for i, w := range b {
		n += bits.OnesCount64(w & o[i])
	}
	return n
}

// each calls f with every member, in increasing order.
func (b bitset) each(f func(i uint32)) {
	for wi, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			f(uint32(wi<<6 + t))
			w &= w - 1
		}
	}
}

// arena hands out the scratch sets and score arrays of one segment's part
// of a search from memory kept between searches. Fresh memory is costly
// here: every new page is a page fault, and at 10,000 protocols a search
// that allocated its sets and scores anew touched ~550 new pages (2 MB),
// a third of its time on this 2-core machine. An arena is used by one
// goroutine at a time; what it hands out is valid until reset.
type arena struct {
	words  []uint64
	floats []float32
	wi, fi int
}

// set returns an empty set for document numbers below n.
func (a *arena) set(n int) bitset {
	w := (n + 63) / 64
	if a.wi+w > len(a.words) { // a new block; sets handed out keep the old one
		a.words, a.wi = make([]uint64, max(2*len(a.words), 8*w)), 0
	}
	b := bitset(a.words[a.wi : a.wi+w : a.wi+w])
	a.wi += w
	clear(b)
	return b
}

// clone returns a copy of b.
func (a *arena) clone(b bitset) bitset {
	c := a.set(len(b) * 64)
	copy(c, b)
	return c
}

// scores returns n zeroed scores.
func (a *arena) scores(n int) []float32 {
	if a.fi+n > len(a.floats) {
		a.floats, a.fi = make([]float32, max(2*len(a.floats), 2*n)), 0
	}
	f := a.floats[a.fi : a.fi+n : a.fi+n]
	a.fi += n
	clear(f)
	return f
}

// reset takes back everything handed out.
func (a *arena) reset() { a.wi, a.fi = 0, 0 }

// arenas keeps arenas between searches.
type arenas struct {
	mu   sync.Mutex
	free []*arena
}

// maxFreeArenas bounds the arenas kept (one per segment is used at once).
const maxFreeArenas = 64

func (p *arenas) get() *arena {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		a := p.free[n-1]
		p.free = p.free[:n-1]
		return a
	}
	return &arena{}
}

func (p *arenas) put(a *arena) {
	a.reset()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < maxFreeArenas {
		p.free = append(p.free, a)
	}
}

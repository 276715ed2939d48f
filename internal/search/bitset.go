package search

import (
	"math/bits"

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

// clone returns a copy.
func (b bitset) clone() bitset { return append(bitset(nil), b...) }

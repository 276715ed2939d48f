package readmodel

import (
	"hash/maphash"
	"iter"
)

// Map is a map that is never changed once it is handed out: Edit returns
// a builder of a new Map that shares every part the edit leaves alone
// with the old one. The metadata cache hands its maps to readers that may
// keep them while the next command is applied; copying a whole map for
// each command (an import adds an interview and a document) made every
// command's cost grow with the project (two maps of 10,000 entries copied
// per protocol at 10,000 protocols). A Map is split into mapParts parts
// by the hash of the key, and an edit copies only the parts it changes.
//
// The zero Map (and a nil *Map) is empty.
type Map[K comparable, V any] struct {
	parts *[mapParts]map[K]V
	seed  maphash.Seed
	n     int
}

// mapParts is the number of parts of a Map: at 100,000 entries an edit
// of one key copies about 400 of them.
const mapParts = 256

// Len returns the number of entries.
func (m *Map[K, V]) Len() int {
	if m == nil {
		return 0
	}
	return m.n
}

// Get returns the value of k, the zero value if there is none.
func (m *Map[K, V]) Get(k K) V {
	v, _ := m.Lookup(k)
	return v
}

// Lookup returns the value of k and whether there is one.
func (m *Map[K, V]) Lookup(k K) (V, bool) {
	if m == nil || m.parts == nil {
		var zero V
		return zero, false
	}
	v, ok := m.parts[m.part(k)][k]
	return v, ok
}

// All iterates over the entries in no particular order.
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		if m == nil || m.parts == nil {
			return
		}
		for _, p := range m.parts {
			for k, v := range p {
				if !yield(k, v) {
					return
				}
			}
		}
	}
}

func (m *Map[K, V]) part(k K) int {
	return int(maphash.Comparable(m.seed, k) % mapParts)
}

// Edit returns a builder of a Map that starts as m; m itself does not
// change.
func (m *Map[K, V]) Edit() *MapEdit[K, V] {
	out := &Map[K, V]{parts: &[mapParts]map[K]V{}}
	if m != nil && m.parts != nil {
		*out.parts, out.seed, out.n = *m.parts, m.seed, m.n
	} else {
		out.seed = maphash.MakeSeed()
	}
	return &MapEdit[K, V]{m: out}
}

// MapEdit builds a Map from another: it copies a part the first time it
// changes it.
type MapEdit[K comparable, V any] struct {
	m     *Map[K, V]
	owned [mapParts]bool
}

// own returns k's part, copied if the edit has not copied it yet.
func (e *MapEdit[K, V]) own(k K) map[K]V {
	i := e.m.part(k)
	if !e.owned[i] {
		old := e.m.parts[i]
		p := make(map[K]V, len(old)+1)
		for k, v := range old {
			p[k] = v
		}
		e.m.parts[i], e.owned[i] = p, true
	}
	return e.m.parts[i]
}

// Get returns the value of k in the Map being built.
func (e *MapEdit[K, V]) Get(k K) V { return e.m.Get(k) }

// Set sets k to v.
func (e *MapEdit[K, V]) Set(k K, v V) {
	p := e.own(k)
	if _, ok := p[k]; !ok {
		e.m.n++
	}
	p[k] = v
}

// Delete removes k.
func (e *MapEdit[K, V]) Delete(k K) {
	if _, ok := e.m.Lookup(k); !ok {
		return
	}
	delete(e.own(k), k)
	e.m.n--
}

// Map returns the Map built; the edit must not be used after.
func (e *MapEdit[K, V]) Map() *Map[K, V] {
	m := e.m
	e.m = nil
	return m
}

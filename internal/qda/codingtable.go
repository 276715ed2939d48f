package qda

import (
	"cmp"
	"slices"
)

// CodingTable is an in-memory table of every coding's references (GUID,
// document, code, coder, range; no time, no memo), grouped by code, each
// group ordered by document, start and GUID. It answers counting (matrix,
// status bar) and the candidates of a retrieval without reading codings
// from the store. A table never changes: Edit returns a new one that shares
// the groups of unchanged codes, so a reader may keep using the table it
// got while the project moves on.
type CodingTable struct {
	byCode map[GUID][]CodingRef
	total  int
}

// NewCodingTable builds a table of refs (copied; refs may be reused).
func NewCodingTable(refs []CodingRef) *CodingTable {
	n := map[GUID]int{}
	for i := range refs {
		n[refs[i].Code]++
	}
	t := &CodingTable{byCode: make(map[GUID][]CodingRef, len(n)), total: len(refs)}
	for code, k := range n {
		t.byCode[code] = make([]CodingRef, 0, k)
	}
	for _, r := range refs {
		t.byCode[r.Code] = append(t.byCode[r.Code], r)
	}
	for _, g := range t.byCode {
		slices.SortFunc(g, compareRefs)
	}
	return t
}

// compareRefs orders refs by document, start and GUID.
func compareRefs(a, b CodingRef) int {
	if c := cmp.Compare(a.Document, b.Document); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.GUID, b.GUID)
}

// Len is the number of codings.
func (t *CodingTable) Len() int { return t.total }

// OfCode returns the codings of one code, by document, start and GUID.
// The slice must not be changed.
func (t *CodingTable) OfCode(code GUID) []CodingRef { return t.byCode[code] }

// Each calls fn with every coding, code by code (in no fixed order of
// codes). fn must not change the ref.
func (t *CodingTable) Each(fn func(*CodingRef)) {
	for _, g := range t.byCode {
		for i := range g {
			fn(&g[i])
		}
	}
}

// CountsByCode returns the number of codings per code.
func (t *CodingTable) CountsByCode() map[GUID]int {
	out := make(map[GUID]int, len(t.byCode))
	for code, g := range t.byCode {
		out[code] = len(g)
	}
	return out
}

// Edit returns the table with the codings in remove taken out (each
// looked for in the groups of the codes it maps to: a coding's codes
// before the change) and the refs in add put in (a coding both removed
// and added is replaced). t stays as it was.
func (t *CodingTable) Edit(remove map[GUID][]GUID, add []CodingRef) *CodingTable {
	n := &CodingTable{byCode: make(map[GUID][]CodingRef, len(t.byCode)+1), total: t.total}
	for code, g := range t.byCode {
		n.byCode[code] = g
	}
	gone := map[GUID]map[GUID]bool{} // code → codings to take out
	for id, codes := range remove {
		for _, code := range codes {
			if gone[code] == nil {
				gone[code] = map[GUID]bool{}
			}
			gone[code][id] = true
		}
	}
	added := map[GUID][]CodingRef{}
	for _, r := range add {
		added[r.Code] = append(added[r.Code], r)
	}
	for code := range mergeKeys(gone, added) {
		old := n.byCode[code]
		g := make([]CodingRef, 0, len(old)+len(added[code]))
		for _, r := range old {
			if gone[code][r.GUID] {
				continue
			}
			g = append(g, r)
		}
		n.total -= len(old) - len(g)
		if len(added[code]) > 0 {
			g = append(g, added[code]...)
			n.total += len(added[code])
			slices.SortFunc(g, compareRefs)
		}
		if len(g) == 0 {
			delete(n.byCode, code)
		} else {
			n.byCode[code] = g
		}
	}
	return n
}

// mergeKeys returns the keys of both maps.
func mergeKeys[V, W any](a map[GUID]V, b map[GUID]W) map[GUID]bool {
	out := make(map[GUID]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

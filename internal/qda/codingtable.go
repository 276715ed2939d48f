package qda

import (
	"cmp"
	"slices"
)

// CodingTable is an in-memory table of every coding's references (GUID,
// document, code, coder, range, and the stamp: time, origin, whether
// there is a memo; not the memo itself), grouped by code, each
// group ordered by document, start and GUID. It answers counting (matrix,
// status bar) and the candidates of a retrieval without reading codings
// from the store. A table never changes: Edit returns a new one that shares
// the groups of unchanged codes, so a reader may keep using the table it
// got while the project moves on.
//
// Beside each group the table keeps every coding's document number: the
// document's place in Docs, numbered when the table was built, so that
// counting looks a document up once, not once per coding. A document met
// only by an Edit has the number -1 (look it up by GUID).
type CodingTable struct {
	byCode map[GUID][]CodingRef
	nums   map[GUID][]int32 // per code, parallel to byCode
	docs   []GUID           // document number → GUID; never changed after NewCodingTable
	docNum map[GUID]int32   // GUID → document number; never changed after NewCodingTable
	total  int
}

// NewCodingTable builds a table of refs (copied; refs may be reused).
func NewCodingTable(refs []CodingRef) *CodingTable {
	n := map[GUID]int{}
	for i := range refs {
		n[refs[i].Code]++
	}
	b := NewCodingTableBuilder(n)
	for i := range refs {
		b.Add(&refs[i])
	}
	return b.Table()
}

// CodingTableBuilder builds a table ref by ref into groups sized
// beforehand, so that hundreds of thousands of refs are copied once (a
// slice of them all, grown as they come, was most of a table's building).
type CodingTableBuilder struct {
	t *CodingTable
}

// NewCodingTableBuilder returns a builder for about sizes[code] refs of
// each code (a code not in sizes, or with more refs, is grown as needed).
func NewCodingTableBuilder(sizes map[GUID]int) *CodingTableBuilder {
	t := &CodingTable{byCode: make(map[GUID][]CodingRef, len(sizes)), nums: make(map[GUID][]int32, len(sizes)),
		docNum: map[GUID]int32{}}
	for code, k := range sizes {
		if k > 0 {
			t.byCode[code] = make([]CodingRef, 0, k)
		}
	}
	return &CodingTableBuilder{t: t}
}

// Add copies r into the table.
func (b *CodingTableBuilder) Add(r *CodingRef) {
	t := b.t
	t.byCode[r.Code] = append(t.byCode[r.Code], *r)
	t.total++
	if _, ok := t.docNum[r.Document]; !ok {
		t.docNum[r.Document] = int32(len(t.docs))
		t.docs = append(t.docs, r.Document)
	}
}

// Table sorts the groups and returns the table; the builder must not be
// used after.
func (b *CodingTableBuilder) Table() *CodingTable {
	t := b.t
	b.t = nil
	for code, g := range t.byCode {
		if len(g) == 0 {
			delete(t.byCode, code)
			continue
		}
		slices.SortFunc(g, compareRefs)
		t.nums[code] = t.numbers(g, make([]int32, 0, len(g)))
	}
	return t
}

// numbers appends the document number of every ref of g to out.
func (t *CodingTable) numbers(g []CodingRef, out []int32) []int32 {
	for i := range g {
		out = append(out, t.docNumber(g[i].Document))
	}
	return out
}

// docNumber is a document's number, -1 for one unknown when the table was
// built.
func (t *CodingTable) docNumber(doc GUID) int32 {
	if n, ok := t.docNum[doc]; ok {
		return n
	}
	return -1
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

// DocNumbers returns, parallel to OfCode(code), each coding's document
// number: an index into Docs, or -1 for a document the table did not know
// when it was built. The slice must not be changed.
func (t *CodingTable) DocNumbers(code GUID) []int32 { return t.nums[code] }

// Docs returns the documents by number. The slice must not be changed.
func (t *CodingTable) Docs() []GUID { return t.docs }

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
	n := &CodingTable{byCode: make(map[GUID][]CodingRef, len(t.byCode)+1), nums: make(map[GUID][]int32, len(t.nums)+1),
		docs: t.docs, docNum: t.docNum, total: t.total}
	for code, g := range t.byCode {
		n.byCode[code], n.nums[code] = g, t.nums[code]
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
		old, oldNums := n.byCode[code], n.nums[code]
		g := make([]CodingRef, 0, len(old)+len(added[code]))
		nums := make([]int32, 0, cap(g))
		for i, r := range old {
			if gone[code][r.GUID] {
				continue
			}
			g, nums = append(g, r), append(nums, oldNums[i])
		}
		n.total -= len(old) - len(g)
		// The few refs added go in at their places; the group stays sorted.
		for _, r := range added[code] {
			i, _ := slices.BinarySearchFunc(g, r, compareRefs)
			g, nums = slices.Insert(g, i, r), slices.Insert(nums, i, n.docNumber(r.Document))
			n.total++
		}
		if len(g) == 0 {
			delete(n.byCode, code)
			delete(n.nums, code)
		} else {
			n.byCode[code], n.nums[code] = g, nums
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

// DocNumber returns a document's number (an index into Docs), -1 for one
// the table did not know when it was built.
func (t *CodingTable) DocNumber(doc GUID) int32 { return t.docNumber(doc) }

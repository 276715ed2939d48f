package coding

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// TestSortRetrieved_Order checks both ways of ordering (whole documents
// moved for the refs of one code in the table's order, a keyed sort for
// anything else) against Retrieve's order spelled out.
func TestSortRetrieved_Order(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	docs := map[qda.GUID]*qda.Document{}
	for i := range 40 {
		id := qda.GUID(fmt.Sprintf("d%02d", i))
		docs[id] = &qda.Document{GUID: id, Name: fmt.Sprintf("Protokoll %d", rng.IntN(15))} // names repeat
	}
	codes := map[qda.GUID]*qda.Code{"A": {GUID: "A", Name: "Zweites"}, "B": {GUID: "B", Name: "Erstes"}}
	want := func(refs []qda.CodingRef) []qda.CodingRef {
		out := slices.Clone(refs)
		slices.SortFunc(out, func(a, b qda.CodingRef) int {
			da, db := docs[a.Document], docs[b.Document]
			return cmp.Or(cmp.Compare(da.Name, db.Name), cmp.Compare(da.GUID, db.GUID), cmp.Compare(a.Start, b.Start),
				cmp.Compare(codes[a.Code].Name, codes[b.Code].Name), cmp.Compare(a.GUID, b.GUID))
		})
		return out
	}
	gen := func(codesOf []qda.GUID) []qda.CodingRef {
		var refs []qda.CodingRef
		for i := range 500 {
			refs = append(refs, qda.CodingRef{GUID: qda.GUID(fmt.Sprintf("c%03d", i)), Document: qda.GUID(fmt.Sprintf("d%02d", rng.IntN(40))),
				Code: codesOf[rng.IntN(len(codesOf))], Range: qda.Range{Start: rng.IntN(30), End: 40}})
		}
		return refs
	}
	tableOrder := func(refs []qda.CodingRef) []qda.CodingRef {
		return qda.NewCodingTable(slices.Clone(refs)).OfCode(refs[0].Code)
	}
	for _, tc := range []struct {
		name string
		refs []qda.CodingRef
	}{
		{"one code in the table's order", tableOrder(gen([]qda.GUID{"A"}))},
		{"one code shuffled", gen([]qda.GUID{"A"})},
		{"two codes", gen([]qda.GUID{"A", "B"})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Clone(tc.refs)
			sortRetrieved(got, ranks(docs), codes)
			if w := want(tc.refs); !slices.Equal(got, w) {
				t.Errorf("order differs from Retrieve's at %d", firstDiff(got, w))
			}
		})
	}
}

func firstDiff(a, b []qda.CodingRef) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// ranks ranks docs by name and GUID, as DocumentRanksOf does.
func ranks(docs map[qda.GUID]*qda.Document) map[qda.GUID]int {
	ds := make([]*qda.Document, 0, len(docs))
	for _, d := range docs {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *qda.Document) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.GUID, b.GUID)) })
	out := map[qda.GUID]int{}
	for i, d := range ds {
		out[d.GUID] = i
	}
	return out
}

package qda

import (
	"fmt"
	"slices"
	"testing"
)

func ref(id, doc, code string, start int) CodingRef {
	return CodingRef{GUID: GUID(id), Document: GUID(doc), Code: GUID(code), Coder: "u", Range: Range{Start: start, End: start + 1}}
}

// guids lists the GUIDs of a code's group in the table's order.
func guids(t *CodingTable, code GUID) []string {
	var out []string
	for _, r := range t.OfCode(code) {
		out = append(out, string(r.GUID))
	}
	return out
}

func TestCodingTable_Edit(t *testing.T) {
	base := NewCodingTable([]CodingRef{ref("c1", "d2", "A", 5), ref("c2", "d1", "A", 9), ref("c3", "d1", "A", 1), ref("c4", "d1", "B", 0)})
	tests := []struct {
		name   string
		remove map[GUID][]GUID
		add    []CodingRef
		wantA  []string
		wantB  []string
		total  int
	}{
		{"nothing", nil, nil, []string{"c3", "c2", "c1"}, []string{"c4"}, 4},
		{"add keeps the order", nil, []CodingRef{ref("c5", "d1", "A", 3)}, []string{"c3", "c5", "c2", "c1"}, []string{"c4"}, 5},
		{"remove", map[GUID][]GUID{"c2": {"A"}}, nil, []string{"c3", "c1"}, []string{"c4"}, 3},
		{"recode moves to the other group", map[GUID][]GUID{"c4": {"B"}}, []CodingRef{ref("c4", "d1", "A", 0)}, []string{"c4", "c3", "c2", "c1"}, nil, 4},
		{"resize stays in place", map[GUID][]GUID{"c1": {"A"}}, []CodingRef{ref("c1", "d0", "A", 0)}, []string{"c1", "c3", "c2"}, []string{"c4"}, 4},
		{"remove of a coding not there", map[GUID][]GUID{"zz": {"A"}}, nil, []string{"c3", "c2", "c1"}, []string{"c4"}, 4},
		{"created here, gone by now", map[GUID][]GUID{"c9": nil}, nil, []string{"c3", "c2", "c1"}, []string{"c4"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := base.Edit(tt.remove, tt.add)
			if a := guids(got, "A"); !slices.Equal(a, tt.wantA) {
				t.Errorf("A = %v, want %v", a, tt.wantA)
			}
			if b := guids(got, "B"); !slices.Equal(b, tt.wantB) {
				t.Errorf("B = %v, want %v", b, tt.wantB)
			}
			if got.Len() != tt.total {
				t.Errorf("Len = %d, want %d", got.Len(), tt.total)
			}
			n := 0
			got.Each(func(*CodingRef) { n++ })
			if n != got.Len() {
				t.Errorf("Each saw %d, Len %d", n, got.Len())
			}
			if a := guids(base, "A"); !slices.Equal(a, []string{"c3", "c2", "c1"}) || base.Len() != 4 {
				t.Errorf("the old table changed: A = %v, Len %d", a, base.Len())
			}
		})
	}
}

func TestCodingTable_CountsByCode(t *testing.T) {
	var refs []CodingRef
	for i := range 10 {
		refs = append(refs, ref(fmt.Sprint("c", i), "d", []string{"A", "B"}[i%2], i))
	}
	got := NewCodingTable(refs).CountsByCode()
	if len(got) != 2 || got["A"] != 5 || got["B"] != 5 {
		t.Errorf("CountsByCode = %v", got)
	}
}

func TestCodingTable_DocNumbers(t *testing.T) {
	base := NewCodingTable([]CodingRef{ref("c1", "d2", "A", 5), ref("c2", "d1", "A", 9), ref("c3", "d1", "B", 1)})
	tests := []struct {
		name   string
		remove map[GUID][]GUID
		add    []CodingRef
	}{
		{"as built", nil, nil},
		{"a coding added in a known document", nil, []CodingRef{ref("c4", "d2", "B", 0)}},
		{"a coding added in a new document", nil, []CodingRef{ref("c5", "d9", "A", 0)}},
		{"a coding removed", map[GUID][]GUID{"c1": {"A"}}, nil},
		{"a coding recoded", map[GUID][]GUID{"c3": {"B"}}, []CodingRef{ref("c3", "d1", "A", 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := base.Edit(tt.remove, tt.add)
			for _, code := range []GUID{"A", "B"} {
				refs, nums := got.OfCode(code), got.DocNumbers(code)
				if len(nums) != len(refs) {
					t.Fatalf("%s: %d numbers for %d codings", code, len(nums), len(refs))
				}
				for i, r := range refs {
					want := int32(slices.Index(got.Docs(), r.Document))
					if nums[i] != want {
						t.Errorf("%s: coding %s in %s has number %d, want %d", code, r.GUID, r.Document, nums[i], want)
					}
				}
			}
		})
	}
}

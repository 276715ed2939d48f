package search

import (
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/protocoder/protocoder/internal/qda"
)

// segments returns the number of segments in the index's root.
func segments(tb testing.TB, x *Index) uint64 {
	tb.Helper()
	adv, err := x.idx.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	st := adv.(*scorch.Scorch).StatsMap()
	return stat(st, "num_root_filesegments") + stat(st, "num_root_memorysegments")
}

func TestIndex_Compact(t *testing.T) {
	for _, tc := range []struct {
		name     string
		batches  int
		segments uint64 // after Compact, at most
	}{
		{"one batch", 1, 1},
		{"many batches", 12, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := newIndex(t)
			for b := range tc.batches {
				var ps []qda.IndexPassage
				for i := range 3 {
					n := b*3 + i + 1
					ps = append(ps, psg(n, 0, fmt.Sprintf("Die Zusammenarbeit mit dem Arbeitgeberservice, Absatz %d.", n)))
				}
				mustAdd(t, x, ps...)
			}
			mustFlush(t, x)
			req := qda.SearchRequest{Query: "Arbeitgeberservice", Limit: 100, NoFacets: true, NoHighlight: true}
			before := hitTexts(search(t, x, req))
			if len(before) != 3*tc.batches {
				t.Fatalf("%d hits before, want %d", len(before), 3*tc.batches)
			}
			if err := x.Compact(); err != nil {
				t.Fatal(err)
			}
			n := segments(t, x)
			if n > tc.segments {
				t.Errorf("%d segments after Compact, want at most %d", n, tc.segments)
			}
			after := hitTexts(search(t, x, req))
			slices.Sort(before)
			slices.Sort(after)
			if !slices.Equal(before, after) {
				t.Errorf("hits after Compact %v, want %v", after, before)
			}
			// The index takes updates after it, as before.
			mustAdd(t, x, psg(999, 0, "Noch ein Arbeitgeberservice."))
			if got := len(search(t, x, req).Hits); got != 3*tc.batches+1 {
				t.Errorf("%d hits after an update, want %d", got, 3*tc.batches+1)
			}
		})
	}
}

package search

import (
	"fmt"
	"path/filepath"
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

// openUnmerged opens the index at path with scorch's merge planner off (a
// tier would have to hold a million segments), so that the segments the
// flushed batches leave stay until the index merges them itself (scorch
// still merges some as it persists them).
func openUnmerged(tb testing.TB, path string) *Index {
	tb.Helper()
	cfg := runtimeConfig()
	cfg["scorchMergePlanOptions"] = map[string]interface{}{"MaxSegmentsPerTier": 1 << 20}
	x, err := open(path, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	x.purgeTimeout = 0
	return x
}

// smallBatches adds n batches of passages of documents from+1 … from+n,
// each flushed (a segment of its own), and returns the passages' count.
func smallBatches(tb testing.TB, x *Index, from, n int) int {
	tb.Helper()
	for b := range n {
		mustAdd(tb, x, psg(from+b+1, 0, fmt.Sprintf("Die Zusammenarbeit mit dem Arbeitgeberservice, Absatz %d.", b)),
			psg(from+b+1, 60, "Noch einer."))
		mustFlush(tb, x)
	}
	return 2 * n
}

var serviceQuery = qda.SearchRequest{Query: "Arbeitgeberservice", Limit: 100, NoFacets: true, NoHighlight: true}

func TestIndex_MergeSmall(t *testing.T) {
	x := openUnmerged(t, filepath.Join(t.TempDir(), "index", "passages"))
	t.Cleanup(func() { _ = x.Close() })
	var large []qda.IndexPassage
	for i := range 40 {
		large = append(large, psg(1000+i, 0, fmt.Sprintf("Ein langer Abschnitt über den Arbeitgeberservice, Nummer %d.", i)))
	}
	mustAdd(t, x, large...)
	mustFlush(t, x)
	smallBatches(t, x, 0, 5)
	x.mu.Lock()
	err := x.mergeSmall(10) // the batches of 2, not the one of 40
	x.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if n := segments(t, x); n > 2 {
		t.Errorf("%d segments after mergeSmall, want at most 2 (the large one and the small ones merged)", n)
	}
	if got := len(search(t, x, serviceQuery).Hits); got != 45 {
		t.Errorf("%d hits, want 45", got)
	}
}

func TestIndex_CloseMergesSmallSegments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index", "passages")
	x := openUnmerged(t, path)
	// A segment each, as twelve imports leave them (scorch merges some
	// as it persists them, most runs leave three or more).
	smallBatches(t, x, 0, 12)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x = openUnmerged(t, path)
	t.Cleanup(func() { _ = x.Close() })
	if n := segments(t, x); n != 1 {
		t.Errorf("%d segments after Close and open, want 1", n)
	}
	if got := len(search(t, x, serviceQuery).Hits); got != 12 {
		t.Errorf("%d hits, want 12", got)
	}
}

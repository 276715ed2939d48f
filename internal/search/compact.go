package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	index "github.com/blevesearch/bleve_index_api"
)

// Compact merges the index's segments into few: bleve's merge planner with
// segments of up to compactSegmentPassages passages. A rebuild leaves
// twenty and more (one per batch, merged by tiers as they come), and a
// search looks a term up in each. At 10,000 protocols (345,000 passages, one segment after
// Compact) a freshly rebuilt index answered a word search in 3.6 ms (p50)
// and 12.7 ms (p95), merged in 1.6 and 5.0 ms; the merge took about 5 s,
// a tenth of the rebuild. One segment is not always best: at 100,000
// (3.45 million passages) a single segment answered in 7.7 ms (p50, first
// queries of a process) against 5.8 ms for the 25 the rebuild left, and
// segments of at most 400,000 passages (7 of them) in 4.4–5.7 ms, 3.3–4.2 ms
// once warm. Searches go on meanwhile; updates wait for the merge.
func (x *Index) Compact() error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil || x.path == "" {
		return nil // closed, or in memory (a protected project's)
	}
	adv, err := x.idx.Advanced()
	if err != nil {
		return fmt.Errorf("compact the search index: %w", err)
	}
	return x.forceMerge(adv, compactSegmentPassages)
}

// forceMerge merges segments with bleve's planner into segments of up to
// most passages; only segments of fewer than half of it take part.
func (x *Index) forceMerge(adv index.Index, most int64) error {
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	opts.MaxSegmentSize, opts.FloorSegmentSize = most, most
	if err := sc.ForceMerge(context.Background(), &opts); err != nil {
		return fmt.Errorf("merge the search index's segments: %w", err)
	}
	return nil
}

// mergeSmall merges the segments of fewer than limit passages into one
// (or as few as bleve's planner makes of them), leaving the larger ones;
// x.mu is held. Close does it: each batch of a session (an import, a
// coding) leaves a small segment, scorch merges them only once ten or so
// of a size have piled up, and a search looks every term up in each. At
// 10,000 protocols, after 50 imports one at a time, the next session's
// word searches took up to 16 ms (p95) against 5 ms on merged segments.
func (x *Index) mergeSmall(limit int64) error {
	if x.idx == nil || x.path == "" {
		return nil
	}
	adv, err := x.idx.Advanced()
	if err != nil {
		return fmt.Errorf("merge the search index's small segments: %w", err)
	}
	return x.forceMerge(adv, 2*limit)
}

// smallSegmentPassages is the size under which Close merges segments:
// about 600 protocols' passages, a small fraction of what a project of
// thousands keeps in its large segments, and merged in a moment.
const smallSegmentPassages = 20_000

// compactSegmentPassages is the most passages Compact puts in one segment.
const compactSegmentPassages = 400_000

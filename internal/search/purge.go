package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Irrevocable deletion
//
// Scorch deletes a document by flipping a bit in its segment's deletion
// bitmap: the text stays in the segment file until a merge rewrites the
// segment without it, and the old file stays until the persister removes
// files no snapshot refers to. purge forces both, so that text removed from
// the project is gone from every file under the index folder when Update
// returns:
//
//  1. Update adds an empty marker document to the batch, so the batch makes
//     a new segment even when it only deletes (the merge planner ignores an
//     index of one segment, however many deletions it holds).
//  2. Update waits until that batch is persisted (batchPersisted; other
//     batches return once searchable, see persist.go), so every segment
//     is a file; ForceMerge with the single-segment plan then merges every
//     file segment into one, dropping deleted documents. It is repeated
//     until the root holds one file segment without deletions.
//  3. purge waits until the folder holds no segment file besides the root's.
//     The persister removes the files of old snapshots when it goes idle
//     after persisting one, but only of snapshots that were released
//     before; scorch marks a released snapshot in a goroutine of its own,
//     so on a busy machine the mark can come after the persister's
//     clean-up, and nothing would clean up again until the next write.
//     purge therefore writes (an unchanged internal value: a new, empty
//     snapshot) and waits for the persister's next clean-up, until the
//     files are gone. Whichever goroutine runs first, the purge gets there.
//
// If scorch fails, or the index does not settle within Index.purgeTimeout
// (a safety net against a file that cannot be removed; a merge in progress
// is not cut short), purge falls back to rewriting it: read every stored
// passage, delete the folder, index them anew.

// defaultPurgeTimeout is the purge timeout of an index Open returns.
const defaultPurgeTimeout = 10 * time.Second

// purge makes the index hold no deleted documents in its files; x.mu is
// held by the caller.
func (x *Index) purge() error {
	// The folded terms of the removed text leave memory too.
	x.vocab.clear()
	if x.path == "" {
		return nil // an in-memory index (protected projects) writes nothing to disk
	}
	adv, err := x.idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return x.rewrite()
	}
	stats, ok := sc.Stats().(*scorch.Stats)
	if !ok {
		return x.rewrite()
	}
	var deadline time.Time
	if x.purgeTimeout > 0 {
		deadline = time.Now().Add(x.purgeTimeout)
	}
	expired := func() bool { return !deadline.IsZero() && time.Now().After(deadline) }
	for {
		st := sc.StatsMap()
		files := stat(st, "num_root_filesegments")
		merged := stat(st, "num_root_memorysegments") == 0 && files <= 1 &&
			stat(st, "num_bytes_used_disk_by_root_reclaimable") == 0
		if merged {
			n, err := x.segmentFiles()
			if err != nil {
				return fmt.Errorf("search index: %w", err)
			}
			if uint64(n) == files {
				return nil
			}
		}
		// The state is checked before the deadline: a long merge that
		// has just finished is not thrown away.
		if expired() {
			return x.rewrite()
		}
		if !merged {
			// A merge is not cancelled at the deadline: it makes progress,
			// and the rewrite would redo more work than it has left.
			opts := mergeplan.SingleSegmentMergePlanOptions
			if err := sc.ForceMerge(context.Background(), &opts); err != nil {
				return x.rewrite()
			}
			continue
		}
		// Old files are left: make the persister clean up once more.
		idle := atomic.LoadUint64(&stats.TotPersistLoopWait)
		if err := sc.SetInternal(keyMapping, []byte(strconv.Itoa(MappingVersion))); err != nil {
			return x.rewrite()
		}
		for atomic.LoadUint64(&stats.TotPersistLoopWait) == idle && !expired() {
			time.Sleep(time.Millisecond)
		}
	}
}

// segmentFiles counts the segment files in the index folder.
func (x *Index) segmentFiles() (int, error) {
	n := 0
	err := filepath.WalkDir(x.path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".zap") {
			n++
		}
		return err
	})
	return n, err
}

// rewrite rebuilds the index from its own stored passages in a new folder
// and keeps the stamp; x.mu is held by the caller.
func (x *Index) rewrite() error {
	x.rewrites++
	all, err := x.storedPassages(allPassages())
	if err != nil {
		return fmt.Errorf("search index: compact: %w", err)
	}
	stamp, err := x.idx.GetInternal(keyStamp)
	if err != nil {
		return err
	}
	if err := x.reset(); err != nil {
		return err
	}
	const batch = 500
	for i := 0; i < len(all); i += batch {
		b := x.idx.NewBatch()
		for j := i; j < len(all) && j < i+batch; j++ {
			if err := x.indexPassage(b, &all[j]); err != nil {
				return err
			}
		}
		if err := x.idx.Batch(b); err != nil {
			return fmt.Errorf("search index: compact: %w", err)
		}
	}
	if stamp != nil {
		return x.idx.SetInternal(keyStamp, stamp)
	}
	return nil
}

// stat reads a numeric value of scorch's stats map.
func stat(m map[string]interface{}, key string) uint64 {
	switch v := m[key].(type) {
	case uint64:
		return v
	case int:
		return uint64(v)
	case int64:
		return uint64(v)
	case float64:
		return uint64(v)
	}
	return 0
}

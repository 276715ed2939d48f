package search

import (
	"fmt"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Batches return when they are searchable
//
// Scorch's default batch returns only once its segment is written and
// synced to disk (two fsyncs, the segment file and the root bolt): 10 to
// 45 ms on a busy laptop for a batch of one passage, most of what adding a
// coding cost until a search saw it. The index is derived data: its stamp
// travels in the same batch as the passages it describes (UpdateStamped),
// so whatever snapshot the persister has written is consistent, and after
// a crash the index is caught up from the store's command sequence from
// that stamp on (app/indexing). So the index is opened with scorch's
// unsafe_batch: Batch returns once the segment is introduced (searchable
// in memory), and scorch's persister writes it in the background, merging
// what piled up meanwhile into one segment file.
//
// Two places still wait for the disk:
//   - A batch that removes text (purge.go) waits until its snapshot is
//     persisted before it forces the merge, so that the removed text is
//     gone from every file when Update returns, as before.
//   - Close waits until everything introduced is persisted (flush), so a
//     project closed normally leaves its index current on disk and the
//     next open need not catch it up.

// runtimeConfig is the scorch configuration the index is created and
// opened with.
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{"unsafe_batch": true}
}

// batchPersisted runs b and waits until scorch has persisted the snapshot
// that holds it (and everything introduced before it); x.mu is held. An
// in-memory index has nothing to persist.
func (x *Index) batchPersisted(b *bleve.Batch) error {
	if x.path == "" {
		return x.idx.Batch(b)
	}
	done := make(chan error, 1)
	b.SetPersistedCallback(func(err error) {
		select {
		case done <- err:
		default: // a retry after a failed persist calls again
		}
	})
	if err := x.idx.Batch(b); err != nil {
		return err
	}
	if err := <-done; err != nil {
		return fmt.Errorf("search index: persist: %w", err)
	}
	return nil
}

// keyFlush is the internal value flush writes: a key of its own, so that
// a flush never changes what another key says.
var keyFlush = []byte("protocoder.flush")

// flush waits until everything introduced into the index is on disk:
// it writes an internal value (a new snapshot, persisted with all before
// it) and waits for it; x.mu is held.
func (x *Index) flush() error {
	if x.onDisk() {
		return nil
	}
	b := x.idx.NewBatch()
	b.SetInternal(keyFlush, []byte{1})
	return x.batchPersisted(b)
}

// onDisk reports whether scorch has persisted its current snapshot (so a
// project only read leaves Close nothing to write); false when it cannot
// tell.
func (x *Index) onDisk() bool {
	adv, err := x.idx.Advanced()
	if err != nil {
		return false
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return false
	}
	st, ok := sc.Stats().(*scorch.Stats)
	if !ok {
		return false
	}
	cur := atomic.LoadUint64(&st.CurRootEpoch)
	return cur != 0 && cur == atomic.LoadUint64(&st.LastPersistedEpoch)
}

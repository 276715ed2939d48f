package indexing

import (
	"encoding/json"
	"errors"
	"sort"
	"sync"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// Indexing off the write path
//
// The store commit is the durable act of a command; the full-text index, a
// derived cache, follows it in the background. committed (the core's hook
// after every commit) notes what the
// command changed and wakes the indexer goroutine, which catches the index
// up from the command sequence: it reads every command since the index's
// stamp, re-indexes the documents they touched in few large batches and
// writes the new stamp in the last batch (stampedUpdater), so that an
// index's stamp never claims more than its content holds. Commands that
// arrive while a catch-up runs are taken by the next one: many commands go
// into one bleve batch, and a bulk import (one command) is one batch.
//
// Consistency: every search first waits for the index to reach the store's
// current command (Search → EnsureIndex, which catches up what the indexer
// has not yet taken), so a search sees every command committed before it
// was asked. IndexState and IndexStatus report the lag in between.
// A command that removes or replaces indexed text or names (a text edit, a
// deleted document, a renamed case …) is indexed before Write returns, so
// that removed text does not outlive its command in the index's files.
// After a crash the index's stamp is behind the store, and the next
// EnsureIndex (every search, every open of the GUI) catches it up from the
// commands, as before. Close lets the indexer finish, so a CLI command
// leaves the index current.

// maxBatchPassages bounds the passages of one index batch during a
// catch-up; a larger catch-up is split, the stamp going with the last.
const maxBatchPassages = 20000

// stampedUpdater is an Index that can write its stamp in the same batch as
// an update (internal/search does); otherwise the stamp follows in a
// batch of its own.
type stampedUpdater interface {
	UpdateStamped(remove []qda.GUID, add []qda.IndexPassage, stamp app.IndexStamp) error
}

// indexer is the background catch-up of the index (see above).
type indexer struct {
	mu      sync.Mutex
	started bool
	closed  bool
	kick    chan struct{} // buffered: one wake-up is enough
	quit    chan struct{}
	done    chan struct{}
	// committed is the newest command committed saw, indexed the newest
	// the index reflected after the last catch-up.
	committed, indexed uint64
	// pending maps the documents that commands not yet indexed added or
	// changed to the newest such command.
	pending map[qda.GUID]uint64
	// trustZero says that an index stamped at command 0 did reflect the
	// store (an empty project), so it may be caught up from there.
	trustZero bool
}

// errNeedsRebuild says that the index cannot be caught up from the
// commands: it is empty, of another version, ahead of the store or stale.
var errNeedsRebuild = errors.New("the search index needs a rebuild")

// promptIndex reports whether cmd removes or replaces something the index
// holds as text or as a descriptive name: such a command is indexed before
// Write returns (see above).
func promptIndex(cmd *qda.Command) bool {
	for _, c := range cmd.Changes {
		if c.Before == nil {
			continue
		}
		switch c.Entity {
		case "text", "document", "case", "interview", "user":
			return true
		}
	}
	return false
}

// note records that cmd is committed and not yet indexed.
func (x *indexer) note(cmd *qda.Command) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.committed = max(x.committed, cmd.Seq)
	for _, c := range cmd.Changes {
		if c.Entity == "document" || c.Entity == "text" {
			if x.pending == nil {
				x.pending = map[qda.GUID]uint64{}
			}
			x.pending[qda.GUID(c.Key)] = cmd.Seq
		}
	}
}

// caughtUp records that the index reflects the store up to seq.
func (x *indexer) caughtUp(seq uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.indexed = max(x.indexed, seq)
	x.committed = max(x.committed, seq)
	for d, s := range x.pending {
		if s <= seq {
			delete(x.pending, d)
		}
	}
}

// lag returns the commands and documents not yet indexed.
func (x *indexer) lag() (commands uint64, docs int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.committed > x.indexed {
		commands = x.committed - x.indexed
	}
	return commands, len(x.pending)
}

// wake starts the indexer goroutine if it is not running, and wakes it.
func (s *Service) wakeIndexer() {
	x := &s.idx
	x.mu.Lock()
	if x.closed {
		x.mu.Unlock()
		return
	}
	if !x.started {
		x.started = true
		x.kick, x.quit, x.done = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
		go s.indexLoop(x.kick, x.quit, x.done)
	}
	kick := x.kick
	x.mu.Unlock()
	select {
	case kick <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// indexLoop catches the index up whenever it is woken, until quit.
func (s *Service) indexLoop(kick, quit, done chan struct{}) {
	defer close(done)
	for {
		select {
		case <-quit:
			return
		case <-kick:
		}
		s.heal.busy.Lock()
		err := s.catchUp()
		s.heal.busy.Unlock()
		s.catchUpFailed(err)
	}
}

// catchUpFailed handles the error of a catch-up: one that needs a rebuild
// is left to the next EnsureIndex; any other marks the index stale.
func (s *Service) catchUpFailed(err error) {
	if err == nil || errors.Is(err, errNeedsRebuild) {
		return
	}
	s.stale.Store(true)
	s.Log().Warn("search index update failed; it will be rebuilt", "err", err)
}

// stopIndexer stops the indexer goroutine (it finishes its batch) and
// refuses to start it again.
func (s *Service) stopIndexer() {
	x := &s.idx
	x.mu.Lock()
	x.closed = true
	started, quit, done := x.started, x.quit, x.done
	x.started = false
	x.mu.Unlock()
	if started {
		close(quit)
		<-done
	}
}

// IndexLag says how far the index is behind the store: commands committed
// and not yet indexed, and the documents they added or changed. Both are
// 0 when the index is current (or the project has none).
func (s *Service) IndexLag() (commands uint64, documents int) { return s.idx.lag() }

// WaitIndex waits until the index reflects every command committed so far
// (catching it up itself, or rebuilding it when it must), as a search
// does before it answers.
func (s *Service) WaitIndex() error {
	if s.index == nil {
		return nil
	}
	s.heal.busy.Lock()
	defer s.heal.busy.Unlock()
	_, err := s.EnsureIndex(nil)
	return err
}

// catchUp brings the index up to the store's newest command from the
// commands since its stamp. It returns errNeedsRebuild when that is not
// possible; s.heal.busy is held by the caller.
func (s *Service) catchUp() error {
	if s.index == nil {
		return nil
	}
	st, err := s.IndexState()
	if err != nil {
		return err
	}
	if st.Current {
		s.idx.caughtUp(st.Seq)
		return nil
	}
	if s.stale.Load() || st.Index.Seq > st.Seq || (st.Index.Seq == 0 && !s.idx.trusted()) {
		return errNeedsRebuild
	}
	docs := map[qda.GUID]bool{}
	var partial map[qda.GUID][]qda.Range
	var seq uint64
	err = s.View(func(tx app.Tx) error {
		seq = tx.LastCommandSeq()
		dc := newDocsCollector(s, tx)
		err := tx.Commands(st.Index.Seq+1, func(c *qda.Command) error {
			if c.Seq > seq {
				return nil
			}
			return dc.add(c.Changes, docs)
		})
		partial = dc.partial(docs)
		return err
	})
	if err != nil {
		return err
	}
	if err := s.reindex(docs, partial, seq); err != nil {
		return err
	}
	s.idx.caughtUp(seq)
	return nil
}

// trusted reports whether an index stamped at command 0 may be caught up.
func (x *indexer) trusted() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.trustZero
}

// trustZeroStamp records that the index reflected the store at command 0.
func (x *indexer) trustZeroStamp() {
	x.mu.Lock()
	x.trustZero = true
	x.mu.Unlock()
}

// reindex brings the index entries of the given documents up to date and
// stamps the index with seq, in batches of at most maxBatchPassages
// passages; the stamp goes with the last. Of the documents in partial only
// the passages that the given ranges overlap are indexed again (same ids:
// the index replaces them), the others stay as they are.
func (s *Service) reindex(docs map[qda.GUID]bool, partial map[qda.GUID][]qda.Range, seq uint64) error {
	if s.index == nil {
		return nil
	}
	ids := sortedKeys(docs)
	old, err := s.index.Stamp()
	if err != nil {
		return err
	}
	stamp := app.IndexStamp{Seq: seq, Passages: old.Passages}
	var remove []qda.GUID
	var add []qda.IndexPassage
	flush := func(last bool) error {
		if !last {
			if err := s.index.Update(remove, add); err != nil {
				return err
			}
		} else if err := s.updateStamped(remove, add, stamp); err != nil {
			return err
		}
		remove, add = remove[:0], add[:0]
		return nil
	}
	err = s.View(func(tx app.Tx) error {
		m, err := s.IndexMetaOf(tx)
		if err != nil {
			return err
		}
		// Whole documents, then the passages of partial ones (nil: all).
		for _, id := range append(ids, sortedKeys(partial)...) {
			ranges, part := partial[id]
			if !part || docs[id] {
				part = false
				remove = append(remove, id)
			}
			ps, err := documentPassages(tx, m, id)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if !part || overlapsAny(qda.Range{Start: p.Start, End: p.End}, ranges) {
					add = append(add, p)
				}
			}
			if !part {
				stamp.Passages += len(ps) // approximate between rebuilds; exact after one
			}
			if len(add) >= maxBatchPassages {
				if err := flush(false); err != nil {
					return err
				}
			}
		}
		stamp.Documents = s.documentCount(tx)
		return nil
	})
	if err != nil {
		return err
	}
	return flush(true)
}

// updateStamped runs one index batch together with the stamp.
func (s *Service) updateStamped(remove []qda.GUID, add []qda.IndexPassage, stamp app.IndexStamp) error {
	if u, ok := s.index.(stampedUpdater); ok {
		return u.UpdateStamped(remove, add, stamp)
	}
	if len(remove) > 0 || len(add) > 0 {
		if err := s.index.Update(remove, add); err != nil {
			return err
		}
	}
	return s.index.SetStamp(stamp)
}

// documentCount is tx.DocumentCount, remembered per command sequence
// number: every change to the store is a command (Store.Update, Eraser),
// so at the same number the count is the same, and counting walks every
// page of the documents.
func (s *Service) documentCount(tx app.Tx) int {
	seq := tx.LastCommandSeq()
	if c := s.docCount.Load(); c != nil && c.seq == seq {
		return c.n
	}
	n := tx.DocumentCount()
	s.docCount.Store(&seqCount{seq: seq, n: n})
	return n
}

// documentPassages returns the index passages of a document, none if it
// does not exist (any more).
func documentPassages(tx app.Tx, m *app.IndexMeta, id qda.GUID) ([]qda.IndexPassage, error) {
	d, err := tx.Document(id)
	if qda.ErrorCode(err) == qda.ENotFound {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return passagesOf(tx, m, d)
}

// codingRange returns the document and range of a coding image without
// decoding the rest of it.
func codingRange(img json.RawMessage) (qda.GUID, qda.Range, bool) {
	var cd struct {
		Document qda.GUID `json:"document"`
		qda.Range
	}
	if img == nil || json.Unmarshal(img, &cd) != nil || cd.Document == "" {
		return "", qda.Range{}, false
	}
	return cd.Document, cd.Range, true
}

// overlapsAny reports whether r overlaps one of rs.
func overlapsAny(r qda.Range, rs []qda.Range) bool {
	for _, x := range rs {
		if r.Overlaps(x) {
			return true
		}
	}
	return false
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[qda.GUID]V) []qda.GUID {
	out := make([]qda.GUID, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

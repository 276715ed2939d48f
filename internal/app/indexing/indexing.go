// Package indexing keeps the full-text index, a derived cache of the
// store, in step with it: off the write path in background batches after
// every commit, caught up from the command sequence after a crash, rebuilt
// when it is empty, damaged or of another version (see indexer.go for the
// order of events and why a search still sees every committed command).
//
// It is a feature package of the core like the others, with one twist:
// the core tells it of every command and asks it every search through the
// app.IndexKeeper hook that New installs, so the other features search
// through the core (Service.Search, EachHit) and never import it.
package indexing

import (
	"sync/atomic"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// Service keeps the index of one open project.
type Service struct {
	*app.Service
	// index is the core's index port, nil when the project has none.
	index app.Index
	// stale is set when an index update failed; the index is then
	// rebuilt at the next EnsureIndex.
	stale atomic.Bool
	// heal serialises bringing the index up to date (see heal.go).
	heal indexHeal
	// idx follows the store with the index in the background (indexer.go).
	idx indexer
	// docCount remembers the store's document count at a command sequence
	// number (see IndexState).
	docCount atomic.Pointer[seqCount]
}

// New returns the index keeper of core and installs it there.
func New(core *app.Service) *Service {
	s := &Service{Service: core, index: core.IndexPort()}
	s.heal.openErr = core.IndexOpenErr()
	core.SetIndexKeeper(keeper{s})
	return s
}

// keeper is the Service as the core's app.IndexKeeper; a type of its own
// so that its methods are not promoted beside the core's.
type keeper struct{ s *Service }

func (k keeper) Committed(cmd *qda.Command) { k.s.committed(cmd) }

func (k keeper) Search(req qda.SearchRequest) (*qda.SearchResult, error) { return k.s.search(req) }

func (k keeper) RebuildExclusive() (bool, error) { return k.s.rebuildExclusive() }

func (k keeper) Close() { k.s.close() }

// close lets the background indexer finish, then catches the index up
// with whatever it had not taken, so that a CLI command leaves it current.
func (s *Service) close() {
	if s.index == nil {
		return
	}
	s.stopIndexer()
	s.heal.busy.Lock()
	s.catchUpFailed(s.catchUp())
	s.heal.busy.Unlock()
}

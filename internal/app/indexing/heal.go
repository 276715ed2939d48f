package indexing

import (
	"sync"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// indexHeal tracks bringing the full-text index up to date, in the
// foreground (Search) or in the background (StartIndexRepair).
type indexHeal struct {
	// busy is held while the index is being brought up to date.
	busy sync.Mutex
	// mu guards the fields below.
	mu         sync.Mutex
	background bool // StartIndexRepair is running
	done       int
	total      int
	// openErr says why the project has no index.
	openErr error
}

// IndexStatus says whether full-text search can answer now.
type IndexStatus struct {
	// Available is false when the project was opened without an index.
	Available bool `json:"available"`
	// Rebuilding is true while StartIndexRepair runs; Done and Total count
	// the documents of a full rebuild.
	Rebuilding bool `json:"rebuilding"`
	Done       int  `json:"done"`
	Total      int  `json:"total"`
	// Reason says why search is unavailable.
	Reason string `json:"reason,omitempty"`
	// Pending counts the commands committed and not yet indexed, and
	// PendingDocuments the documents they added or changed (the search
	// view can say "37 protocols are being indexed …"); a search waits
	// for them (see indexer.go).
	Pending          uint64 `json:"pending,omitempty"`
	PendingDocuments int    `json:"pending_documents,omitempty"`
}

// IndexStatus reports whether search is available or being rebuilt.
func (s *Service) IndexStatus() IndexStatus {
	if s.index == nil {
		return IndexStatus{Reason: s.unavailable().Message}
	}
	cmds, docs := s.idx.lag()
	s.heal.mu.Lock()
	defer s.heal.mu.Unlock()
	return IndexStatus{Available: true, Rebuilding: s.heal.background, Done: s.heal.done, Total: s.heal.total,
		Pending: cmds, PendingDocuments: docs}
}

// unavailable is the error of a search on a project without an index.
func (s *Service) unavailable() *qda.Error {
	if s.heal.openErr != nil {
		return qda.Errorf(qda.EUnavailable, "full-text search is unavailable: the search index could not be opened (%v); everything else works", s.heal.openErr)
	}
	return qda.Errorf(qda.EUnavailable, "full-text search is unavailable: this project was opened without a search index")
}

// StartIndexRepair brings the index up to date in the background (a
// catch-up or a full rebuild, see EnsureIndex), so that a damaged, missing
// or stale index does not hold up opening a project. Until it is done,
// Search reports EUnavailable "being rebuilt" and IndexStatus the progress.
// finished, if not nil, is called at the end; then an index that can warm
// up (indexWarmer) does so. It returns false when there is no index or a
// repair is already running.
func (s *Service) StartIndexRepair(progress app.Progress, finished func(rebuilt bool, err error)) bool {
	if s.index == nil {
		return false
	}
	s.heal.mu.Lock()
	if s.heal.background {
		s.heal.mu.Unlock()
		return false
	}
	s.heal.background, s.heal.done, s.heal.total = true, 0, 0
	s.heal.mu.Unlock()
	go func() {
		s.heal.busy.Lock()
		rebuilt, err := s.EnsureIndex(func(done, total int) {
			s.heal.mu.Lock()
			s.heal.done, s.heal.total = done, total
			s.heal.mu.Unlock()
			if progress != nil {
				progress(done, total)
			}
		})
		s.heal.busy.Unlock()
		s.heal.mu.Lock()
		s.heal.background = false
		s.heal.mu.Unlock()
		if err != nil {
			s.Log().Warn("search index repair failed", "err", err)
		}
		if finished != nil {
			finished(rebuilt, err)
		}
		if w, ok := s.index.(indexWarmer); ok && err == nil {
			w.Warm()
		}
	}()
	return true
}

// search runs a full-text search over the passages (the core's Search). An index that is
// behind the project, empty or damaged is brought up to date first, so a
// search never answers from a stale index; while StartIndexRepair runs,
// Search reports EUnavailable instead of waiting. A search that fails for
// a reason other than the query is taken as a damaged index: the index is
// rebuilt and the search run once more.
func (s *Service) search(req qda.SearchRequest) (*qda.SearchResult, error) {
	if s.index == nil {
		return nil, s.unavailable()
	}
	if st := s.IndexStatus(); st.Rebuilding {
		if st.Total > 0 {
			return nil, qda.Errorf(qda.EUnavailable, "the search index is being rebuilt (%d of %d documents); search again in a moment", st.Done, st.Total)
		}
		return nil, qda.Errorf(qda.EUnavailable, "the search index is being rebuilt; search again in a moment")
	}
	s.heal.busy.Lock()
	_, err := s.EnsureIndex(nil)
	s.heal.busy.Unlock()
	if err != nil {
		return nil, err
	}
	res, err := s.index.Search(req)
	if err == nil || qda.ErrorCode(err) == qda.EInvalid {
		return res, err
	}
	s.Log().Warn("search failed; rebuilding the index", "err", err)
	s.heal.busy.Lock()
	s.stale.Store(true)
	err = s.RebuildIndex(nil)
	s.heal.busy.Unlock()
	if err != nil {
		return nil, err
	}
	return s.index.Search(req)
}

// rebuildExclusive rebuilds the index from an empty folder while no
// background repair runs, so that nothing of erased text stays in the
// index's files. It reports false when the project has no index.
func (s *Service) rebuildExclusive() (bool, error) {
	if s.index == nil {
		return false, nil
	}
	s.heal.busy.Lock() // not while a background repair runs
	defer s.heal.busy.Unlock()
	return true, s.RebuildIndex(nil)
}

package app

import "github.com/protocoder/protocoder/internal/qda"

// IndexKeeper keeps the full-text index in step with the store and answers
// searches from it. app/indexing provides it; project.New installs it with
// SetIndexKeeper. The core tells it of every committed command and asks it
// every search, so that a search sees every command committed before it.
type IndexKeeper interface {
	// Committed is told of a command after its store commit. It must not
	// fail the command: the store is right, the index is derived.
	Committed(cmd *qda.Command)
	// Search answers req once the index reflects every committed command.
	Search(req qda.SearchRequest) (*qda.SearchResult, error)
	// RebuildExclusive rebuilds the index from an empty folder while no
	// other indexing runs, so that nothing of erased text stays in its
	// files; false when the project has no index.
	RebuildExclusive() (bool, error)
	// Close finishes the keeper's work before the index is closed.
	Close()
}

// SetIndexKeeper installs the keeper of the index (app/indexing).
func (s *Service) SetIndexKeeper(k IndexKeeper) { s.keeper = k }

// IndexPort is the project's full-text index port, nil when the project
// was opened without one (IndexOpenErr says why), for app/indexing.
func (s *Service) IndexPort() Index { return s.index }

// IndexOpenErr says why the project has no index (Config.IndexErr).
func (s *Service) IndexOpenErr() error { return s.indexErr }

// afterWrite tells the index keeper of a committed command.
func (s *Service) afterWrite(cmd *qda.Command) {
	if s.keeper != nil {
		s.keeper.Committed(cmd)
	}
}

// Search runs a full-text search over the passages through the index
// keeper (see app/indexing: the index is caught up first, a damaged one
// rebuilt).
func (s *Service) Search(req qda.SearchRequest) (*qda.SearchResult, error) {
	if s.keeper == nil {
		return nil, qda.Errorf(qda.EUnavailable, "full-text search is unavailable: no search index is kept for this project")
	}
	return s.keeper.Search(req)
}

// RebuildIndexExclusive rebuilds the index from an empty folder while
// nothing else indexes, so that nothing of erased text stays in the
// index's files. It reports false when the project has no index.
func (s *Service) RebuildIndexExclusive() (bool, error) {
	if s.keeper == nil {
		return false, nil
	}
	return s.keeper.RebuildExclusive()
}

// MaxResultHits bounds how many hits KWIC, word counts and autocode read
// from one search.
const MaxResultHits = 10000

// EachHit pages through the hits of req (its Limit and Offset are
// ignored), at most max of them, and returns the total the index reports.
func (s *Service) EachHit(req qda.SearchRequest, max int, fn func(*qda.SearchHit) error) (uint64, error) {
	const page = 500
	req.Offset = 0
	var total uint64
	for req.Offset < max {
		req.Limit = min(page, max-req.Offset)
		res, err := s.Search(req)
		if err != nil {
			return 0, err
		}
		total = res.Total
		for i := range res.Hits {
			if err := fn(&res.Hits[i]); err != nil {
				return total, err
			}
		}
		req.Offset += len(res.Hits)
		req.NoFacets = true
		if len(res.Hits) < req.Limit || uint64(req.Offset) >= total {
			break
		}
	}
	return total, nil
}

package coding

import (
	"math"

	"github.com/protocoder/protocoder/internal/app"
)

// RetrieveWith is Retrieve with the way candidates are read forced: from
// the coding table, or from the store through its indexes.
func RetrieveWith(s *Service, f app.CodingFilter, fromStore bool) ([]app.Retrieved, error) {
	p, err := s.retrieve(f, 0, math.MaxInt, fromStore)
	if err != nil {
		return nil, err
	}
	return p.Segments, nil
}

// SetRetrieveCut makes s cut retrievals into at most workers parts of at
// least minSegments segments each.
func SetRetrieveCut(s *Service, workers, minSegments int) {
	s.cut = retrieveCut{workers: workers, minSegments: minSegments}
}

// ErrStoreMoved is errStoreMoved.
var ErrStoreMoved = errStoreMoved

// CutAfterACommand plans the retrieval of f, then cuts it in parallel as
// if a command had come in between, and returns the error.
func CutAfterACommand(s *Service, f app.CodingFilter) error {
	var p *retrievePlan
	err := s.View(func(tx app.Tx) (err error) {
		p, err = s.planRetrieve(tx, f, 0, math.MaxInt, false)
		return err
	})
	if err != nil {
		return err
	}
	p.seq--
	return s.cutParallel(p, []refPart{{0, len(p.refs) / 2}, {len(p.refs) / 2, len(p.refs)}}, 2, make([]app.Retrieved, len(p.refs)))
}

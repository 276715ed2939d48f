package coding

import (
	"math"

	"github.com/protocoder/protocoder/internal/app"
)

// RetrieveWith is Retrieve with the way candidates are read forced: in
// one pass over all codings, or through the indexes.
func RetrieveWith(s *Service, f app.CodingFilter, onePass bool) ([]app.Retrieved, error) {
	p, err := s.retrieve(f, 0, math.MaxInt, func(app.Tx, *app.SegmentScope) bool { return onePass })
	if err != nil {
		return nil, err
	}
	return p.Segments, nil
}

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

package app

import "math"

// RetrieveWith is Retrieve with the way candidates are read forced: in
// one pass over all codings, or through the indexes.
func RetrieveWith(s *Service, f CodingFilter, onePass bool) ([]Retrieved, error) {
	p, err := s.retrieve(f, 0, math.MaxInt, func(Tx, *SegmentScope) bool { return onePass })
	if err != nil {
		return nil, err
	}
	return p.Segments, nil
}

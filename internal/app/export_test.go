package app

// RetrieveWith is Retrieve with the way candidates are read forced: in
// one pass over all codings, or through the indexes.
func RetrieveWith(s *Service, f CodingFilter, onePass bool) ([]Retrieved, error) {
	return s.retrieve(f, func(Tx, *segmentScope) bool { return onePass })
}

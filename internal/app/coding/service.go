// Package coding holds the use cases of coding a text: the codebook (add,
// rename, move, merge, delete codes), codings (add, edit, delete, in vivo),
// autocoding from a search, memos, and retrieval of coded segments with
// their context (pages, CSV, the codebook and segment tables).
package coding

import "github.com/protocoder/protocoder/internal/app"

// Service runs the coding use cases on the core of one open project.
type Service struct {
	*app.Service
	// cut says when a retrieval is cut on several cores (retrievecut.go).
	cut retrieveCut
}

// New returns the coding use cases on core.
func New(core *app.Service) *Service { return &Service{Service: core} }

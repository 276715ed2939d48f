// Package exchange holds the use cases that bring whole projects in and
// out: the project snapshot for REFI-QDA export, import of a snapshot, and
// merging another project (matching by GUID and name, conflicts, the merge
// report).
package exchange

import "github.com/protocoder/protocoder/internal/app"

// Service runs the exchange use cases on the core of one open project.
type Service struct {
	*app.Service
}

// New returns the exchange use cases on core.
func New(core *app.Service) *Service { return &Service{Service: core} }

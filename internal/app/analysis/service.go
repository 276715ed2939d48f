// Package analysis holds the use cases that read across the coded
// material: the code matrix and co-occurrence, queries, intercoder
// agreement, the summary grid, case reports, word frequencies and
// keyword-in-context lines. It writes only summaries and reports.
package analysis

import "github.com/protocoder/protocoder/internal/app"

// Service runs the analysis use cases on the core of one open project.
type Service struct {
	*app.Service
}

// New returns the analysis use cases on core.
func New(core *app.Service) *Service { return &Service{Service: core} }

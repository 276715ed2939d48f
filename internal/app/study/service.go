// Package study holds the use cases of the study's fieldwork: guidelines
// and their question codes, sites (cases) and their attributes,
// interviews and their status, protocols (templates, editing, import from
// files), the fieldwork plan, and interview pairs across waves with their
// side-by-side view.
package study

import "github.com/protocoder/protocoder/internal/app"

// Service runs the study use cases on the core of one open project.
type Service struct {
	*app.Service
}

// New returns the study use cases on core.
func New(core *app.Service) *Service { return &Service{Service: core} }

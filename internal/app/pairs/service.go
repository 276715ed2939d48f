// Package pairs holds the use cases of the intensive case studies: an IFK
// and the customers they are interviewed about, linked over the waves
// (pairs), the side-by-side view of their answers aligned by question, and
// the start flag (whether a customer came before or after the programme
// started at the site).
package pairs

import "github.com/protocoder/protocoder/internal/app"

// Service runs the pairs use cases on the core of one open project.
type Service struct {
	*app.Service
}

// New returns the pairs use cases on core.
func New(core *app.Service) *Service { return &Service{Service: core} }

// Package privacy holds the data-protection use cases: the anonymisation
// check, its replacements and ignore list, the pseudonym key, the gate
// that keeps protocols with open findings from becoming final (installed in
// the core's final gate), recordings and their deletion, purge (erasure
// from every file of the project), the audit log, and verify.
package privacy

import "github.com/protocoder/protocoder/internal/app"

// Service runs the privacy use cases on the core of one open project.
type Service struct {
	*app.Service
	// anon holds the unlocked pseudonym key (see anonkey.go).
	anon anonState
}

// New returns the privacy use cases on core and installs in the core their
// check of final protocols (app.Service.SetFinalGate) and the pseudonym
// key's opener of sealed command images (app.Service.SetUnsealer).
func New(core *app.Service) *Service {
	s := &Service{Service: core}
	core.SetFinalGate(s.anonGate)
	core.SetUnsealer(s.openImage)
	core.SetSealedRedo(s.redoAnonymisation)
	return s
}

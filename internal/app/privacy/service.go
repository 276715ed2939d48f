// Package privacy holds the data-protection use cases: the anonymisation
// check, its replacements and ignore list, the pseudonym key, the gate
// that keeps protocols with open findings from becoming final (installed in
// the core's final gate), the consent rules (a recording needs consent, an
// intensive interview needs the declaration and the information sheet,
// refusals and withdrawals), recordings and their deletion, purge (erasure
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
// rules: the check of final protocols (consent and anonymisation,
// app.Service.SetFinalGate), the consent rules of every interview record
// (app.Service.SetInterviewGate), and the pseudonym key's opener of sealed
// command images (app.Service.SetUnsealer).
func New(core *app.Service) *Service {
	s := &Service{Service: core}
	core.SetFinalGate(s.finalGate)
	core.SetInterviewGate(s.interviewGate)
	core.SetUnsealer(s.openImage)
	core.SetSealedRedo(s.redoAnonymisation)
	return s
}

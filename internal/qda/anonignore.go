package qda

import (
	"strings"
	"time"
)

// AnonIgnore records that an anonymization finding was reviewed and is to
// be left as it is (for instance a programme named after a city). It
// refers to the finding by a fingerprint of document, kind and text, so it
// does not repeat the text, and it survives edits elsewhere in the text.
type AnonIgnore struct {
	// GUID identifies the decision.
	GUID GUID `json:"guid"`
	// Document is the document the finding is in.
	Document GUID `json:"document"`
	// Kind is the finding's kind (person, place, email …).
	Kind string `json:"kind"`
	// Fingerprint identifies kind and text within the document.
	Fingerprint string `json:"fingerprint"`
	// Reason is why the finding is left as it is.
	Reason string `json:"reason"`
	// User decided; Time is when.
	User GUID      `json:"user,omitempty"`
	Time time.Time `json:"time"`
}

// Validate checks the decision's fields.
func (a *AnonIgnore) Validate() error {
	if err := validGUID("ignore decision", a.GUID); err != nil {
		return err
	}
	if err := validGUID("ignored finding's document", a.Document); err != nil {
		return err
	}
	if a.Fingerprint == "" || a.Kind == "" {
		return Errorf(EInvalid, "an ignore decision needs the finding's kind and fingerprint")
	}
	if strings.TrimSpace(a.Reason) == "" {
		return Errorf(EInvalid, "give a reason for leaving the finding as it is")
	}
	return nil
}

package qda

import (
	"strings"
	"time"
)

// Status is the state of an interview's protocol.
type Status string

// Protocol states, in their normal order.
const (
	StatusDraft    Status = "draft"
	StatusComplete Status = "complete"
	StatusChecked  Status = "checked"
	StatusFinal    Status = "final"
)

// Statuses lists the states in order.
var Statuses = []Status{StatusDraft, StatusComplete, StatusChecked, StatusFinal}

func (s Status) rank() int {
	for i, x := range Statuses {
		if x == s {
			return i
		}
	}
	return -1
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s.rank() >= 0 }

// CheckTransition reports whether a protocol may move from one status to
// another. Forward moves go one step at a time; backward moves are allowed
// (a final protocol is "reopened" by moving back, which the caller records).
func CheckTransition(from, to Status) error {
	if !from.Valid() || !to.Valid() {
		return Errorf(EInvalid, "unknown status %q or %q", from, to)
	}
	if to.rank() > from.rank()+1 {
		return Errorf(EConflict, "a protocol moves from %s to %s one step at a time", from, to).
			WithKey("status.oneStep", map[string]any{"From": from, "To": to})
	}
	if to == from {
		return Errorf(EConflict, "the protocol is already %s", from).WithKey("status.already", map[string]any{"Status": from})
	}
	return nil
}

// Consent records what the interviewee agreed to and received.
type Consent struct {
	// Recording: consent to an audio recording.
	Recording bool `json:"recording"`
	// DataProtection: the written data-protection declaration was signed.
	DataProtection bool `json:"data_protection"`
	// InfoSheet: the information sheet was handed out.
	InfoSheet bool `json:"info_sheet"`
	// Refused records that the interviewee declined a planned interview:
	// it is not given, and its record never becomes final.
	Refused *ConsentEvent `json:"refused,omitempty"`
	// Withdrawn records that the interviewee withdrew their consent; the
	// interview is then purged, and only the command log keeps who
	// recorded the withdrawal and when.
	Withdrawn *ConsentEvent `json:"withdrawn,omitempty"`
}

// ConsentEvent is a refusal or a withdrawal of consent: when it happened,
// which member recorded it, and why (optional; never a real name).
type ConsentEvent struct {
	Date   time.Time `json:"date"`
	By     GUID      `json:"by"`
	Reason string    `json:"reason,omitempty"`
}

// Given reports whether the interview may go on: neither refused nor
// withdrawn.
func (c Consent) Given() bool { return c.Refused == nil && c.Withdrawn == nil }

// RecordingState is the lifecycle of an interview's audio recording.
type RecordingState string

// Recording states.
const (
	RecordingNone    RecordingState = ""
	RecordingPresent RecordingState = "present"
	RecordingDeleted RecordingState = "deleted"
)

// Interview is one conducted (or planned) interview along a guideline.
type Interview struct {
	// GUID identifies the interview.
	GUID GUID `json:"guid"`
	// Guideline is the guideline used.
	Guideline GUID `json:"guideline"`
	// Level is the study level.
	Level Level `json:"level"`
	// Wave is the survey wave.
	Wave int `json:"wave"`
	// Case is the site.
	Case GUID `json:"case"`
	// Role is a role code from the guideline's vocabulary.
	Role string `json:"role"`
	// Interviewee is the interviewee's pseudonym.
	Interviewee string `json:"interviewee"`
	// Interviewer is the interviewing user.
	Interviewer GUID `json:"interviewer,omitempty"`
	// Date is the day of the interview.
	Date time.Time `json:"date"`
	// Consent holds the consent flags.
	Consent Consent `json:"consent"`
	// Recording is the recording's lifecycle state.
	Recording RecordingState `json:"recording,omitempty"`
	// Status is the protocol's state.
	Status Status `json:"status"`
	// Attributes maps an interview AttributeDef GUID to its value.
	Attributes map[GUID]string `json:"attributes,omitempty"`
}

// Validate checks the interview's own fields.
func (iv *Interview) Validate() error {
	if err := validGUID("interview", iv.GUID); err != nil {
		return err
	}
	if err := validGUID("interview guideline", iv.Guideline); err != nil {
		return err
	}
	if err := validGUID("interview case", iv.Case); err != nil {
		return err
	}
	if iv.Interviewer != "" {
		if err := validGUID("interviewer", iv.Interviewer); err != nil {
			return err
		}
	}
	if !iv.Level.Valid() {
		return Errorf(EInvalid, "interview has unknown level %q", iv.Level)
	}
	if iv.Wave < 1 {
		return Errorf(EInvalid, "interview has wave %d; waves start at 1", iv.Wave).WithKey("interview.wave", map[string]any{"Wave": iv.Wave})
	}
	if strings.TrimSpace(iv.Interviewee) == "" {
		return Errorf(EInvalid, "an interview needs the interviewee's pseudonym").WithKey("interview.noPseudonym", nil)
	}
	if err := CheckName("interviewee pseudonym", iv.Interviewee); err != nil {
		return err
	}
	if !iv.Status.Valid() {
		return Errorf(EInvalid, "interview has unknown status %q", iv.Status)
	}
	return nil
}

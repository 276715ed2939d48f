package study

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// Metadata keys of a protocol file's front matter (docs/sample-format.md),
// which are also the names InterviewFromMeta reads.
const (
	MetaGuideline   = "guideline"
	MetaRole        = "role"
	MetaCase        = "case"
	MetaWave        = "wave"
	MetaInterviewee = "interviewee"
	MetaInterviewer = "interviewer"
	MetaDate        = "date"
	MetaConsent     = "consent"
	MetaRecording   = "recording"
	MetaStatus      = "status"
)

// MissingMetadataError reports an import without the metadata an
// interview needs: guideline, case (site) and interviewee.
type MissingMetadataError struct {
	// Fields are the missing metadata keys, e.g. "case".
	Fields []string
}

// Error says what is missing.
func (e *MissingMetadataError) Error() string {
	return "guideline, case and interviewee are needed; missing: " + strings.Join(e.Fields, ", ")
}

// Unwrap returns the error as a *qda.Error with code qda.EInvalid.
func (e *MissingMetadataError) Unwrap() error {
	return &qda.Error{Code: qda.EInvalid, Message: e.Error()}
}

// InterviewFromMeta reads interview metadata given as text — a protocol
// file's front matter or command-line flags — into a NewInterview. Dates
// are YYYY-MM-DD; consent is a comma-separated list of recording,
// data_protection and info_sheet; recording is none, present or deleted.
// Values that cannot be read are left empty and reported together in the
// error; the rest is returned all the same.
func InterviewFromMeta(meta map[string]string) (NewInterview, error) {
	get := func(k string) string { return strings.TrimSpace(meta[k]) }
	n := NewInterview{Guideline: get(MetaGuideline), Role: get(MetaRole), Case: get(MetaCase),
		Interviewee: get(MetaInterviewee), Interviewer: get(MetaInterviewer), Status: qda.Status(get(MetaStatus))}
	var errs []error
	if w := get(MetaWave); w != "" {
		v, err := strconv.Atoi(w)
		if err != nil || v < 0 {
			errs = append(errs, qda.Errorf(qda.EInvalid, "wave %q is not a number", w))
		} else {
			n.Wave = v
		}
	}
	if d := get(MetaDate); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			errs = append(errs, qda.Errorf(qda.EInvalid, "date %q is not YYYY-MM-DD", d))
		} else {
			n.Date = t
		}
	}
	var err error
	if n.Consent, err = parseConsent(meta[MetaConsent]); err != nil {
		errs = append(errs, err)
	}
	switch r := get(MetaRecording); r {
	case "", "none":
	case string(qda.RecordingPresent), string(qda.RecordingDeleted):
		n.Recording = qda.RecordingState(r)
	default:
		errs = append(errs, qda.Errorf(qda.EInvalid, "recording is none, present or deleted, not %q", r))
	}
	return n, errors.Join(errs...)
}

func parseConsent(s string) (qda.Consent, error) {
	var c qda.Consent
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		switch part {
		case "":
		case "recording":
			c.Recording = true
		case "data_protection":
			c.DataProtection = true
		case "info_sheet":
			c.InfoSheet = true
		default:
			return qda.Consent{}, qda.Errorf(qda.EInvalid, "unknown consent %q (recording, data_protection, info_sheet)", part)
		}
	}
	return c, nil
}

// fillFromMeta fills the fields n leaves empty from a file's metadata;
// only the values used are read, so a bad value that n overrides is no
// error. Attributes are not taken from the file.
func fillFromMeta(n NewInterview, meta map[string]string) (NewInterview, error) {
	use := map[string]string{}
	take := func(empty bool, key string) {
		if empty {
			use[key] = meta[key]
		}
	}
	take(n.Guideline == "", MetaGuideline)
	take(n.Role == "", MetaRole)
	take(n.Case == "", MetaCase)
	take(n.Wave == 0, MetaWave)
	take(strings.TrimSpace(n.Interviewee) == "", MetaInterviewee)
	take(n.Interviewer == "", MetaInterviewer)
	take(n.Date.IsZero(), MetaDate)
	take(n.Consent == qda.Consent{}, MetaConsent)
	take(n.Recording == "", MetaRecording)
	take(n.Status == "", MetaStatus)
	m, err := InterviewFromMeta(use)
	if err != nil {
		return n, err
	}
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&n.Guideline, m.Guideline)
	set(&n.Role, m.Role)
	set(&n.Case, m.Case)
	if strings.TrimSpace(n.Interviewee) == "" {
		n.Interviewee = m.Interviewee
	}
	set(&n.Interviewer, m.Interviewer)
	if n.Wave == 0 {
		n.Wave = m.Wave
	}
	if n.Date.IsZero() {
		n.Date = m.Date
	}
	if n.Consent == (qda.Consent{}) {
		n.Consent = m.Consent
	}
	if n.Recording == "" {
		n.Recording = m.Recording
	}
	if n.Status == "" {
		n.Status = m.Status
	}
	return n, nil
}

// checkComplete reports a *MissingMetadataError when n lacks guideline,
// case or interviewee.
func checkComplete(n NewInterview) error {
	var missing []string
	for _, f := range []struct{ key, v string }{{MetaGuideline, n.Guideline}, {MetaCase, n.Case}, {MetaInterviewee, n.Interviewee}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.key)
		}
	}
	if len(missing) > 0 {
		return &MissingMetadataError{Fields: missing}
	}
	return nil
}

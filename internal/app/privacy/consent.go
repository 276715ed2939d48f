package privacy

import (
	"fmt"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Command kinds of the consent records.
const (
	KindConsent  = "interview.consent"
	KindRefuse   = "interview.refuse"
	KindWithdraw = "interview.withdraw"
)

// finalGate is the check every path to a final protocol runs (installed in
// the core by New): the consent rules first, then the anonymisation check.
func (s *Service) finalGate(tx app.Tx, iv *qda.Interview) error {
	if err := consentFinal(iv); err != nil {
		return err
	}
	return s.anonGate(tx, iv)
}

// consentFinal holds the consent rules of a final protocol: an interview
// that was refused or whose consent was withdrawn never becomes final, an
// intensive interview only with the signed data-protection declaration
// and the information sheet, and none while its recording is still there
// (recordings are deleted once the protocol is complete).
func consentFinal(iv *qda.Interview) error {
	if iv.Recording == qda.RecordingPresent {
		return qda.Errorf(qda.EConflict, "the recording of %s is still there; delete it before the protocol becomes final ('recording delete %s')",
			iv.Interviewee, iv.GUID).WithKey("final.recording", map[string]any{"Name": iv.Interviewee})
	}
	if iv.Consent.Refused != nil {
		return qda.Errorf(qda.EConflict, "%s declined the interview (recorded %s); a refused interview never becomes final",
			iv.Interviewee, day(iv.Consent.Refused.Date)).WithKey("final.refused", map[string]any{"Name": iv.Interviewee, "Date": iv.Consent.Refused.Date})
	}
	if iv.Consent.Withdrawn != nil {
		return qda.Errorf(qda.EConflict, "%s withdrew their consent (recorded %s); the interview is purged, not made final",
			iv.Interviewee, day(iv.Consent.Withdrawn.Date)).WithKey("final.withdrawn", map[string]any{"Name": iv.Interviewee, "Date": iv.Consent.Withdrawn.Date})
	}
	if iv.Level == qda.LevelIntensive {
		var missing []string
		if !iv.Consent.DataProtection {
			missing = append(missing, "the signed data-protection declaration (data_protection)")
		}
		if !iv.Consent.InfoSheet {
			missing = append(missing, "the information sheet (info_sheet)")
		}
		if len(missing) > 0 {
			key := "final.intensiveBoth"
			if len(missing) == 1 && iv.Consent.InfoSheet {
				key = "final.intensiveDeclaration"
			} else if len(missing) == 1 {
				key = "final.intensiveInfoSheet"
			}
			return qda.Errorf(qda.EConflict, "%s is an intensive interview: it becomes final only with %s, which its record lacks",
				iv.Interviewee, strings.Join(missing, " and ")).WithKey(key, map[string]any{"Name": iv.Interviewee})
		}
	}
	return nil
}

// interviewGate holds the consent rules of every interview record that is
// registered, imported or merged (installed in the core by New): a
// recording needs consent to record, and an interview that was refused or
// withdrawn keeps no recording.
func (s *Service) interviewGate(_ app.Tx, iv *qda.Interview) error {
	if iv.Recording != qda.RecordingPresent {
		return nil
	}
	if !iv.Consent.Given() {
		return qda.Errorf(qda.EConflict, "%s refused or withdrew consent; the interview keeps no recording", iv.Interviewee).
			WithKey("recording.noConsentGiven", map[string]any{"Name": iv.Interviewee})
	}
	if !iv.Consent.Recording {
		return qda.Errorf(qda.EConflict, "%s did not consent to a recording (consent: recording); the interview cannot have one", iv.Interviewee).
			WithKey("recording.noConsent", map[string]any{"Name": iv.Interviewee})
	}
	return nil
}

// day formats a consent event's date.
func day(t time.Time) string {
	if t.IsZero() {
		return "without a date"
	}
	return "on " + t.Format(time.DateOnly)
}

// ConsentRecord describes a refusal or a withdrawal to record.
type ConsentRecord struct {
	// Date is the day it happened; zero: today.
	Date time.Time
	// Reason is optional and must not name the person.
	Reason string
}

// event completes r for the acting member (inside a write).
func (s *Service) event(r ConsentRecord) *qda.ConsentEvent {
	d := r.Date
	if d.IsZero() {
		d = s.Now()
	}
	y, m, dd := d.Date()
	return &qda.ConsentEvent{Date: time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), By: s.Actor(), Reason: strings.TrimSpace(r.Reason)}
}

// RefuseInterview records that the interviewee declined a planned
// interview: when, by whom it was recorded and (optionally) why. The
// interview must be a draft without a protocol or a recording — a
// conducted interview
// whose consent is taken back is withdrawn (WithdrawConsent). A refused
// interview stays in the registry, counts as refused in the plan and never
// becomes final. The command is in the audit log.
func (s *Service) RefuseInterview(ref string, r ConsentRecord) (*qda.Interview, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	err = s.Write(KindRefuse, fmt.Sprintf("interview %s refused", iv.Interviewee), func(tx app.Tx) (err error) {
		if iv, err = tx.Interview(iv.GUID); err != nil {
			return err
		}
		switch {
		case iv.Consent.Refused != nil:
			return qda.Errorf(qda.EConflict, "the refusal of %s is recorded already (%s)", iv.Interviewee, day(iv.Consent.Refused.Date)).
				WithKey("refuse.already", map[string]any{"Name": iv.Interviewee, "Date": iv.Consent.Refused.Date})
		case iv.Consent.Withdrawn != nil:
			return qda.Errorf(qda.EConflict, "%s withdrew their consent already", iv.Interviewee).WithKey("refuse.withdrawn", map[string]any{"Name": iv.Interviewee})
		case iv.Recording == qda.RecordingPresent:
			return qda.Errorf(qda.EConflict, "%s has a recording: the interview was given; record a withdrawal instead ('interview withdraw')", iv.Interviewee).
				WithKey("refuse.given", map[string]any{"Name": iv.Interviewee})
		}
		if _, err := app.FindProtocol(tx, iv.GUID); err == nil {
			return qda.Errorf(qda.EConflict, "%s has a protocol: the interview was given; record a withdrawal instead ('interview withdraw')", iv.Interviewee).
				WithKey("refuse.given", map[string]any{"Name": iv.Interviewee})
		} else if qda.ErrorCode(err) != qda.ENotFound {
			return err
		}
		if iv.Status != qda.StatusDraft {
			return qda.Errorf(qda.EConflict, "%s is %s: a refusal is recorded for a planned interview, which is a draft without a protocol", iv.Interviewee, iv.Status).
				WithKey("refuse.notDraft", map[string]any{"Name": iv.Interviewee, "Status": iv.Status})
		}
		iv.Consent.Refused = s.event(r)
		if err := iv.Validate(); err != nil {
			return err
		}
		return tx.PutInterview(iv)
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// WithdrawReport tells what a withdrawal recorded and purged.
type WithdrawReport struct {
	Interviewee string `json:"interviewee"`
	// Recorded is the command that recorded the withdrawal (empty when it
	// was recorded by an earlier, interrupted withdrawal).
	Recorded qda.GUID     `json:"recorded,omitempty"`
	Purge    *PurgeReport `json:"purge,omitempty"`
}

// WithdrawConsent records that the interviewee withdrew their consent
// (when, by whom, why) and then purges the interview with its protocol,
// codings, memos and recording irrevocably (see PurgeInterview). The
// withdrawal's command stays in the audit log (without its change images,
// which the purge scrubs). If the purge fails, the interview stays marked
// withdrawn, can never become final, and a second call finishes the purge.
// The caller confirms before: nothing of the interview can be restored.
func (s *Service) WithdrawConsent(ref string, r ConsentRecord) (*WithdrawReport, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	rep := &WithdrawReport{Interviewee: iv.Interviewee}
	if iv.Consent.Withdrawn == nil {
		// The summary keeps the reason: the purge scrubs the record's images.
		summary := fmt.Sprintf("interview %s: consent withdrawn %s, the interview is purged", iv.Interviewee, day(s.event(r).Date))
		if reason := strings.TrimSpace(r.Reason); reason != "" {
			summary += " (" + reason + ")"
		}
		cmd := &qda.Command{Kind: KindWithdraw, Summary: summary}
		err = s.WriteCmd(cmd, func(tx app.Tx) (err error) {
			if iv, err = tx.Interview(iv.GUID); err != nil {
				return err
			}
			iv.Consent.Withdrawn = s.event(r)
			return tx.PutInterview(iv)
		})
		if err != nil {
			return nil, err
		}
		rep.Recorded = cmd.GUID
	}
	if rep.Purge, err = s.purge([]qda.GUID{iv.GUID}, nil, "consent withdrawn: purge interview "+iv.Interviewee); err != nil {
		return rep, fmt.Errorf("the withdrawal of %s is recorded, but the purge failed (run 'interview withdraw' again): %w", iv.Interviewee, err)
	}
	return rep, nil
}

// ConsentFlags are what an interviewee agreed to and received.
type ConsentFlags struct {
	Recording, DataProtection, InfoSheet bool
}

// SetConsent records an interview's consent flags (a declaration signed
// later, an information sheet handed out), as an undoable command in the
// audit log. It refuses what would break a rule: recording consent taken
// back while the recording is in the project (delete it first, or record a
// withdrawal), consent of a refused or withdrawn interview, and a final
// intensive protocol losing its declaration or information sheet (reopen
// it first).
func (s *Service) SetConsent(ref string, f ConsentFlags) (*qda.Interview, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	err = s.Write(KindConsent, fmt.Sprintf("interview %s: consent recording=%t, data_protection=%t, info_sheet=%t",
		iv.Interviewee, f.Recording, f.DataProtection, f.InfoSheet), func(tx app.Tx) (err error) {
		if iv, err = tx.Interview(iv.GUID); err != nil {
			return err
		}
		if !iv.Consent.Given() {
			return qda.Errorf(qda.EConflict, "%s refused or withdrew consent; that stays recorded", iv.Interviewee).
				WithKey("consent.notGiven", map[string]any{"Name": iv.Interviewee})
		}
		old := iv.Consent
		iv.Consent.Recording, iv.Consent.DataProtection, iv.Consent.InfoSheet = f.Recording, f.DataProtection, f.InfoSheet
		if iv.Consent == old {
			return qda.Errorf(qda.EConflict, "the consent of %s is recorded like this already", iv.Interviewee).
				WithKey("consent.same", map[string]any{"Name": iv.Interviewee})
		}
		if err := s.interviewGate(tx, iv); err != nil {
			return qda.Errorf(qda.EConflict, "%s: delete the recording first ('recording delete'), or record a withdrawal ('interview withdraw')", qda.ErrorMessage(err)).
				WithKey("consent.recording", map[string]any{"Name": iv.Interviewee})
		}
		if iv.Status == qda.StatusFinal {
			if err := consentFinal(iv); err != nil {
				return qda.Errorf(qda.EConflict, "the protocol is final: %s; reopen it first", qda.ErrorMessage(err)).
					WithKey("consent.final", map[string]any{"Name": iv.Interviewee})
			}
		}
		return tx.PutInterview(iv)
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

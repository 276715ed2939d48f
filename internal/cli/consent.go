package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// parseConsentList reads "recording, data_protection, info_sheet" (any of
// them; empty: none).
func parseConsentList(s string) (privacy.ConsentFlags, error) {
	var f privacy.ConsentFlags
	for _, c := range strings.Split(s, ",") {
		switch strings.TrimSpace(c) {
		case "", "none":
		case "recording":
			f.Recording = true
		case "data_protection":
			f.DataProtection = true
		case "info_sheet":
			f.InfoSheet = true
		default:
			return f, qda.Errorf(qda.EInvalid, "unknown consent %q (recording, data_protection, info_sheet)", c)
		}
	}
	return f, nil
}

// consentRecordFlags are the flags of a refusal or withdrawal.
type consentRecordFlags struct{ date, reason string }

func (c *consentRecordFlags) define(fs *flag.FlagSet) {
	*c = consentRecordFlags{}
	fs.StringVar(&c.date, "date", "", "the day it happened, YYYY-MM-DD (default: today)")
	fs.StringVar(&c.reason, "reason", "", "why (optional; never a real name)")
}

func (c *consentRecordFlags) record() (privacy.ConsentRecord, error) {
	r := privacy.ConsentRecord{Reason: c.reason}
	if c.date != "" {
		d, err := time.Parse(time.DateOnly, c.date)
		if err != nil {
			return r, usagef("--date %q is not YYYY-MM-DD", c.date)
		}
		r.Date = d
	}
	return r, nil
}

func init() {
	var consent string
	register(&command{
		name: "interview consent", args: "INTERVIEW --set LIST",
		short: "record what the interviewee consented to (recording, data_protection, info_sheet)",
		long: `--set names everything that holds now, e.g. --set data_protection,info_sheet
(--set none: nothing). Recorded in the audit log and undoable. Refused when it
would break a rule: recording consent taken back while the recording is in the
project (delete it first, or record a withdrawal), or a final intensive protocol
losing its declaration or information sheet (reopen it first).`,
		flags: func(fs *flag.FlagSet) {
			consent = "\x00"
			fs.StringVar(&consent, "set", "\x00", "comma-separated: recording, data_protection, info_sheet (or none)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 || consent == "\x00" {
				return usagef("give the interview and --set")
			}
			f, err := parseConsentList(consent)
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.SetConsent(fs.Arg(0), f)
				if err == nil {
					fmt.Fprintf(e.Stdout, "consent of %s: %s\n", iv.Interviewee, consentText(iv.Consent))
				}
				return err
			})
		},
	})
	var refuse consentRecordFlags
	register(&command{
		name: "interview refuse", args: "INTERVIEW",
		short: "record that the interviewee declined a planned interview (date, who, reason)",
		long: `For a registered interview that was not given: a draft without a protocol
or a recording. The refusal is recorded with its date, the acting member and the
reason, in the audit log; the interview stays in the registry, counts as
refused in 'plan show' and never becomes final. A conducted interview whose
consent is taken back is withdrawn instead ('interview withdraw').`,
		flags: refuse.define,
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one interview")
			}
			r, err := refuse.record()
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.RefuseInterview(fs.Arg(0), r)
				if err == nil {
					fmt.Fprintf(e.Stdout, "refusal of %s recorded (%s)\n", iv.Interviewee, iv.Consent.Refused.Date.Format(time.DateOnly))
				}
				return err
			})
		},
	})
	var withdraw consentRecordFlags
	var yes bool
	register(&command{
		name: "interview withdraw", args: "INTERVIEW",
		short: "record a withdrawn consent and purge the interview irrevocably",
		long: `Records the withdrawal (date, acting member, reason) in the audit log, then
purges the interview with its protocol, codings, memos, summaries and
recording as 'purge --interview' does: no byte of it is left in the project,
its backups or the index. Asks before (or --yes). If the purge is
interrupted, the interview stays marked withdrawn and running the command
again finishes it.`,
		flags: func(fs *flag.FlagSet) {
			withdraw.define(fs)
			fs.BoolVar(&yes, "yes", false, "purge without asking")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one interview")
			}
			r, err := withdraw.record()
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.Interview(fs.Arg(0))
				if err != nil {
					return err
				}
				if !e.confirm(fmt.Sprintf("%s withdrew their consent: purge the interview with its protocol, codings, memos and recording irrevocably?", iv.Interviewee), yes) {
					return qda.Errorf(qda.EConflict, "nothing recorded or purged: the withdrawal needs confirmation (--yes)")
				}
				rep, err := s.WithdrawConsent(string(iv.GUID), r)
				if rep != nil && rep.Purge != nil {
					fmt.Fprintf(e.Stdout, "withdrawal of %s recorded\n", rep.Interviewee)
					printPurge(e, rep.Purge)
				}
				return err
			})
		},
	})
}

// consentText lists the consent flags and events of an interview.
func consentText(c qda.Consent) string {
	var parts []string
	if c.Recording {
		parts = append(parts, "recording")
	}
	if c.DataProtection {
		parts = append(parts, "data_protection")
	}
	if c.InfoSheet {
		parts = append(parts, "info_sheet")
	}
	if len(parts) == 0 {
		parts = append(parts, "none")
	}
	if c.Refused != nil {
		parts = append(parts, "REFUSED "+c.Refused.Date.Format(time.DateOnly))
	}
	if c.Withdrawn != nil {
		parts = append(parts, "WITHDRAWN "+c.Withdrawn.Date.Format(time.DateOnly))
	}
	return strings.Join(parts, ", ")
}

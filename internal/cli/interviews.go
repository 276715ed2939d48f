package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// interviewFlags are the metadata flags shared by interview add and
// protocol import.
type interviewFlags struct {
	guideline, role, cse, interviewee, interviewer, date, consent, recording, status string
	wave                                                                             int
	attrs                                                                            kvFlag
}

func (f *interviewFlags) define(fs *flag.FlagSet) {
	*f = interviewFlags{attrs: kvFlag{}}
	fs.StringVar(&f.guideline, "guideline", "", "guideline key or GUID, e.g. A.2.1")
	fs.StringVar(&f.role, "role", "", "role code or label from the guideline")
	fs.StringVar(&f.cse, "case", "", "site pseudonym, e.g. JC-07")
	fs.IntVar(&f.wave, "wave", 0, "wave (default: the guideline's)")
	fs.StringVar(&f.interviewee, "interviewee", "", "the interviewee's pseudonym")
	fs.StringVar(&f.interviewer, "interviewer", "", "interviewer's user name (default: the acting user)")
	fs.StringVar(&f.date, "date", "", "date of the interview, YYYY-MM-DD")
	fs.StringVar(&f.consent, "consent", "", "comma-separated: recording, data_protection, info_sheet")
	fs.StringVar(&f.recording, "recording", "", "none, present or deleted")
	fs.StringVar(&f.status, "status", "", "draft, complete, checked or final (default draft)")
	fs.Var(f.attrs, "attr", "NAME=VALUE of a defined interview attribute (repeatable)")
}

// fromMeta fills unset flags from a protocol file's front matter.
func (f *interviewFlags) fromMeta(meta map[string]string) {
	set := func(dst *string, key string) {
		if *dst == "" {
			*dst = meta[key]
		}
	}
	set(&f.guideline, "guideline")
	set(&f.role, "role")
	set(&f.cse, "case")
	set(&f.interviewee, "interviewee")
	set(&f.interviewer, "interviewer")
	set(&f.date, "date")
	set(&f.consent, "consent")
	set(&f.recording, "recording")
	set(&f.status, "status")
	if f.wave == 0 {
		fmt.Sscanf(meta["wave"], "%d", &f.wave)
	}
}

func (f *interviewFlags) build() (study.NewInterview, error) {
	n := study.NewInterview{Guideline: f.guideline, Role: f.role, Case: f.cse, Wave: f.wave, Interviewee: f.interviewee,
		Interviewer: f.interviewer, Status: qda.Status(f.status), Attributes: f.attrs}
	if n.Guideline == "" || n.Case == "" || n.Interviewee == "" {
		return n, usagef("--guideline, --case and --interviewee are needed")
	}
	if f.date != "" {
		d, err := time.Parse(time.DateOnly, f.date)
		if err != nil {
			return n, qda.Errorf(qda.EInvalid, "date %q is not YYYY-MM-DD", f.date)
		}
		n.Date = d
	}
	for _, c := range strings.Split(f.consent, ",") {
		switch strings.TrimSpace(c) {
		case "":
		case "recording":
			n.Consent.Recording = true
		case "data_protection":
			n.Consent.DataProtection = true
		case "info_sheet":
			n.Consent.InfoSheet = true
		default:
			return n, qda.Errorf(qda.EInvalid, "unknown consent %q (recording, data_protection, info_sheet)", c)
		}
	}
	switch f.recording {
	case "", "none":
	case "present", "deleted":
		n.Recording = qda.RecordingState(f.recording)
	default:
		return n, qda.Errorf(qda.EInvalid, "recording is none, present or deleted, not %q", f.recording)
	}
	return n, nil
}

type interviewJSON struct {
	GUID        qda.GUID           `json:"guid"`
	Guideline   string             `json:"guideline"`
	Level       qda.Level          `json:"level"`
	Wave        int                `json:"wave"`
	Case        string             `json:"case"`
	Role        string             `json:"role"`
	Interviewee string             `json:"interviewee"`
	Interviewer string             `json:"interviewer"`
	Date        string             `json:"date,omitempty"`
	Status      qda.Status         `json:"status"`
	Consent     qda.Consent        `json:"consent"`
	Recording   qda.RecordingState `json:"recording,omitempty"`
	Document    qda.GUID           `json:"document,omitempty"`
	Attributes  map[string]string  `json:"attributes,omitempty"`
	// Start is the before/after-programme-start flag (interview show).
	Start *pairs.StartInfo `json:"start,omitempty"`
}

func interviewRows(s *project.Project, ivs []qda.Interview) ([]interviewJSON, error) {
	gs, err := s.Guidelines()
	if err != nil {
		return nil, err
	}
	cs, err := s.Cases()
	if err != nil {
		return nil, err
	}
	us, err := s.Users()
	if err != nil {
		return nil, err
	}
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	names := map[qda.GUID]string{}
	for _, g := range gs {
		names[g.GUID] = g.Key
	}
	for _, c := range cs {
		names[c.GUID] = c.Name
	}
	for _, u := range us {
		names[u.GUID] = u.Name
	}
	protocol := map[qda.GUID]qda.GUID{}
	for _, d := range docs {
		if d.Kind == qda.KindProtocol && d.Interview != "" {
			protocol[d.Interview] = d.GUID
		}
	}
	rows := []interviewJSON{}
	for _, iv := range ivs {
		r := interviewJSON{GUID: iv.GUID, Guideline: names[iv.Guideline], Level: iv.Level, Wave: iv.Wave, Case: names[iv.Case],
			Role: iv.Role, Interviewee: iv.Interviewee, Interviewer: names[iv.Interviewer], Status: iv.Status,
			Consent: iv.Consent, Recording: iv.Recording, Document: protocol[iv.GUID]}
		if !iv.Date.IsZero() {
			r.Date = iv.Date.Format(time.DateOnly)
		}
		if r.Attributes, err = s.AttrValues(iv.Attributes); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func init() {
	var f interviewFlags
	register(&command{
		name: "interview add", short: "register an interview (its protocol is written or imported later)",
		flags: f.define,
		run: func(e *Env, fs *flag.FlagSet) error {
			n, err := f.build()
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.AddInterview(n)
				if err == nil {
					fmt.Fprintln(e.Stdout, iv.GUID)
				}
				return err
			})
		},
	})
	var listJSON bool
	var level, cse string
	var wave int
	register(&command{
		name: "interview list", short: "list interviews (filter by level, case, wave)",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&listJSON, "json", false, "print JSON")
			fs.StringVar(&level, "level", "", "strategic, operative or intensive")
			fs.StringVar(&cse, "case", "", "site pseudonym")
			fs.IntVar(&wave, "wave", 0, "wave")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				ivs, err := s.Interviews()
				if err != nil {
					return err
				}
				rows, err := interviewRows(s, ivs)
				if err != nil {
					return err
				}
				out := rows[:0]
				for _, r := range rows {
					if (level == "" || string(r.Level) == level) && (cse == "" || strings.EqualFold(r.Case, cse)) && (wave == 0 || r.Wave == wave) {
						out = append(out, r)
					}
				}
				if listJSON {
					return e.printJSON(out)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintf(w, "LEVEL\tWAVE\tCASE\tGUIDELINE\tROLE\tINTERVIEWEE\tINTERVIEWER\tDATE\tSTATUS\tGUID\n")
				for _, r := range out {
					status := string(r.Status)
					if r.Consent.Refused != nil {
						status += " (refused)"
					}
					fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Level, r.Wave, r.Case, r.Guideline, r.Role, r.Interviewee, r.Interviewer, r.Date, status, r.GUID)
				}
				return w.Flush()
			})
		},
	})
	var showJSON bool
	register(&command{
		name: "interview show", args: "INTERVIEW", short: "show one interview (GUID or interviewee pseudonym)",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&showJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one interview")
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.Interview(fs.Arg(0))
				if err != nil {
					return err
				}
				rows, err := interviewRows(s, []qda.Interview{*iv})
				if err != nil {
					return err
				}
				st, err := s.StartInfoOf(string(iv.GUID))
				if err != nil {
					return err
				}
				rows[0].Start = &st
				if showJSON {
					return e.printJSON(rows[0])
				}
				r := rows[0]
				fmt.Fprintf(e.Stdout, "interviewee\t%s\nguideline\t%s\nlevel\t%s\nwave\t%d\ncase\t%s\nrole\t%s\ninterviewer\t%s\ndate\t%s\nstatus\t%s\nconsent\t%s\nrecording\t%s\ndocument\t%s\nguid\t%s\nstart\t%s\n",
					r.Interviewee, r.Guideline, r.Level, r.Wave, r.Case, r.Role, r.Interviewer, r.Date, r.Status, consentText(r.Consent), r.Recording, r.Document, r.GUID, startText(st))
				return nil
			})
		},
	})
	register(&command{
		name: "interview set-status", args: "INTERVIEW STATUS", short: "move a protocol to draft, complete, checked or final",
		long: `Forward one step at a time; moving a final protocol back reopens it (recorded in the audit log).
Final only without open anonymization findings ('anon check') and, on the intensive level,
with the signed data-protection declaration and the information sheet ('interview consent');
never for a refused interview, nor while its recording is still there ('recording delete').`,
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the interview and the status")
			}
			return e.withService(func(s *project.Project) error {
				if err := e.unlockIfGiven(s, passFlags{}); err != nil {
					return err
				}
				iv, err := s.SetStatus(fs.Arg(0), qda.Status(fs.Arg(1)))
				if err == nil {
					fmt.Fprintf(e.Stdout, "%s is %s\n", iv.Interviewee, iv.Status)
					e.askDeleteRecording(s, iv)
				}
				return err
			})
		},
	})
}

package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	register(&command{
		name: "plan import", args: "CSV",
		short: "replace the fieldwork plan from a CSV file (level,case,wave,role,planned,optional,note[,group])",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one CSV file")
			}
			text, err := readText(fs.Arg(0))
			if err != nil {
				return err
			}
			rows, err := study.ParsePlanCSV(strings.NewReader(text))
			if err != nil {
				return fmt.Errorf("%s: %w", fs.Arg(0), err)
			}
			return e.withService(func(s *project.Project) error {
				n, err := s.ImportPlan(rows)
				if err == nil {
					fmt.Fprintf(e.Stdout, "imported %d plan rows\n", n)
				}
				return err
			})
		},
	})
	register(&command{
		name: "plan export", args: "CSV", short: "write the fieldwork plan as CSV ('-' for standard output)",
		long: "The export is recorded in the audit log.",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the output file")
			}
			return e.withService(func(s *project.Project) error {
				rows, err := s.PlanRows()
				if err != nil {
					return err
				}
				var buf bytes.Buffer
				if err := study.WritePlanCSV(&buf, rows); err != nil {
					return err
				}
				req := privacy.ExportRequest{Format: "csv", What: "the fieldwork plan", To: exportTo(fs.Arg(0))}
				return e.export(s, req, false, func() error {
					if fs.Arg(0) == "-" {
						_, err := e.Stdout.Write(buf.Bytes())
						return err
					}
					return writeFileAtomic(fs.Arg(0), buf.Bytes())
				})
			})
		},
	})
	var asJSON, totals bool
	register(&command{
		name: "plan show", short: "planned against conducted interviews, per cell and in totals",
		long: `Conducted counts people, each once per cell: an IFK interviewed about two customers in a
wave is one. Refused interviews (interview refuse) are not conducted: their slot stays missing and
REFUSED counts them. A role the plan divides into groups (Bestandskraft, Neueinstellung) is counted
per group by the interview attribute "Gruppe". Below the table: the wave windows and every
interview outside its wave's window, without a date, or sooner after the person's previous wave
than the window's least gap ('plan window'), and the panel members lost to the study
('attrition add'), whom DROPPED counts in every later wave of their cell.
JSON: {rows:[{level,case,wave,role,group,planned,optional,conducted,complete,final,refused,dropped,missing}], totals:[…per level and wave], windows:[{level,wave,from,to,min_gap_months,note}], timing:[{kind,level,wave,case,role,interviewee,date,detail}], exits:[{level,case,person,role,group,from_wave,kind,date,reason}]}.`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&totals, "totals", false, "print only the totals per level and wave")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				st, err := s.PlanStatus()
				if err != nil {
					return err
				}
				if asJSON {
					if st.Cells == nil {
						st.Cells = []study.PlanCell{}
					}
					if st.Totals == nil {
						st.Totals = []study.PlanTotal{}
					}
					return e.printJSON(st)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
				fmt.Fprintf(w, "LEVEL\tWAVE\tCASE\tROLE\tPLANNED\tOPTIONAL\tCONDUCTED\tCOMPLETE\tFINAL\tREFUSED\tDROPPED\tMISSING\t\n")
				if !totals {
					for _, c := range st.Cells {
						role := c.Role
						if c.Group != "" {
							role += " (" + c.Group + ")"
						}
						fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.Level, c.Wave, c.Case, role, c.Planned, c.Optional, c.Conducted, c.Complete, c.Final, c.Refused, c.Dropped, c.Missing)
					}
				}
				for _, t := range st.Totals {
					fmt.Fprintf(w, "%s\t%d\tTOTAL\t\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", t.Level, t.Wave, t.Planned, t.Optional, t.Conducted, t.Complete, t.Final, t.Refused, t.Dropped, t.Missing)
				}
				if err := w.Flush(); err != nil || totals {
					return err
				}
				if err := printTiming(e, st); err != nil {
					return err
				}
				return printExits(e.Stdout, st.Exits)
			})
		},
	})
}

// printTiming prints the wave windows and the interviews that do not fit
// them.
func printTiming(e *Env, st *study.PlanStatus) error {
	if len(st.Windows) > 0 {
		fmt.Fprintf(e.Stdout, "\nwave windows\n")
		w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
		for _, wn := range st.Windows {
			gap := ""
			if wn.MinGapMonths > 0 {
				gap = fmt.Sprintf("at least %d months after wave %d", wn.MinGapMonths, wn.Wave-1)
			}
			fmt.Fprintf(w, "  %s\twave %d\t%s – %s\t%s\n", wn.Level, wn.Wave, wn.From, wn.To, gap)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if len(st.Timing) == 0 {
		if len(st.Windows) > 0 {
			fmt.Fprintf(e.Stdout, "\nevery interview lies in its wave's window\n")
		}
		return nil
	}
	fmt.Fprintf(e.Stdout, "\ntiming (%d)\n", len(st.Timing))
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "  KIND\tLEVEL\tWAVE\tCASE\tROLE\tINTERVIEWEE\tDATE\tEXPECTED\n")
	for _, t := range st.Timing {
		fmt.Fprintf(w, "  %s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", t.Kind, t.Level, t.Wave, t.Case, t.Role, t.Interviewee, dash(t.Date), t.Detail)
	}
	return w.Flush()
}

func init() {
	var level, from, to, note string
	var wave, gap int
	var remove bool
	register(&command{
		name: "plan window", short: "plan the period of a level's wave (and the least gap to the previous wave)",
		long: `Sets the window in which the interviews of a level's wave are planned, e.g. the intensive
case studies' wave 2 from 2014-07-01 to 2015-06-30, at least 5 months after each person's wave-1
interview. 'plan show' lists the interviews outside their window and the panel members
interviewed again too soon. --remove drops the window. One undoable command.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&level, "level", "", "strategic, operative or intensive")
			fs.IntVar(&wave, "wave", 0, "the wave, 1 or more")
			fs.StringVar(&from, "from", "", "first day, YYYY-MM-DD")
			fs.StringVar(&to, "to", "", "last day, YYYY-MM-DD")
			fs.IntVar(&gap, "min-gap-months", 0, "least months after the person's interview in the previous wave (0: no check)")
			fs.StringVar(&note, "note", "", "where the window comes from")
			fs.BoolVar(&remove, "remove", false, "remove the window")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if level == "" || wave < 1 {
				return usagef("--level and --wave are needed")
			}
			if !remove && (from == "" || to == "") {
				return usagef("--from and --to are needed (or --remove)")
			}
			wn := qda.WaveWindow{Level: qda.Level(level), Wave: wave, From: from, To: to, MinGapMonths: gap, Note: note}
			if remove {
				wn.From, wn.To = "", ""
			}
			return e.withService(func(s *project.Project) error {
				if err := s.SetWaveWindow(wn); err != nil {
					return err
				}
				if remove {
					fmt.Fprintf(e.Stdout, "removed the window of %s wave %d\n", level, wave)
				} else {
					fmt.Fprintf(e.Stdout, "planned %s wave %d: %s – %s\n", level, wave, from, to)
				}
				return nil
			})
		},
	})
}

// printExits lists the panel members lost to the study.
func printExits(out io.Writer, xs []study.PanelExit) error {
	if len(xs) == 0 {
		return nil
	}
	fmt.Fprintf(out, "\nattrition (%d)\n", len(xs))
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "  LEVEL\tCASE\tPERSON\tROLE\tFROM WAVE\tKIND\tDATE\tREASON\n")
	for _, x := range xs {
		role := x.Role
		if x.Group != "" {
			role += " (" + x.Group + ")"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", x.Level, x.Case, x.Person, role, x.FromWave, x.Kind, x.Date, x.Reason)
	}
	return w.Flush()
}

func init() {
	var in study.PanelExit
	var level, kind string
	register(&command{
		name: "attrition add", args: "PERSON",
		short: "record that a panel member leaves the study: refused, dropped, found_work or unreachable",
		long: `The person is named by pseudonym; site, level, role and group default to those of their
latest interview, --from-wave to the wave after it. 'plan show' then counts them as dropped in
every later wave of their cell and lists the exit with its reason. A refused or withdrawn single
interview is not an exit: it belongs to that interview. 'attrition remove' takes an exit back.
One undoable command.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&in.Case, "case", "", "the site (when the pseudonym occurs at several)")
			fs.StringVar(&level, "level", "", "the level (when the pseudonym occurs on several)")
			fs.StringVar(&kind, "kind", "", "refused, dropped, found_work or unreachable")
			fs.IntVar(&in.FromWave, "from-wave", 0, "the first wave the person is missing from (default: after their latest interview)")
			fs.StringVar(&in.Date, "date", "", "when the study learnt of it, YYYY-MM-DD (default: today)")
			fs.StringVar(&in.Reason, "reason", "", "why (required)")
			fs.StringVar(&in.Group, "group", "", "the plan group (default: the interview attribute Gruppe)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one person (pseudonym)")
			}
			if kind == "" || strings.TrimSpace(in.Reason) == "" {
				return usagef("--kind and --reason are needed")
			}
			in.Person, in.Level, in.Kind = fs.Arg(0), qda.Level(level), qda.ExitKind(kind)
			return e.withService(func(s *project.Project) error {
				x, err := s.RecordExit(in)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "%s (%s, %s %s) leaves the study from wave %d: %s\n", x.Person, x.Case, x.Level, x.Role, x.FromWave, x.Kind)
				return nil
			})
		},
	})
	var site string
	register(&command{
		name: "attrition remove", args: "PERSON",
		short: "take back a panel member's exit",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&site, "case", "", "the site (when the person left at several)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one person (pseudonym)")
			}
			return e.withService(func(s *project.Project) error {
				if err := s.RemoveExit(fs.Arg(0), site); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "%s is back in the panel\n", fs.Arg(0))
				return nil
			})
		},
	})
	var asJSON bool
	register(&command{
		name: "attrition list", short: "the panel members lost to the study, with kind, date and reason",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON: [{level,case,person,role,group,from_wave,kind,date,reason}]")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				xs, err := s.Exits()
				if err != nil {
					return err
				}
				if asJSON {
					if xs == nil {
						xs = []study.PanelExit{}
					}
					return e.printJSON(xs)
				}
				if len(xs) == 0 {
					fmt.Fprintln(e.Stdout, "no panel member has left the study")
					return nil
				}
				return printExits(e.Stdout, xs)
			})
		},
	})
}

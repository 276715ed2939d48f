package cli

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
)

func init() {
	register(&command{
		name: "plan import", args: "CSV",
		short: "replace the fieldwork plan from a CSV file (level,case,wave,role,planned,optional,note)",
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
		long: "Refused interviews (interview refuse) are not conducted: their slot stays missing and REFUSED counts them.\nJSON: {rows:[{level,case,wave,role,planned,optional,conducted,complete,final,refused,missing}], totals:[…per level and wave]}.",
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
				fmt.Fprintf(w, "LEVEL\tWAVE\tCASE\tROLE\tPLANNED\tOPTIONAL\tCONDUCTED\tCOMPLETE\tFINAL\tREFUSED\tMISSING\t\n")
				if !totals {
					for _, c := range st.Cells {
						fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.Level, c.Wave, c.Case, c.Role, c.Planned, c.Optional, c.Conducted, c.Complete, c.Final, c.Refused, c.Missing)
					}
				}
				for _, t := range st.Totals {
					fmt.Fprintf(w, "%s\t%d\tTOTAL\t\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", t.Level, t.Wave, t.Planned, t.Optional, t.Conducted, t.Complete, t.Final, t.Refused, t.Missing)
				}
				return w.Flush()
			})
		},
	})
}

package cli

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	var o study.GenerateOptions
	register(&command{
		name: "deliverables generate", short: "add the reports the fieldwork plan implies and link their report documents",
		long: `Adds a case report per job centre on the strategic level and per site on the operative
level, a report per site's intensive case studies and one employer report across sites (when the
plan has employer interviews, role --employer-role), each as a draft; links every deliverable
without a document to its site's report naming its level. Existing deliverables keep their
owner, due date and status. One undoable command.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&o.Due, "due", "", "due date of the new deliverables, YYYY-MM-DD")
			fs.StringVar(&o.Owner, "owner", "", "owner of the new deliverables (a team member)")
			fs.StringVar(&o.EmployerRole, "employer-role", "AG", "the plan role of the employer interviews")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				added, linked, err := s.GenerateDeliverables(o)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "%d deliverable(s) added, %d linked to their report\n", added, linked)
				return nil
			})
		},
	})

	var asJSON, due bool
	register(&command{
		name: "deliverables list", short: "the study's reports: owner, due date, status, report; what is due first",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON: [{id,kind,title,level,case,owner,due,status,document,overdue,note}]")
			fs.BoolVar(&due, "due", false, "only what is not delivered yet")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				rows, err := s.Deliverables()
				if err != nil {
					return err
				}
				if due {
					kept := rows[:0]
					for _, r := range rows {
						if r.Status != qda.DeliverDelivered {
							kept = append(kept, r)
						}
					}
					rows = kept
				}
				if asJSON {
					if rows == nil {
						rows = []study.DeliverableRow{}
					}
					return e.printJSON(rows)
				}
				if len(rows) == 0 {
					fmt.Fprintln(e.Stdout, "no deliverables ('deliverables generate' derives them from the plan)")
					return nil
				}
				counts := map[qda.DeliverableStatus]int{}
				overdue := 0
				for _, r := range rows {
					counts[r.Status]++
					if r.Overdue {
						overdue++
					}
				}
				fmt.Fprintf(e.Stdout, "%d deliverables: %d draft, %d in review, %d delivered; %d overdue\n\n", len(rows),
					counts[qda.DeliverDraft], counts[qda.DeliverInReview], counts[qda.DeliverDelivered], overdue)
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintf(w, "ID\tSTATUS\tDUE\tOWNER\tREPORT\tTITLE\n")
				for _, r := range rows {
					st := string(r.Status)
					if r.Overdue {
						st += " (overdue)"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, st, dash(r.Due), dash(r.Owner), dash(r.Document), r.Title)
				}
				return w.Flush()
			})
		},
	})

	var status, owner, dueDate, doc, note string
	register(&command{
		name: "deliverables set", args: "ID",
		short: "change a deliverable's status (draft, in_review, delivered), owner, due date, report or note",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&status, "status", "", "draft, in_review or delivered")
			fs.StringVar(&owner, "owner", "", "owner")
			fs.StringVar(&dueDate, "due", "", "due date, YYYY-MM-DD")
			fs.StringVar(&doc, "document", "", "the report document (GUID or name); '-' unlinks")
			fs.StringVar(&note, "note", "", "note")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one deliverable id")
			}
			var ch study.DeliverableChange
			set := map[string]bool{}
			fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
			if set["status"] {
				st := qda.DeliverableStatus(status)
				ch.Status = &st
			}
			if set["owner"] {
				ch.Owner = &owner
			}
			if set["due"] {
				ch.Due = &dueDate
			}
			if set["note"] {
				ch.Note = &note
			}
			if set["document"] {
				if doc == "-" {
					doc = ""
				}
				ch.Document = &doc
			}
			if len(set) == 0 {
				return usagef("change something: --status, --owner, --due, --document or --note")
			}
			return e.withService(func(s *project.Project) error {
				if err := s.SetDeliverable(fs.Arg(0), ch); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "changed %s\n", fs.Arg(0))
				return nil
			})
		},
	})
}

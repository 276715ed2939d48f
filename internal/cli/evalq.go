package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
)

func init() {
	var note string
	register(&command{
		name: "evalq add", args: "ID TEXT",
		short: "add an evaluation question of the study (what the codes and case reports answer)",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&note, "note", "", "note") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the question's id and text")
			}
			return e.withService(func(s *project.Project) error {
				if err := s.AddEvalQuestion(fs.Arg(0), fs.Arg(1), note); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "added evaluation question %s\n", fs.Arg(0))
				return nil
			})
		},
	})
	var unlink bool
	register(&command{
		name: "evalq link", args: "ID CODE…",
		short: "link codes (GUID, KEY:QUESTION, name or theme:SET/N) to an evaluation question",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&unlink, "unlink", false, "unlink the codes instead") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() < 2 {
				return usagef("give the question's id and at least one code")
			}
			return e.withService(func(s *project.Project) error {
				if err := s.LinkEvalQuestion(fs.Arg(0), fs.Args()[1:], unlink); err != nil {
					return err
				}
				verb := "linked"
				if unlink {
					verb = "unlinked"
				}
				fmt.Fprintf(e.Stdout, "%s %d code(s) %s %s\n", verb, fs.NArg()-1, map[bool]string{false: "to", true: "from"}[unlink], fs.Arg(0))
				return nil
			})
		},
	})
	var asJSON bool
	register(&command{
		name: "evalq list", short: "the study's evaluation questions with their linked codes",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON: [{id,text,codes,code_guids,note}]")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				qs, err := s.EvalQuestions()
				if err != nil {
					return err
				}
				if asJSON {
					if qs == nil {
						qs = []study.EvalQuestionRow{}
					}
					return e.printJSON(qs)
				}
				if len(qs) == 0 {
					fmt.Fprintln(e.Stdout, "no evaluation questions ('evalq add' adds one)")
					return nil
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				for _, q := range qs {
					fmt.Fprintf(w, "%s\t%s\n\t  codes: %s\n", q.ID, q.Text, dash(strings.Join(q.Codes, ", ")))
				}
				return w.Flush()
			})
		},
	})
	var quotes int
	register(&command{
		name: "evalq report", args: "[ID]",
		short: "the report section of an evaluation question (all without ID): linked summaries and segments across sites, Markdown",
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&quotes, "quotes", 2, "segments quoted per site and code (0: only counts)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 1 {
				return usagef("give at most one question id")
			}
			return e.withService(func(s *project.Project) error {
				text, err := s.EvalReport(fs.Arg(0), quotes)
				if err != nil {
					return err
				}
				fmt.Fprint(e.Stdout, text)
				return nil
			})
		},
	})
}

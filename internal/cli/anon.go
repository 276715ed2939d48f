package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
)

// anonJSON is a finding as `anon check --json` prints it.
type anonJSON struct {
	ID           string `json:"id"`
	Document     string `json:"document"`
	DocumentName string `json:"document_name"`
	Start        int    `json:"start"`
	End          int    `json:"end"`
	Text         string `json:"text"`
	Kind         string `json:"kind"`
	Suggestion   string `json:"suggestion"`
	Source       string `json:"source"`
	Rule         string `json:"rule,omitempty"`
	Ignored      bool   `json:"ignored,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

func init() {
	var pf passFlags
	var asJSON, ignored bool
	register(&command{
		name: "anon check", args: "[DOCUMENT]", short: "list anonymization findings (names, places, addresses, numbers)",
		long: `Checks one document (GUID or name) or all for real names from the pseudonym key
(with --passphrase-file or $` + envKeyPass + `), German place names and patterns:
Herr/Frau/Dr./Prof. + name, first name + surname, e-mail, phone, street address,
postcode, date of birth, URL. Positions are rune offsets, half-open.
Exit code 3 when there are open findings.`,
		flags: func(fs *flag.FlagSet) {
			pf.register(fs, "key")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&ignored, "ignored", false, "also list findings that were ignored")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 1 {
				return usagef("give at most one document")
			}
			return e.withService(func(s *project.Project) error {
				if err := e.unlockIfGiven(s, pf); err != nil {
					return err
				}
				list, err := s.AnonCheck(privacy.AnonCheckOptions{Document: fs.Arg(0), WithIgnored: ignored})
				if err != nil {
					return err
				}
				open := 0
				out := make([]anonJSON, 0, len(list))
				for _, f := range list {
					if !f.Ignored {
						open++
					}
					out = append(out, anonJSON{ID: f.ID, Document: string(f.Document), DocumentName: f.DocName, Start: f.Start, End: f.End,
						Text: f.Text, Kind: string(f.Kind), Suggestion: f.Suggestion, Source: string(f.Source), Rule: f.Rule,
						Ignored: f.Ignored, Reason: f.Reason})
				}
				if asJSON {
					err = e.printJSON(out)
				} else {
					err = printFindings(e, out)
				}
				if err == nil && open > 0 {
					return findingsError{open}
				}
				return err
			})
		},
	})
	var same, all bool
	var doc, repl string
	register(&command{
		name: "anon apply", args: "FINDING... | --all", short: "replace findings by their pseudonyms (one undoable command)",
		long: `Replaces the named findings (ids from 'anon check') by the pseudonym from the key.
A person, place or organisation without one gets a new pseudonym ("[Person 3]")
in the key when it is unlocked, else a placeholder ("[Name]"). --same also replaces
every other finding with the same text; --all every open finding (of --doc).`,
		flags: func(fs *flag.FlagSet) {
			pf.register(fs, "key")
			fs.BoolVar(&same, "same", false, "also replace every other finding with the same text")
			fs.BoolVar(&all, "all", false, "replace every open finding")
			fs.StringVar(&doc, "doc", "", "with --all: only this document")
			fs.StringVar(&repl, "replacement", "", "replacement text instead of the suggestion")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if all == (fs.NArg() > 0) {
				return usagef("give finding ids or --all")
			}
			return e.withService(func(s *project.Project) error {
				if err := e.unlockIfGiven(s, pf); err != nil {
					return err
				}
				r, err := s.AnonApply(privacy.AnonApplyRequest{IDs: fs.Args(), SameText: same, All: all, Document: doc, Replacement: repl})
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "replaced %d finding(s) in %d document(s)\n", r.Replaced, r.Documents)
				if len(r.NewPseudonyms) > 0 {
					fmt.Fprintf(e.Stdout, "new pseudonyms in the key: %s\n", strings.Join(r.NewPseudonyms, ", "))
				}
				if r.Skipped > 0 {
					fmt.Fprintf(e.Stdout, "skipped %d finding(s) in final protocols (reopen them first)\n", r.Skipped)
				}
				if er := r.Erasure; er != nil {
					fmt.Fprintf(e.Stdout, "erased from the disk: %d command record(s) sealed; project file compacted %d → %d bytes\n",
						er.Scrubbed, er.SizeBefore, er.SizeAfter)
					if len(er.BackupsRewritten) > 0 {
						fmt.Fprintf(e.Stdout, "backups rewritten without it: %s\n", strings.Join(er.BackupsRewritten, ", "))
					}
					if len(er.BackupsDeleted) > 0 {
						fmt.Fprintf(e.Stdout, "backups DELETED (they held older texts with the names): %s\n", strings.Join(er.BackupsDeleted, ", "))
					}
					if er.NeedlesKept > 0 {
						fmt.Fprintf(e.Stdout, "%d replaced text(s) still occur elsewhere in the project and stay there\n", er.NeedlesKept)
					}
				}
				if r.Undoable {
					fmt.Fprintln(e.Stdout, "undo needs the pseudonym key: what was replaced is kept only sealed with it")
				} else if r.Erasure != nil {
					fmt.Fprintln(e.Stdout, "not undoable: the pseudonym key was locked, so what was replaced is gone")
				}
				return nil
			})
		},
	})
	var reason string
	register(&command{
		name: "anon ignore", args: "FINDING --reason R", short: "leave a finding as it is, with a reason (audit-logged)",
		flags: func(fs *flag.FlagSet) {
			pf.register(fs, "key")
			fs.StringVar(&reason, "reason", "", "why the finding is not a slip (required)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 || strings.TrimSpace(reason) == "" {
				return usagef("give one finding id and --reason")
			}
			return e.withService(func(s *project.Project) error {
				if err := e.unlockIfGiven(s, pf); err != nil {
					return err
				}
				if err := s.AnonIgnore(fs.Arg(0), reason); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "finding %s ignored\n", fs.Arg(0))
				return nil
			})
		},
	})
}

func printFindings(e *Env, list []anonJSON) error {
	if len(list) == 0 {
		fmt.Fprintln(e.Stdout, "no findings")
		return nil
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tDOCUMENT\tSTART\tEND\tKIND\tTEXT\tSUGGESTION")
	for _, f := range list {
		text := strings.ReplaceAll(f.Text, "\n", " ")
		if f.Ignored {
			text += " (ignored: " + f.Reason + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", f.ID, f.DocumentName, f.Start, f.End, f.Kind, text, f.Suggestion)
	}
	return w.Flush()
}

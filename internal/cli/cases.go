package cli

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/keyfile"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// kvFlag collects repeated NAME=VALUE flags.
type kvFlag map[string]string

func (k kvFlag) String() string { return "" }

func (k kvFlag) Set(s string) error {
	name, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("want NAME=VALUE, not %q", s)
	}
	k[strings.TrimSpace(name)] = strings.TrimSpace(v)
	return nil
}

func init() {
	registerMembers()

	var attrType, attrScope, choices, attrDesc string
	register(&command{
		name: "attribute add", args: "NAME", short: "define a case or interview attribute",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&attrType, "type", "text", "text, number, date or choice")
			fs.StringVar(&attrScope, "scope", "case", "case or interview")
			fs.StringVar(&choices, "choices", "", "comma-separated values of a choice attribute")
			fs.StringVar(&attrDesc, "description", "", "description")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the attribute's name")
			}
			d := qda.AttributeDef{Name: fs.Arg(0), Type: qda.AttrType(attrType), Scope: qda.AttrScope(attrScope), Description: attrDesc}
			if choices != "" {
				for _, c := range strings.Split(choices, ",") {
					d.Choices = append(d.Choices, strings.TrimSpace(c))
				}
			}
			return e.withService(func(s *project.Project) error {
				out, err := s.AddAttributeDef(d)
				if err == nil {
					fmt.Fprintln(e.Stdout, out.GUID)
				}
				return err
			})
		},
	})

	var kind, desc, realName string
	var pf passFlags
	attrs := kvFlag{}
	register(&command{
		name: "case add", args: "PSEUDONYM", short: "add a site (case) with attributes",
		long: "Example: case add JC-07 --kind job_centre --attr Umsetzungstyp=1b --attr Programmstart=2013-03-01",
		flags: func(fs *flag.FlagSet) {
			for k := range attrs {
				delete(attrs, k)
			}
			fs.StringVar(&kind, "kind", "job_centre", "regional_directorate, job_centre, ministry or other")
			fs.StringVar(&desc, "description", "", "free text")
			fs.StringVar(&realName, "real-name", "", "the site's real name: kept only in the encrypted pseudonym key (needs its passphrase)")
			pf.register(fs, "pseudonym key")
			fs.Var(attrs, "attr", "NAME=VALUE of a defined case attribute (repeatable)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the case's pseudonym")
			}
			return e.withService(func(s *project.Project) error {
				if realName != "" {
					// The real name goes into the pseudonym key, never
					// into the project file: the key must open first.
					pass, err := e.readPass(pf, envKeyPass)
					if err != nil {
						return usagef("a real name goes into the pseudonym key: %v", err)
					}
					err = s.UnlockKey(pass)
					clear(pass)
					if err != nil {
						return err
					}
				}
				c, err := s.AddCase(study.NewCase{Name: fs.Arg(0), Kind: qda.CaseKind(kind), Description: desc, Attributes: attrs})
				if err != nil {
					return err
				}
				if realName != "" {
					if err := s.AddKeyEntry(keyfile.Entry{Real: realName, Pseudonym: c.Name, Kind: "org", Note: "site"}); err != nil {
						return fmt.Errorf("case %s added, but its real name could not go into the key: %w", c.Name, err)
					}
				}
				fmt.Fprintln(e.Stdout, c.GUID)
				return nil
			})
		},
	})
	setAttrs := kvFlag{}
	register(&command{
		name: "case set", args: "CASE NAME=VALUE…", short: "set attribute values of a case (empty value removes)",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() < 2 {
				return usagef("give the case and at least one NAME=VALUE")
			}
			for k := range setAttrs {
				delete(setAttrs, k)
			}
			for _, a := range fs.Args()[1:] {
				if err := setAttrs.Set(a); err != nil {
					return usagef("%v", err)
				}
			}
			return e.withService(func(s *project.Project) error {
				_, err := s.SetCaseAttributes(fs.Arg(0), setAttrs)
				return err
			})
		},
	})
	var casesJSON bool
	register(&command{
		name: "case list", short: "list the sites with their attributes",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&casesJSON, "json", false, "print JSON") },
		run:   func(e *Env, fs *flag.FlagSet) error { return e.showCases("", casesJSON) },
	})
	var caseJSON bool
	register(&command{
		name: "case show", args: "CASE", short: "show one site",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&caseJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one case")
			}
			return e.showCases(fs.Arg(0), caseJSON)
		},
	})
}

type caseJSON struct {
	GUID        qda.GUID          `json:"guid"`
	Name        string            `json:"name"`
	Kind        qda.CaseKind      `json:"kind"`
	Description string            `json:"description,omitempty"`
	Attributes  map[string]string `json:"attributes"`
	// History lists the recorded attribute changes (re-typing), oldest
	// first.
	History []study.AttrChangeRow `json:"history,omitempty"`
}

// showCases prints one case (ref) or all. Real names are never printed.
func (e *Env) showCases(ref string, asJSON bool) error {
	return e.withService(func(s *project.Project) error {
		var cs []qda.Case
		if ref != "" {
			c, err := s.Case(ref)
			if err != nil {
				return err
			}
			cs = []qda.Case{*c}
		} else {
			var err error
			if cs, err = s.Cases(); err != nil {
				return err
			}
		}
		rows := []caseJSON{}
		for _, c := range cs {
			vals, err := s.AttrValues(c.Attributes)
			if err != nil {
				return err
			}
			row := caseJSON{GUID: c.GUID, Name: c.Name, Kind: c.Kind, Description: c.Description, Attributes: vals}
			if len(c.History) > 0 {
				if row.History, err = s.CaseHistory(string(c.GUID)); err != nil {
					return err
				}
			}
			rows = append(rows, row)
		}
		if asJSON {
			if ref != "" {
				return e.printJSON(rows[0])
			}
			return e.printJSON(rows)
		}
		w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
		for _, r := range rows {
			keys := make([]string, 0, len(r.Attributes))
			for k := range r.Attributes {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var kv []string
			for _, k := range keys {
				kv = append(kv, k+"="+r.Attributes[k])
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.Name, r.Kind, strings.Join(kv, " "), r.GUID)
			for _, h := range r.History {
				fmt.Fprintf(w, "\t  from %s\t%s: %s → %s (%s)\n", h.From, h.Attribute, dash(h.Previous), h.Value, h.Reason)
			}
		}
		return w.Flush()
	})
}

func init() {
	var attr, value, from, reason string
	register(&command{
		name: "case change", args: "CASE",
		short: "change a site attribute from a day on, with a reason (re-typing); the history is kept",
		long: `The seed re-typed one job centre from 2a to 1a after the case studies were chosen. A change
records the day from which the new value holds and the reason; 'case show' lists the history, and
the matrix by a case attribute counts each interview under the value valid on its date. One
undoable command.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&attr, "attribute", "", "the case attribute, e.g. Umsetzungstyp")
			fs.StringVar(&value, "value", "", "the new value")
			fs.StringVar(&from, "from", "", "the first day the new value holds, YYYY-MM-DD")
			fs.StringVar(&reason, "reason", "", "why (required)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 || attr == "" || value == "" || from == "" || reason == "" {
				return usagef("give one case and --attribute, --value, --from and --reason")
			}
			return e.withService(func(s *project.Project) error {
				c, err := s.ChangeCaseAttribute(fs.Arg(0), attr, value, from, reason)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "%s: %s is %s from %s on\n", c.Name, attr, value, from)
				return nil
			})
		},
	})
}

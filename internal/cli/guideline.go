package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/guidefmt"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/wire"
)

// guidelineJSON is the JSON shape of `guideline show --json`.
type guidelineJSON struct {
	ID       string        `json:"id"`
	GUID     qda.GUID      `json:"guid"`
	Title    string        `json:"title"`
	Level    qda.Level     `json:"level"`
	Wave     int           `json:"wave"`
	Roles    []qda.Role    `json:"roles"`
	Sections []sectionJSON `json:"sections"`
	Annexes  []qda.Annex   `json:"annexes,omitempty"`
}

type sectionJSON struct {
	Number    string         `json:"number"`
	Title     string         `json:"title"`
	Questions []questionJSON `json:"questions"`
}

type questionJSON struct {
	ID    string   `json:"id"`
	Text  string   `json:"text"`
	Roles []string `json:"roles"`
	// RoleSource: printed, all (the guideline marks no role) or inferred.
	RoleSource qda.RoleBasis `json:"roleSource"`
	Optional   bool          `json:"optional,omitempty"`
	Notes      []string      `json:"notes,omitempty"`
	Prompts    []promptJSON  `json:"prompts"`
}

type promptJSON struct {
	Text       string        `json:"text"`
	Roles      []string      `json:"roles"`
	RoleSource qda.RoleBasis `json:"roleSource"`
	Prompts    []promptJSON  `json:"prompts"`
}

func toPromptJSON(ps []qda.Prompt, parent qda.RoleBasis) []promptJSON {
	out := []promptJSON{}
	for i := range ps {
		src := qda.PromptRoleSource(&ps[i], parent)
		out = append(out, promptJSON{Text: ps[i].Text, Roles: nonNil(ps[i].Roles), RoleSource: src, Prompts: toPromptJSON(ps[i].Prompts, src)})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toGuidelineJSON(g *qda.Guideline) guidelineJSON {
	out := guidelineJSON{ID: g.Key, GUID: g.GUID, Title: g.Title, Level: g.Level, Wave: g.Wave, Roles: g.Roles, Sections: []sectionJSON{}, Annexes: g.Annexes}
	if out.Roles == nil {
		out.Roles = []qda.Role{}
	}
	for _, s := range g.Sections {
		sj := sectionJSON{Number: s.Number, Title: s.Title, Questions: []questionJSON{}}
		for _, q := range s.Questions {
			src := q.RoleSource()
			sj.Questions = append(sj.Questions, questionJSON{ID: q.ID, Text: q.Text, Roles: nonNil(q.Roles), RoleSource: src,
				Optional: q.Optional, Notes: q.Notes, Prompts: toPromptJSON(q.Prompts, src)})
		}
		out.Sections = append(out.Sections, sj)
	}
	return out
}

// readGuidelineFile parses a guideline file: the .guide.md format, or with
// plain set, text in the appendix's style.
func readGuidelineFile(path string, plain bool, meta guidefmt.PlainMeta, ids app.IDSource) (*qda.Guideline, error) {
	return wire.ReadGuidelineFile(path, plain, meta, ids)
}

func (e *Env) ids() app.IDSource {
	if e.Wire.IDs != nil {
		return e.Wire.IDs
	}
	return app.RandomIDs{}
}

func init() {
	var prompts, replace, plain bool
	var meta guidefmt.PlainMeta
	var level string
	register(&command{
		name: "guideline import", args: "FILE…",
		short: "import guidelines and derive their codes",
		long: `Reads guideline files in the format of docs/guideline-format.md (or, with --plain, text
pasted in the report appendix's style, then --key, --title, --level and --wave are needed)
and adds each with its codes: guideline → theme → question (→ prompt with --prompts).
Everything is checked before anything is written; each file is one command.`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&prompts, "prompts", false, "also create codes for the follow-up prompts")
			fs.BoolVar(&replace, "replace", false, "update a guideline that is already in the project")
			fs.BoolVar(&plain, "plain", false, "read plain text in the appendix's style")
			fs.StringVar(&meta.Key, "key", "", "with --plain: the guideline's key, e.g. A.1.1")
			fs.StringVar(&meta.Title, "title", "", "with --plain: the title")
			fs.StringVar(&level, "level", "", "with --plain: strategic, operative or intensive")
			fs.IntVar(&meta.Wave, "wave", 1, "with --plain: the wave")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give at least one guideline file")
			}
			meta.Level = qda.Level(level)
			var gs []*qda.Guideline
			for _, path := range fs.Args() {
				g, err := readGuidelineFile(path, plain, meta, e.ids())
				if err != nil {
					return err
				}
				gs = append(gs, g)
			}
			return e.withService(func(s *project.Project) error {
				for _, g := range gs {
					r, err := s.ImportGuideline(g, study.ImportOptions{Prompts: prompts, Replace: replace})
					if err != nil {
						return err
					}
					fmt.Fprintf(e.Stdout, "%s\t%s\t%d sections, %d questions, %d prompts; %d codes added, %d kept\n",
						g.Key, g.GUID, r.Counts.Sections, r.Counts.Questions, r.Counts.Prompts, r.CodesAdded, r.CodesKept)
					for _, o := range r.Orphaned {
						fmt.Fprintf(e.Stdout, "  code %q no longer has its question in the guideline\n", o)
					}
				}
				return nil
			})
		},
	})

	register(&command{
		name: "guideline export", args: "ID FILE",
		short: "write a guideline as a .guide.md file (ID: GUID or key like A.1.1)",
		long:  "The export is recorded in the audit log.",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the guideline and the output file")
			}
			return e.withService(func(s *project.Project) error {
				g, err := s.Guideline(fs.Arg(0))
				if err != nil {
					return err
				}
				var buf bytes.Buffer
				if err := guidefmt.Format(&buf, g); err != nil {
					return err
				}
				req := privacy.ExportRequest{Format: "guide.md", What: "guideline " + g.Key, To: exportTo(fs.Arg(1))}
				return e.export(s, req, false, func() error {
					if fs.Arg(1) == "-" {
						_, err := e.Stdout.Write(buf.Bytes())
						return err
					}
					return writeFileAtomic(fs.Arg(1), buf.Bytes())
				})
			})
		},
	})

	var listJSON bool
	register(&command{
		name: "guideline list", short: "list the project's guidelines",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&listJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				gs, err := s.Guidelines()
				if err != nil {
					return err
				}
				if listJSON {
					type row struct {
						ID    string     `json:"id"`
						GUID  qda.GUID   `json:"guid"`
						Title string     `json:"title"`
						Level qda.Level  `json:"level"`
						Wave  int        `json:"wave"`
						Roles []qda.Role `json:"roles"`
						qda.Counts
					}
					rows := []row{}
					for _, g := range gs {
						rows = append(rows, row{g.Key, g.GUID, g.Title, g.Level, g.Wave, g.Roles, g.Count()})
					}
					return e.printJSON(rows)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintf(w, "KEY\tLEVEL\tWAVE\tQUESTIONS\tROLES\tTITLE\tGUID\n")
				for _, g := range gs {
					var roles []string
					for _, r := range g.Roles {
						roles = append(roles, r.Code)
					}
					fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", g.Key, g.Level, g.Wave, g.Count().Questions, strings.Join(roles, ","), g.Title, g.GUID)
				}
				return w.Flush()
			})
		},
	})

	var showJSON bool
	var role string
	register(&command{
		name: "guideline show", args: "ID",
		short: "show a guideline's question tree, optionally only what one role is asked",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&showJSON, "json", false, "print JSON: {id,title,level,wave,sections:[{number,title,questions:[{id,text,roles,prompts:[{text,roles,prompts}]}]}]}")
			fs.StringVar(&role, "role", "", "only the questions and prompts addressed to this role (code or label)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one guideline (GUID or key)")
			}
			return e.withService(func(s *project.Project) error {
				g, err := s.Guideline(fs.Arg(0))
				if err != nil {
					return err
				}
				if role != "" {
					if g, err = g.ForRole(role); err != nil {
						return err
					}
				}
				if showJSON {
					return e.printJSON(toGuidelineJSON(g))
				}
				printGuideline(e, g)
				return nil
			})
		},
	})
}

// printGuideline prints the question tree. In a guideline with a role
// vocabulary of more than one role, each item says where its roles come
// from: printed roles are listed, reconstructed ones end in "inferred", and
// a question the guideline marks no role for says "all roles".
func printGuideline(e *Env, g *qda.Guideline) {
	fmt.Fprintf(e.Stdout, "%s %s (%s, wave %d)\n", g.Key, g.Title, g.Level, g.Wave)
	matrix := len(g.Roles) > 1
	for _, s := range g.Sections {
		fmt.Fprintf(e.Stdout, "\n%s %s\n", s.Number, s.Title)
		for _, q := range s.Questions {
			src := q.RoleSource()
			suffix := rolesSuffix(q.Roles, matrix && src == qda.RolesInferred, q.Optional)
			if matrix && src == qda.RolesAll {
				suffix = rolesSuffix([]string{allRolesNote}, false, q.Optional)
			}
			fmt.Fprintf(e.Stdout, "  %s%s\n", q.Label(), suffix)
			var walk func(ps []qda.Prompt, depth int, parent qda.RoleBasis)
			walk = func(ps []qda.Prompt, depth int, parent qda.RoleBasis) {
				for i := range ps {
					p := &ps[i]
					psrc := qda.PromptRoleSource(p, parent)
					fmt.Fprintf(e.Stdout, "%s- %s%s\n", strings.Repeat("  ", depth+2), p.Text,
						rolesSuffix(p.Roles, matrix && len(p.Roles) > 0 && psrc == qda.RolesInferred, p.Optional))
					walk(p.Prompts, depth+1, psrc)
				}
			}
			walk(q.Prompts, 0, src)
		}
	}
	for _, a := range g.Annexes {
		fmt.Fprintf(e.Stdout, "\n%s\n", a.Title)
		tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s\n", strings.Join(a.Header, "\t"))
		for _, r := range a.Rows {
			fmt.Fprintf(tw, "  %s\n", strings.Join(r, "\t"))
		}
		tw.Flush()
	}
}

// allRolesNote marks a question asked of every role because the guideline
// marks no role for it.
const allRolesNote = "all roles: the guideline marks none"

func rolesSuffix(roles []string, inferred, optional bool) string {
	parts := append([]string(nil), roles...)
	if inferred {
		parts = append(parts, "inferred")
	}
	if optional {
		parts = append(parts, "optional")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// writeFileAtomic writes data to path through a temporary file and a rename,
// so a failure never leaves a half-written file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

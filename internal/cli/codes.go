package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

type codeJSON struct {
	GUID        qda.GUID         `json:"guid"`
	Name        string           `json:"name"`
	Parent      qda.GUID         `json:"parent,omitempty"`
	Color       string           `json:"color"`
	Description string           `json:"description,omitempty"`
	Memo        string           `json:"memo,omitempty"`
	Ref         *qda.QuestionRef `json:"ref,omitempty"`
	Codings     int              `json:"codings"`
	Children    []*codeJSON      `json:"children,omitempty"`
}

// codeTree nests codes under their parents, keeping the given order.
func codeTree(codes []qda.Code, counts map[qda.GUID]int) []*codeJSON {
	nodes := map[qda.GUID]*codeJSON{}
	for _, c := range codes {
		nodes[c.GUID] = &codeJSON{GUID: c.GUID, Name: c.Name, Parent: c.Parent, Color: c.Color,
			Description: c.Description, Memo: c.Memo, Ref: c.Ref, Codings: counts[c.GUID]}
	}
	roots := []*codeJSON{}
	for _, c := range codes {
		n := nodes[c.GUID]
		if p := nodes[c.Parent]; p != nil {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}

func init() {
	var tree, asJSON bool
	var theme string
	register(&command{
		name: "codes list", short: "list the codebook",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&tree, "tree", false, "show the hierarchy")
			fs.BoolVar(&asJSON, "json", false, "print JSON (nested with --tree)")
			fs.StringVar(&theme, "theme", "", "only codes of this theme across the guidelines sharing it, e.g. EJO/4 (or 4 when only one theme has that number)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				var codes []qda.Code
				var err error
				if theme != "" {
					codes, err = s.ThemeCodes(theme)
				} else {
					codes, err = s.Codes()
				}
				if err != nil {
					return err
				}
				counts, err := s.CodingCounts()
				if err != nil {
					return err
				}
				roots := codeTree(codes, counts)
				if asJSON {
					if tree {
						return e.printJSON(roots)
					}
					flat := []*codeJSON{}
					var walk func(ns []*codeJSON)
					walk = func(ns []*codeJSON) {
						for _, n := range ns {
							kids := n.Children
							cp := *n
							cp.Children = nil
							flat = append(flat, &cp)
							walk(kids)
						}
					}
					walk(roots)
					return e.printJSON(flat)
				}
				var walk func(ns []*codeJSON, depth int)
				walk = func(ns []*codeJSON, depth int) {
					for _, n := range ns {
						indent := ""
						if tree {
							indent = strings.Repeat("  ", depth)
						}
						fmt.Fprintf(e.Stdout, "%s%s  %s  [%d]  %s\n", indent, n.Color, n.Name, n.Codings, n.GUID)
						walk(n.Children, depth+1)
					}
				}
				walk(roots, 0)
				return nil
			})
		},
	})

	var parent, color, desc string
	register(&command{
		name: "code add", args: "NAME",
		short: "add an inductive code",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&parent, "parent", "", "parent code (GUID, KEY:QUESTION or name)")
			fs.StringVar(&color, "color", "", "colour #rrggbb (default: the next palette colour)")
			fs.StringVar(&desc, "description", "", "when to apply the code")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the code's name (quote it if it has spaces)")
			}
			return e.withService(func(s *project.Project) error {
				var pid qda.GUID
				if parent != "" {
					p, err := s.ResolveCode(parent)
					if err != nil {
						return err
					}
					pid = p.GUID
				}
				c, err := s.AddCode(coding.NewCode{Name: fs.Arg(0), Parent: pid, Color: color, Description: desc})
				if err != nil {
					return err
				}
				fmt.Fprintln(e.Stdout, c.GUID)
				return nil
			})
		},
	})

	register(&command{
		name: "code rename", args: "CODE NAME", short: "rename a code",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the code and its new name")
			}
			name := fs.Arg(1)
			return e.updateCode(fs.Arg(0), coding.CodeUpdate{Name: &name})
		},
	})

	var setColor, setDesc, setMemo string
	register(&command{
		name: "code set", args: "CODE", short: "change a code's colour, description or memo",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&setColor, "color", "", "colour #rrggbb")
			fs.StringVar(&setDesc, "description", "", "description")
			fs.StringVar(&setMemo, "memo", "", "memo")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one code")
			}
			var u coding.CodeUpdate
			fs.Visit(func(f *flag.Flag) {
				switch f.Name {
				case "color":
					u.Color = &setColor
				case "description":
					u.Description = &setDesc
				case "memo":
					u.Memo = &setMemo
				}
			})
			if u == (coding.CodeUpdate{}) {
				return usagef("give --color, --description or --memo")
			}
			return e.updateCode(fs.Arg(0), u)
		},
	})

	var moveTo string
	register(&command{
		name: "code move", args: "CODE", short: "move a code under another one (or to the top with --parent '')",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&moveTo, "parent", "", "new parent code; empty: top level") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one code")
			}
			return e.withService(func(s *project.Project) error {
				c, err := s.ResolveCode(fs.Arg(0))
				if err != nil {
					return err
				}
				var pid qda.GUID
				if moveTo != "" {
					p, err := s.ResolveCode(moveTo)
					if err != nil {
						return err
					}
					pid = p.GUID
				}
				return s.MoveCode(c.GUID, pid)
			})
		},
	})

	register(&command{
		name: "code merge", args: "SOURCE TARGET", short: "merge SOURCE into TARGET: codings and sub-codes move, SOURCE is deleted",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the source and the target code")
			}
			return e.withService(func(s *project.Project) error {
				src, err := s.ResolveCode(fs.Arg(0))
				if err != nil {
					return err
				}
				dst, err := s.ResolveCode(fs.Arg(1))
				if err != nil {
					return err
				}
				r, err := s.MergeCode(src.GUID, dst.GUID)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "merged %q into %q: %d codings moved, %d duplicates dropped, %d sub-codes moved\n",
					src.Name, dst.Name, r.Moved, r.Duplicates, r.Children)
				return nil
			})
		},
	})

	var force bool
	register(&command{
		name: "code delete", args: "CODE", short: "delete a code (refused when it has codings or sub-codes, unless --force)",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&force, "force", false, "delete its codings too; sub-codes move up")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one code")
			}
			return e.withService(func(s *project.Project) error {
				c, err := s.ResolveCode(fs.Arg(0))
				if err != nil {
					return err
				}
				n, err := s.DeleteCode(c.GUID, force)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "deleted %q and %d coding(s)\n", c.Name, n)
				return nil
			})
		},
	})
}

func (e *Env) updateCode(ref string, u coding.CodeUpdate) error {
	return e.withService(func(s *project.Project) error {
		c, err := s.ResolveCode(ref)
		if err != nil {
			return err
		}
		_, err = s.UpdateCode(c.GUID, u)
		return err
	})
}

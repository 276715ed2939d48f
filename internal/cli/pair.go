package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/project"
)

func init() {
	register(&command{
		name: "pair link", args: "INTERVIEW INTERVIEW",
		short: "link an IFK interview and a customer interview (or another wave) into one pair",
		long: `An interview is a GUID, an interviewee pseudonym or PSEUDONYM@WAVE (IFK-04-02@2).
The second joins the first's pair (or the first the second's); two unpaired
interviews start a new pair P-<site number>-<n>. A pair stays within one site
and holds one interview per role and wave. The link is one undoable command.`,
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give two interviews")
			}
			return e.withService(func(s *project.Project) error {
				p, err := s.LinkPair(fs.Arg(0), fs.Arg(1))
				if err == nil {
					fmt.Fprintf(e.Stdout, "pair %s (%s): %d interviews\n", p.ID, p.Case, len(p.Members))
				}
				return err
			})
		},
	})
	register(&command{
		name: "pair unlink", args: "INTERVIEW|PAIR...",
		short: "remove interviews from their pair; a pair id dissolves the whole pair",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give interviews or pair ids")
			}
			return e.withService(func(s *project.Project) error {
				n, err := s.UnlinkPair(fs.Args()...)
				if err == nil {
					fmt.Fprintf(e.Stdout, "unlinked %d interview(s)\n", n)
				}
				return err
			})
		},
	})
	var listJSON bool
	register(&command{
		name: "pair list", short: "list the IFK–customer pairs with their interviews and start flag",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&listJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				ps, err := s.Pairs()
				if err != nil {
					return err
				}
				if listJSON {
					if ps == nil {
						ps = []pairs.Pair{}
					}
					return e.printJSON(ps)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintf(w, "PAIR\tCASE\tPEOPLE BY WAVE\tCUSTOMER SINCE\tPROGRAMME START\tSTART\n")
				for _, p := range ps {
					// Each person once per wave: an IFK interviewed about two
					// customers is one entry.
					var ms []string
					for _, m := range p.Members {
						if k := fmt.Sprintf("%s@%d", m.Interviewee, m.Wave); !slices.Contains(ms, k) {
							ms = append(ms, k)
						}
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Case, strings.Join(ms, " "),
						dash(p.Start.CustomerSince), dash(p.Start.ProgrammeStart), p.Start.Flag)
				}
				return w.Flush()
			})
		},
	})
	var showJSON, full, all bool
	register(&command{
		name: "pair show", args: "PAIR|INTERVIEW",
		short: "show a pair side by side: IFK and customer, wave 1 and wave 2, by aligned question",
		long: `Rows are the aligned questions of the two guidelines (A.3.1 question 1.2 beside
A.3.2 question 1.4, …); each column shows the answer and the coded segments.
JSON: the pair (id, case, roles, start, members) with columns and rows.`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&showJSON, "json", false, "print JSON")
			fs.BoolVar(&full, "full", false, "print whole answers instead of their first line")
			fs.BoolVar(&all, "all", false, "print rows without answers too")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give a pair id or one of its interviews")
			}
			return e.withService(func(s *project.Project) error {
				v, err := s.PairView(fs.Arg(0))
				if err != nil {
					return err
				}
				if showJSON {
					return e.printJSON(v)
				}
				printPair(e.Stdout, v, full, all)
				return nil
			})
		},
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// startText renders a start flag with its dates.
func startText(st pairs.StartInfo) string {
	out := string(st.Flag)
	out += fmt.Sprintf(" (customer since %s, programme start %s", dash(st.CustomerSince), dash(st.ProgrammeStart))
	if st.FromPair != "" {
		out += ", date from pair " + st.FromPair
	}
	return out + ")"
}

func printPair(w io.Writer, v *pairs.PairView, full, all bool) {
	fmt.Fprintf(w, "pair\t%s\ncase\t%s\nroles\t%s, %s\nstart\t%s\n", v.ID, v.Case, dash(v.Roles[0]), dash(v.Roles[1]), startText(v.Start))
	if len(v.Customers) > 0 {
		fmt.Fprintf(w, "customers\t%s\n", strings.Join(v.Customers, ", "))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "WAVE\tROLE\tINTERVIEWEE\tABOUT\tGUIDELINE\tDATE\tSTATUS\tSTART\n")
	for _, m := range v.Members {
		about := m.Customer
		if about == "" {
			about = "all"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.Wave, m.Role, m.Interviewee, about, m.Guideline, dash(m.Date), m.Status, m.Start.Flag)
	}
	_ = tw.Flush()
	theme := ""
	for _, r := range v.Rows {
		if r.Empty() && !all {
			continue
		}
		if r.Theme != theme || (r.Theme == "" && r.Questions[0] == nil && r.Questions[1] == nil) {
			theme = r.Theme
			title := r.Theme
			if title == "" {
				title = "(outside the answers)"
			}
			fmt.Fprintf(w, "\n== %s\n", title)
		}
		var qs []string
		for side, q := range r.Questions {
			if q != nil {
				qs = append(qs, fmt.Sprintf("%s %s %s", v.Roles[side], q.Guideline, q.ID))
			}
		}
		if len(qs) > 0 {
			fmt.Fprintf(w, "-- %s\n", strings.Join(qs, " ↔ "))
		}
		for ci, c := range r.Cells {
			if c.Answer == "" && len(c.Segments) == 0 {
				continue
			}
			col := v.Columns[ci]
			about := ""
			if len(v.Customers) > 1 {
				about = " " + col.Customer
			}
			fmt.Fprintf(w, "   %s w%d%s: %s\n", col.Role, col.Wave, about, clip(c.Answer, full))
			for _, sg := range c.Segments {
				fmt.Fprintf(w, "      [%s · %s] %s\n", sg.Label, sg.Coder, clip(sg.Text, full))
			}
		}
	}
}

// clip returns the first line of s, cut to 100 characters, unless full.
func clip(s string, full bool) string {
	if full {
		return strings.ReplaceAll(s, "\n", "\n      ")
	}
	s, _, cut := strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 100 {
		s, cut = string(r[:100]), true
	}
	if cut {
		s += " …"
	}
	return s
}

package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// searchHitJSON is one hit of 'search --json'.
type searchHitJSON struct {
	Document    qda.GUID   `json:"document"`
	DocName     string     `json:"doc_name"`
	Kind        string     `json:"kind"`
	Case        string     `json:"case"`
	Level       string     `json:"level"`
	Wave        int        `json:"wave"`
	Role        string     `json:"role"`
	Interviewer string     `json:"interviewer"`
	Start       int        `json:"start"`
	End         int        `json:"end"`
	Fragment    string     `json:"fragment"`
	Spans       []qda.Span `json:"spans"`
	Codes       []string   `json:"codes"`
	Score       float64    `json:"score"`
}

// searchJSON is the output of 'search --json'.
type searchJSON struct {
	Total  uint64                      `json:"total"`
	Hits   []searchHitJSON             `json:"hits"`
	Facets map[string][]qda.FacetCount `json:"facets"`
}

// markOpen and markClose wrap matched text in fragments.
const markOpen, markClose = "«", "»"

// plainFragment renders spans for a terminal, matches in «…».
func plainFragment(spans []qda.Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Mark {
			b.WriteString(markOpen + s.Text + markClose)
		} else {
			b.WriteString(s.Text)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// progressTo reports index progress on stderr.
func (e *Env) progressTo() app.Progress {
	return func(done, total int) {
		fmt.Fprintf(e.Stderr, "indexing: %d of %d documents\n", done, total)
	}
}

func init() {
	var asJSON, byDoc, kwic bool
	var limit, offset, width int
	register(&command{
		name: "search", args: "QUERY…",
		short: "full-text search over the passages of all documents",
		long: `Words are ANDed and found in any inflection and as parts of compounds
(Arbeitgeber finds Arbeitgeberservice); Größe, Grösse and Groesse are one word.
  Arbeitgeber OR Service    either word          -Büro or NOT Büro   without it
  "viele Vorschläge"        the words in order   Arbeitg*            prefix
  Vorschlag~ / Vorschlag~2  up to 1 or 2 typos   ( … )               grouping
Field filters: level:operative wave:2 site:JC-07 (or case:) role:IFK code:"5.1"
code:5* kind:report interviewer:mara doc:NAME. Put -- before a query that starts
with a minus. The index is brought up to date first (progress on stderr).
With --json: {total, hits:[{document, doc_name, kind, case, level, wave, role,
interviewer, start, end, fragment, spans, codes, score}], facets:{level, wave,
case, role, kind, code: [{value, count}]}}; start and end are rune offsets of
the passage, fragment marks matches with «».
With --kwic: every occurrence of a search term in all hits as a concordance
line, the keywords in one column; --limit then caps the lines (default: all).
With --kwic --json: [{document, doc_name, case, start, end, left, keyword,
right}], start and end being the keyword's rune offsets in the document.`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.IntVar(&limit, "limit", 20, "number of hits to show")
			fs.IntVar(&offset, "offset", 0, "hits to skip (paging)")
			fs.BoolVar(&byDoc, "by-document", false, "sort by document and position instead of relevance")
			fs.BoolVar(&kwic, "kwic", false, "keyword in context: one aligned line per occurrence")
			fs.IntVar(&width, "width", analysis.KWICWidth, "with --kwic: characters of context on each side")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("search needs a query")
			}
			if limit < 1 {
				return usagef("--limit must be at least 1")
			}
			req := qda.SearchRequest{Query: strings.Join(fs.Args(), " "), Limit: limit, Offset: offset,
				SortByDocument: byDoc, NoFacets: !asJSON}
			if kwic {
				if width < 1 {
					return usagef("--width must be at least 1")
				}
				limited := false
				fs.Visit(func(f *flag.Flag) { limited = limited || f.Name == "limit" })
				if !limited {
					limit = 0
				}
				return e.withService(func(s *project.Project) error { return e.printKWIC(s, req, width, limit, asJSON) })
			}
			return e.withService(func(s *project.Project) error {
				if _, err := s.EnsureIndex(e.progressTo()); err != nil {
					return err
				}
				res, err := s.Search(req)
				if err != nil {
					return err
				}
				if asJSON {
					return e.printJSON(searchOutput(res))
				}
				for _, h := range res.Hits {
					var where []string
					for _, v := range []string{h.Case, string(h.Level), waveString(h.Wave), h.Role} {
						if v != "" {
							where = append(where, v)
						}
					}
					fmt.Fprintf(e.Stdout, "%s [%d–%d] %s\n  %s\n", h.DocName, h.Start, h.End,
						strings.Join(where, " "), plainFragment(h.Fragment))
				}
				fmt.Fprintf(e.Stdout, "%d passage(s) found", res.Total)
				if n := uint64(offset + len(res.Hits)); n < res.Total {
					fmt.Fprintf(e.Stdout, ", %d shown (more with --offset %d)", len(res.Hits), n)
				}
				fmt.Fprintln(e.Stdout)
				return nil
			})
		},
	})

	register(&command{
		name: "index rebuild", short: "rebuild the full-text index from the project (progress on stderr)",
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				if err := s.RebuildIndex(e.progressTo()); err != nil {
					return err
				}
				st, err := s.IndexState()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "indexed %d passage(s) of %d document(s)\n", st.Index.Passages, st.Index.Documents)
				return nil
			})
		},
	})

	var verifyJSON bool
	register(&command{
		name: "index verify", short: "compare the index's stamp with the project (exit 3 if not current)",
		long:  "With --json: {index:{seq, documents, passages}, store_seq, store_documents, current}. 'index rebuild' or any search brings a stale index up to date.",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&verifyJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				st, err := s.IndexState()
				if err != nil {
					return err
				}
				if verifyJSON {
					if err := e.printJSON(st); err != nil {
						return err
					}
				} else {
					w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintf(w, "\tINDEX\tPROJECT\ncommand seq\t%d\t%d\ndocuments\t%d\t%d\npassages\t%d\t\n",
						st.Index.Seq, st.Seq, st.Index.Documents, st.Docs, st.Index.Passages)
					if err := w.Flush(); err != nil {
						return err
					}
					if st.Current {
						fmt.Fprintln(e.Stdout, "current")
					} else {
						fmt.Fprintln(e.Stdout, "NOT CURRENT: run 'protocoder-cli index rebuild'")
					}
				}
				if !st.Current {
					return findingsError{1}
				}
				return nil
			})
		},
	})
}

func waveString(w int) string {
	if w == 0 {
		return ""
	}
	return fmt.Sprintf("wave %d", w)
}

// searchOutput converts a result for 'search --json'.
func searchOutput(res *qda.SearchResult) searchJSON {
	out := searchJSON{Total: res.Total, Hits: []searchHitJSON{}, Facets: map[string][]qda.FacetCount{}}
	for _, h := range res.Hits {
		spans, codes := h.Fragment, h.Codes
		if spans == nil {
			spans = []qda.Span{}
		}
		if codes == nil {
			codes = []string{}
		}
		out.Hits = append(out.Hits, searchHitJSON{Document: h.Document, DocName: h.DocName, Kind: string(h.Kind),
			Case: h.Case, Level: string(h.Level), Wave: h.Wave, Role: h.Role, Interviewer: h.Interviewer,
			Start: h.Start, End: h.End, Fragment: plainFragment(h.Fragment), Spans: spans, Codes: codes, Score: h.Score})
	}
	for k, v := range res.Facets {
		out.Facets[k] = v
	}
	return out
}

package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/csvsafe"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// repeatFlag collects a flag given several times or as a comma-separated
// list.
type repeatFlag struct{ vals *[]string }

func (r repeatFlag) String() string { return "" }

func (r repeatFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*r.vals = append(*r.vals, v)
		}
	}
	return nil
}

// filterFlags are the document and coder filters shared by the analysis
// commands.
type filterFlags struct {
	where  kvFlag
	coders []string
	kinds  []string
}

func (f *filterFlags) define(fs *flag.FlagSet, coders bool) {
	*f = filterFlags{where: kvFlag{}}
	fs.Var(f.where, "where", "keep documents whose DIMENSION=VALUE (case, level, wave, role, guideline, interviewer, kind, or a case/interview attribute such as Umsetzungstyp); repeatable")
	fs.Var(repeatFlag{&f.kinds}, "kind", "keep documents of these kinds: protocol, report, other (repeatable or comma-separated)")
	if coders {
		fs.Var(repeatFlag{&f.coders}, "coder", "keep codings by these users (repeatable or comma-separated)")
	}
}

func (f *filterFlags) filter() analysis.AnalysisFilter {
	out := analysis.AnalysisFilter{Coders: f.coders}
	if len(f.where) > 0 {
		out.Where = map[string]string(f.where)
	}
	for _, k := range f.kinds {
		out.Kinds = append(out.Kinds, qda.DocKind(k))
	}
	return out
}

// resolveCodes resolves code references (GUID, KEY:QUESTION, name, or
// theme:N for all codes of a theme).
func resolveCodes(s *project.Project, refs []string) ([]qda.GUID, error) {
	var out []qda.GUID
	for _, r := range refs {
		if n, ok := strings.CutPrefix(strings.ToLower(r), "theme:"); ok {
			cs, err := s.ThemeCodes(n)
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				out = append(out, c.GUID)
			}
			continue
		}
		c, err := s.ResolveCode(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c.GUID)
	}
	return out, nil
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func init() {
	var req analysis.MatrixRequest
	var measure, cell string
	var codes []string
	var asJSON, asCSV bool
	var ff filterFlags
	register(&command{
		name: "matrix", short: "code matrix: segments per code (or theme) and case (or attribute value)",
		long: `Counts coded segments per row and column. Rows are codes (in codebook order) or
themes (each theme across the guidelines sharing it: EJO/4); columns are cases or the values of a
dimension: level, wave, role, guideline, interviewer, kind, case kind, or any
case or interview attribute by name (e.g. Umsetzungstyp, Regionaldirektion).
Measures: segments, documents (documents with the code), share (percent of the
column's documents with the code). Rows without segments are left out unless
--all. --cell R,C lists the segments behind a cell (numbers as printed).
JSON: {request, rows:[{key,label,color,depth,codes}], cols:[{key,label,documents}], values, max}.`,
		flags: func(fs *flag.FlagSet) {
			req, codes = analysis.MatrixRequest{}, nil
			fs.StringVar(&req.Rows, "rows", analysis.RowsCodes, "rows: codes or themes")
			fs.StringVar(&req.Cols, "cols", "case", "columns: case or a dimension/attribute name")
			fs.StringVar(&measure, "measure", string(qda.MeasureSegments), "segments, documents or share")
			fs.StringVar(&req.Guideline, "guideline", "", "only the codes of this guideline (key)")
			fs.Var(repeatFlag{&codes}, "code", "only these codes (repeatable; theme:SET/N or theme:N for a theme's codes)")
			fs.BoolVar(&req.All, "all", false, "keep rows without segments")
			fs.StringVar(&cell, "cell", "", "list the segments of cell ROW,COL (1-based, as printed)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&asCSV, "csv", false, "print CSV")
			ff.define(fs, true)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 0 {
				return usagef("matrix takes no arguments")
			}
			req.Measure, req.Filter = qda.Measure(measure), ff.filter()
			return e.withService(func(s *project.Project) error {
				var err error
				if req.Codes, err = resolveCodes(s, codes); err != nil {
					return err
				}
				m, err := s.Matrix(req)
				if err != nil {
					return err
				}
				if cell != "" {
					return e.printCell(s, m, cell, asJSON)
				}
				switch {
				case asJSON:
					return e.printJSON(m)
				case asCSV:
					return analysis.WriteMatrixCSV(e.Stdout, m)
				}
				return e.printMatrix(m)
			})
		},
	})
}

func (e *Env) printMatrix(m *analysis.Matrix) error {
	labels, width := make([]string, len(m.Rows)), len([]rune(string(m.Request.Measure)))
	for i, r := range m.Rows {
		labels[i] = strings.Repeat("  ", r.Depth) + cut(r.Label, 48)
		width = max(width, len([]rune(labels[i])))
	}
	// Labels are padded so that they stay left-aligned in the right-aligned
	// table.
	pad := func(s string) string { return s + strings.Repeat(" ", width-len([]rune(s))) }
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := []string{"#", pad(string(m.Request.Measure))}
	for i, c := range m.Cols {
		if n := strconv.Itoa(i + 1); c.Label != "" {
			head = append(head, n+":"+c.Label)
		} else {
			head = append(head, n)
		}
	}
	fmt.Fprintln(w, strings.Join(head, "\t")+"\t")
	for i := range m.Rows {
		rec := []string{strconv.Itoa(i + 1), pad(labels[i])}
		for _, v := range m.Values[i] {
			rec = append(rec, analysis.FormatValue(v, m.Request.Measure))
		}
		fmt.Fprintln(w, strings.Join(rec, "\t")+"\t")
	}
	return w.Flush()
}

func (e *Env) printCell(s *project.Project, m *analysis.Matrix, cell string, asJSON bool) error {
	rs, cs, ok := strings.Cut(cell, ",")
	r, err1 := strconv.Atoi(strings.TrimSpace(rs))
	c, err2 := strconv.Atoi(strings.TrimSpace(cs))
	if !ok || err1 != nil || err2 != nil {
		return usagef("--cell wants ROW,COL as printed, e.g. 3,2")
	}
	segs, err := s.MatrixSegments(m, r-1, c-1)
	if err != nil {
		return err
	}
	if asJSON {
		return e.printJSON(segs)
	}
	names, err := s.Names()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%s × %s: %d segment(s)\n", m.Rows[r-1].Label, m.Cols[c-1].Label, len(segs))
	for _, sg := range segs {
		fmt.Fprintf(e.Stdout, "\n[%s %d–%d, %s]\n%s\n", names[sg.Document], sg.Start, sg.End, names[sg.Coder], sg.Text)
	}
	return nil
}

func init() {
	var asJSON, asCSV bool
	var ff filterFlags
	register(&command{
		name: "query", args: "EXPRESSION",
		short: "coding query: where codes overlap, share a paragraph or lie near each other",
		long: `EXPRESSION combines codes (GUID, KEY:QUESTION such as A.2.1:2.2, a code name —
in double quotes if it has spaces — or theme:EJO/4 for all codes of a theme; theme:4
when only one theme has that number):
  A AND B        where segments of A and B overlap (the overlapping text)
  A AND NOT B    segments of A that overlap no segment of B (also: A NOT B)
  A OR B         segments of A or B
  A NEAR 50 B    segments of A at most 50 characters from a segment of B (also NEAR/50, WITHIN 50)
  A PARA B       paragraphs holding segments of both A and B
Operators bind left to right, OR weakest; use parentheses. Keywords in any case,
in German as well: UND, UND NICHT, ODER, NAHE 50, ABSATZ.
(An expression whose first word is "cooc" goes after "--".)
Example: protocoder-cli query '(Vertrauen OR Kennzahlensteuerung) PARA theme:EJO/4' --where Umsetzungstyp=1a
JSON: {query, operands, documents, hits:[{document,doc_name,case,start,end,text,codes}]}.`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&asCSV, "csv", false, "print CSV")
			ff.define(fs, true)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give a query expression")
			}
			return e.withService(func(s *project.Project) error {
				res, err := s.Query(analysis.QueryRequest{Query: strings.Join(fs.Args(), " "), Filter: ff.filter()})
				if err != nil {
					return err
				}
				switch {
				case asJSON:
					return e.printJSON(res)
				case asCSV:
					cw := csvsafe.NewWriter(e.Stdout)
					_ = cw.Write([]string{"document", "case", "start", "end", "codes", "text"})
					for _, h := range res.Hits {
						_ = cw.Write([]string{h.DocName, h.Case, strconv.Itoa(h.Start), strconv.Itoa(h.End), strings.Join(h.Codes, "; "), h.Text})
					}
					cw.Flush()
					return cw.Error()
				}
				fmt.Fprintf(e.Stdout, "%s: %d hit(s) in %d document(s)\n", res.Query, len(res.Hits), res.Documents)
				for _, h := range res.Hits {
					fmt.Fprintf(e.Stdout, "\n[%s %d–%d] %s\n%s\n", h.DocName, h.Start, h.End, strings.Join(h.Codes, ", "), h.Text)
				}
				return nil
			})
		},
	})

	var req analysis.CooccurrenceRequest
	var codes []string
	var coJSON, coCSV bool
	var cff filterFlags
	register(&command{
		name: "query cooc", short: "co-occurrence table of codes (overlap, same paragraph or near)",
		long: `Counts, for every pair of codes, the pairs of their segments that overlap
(--mode overlap), lie within --n characters (--mode near), or the paragraphs
that hold both (--mode para). Without --code: every code with a co-occurrence.
JSON: {mode, codes:[{key,label,...}], counts}.`,
		flags: func(fs *flag.FlagSet) {
			req, codes = analysis.CooccurrenceRequest{}, nil
			fs.StringVar(&req.Mode, "mode", analysis.CoocOverlap, "overlap, para or near")
			fs.IntVar(&req.N, "n", 100, "distance in characters for --mode near")
			fs.Var(repeatFlag{&codes}, "code", "codes of the table (repeatable; theme:SET/N or theme:N for a theme's codes)")
			fs.BoolVar(&coJSON, "json", false, "print JSON")
			fs.BoolVar(&coCSV, "csv", false, "print CSV")
			cff.define(fs, true)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			req.Filter = cff.filter()
			return e.withService(func(s *project.Project) error {
				var err error
				if req.Codes, err = resolveCodes(s, codes); err != nil {
					return err
				}
				co, err := s.Cooccurrences(req)
				if err != nil {
					return err
				}
				if coJSON {
					return e.printJSON(co)
				}
				m := &analysis.Matrix{Request: analysis.MatrixRequest{Measure: qda.MeasureSegments}, Rows: co.Codes}
				for i := range co.Codes {
					c := co.Codes[i]
					m.Cols = append(m.Cols, analysis.MatrixCol{Key: c.Key})
					row := make([]float64, len(co.Codes))
					for j, n := range co.Counts[i] {
						row[j] = float64(n)
					}
					m.Values = append(m.Values, row)
				}
				m.Request.Measure = qda.Measure(co.Mode)
				if coCSV {
					for i := range m.Cols {
						m.Cols[i].Label = co.Codes[i].Label
					}
					return analysis.WriteMatrixCSV(e.Stdout, m)
				}
				return e.printMatrix(m)
			})
		},
	})
}

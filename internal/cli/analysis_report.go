package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/exporter/docwriter"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// summaryTarget resolves --case or --interview to the summary's target.
func summaryTarget(s *project.Project, caseRef, ivRef string) (qda.GUID, error) {
	switch {
	case caseRef != "" && ivRef != "":
		return "", usagef("give --case or --interview, not both")
	case caseRef != "":
		c, err := s.Case(caseRef)
		if err != nil {
			return "", err
		}
		return c.GUID, nil
	case ivRef != "":
		iv, err := s.Interview(ivRef)
		if err != nil {
			return "", err
		}
		return iv.GUID, nil
	}
	return "", nil
}

func init() {
	var caseRef, ivRef, code string
	var quotes []string
	var clearQuotes bool
	register(&command{
		name: "summary set", args: "TEXT|-",
		short: "set the summary of a code for a case or an interview (one undoable edit)",
		long:  "TEXT is the summary ('-' reads it from standard input); an empty text without quotes deletes the summary. --quote selects codings (GUIDs) as quotes for the case report.",
		flags: func(fs *flag.FlagSet) {
			quotes = nil
			fs.StringVar(&caseRef, "case", "", "the case (pseudonym or GUID)")
			fs.StringVar(&ivRef, "interview", "", "the interview (GUID or interviewee pseudonym) instead of a case")
			fs.StringVar(&code, "code", "", "the code: GUID, KEY:QUESTION or name")
			fs.Var(repeatFlag{&quotes}, "quote", "coding GUID to quote in the case report (repeatable)")
			fs.BoolVar(&clearQuotes, "clear-quotes", false, "remove the selected quotes")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if code == "" || (caseRef == "") == (ivRef == "") {
				return usagef("give --code and one of --case or --interview")
			}
			text := strings.Join(fs.Args(), " ")
			if text == "-" {
				b, err := io.ReadAll(e.Stdin)
				if err != nil {
					return err
				}
				text = string(b)
			}
			return e.withService(func(s *project.Project) error {
				target, err := summaryTarget(s, caseRef, ivRef)
				if err != nil {
					return err
				}
				c, err := s.ResolveCode(code)
				if err != nil {
					return err
				}
				var qs []qda.GUID
				for _, q := range quotes {
					qs = append(qs, qda.GUID(q))
				}
				if clearQuotes {
					qs = []qda.GUID{}
				}
				sm, err := s.SetSummary(target, c.GUID, text, qs)
				if err != nil {
					return err
				}
				if sm == nil {
					fmt.Fprintln(e.Stdout, "summary deleted")
				} else {
					fmt.Fprintf(e.Stdout, "summary of %s saved (%d characters, %d quote(s))\n", c.Name, qda.RuneLen(sm.Text), len(sm.Quotes))
				}
				return nil
			})
		},
	})

	var showCase, showIv, showCode, grep string
	var showJSON bool
	register(&command{
		name: "summary show", short: "show summaries (of a case, interview or code; --grep searches them)",
		long: "JSON: an array of {target, target_name, code, code_name, text, quotes, modified}.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&showCase, "case", "", "only this case")
			fs.StringVar(&showIv, "interview", "", "only this interview")
			fs.StringVar(&showCode, "code", "", "only this code")
			fs.StringVar(&grep, "grep", "", "only summaries containing all these words")
			fs.BoolVar(&showJSON, "json", false, "print JSON")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				target, err := summaryTarget(s, showCase, showIv)
				if err != nil {
					return err
				}
				var sums []qda.Summary
				if grep != "" {
					sums, err = s.SearchSummaries(grep)
				} else {
					sums, err = s.Summaries(target)
				}
				if err != nil {
					return err
				}
				var codeID qda.GUID
				if showCode != "" {
					c, err := s.ResolveCode(showCode)
					if err != nil {
						return err
					}
					codeID = c.GUID
				}
				names, err := s.Names()
				if err != nil {
					return err
				}
				ivs, err := s.Interviews()
				if err != nil {
					return err
				}
				for _, iv := range ivs {
					names[iv.GUID] = iv.Interviewee
				}
				type row struct {
					qda.Summary
					TargetName string `json:"target_name"`
					CodeName   string `json:"code_name"`
				}
				out := []row{}
				for _, sm := range sums {
					if (target == "" || sm.Target == target) && (codeID == "" || sm.Code == codeID) {
						out = append(out, row{sm, names[sm.Target], names[sm.Code]})
					}
				}
				if showJSON {
					return e.printJSON(out)
				}
				for _, r := range out {
					fmt.Fprintf(e.Stdout, "%s · %s\n%s\n\n", r.TargetName, r.CodeName, r.Text)
				}
				fmt.Fprintf(e.Stdout, "%d summary(ies)\n", len(out))
				return nil
			})
		},
	})

	var greq analysis.GridRequest
	var gridCases []string
	var gridJSON bool
	register(&command{
		name: "summary grid", short: "summary grid of a guideline: cases × questions with segment counts and summaries",
		long: "JSON: {guideline, title, rows:[{target,label,case}], cols:[{code,label,heading,theme,text}], cells:[[{segments,summary}]]}.",
		flags: func(fs *flag.FlagSet) {
			greq, gridCases = analysis.GridRequest{}, nil
			fs.StringVar(&greq.Guideline, "guideline", "", "the guideline (key)")
			fs.StringVar(&greq.Rows, "rows", analysis.GridCases, "cases or interviews")
			fs.StringVar(&greq.Cols, "cols", analysis.GridQuestions, "questions or themes")
			fs.Var(repeatFlag{&gridCases}, "case", "only these cases (repeatable)")
			fs.BoolVar(&gridJSON, "json", false, "print JSON")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if greq.Guideline == "" {
				return usagef("give --guideline")
			}
			greq.Cases = gridCases
			return e.withService(func(s *project.Project) error {
				g, err := s.SummaryGrid(greq)
				if err != nil {
					return err
				}
				if gridJSON {
					return e.printJSON(g)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 1, ' ', 0)
				head := []string{g.Guideline}
				for _, c := range g.Cols {
					head = append(head, c.Heading)
				}
				fmt.Fprintln(w, strings.Join(head, "\t"))
				for i, r := range g.Rows {
					rec := []string{r.Label}
					for _, cell := range g.Cells[i] {
						v := strconv.Itoa(len(cell.Segments))
						if cell.Summary != nil {
							v += "*"
						}
						rec = append(rec, v)
					}
					fmt.Fprintln(w, strings.Join(rec, "\t"))
				}
				fmt.Fprintln(w, "\n(segments per cell; * = summary written)")
				return w.Flush()
			})
		},
	})
}

// docFormat is the format writeDocument writes: format, or OUT's
// extension.
func docFormat(format, out string) string {
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(out), ".")
	}
	return format
}

// writeDocument writes a report text to OUT ("-": standard output) in a
// format (default: OUT's extension).
func (e *Env) writeDocument(text, format, out string) error {
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(out), ".")
	}
	var b bytes.Buffer
	if err := docwriter.Write(&b, docwriter.Parse(text), format); err != nil {
		return usagef("%v", err)
	}
	if out == "-" {
		_, err := e.Stdout.Write(b.Bytes())
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

func init() {
	var req analysis.ReportRequest
	var level, format string
	var merge, force, yes bool
	register(&command{
		name: "report case", args: "OUT",
		short: "generate a case's report from its summaries and export it (docx, odt, html, md)",
		long: `Builds the case report for --case and --level from the summaries (summary set)
in the guidelines' theme order and stores it as a document of kind report
(searchable and codable), then writes it to OUT ('-': standard output).
Employer interviews (guideline A.2.2) are left out unless --with-employers.
If the report was edited by hand since it was generated and the summaries
changed, the command refuses: --merge keeps the manual edits section by
section (and names the sections where both changed), --force overwrites them.
Writing OUT is recorded in the audit log; if the report has open anonymization
findings, it warns and asks (or --yes).`,
		flags: func(fs *flag.FlagSet) {
			req = analysis.ReportRequest{}
			fs.StringVar(&req.Case, "case", "", "the case (pseudonym or GUID)")
			fs.StringVar(&level, "level", "", "strategic, operative or intensive")
			fs.StringVar(&format, "format", "", "docx, odt, html or md (default: OUT's extension)")
			fs.Var(repeatFlag{&req.Guidelines}, "guideline", "only these guidelines (keys; repeatable)")
			fs.BoolVar(&req.WithEmployers, "with-employers", false, "include employer interviews")
			fs.BoolVar(&req.Quotes, "quotes", false, "include the quotes selected in the summaries")
			fs.BoolVar(&merge, "merge", false, "merge into a report edited by hand")
			fs.BoolVar(&force, "force", false, "overwrite a report edited by hand")
			yesFlag(fs, &yes)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 || req.Case == "" || level == "" {
				return usagef("give --case, --level and the output file")
			}
			if merge && force {
				return usagef("give --merge or --force, not both")
			}
			req.Level = qda.Level(level)
			if merge {
				req.Edited = analysis.ReportMerge
			} else if force {
				req.Edited = analysis.ReportForce
			}
			return e.withService(func(s *project.Project) error {
				res, err := s.GenerateReportContext(e.ctx(), req)
				if err != nil {
					return err
				}
				return e.exportReport(s, res, format, fs.Arg(0), yes)
			})
		},
	})

	var ereq analysis.EmployerReportRequest
	var eFormat string
	var eMerge, eForce, eYes bool
	register(&command{
		name: "report employers", args: "OUT",
		short: "generate the employer report across sites from the employer interviews' summaries and export it",
		long: `Builds one report across sites from the employer interviews (guidelines
addressed only to AG, such as A.2.2): per theme and question, the summary of
every site with employer interviews. It is stored as a document of kind report
without a site, named "Arbeitgeberbericht", which the employer deliverable links
to, then written to OUT ('-': standard output). Manual edits are treated as by
'report case' (--merge, --force); writing OUT is recorded in the audit log and
asks (or --yes) when the report has open anonymization findings.`,
		flags: func(fs *flag.FlagSet) {
			ereq = analysis.EmployerReportRequest{}
			fs.StringVar(&eFormat, "format", "", "docx, odt, html or md (default: OUT's extension)")
			fs.BoolVar(&ereq.Quotes, "quotes", false, "include the quotes selected in the summaries")
			fs.BoolVar(&eMerge, "merge", false, "merge into a report edited by hand")
			fs.BoolVar(&eForce, "force", false, "overwrite a report edited by hand")
			yesFlag(fs, &eYes)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the output file")
			}
			if eMerge && eForce {
				return usagef("give --merge or --force, not both")
			}
			if eMerge {
				ereq.Edited = analysis.ReportMerge
			} else if eForce {
				ereq.Edited = analysis.ReportForce
			}
			return e.withService(func(s *project.Project) error {
				res, err := s.GenerateEmployerReportContext(e.ctx(), ereq)
				if err != nil {
					return err
				}
				return e.exportReport(s, res, eFormat, fs.Arg(0), eYes)
			})
		},
	})

	var exFormat string
	register(&command{
		name: "report export", args: "DOCUMENT OUT",
		short: "export a document (e.g. a case report with its manual edits) as docx, odt, html or md",
		long: `Recorded in the audit log; if the document has open anonymization findings,
it warns and asks (or --yes).`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&exFormat, "format", "", "docx, odt, html or md (default: OUT's extension)")
			yesFlag(fs, &yes)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the document (GUID or name) and the output file")
			}
			return e.withService(func(s *project.Project) error {
				id := qda.GUID(fs.Arg(0))
				docs, err := s.Documents()
				if err != nil {
					return err
				}
				for _, d := range docs {
					if strings.EqualFold(d.Name, fs.Arg(0)) {
						id = d.GUID
					}
				}
				d, text, _, err := s.DocumentWithText(id)
				if err != nil {
					return err
				}
				ex := privacy.ExportRequest{Format: docFormat(exFormat, fs.Arg(1)), What: "document " + d.Name, To: exportTo(fs.Arg(1)),
					Documents: []qda.GUID{d.GUID}}
				return e.export(s, ex, yes, func() error { return e.writeDocument(text, exFormat, fs.Arg(1)) })
			})
		},
	})
}

// exportReport writes a generated report to out ('-': standard output)
// through the audited export and says what was done, and which sections
// kept their manual version.
func (e *Env) exportReport(s *project.Project, res *analysis.ReportResult, format, out string, yes bool) error {
	ex := privacy.ExportRequest{Format: docFormat(format, out), What: "report " + res.Document.Name, To: exportTo(out),
		Documents: []qda.GUID{res.Document.GUID}}
	if err := e.export(s, ex, yes, func() error { return e.writeDocument(res.Text, format, out) }); err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(e.Stdout, "%s %q (%s), written to %s\n", res.Action, res.Document.Name, strings.Join(res.Guidelines, ", "), out)
	}
	for _, c := range res.Conflicts {
		fmt.Fprintf(e.Stderr, "kept the manual version of %q although its summaries changed\n", strings.TrimLeft(c, "# "))
	}
	return nil
}

package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/project"
)

func init() {
	var req analysis.AgreementRequest
	var codes []string
	var asJSON, disagreements bool
	var ff filterFlags
	register(&command{
		name: "agreement", short: "inter-coder agreement: percent, Cohen's κ, Krippendorff's α per code and overall",
		long: `Compares two or more coders on the documents each of them coded (codings
written by protocol templates are left out unless --with-template).
--unit segment (default): segments of different coders are the same unit when
they overlap by at least --overlap (share of their joint extent); a coder's
value is the code given there or none. Overall figures are nominal over codes;
a code's figures compare "this code" with anything else, and its percent
counts the units where some coder gave the code.
--unit char: every character some coder coded is a unit; per code binary,
overall pooled over codes (κ after De Vries et al. 2008); overall percent is
the share of characters with identical sets of codes.
κ is given for two coders only. --disagreements lists the places where the
coders differ, side by side.
JSON: {coders, unit, min_overlap, documents, overall, per_code:[{code,name,
units,agree,percent,kappa,alpha}], disagreements:[{document,doc_name,range,
sides:[{coder,code,code_name,range,text}]}]}; undefined figures are null.`,
		flags: func(fs *flag.FlagSet) {
			req, codes = analysis.AgreementRequest{}, nil
			fs.Var(repeatFlag{&req.Coders}, "coders", "two or more coders, comma-separated (A,B[,C])")
			fs.StringVar(&req.Unit, "unit", analysis.UnitSegment, "char or segment")
			fs.Float64Var(&req.MinOverlap, "overlap", analysis.DefaultMinOverlap, "segment level: share two segments must overlap to match (0–1)")
			fs.Var(repeatFlag{&codes}, "code", "only these codes (repeatable; theme:SET/N or theme:N for a theme's codes)")
			fs.BoolVar(&req.WithTemplate, "with-template", false, "include codings written by protocol templates")
			fs.BoolVar(&disagreements, "disagreements", false, "list the disagreements side by side")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			ff.define(fs, false)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if len(req.Coders) < 2 {
				return usagef("give --coders A,B with two or more coders")
			}
			req.Filter = ff.filter()
			return e.withService(func(s *project.Project) error {
				var err error
				if req.Codes, err = resolveCodes(s, codes); err != nil {
					return err
				}
				rep, err := s.Agreement(req)
				if err != nil {
					return err
				}
				if asJSON {
					return e.printJSON(rep)
				}
				e.printAgreement(rep, disagreements)
				return nil
			})
		},
	})
}

func fig(f *float64) string {
	if f == nil {
		return "–"
	}
	return strconv.FormatFloat(*f, 'f', 3, 64)
}

func (e *Env) printAgreement(rep *analysis.AgreementReport, disagreements bool) {
	unit := "segments"
	if rep.Unit == analysis.UnitChar {
		unit = "characters"
	}
	fmt.Fprintf(e.Stdout, "coders %s on %d document(s), unit: %s", strings.Join(rep.Coders, ", "), len(rep.Documents), unit)
	if rep.Unit == analysis.UnitSegment {
		fmt.Fprintf(e.Stdout, " (overlap ≥ %.0f %%)", rep.MinOverlap*100)
	}
	fmt.Fprintln(e.Stdout)
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "\nCODE\tUNITS\tAGREE\tPERCENT\tKAPPA\tALPHA")
	row := func(name string, f analysis.AgreementFigures) {
		pct := "–"
		if f.Percent != nil {
			pct = strconv.FormatFloat(*f.Percent*100, 'f', 1, 64) + " %"
		}
		fmt.Fprintf(w, "%s\t%.0f\t%.0f\t%s\t%s\t%s\n", cut(name, 50), f.Units, f.Agree, pct, fig(f.Kappa), fig(f.Alpha))
	}
	for _, f := range rep.PerCode {
		row(f.Name, f)
	}
	row("OVERALL", rep.Overall)
	_ = w.Flush()
	if !disagreements {
		fmt.Fprintf(e.Stdout, "\n%d disagreement(s); --disagreements lists them\n", len(rep.Disagreements))
		return
	}
	for _, d := range rep.Disagreements {
		fmt.Fprintf(e.Stdout, "\n%s [%d–%d]\n", d.DocName, d.Range.Start, d.Range.End)
		for _, sd := range d.Sides {
			if sd.Range == nil {
				fmt.Fprintf(e.Stdout, "  %-10s (not coded)\n", sd.Coder)
				continue
			}
			fmt.Fprintf(e.Stdout, "  %-10s %s [%d–%d]: %s\n", sd.Coder, cut(sd.CodeName, 40), sd.Range.Start, sd.Range.End, cut(strings.Join(strings.Fields(sd.Text), " "), 80))
		}
	}
}

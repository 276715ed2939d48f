package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// EmployerReportTitle is the name of the employer report document; the
// study's deliverables find it by the word "Arbeitgeber" and its lack of a
// site.
const EmployerReportTitle = "Arbeitgeberbericht – alle Standorte"

// EmployerReportRequest asks for the employer report across sites.
type EmployerReportRequest struct {
	// Quotes adds the quotes selected in the summaries.
	Quotes bool `json:"quotes,omitempty"`
	// Edited is ReportRefuse, ReportMerge or ReportForce.
	Edited string `json:"edited,omitempty"`
}

// GenerateEmployerReport writes the employer report: one document of kind
// report without a site that gathers, per theme and question of the
// employer guidelines (addressed only to AG, like A.2.2), the summaries of
// every site with employer interviews. Regenerating treats manual edits as
// GenerateReport does.
func (s *Service) GenerateEmployerReport(req EmployerReportRequest) (*ReportResult, error) {
	return s.GenerateEmployerReportContext(context.Background(), req)
}

// GenerateEmployerReportContext is GenerateEmployerReport, cancelled
// through ctx (nothing is stored then).
func (s *Service) GenerateEmployerReportContext(ctx context.Context, req EmployerReportRequest) (*ReportResult, error) {
	if req.Edited != ReportRefuse && req.Edited != ReportMerge && req.Edited != ReportForce {
		return nil, qda.Errorf(qda.EInvalid, "edited reports are merged or forced, not %q", req.Edited)
	}
	res := &ReportResult{}
	var text string
	var key qda.GUID
	var level qda.Level
	err := s.View(func(tx app.Tx) (err error) {
		text, res.Guidelines, key, level, err = s.employerText(tx, req.Quotes)
		return err
	})
	if err != nil {
		return nil, err
	}
	if text, err = textnorm.Canonical(text); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("employer report: %w", err)
	}
	// The report has no case: its generation record is kept under the
	// (first) employer guideline, which no case key can collide with.
	rr := ReportRequest{Level: level, Quotes: req.Quotes, Edited: req.Edited}
	err = s.Write("report.generate", "generate "+EmployerReportTitle, func(tx app.Tx) error {
		if err := s.storeReport(tx, "", key, &rr, EmployerReportTitle, text, res); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("employer report: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// employerText builds the employer report's text; it returns the
// guidelines' keys and the key and level of the report's record.
func (s *Service) employerText(tx app.Tx, quotes bool) (string, []string, qda.GUID, qda.Level, error) {
	c, err := loadCorpus(tx)
	if err != nil {
		return "", nil, "", "", err
	}
	var gs []*qda.Guideline
	for i := range c.guidelines {
		if IsEmployerGuideline(&c.guidelines[i]) {
			gs = append(gs, &c.guidelines[i])
		}
	}
	siteSet := map[qda.GUID]bool{}
	usedG := map[qda.GUID]bool{}
	for _, iv := range c.interviews.All() {
		if iv.Case == "" || c.cases[iv.Case] == nil {
			continue
		}
		if slices.ContainsFunc(gs, func(g *qda.Guideline) bool { return g.GUID == iv.Guideline }) {
			siteSet[iv.Case], usedG[iv.Guideline] = true, true
		}
	}
	gs = slices.DeleteFunc(gs, func(g *qda.Guideline) bool { return !usedG[g.GUID] })
	if len(gs) == 0 {
		return "", nil, "", "", qda.Errorf(qda.ENotFound, "no site has employer interviews (interviews of a guideline addressed only to AG, such as A.2.2)")
	}
	var sites []*qda.Case
	for id := range siteSet {
		sites = append(sites, c.cases[id])
	}
	slices.SortFunc(sites, func(a, b *qda.Case) int { return strings.Compare(a.Name, b.Name) })
	sums, err := tx.Summaries()
	if err != nil {
		return "", nil, "", "", err
	}
	type cell struct{ site, code qda.GUID }
	sumOf := map[cell]*qda.Summary{}
	for i := range sums {
		sumOf[cell{sums[i].Target, sums[i].Code}] = &sums[i]
	}
	var keys, names []string
	for _, g := range gs {
		keys = append(keys, g.Key)
	}
	for _, cs := range sites {
		names = append(names, cs.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", EmployerReportTitle)
	fmt.Fprintf(&b, "Erzeugt aus den Zusammenfassungen zu den Leitfäden %s an den Standorten %s.\n", strings.Join(keys, ", "), strings.Join(names, ", "))
	titles, _ := themeTitles(c.guidelinesOf(gs))
	// bySite writes a column's cells, one per site under the site's name;
	// it reports whether any site had something.
	bySite := func(w *strings.Builder, code qda.GUID, level string) bool {
		wrote := false
		for _, cs := range sites {
			wrote = s.writeSummary(w, tx, c, sumOf[cell{cs.GUID, code}], level+" "+cs.Name, quotes) || wrote
		}
		return wrote
	}
	for _, g := range gs {
		themeCols, questionCols := c.gridCols(g, GridThemes), c.gridCols(g, GridQuestions)
		for _, sec := range g.Sections {
			title := titles[g.ThemeKey(sec.Number)]
			if len(gs) > 1 {
				title = g.Key + " · " + title
			}
			fmt.Fprintf(&b, "\n## %s\n", title)
			wrote := false
			for _, col := range themeCols {
				if col.section == sec.GUID {
					wrote = bySite(&b, col.Code, "###") || wrote
				}
			}
			for _, col := range questionCols {
				if col.section != sec.GUID {
					continue
				}
				var q strings.Builder
				if bySite(&q, col.Code, "####") {
					fmt.Fprintf(&b, "\n### %s\n%s", strings.TrimSpace(col.Heading+" "+col.Text), q.String())
					wrote = true
				}
			}
			if !wrote {
				b.WriteString("\n(Noch keine Zusammenfassung.)\n")
			}
		}
	}
	return b.String(), keys, gs[0].GUID, gs[0].Level, nil
}

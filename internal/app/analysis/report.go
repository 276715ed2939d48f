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

// How GenerateReport treats a report that was edited by hand since it was
// generated.
const (
	ReportRefuse = ""      // refuse with a conflict error
	ReportMerge  = "merge" // merge section by section, keeping manual edits
	ReportForce  = "force" // overwrite the manual edits
)

// ReportRequest asks for the case report of a case on one level.
type ReportRequest struct {
	// Case is the case's pseudonym or GUID.
	Case string `json:"case"`
	// Level is the study level.
	Level qda.Level `json:"level"`
	// Guidelines restricts the report to these guidelines (keys or GUIDs);
	// default: the level's guidelines with protocols at the case.
	Guidelines []string `json:"guidelines,omitempty"`
	// WithEmployers includes employer interviews (guidelines addressed
	// only to the role AG, such as A.2.2), which site reports leave out.
	WithEmployers bool `json:"with_employers,omitempty"`
	// Quotes adds the quotes selected in the summaries.
	Quotes bool `json:"quotes,omitempty"`
	// Edited is ReportRefuse, ReportMerge or ReportForce.
	Edited string `json:"edited,omitempty"`
}

// ReportResult tells what GenerateReport did.
type ReportResult struct {
	Document *qda.Document `json:"document"`
	Text     string        `json:"-"`
	// Action is "created", "updated", "unchanged", "merged" or "overwritten".
	Action string `json:"action"`
	// Guidelines are the keys of the guidelines the report draws on.
	Guidelines []string `json:"guidelines"`
	// Conflicts lists the headings of sections where manual edits were kept
	// although the summaries changed (merge only).
	Conflicts []string `json:"conflicts,omitempty"`
}

// levelTitles names the levels in report titles (reports are written in the
// study's language).
var levelTitles = map[qda.Level]string{
	qda.LevelStrategic: "Strategische Ebene",
	qda.LevelOperative: "Operative Ebene",
	qda.LevelIntensive: "Intensivfallstudie",
}

// IsEmployerGuideline reports whether a guideline is addressed to employers
// only (its one role is AG), like A.2.2: such interviews are kept apart from
// site reports.
func IsEmployerGuideline(g *qda.Guideline) bool {
	return len(g.Roles) > 0 && !slices.ContainsFunc(g.Roles, func(r qda.Role) bool { return r.Code != "AG" })
}

// GenerateReport writes the case report of a case and level: a document of
// kind report built from the case's summaries in the guidelines' theme
// order (headings are themes and questions, bodies the summaries, quotes
// with their sources). The report is stored as a normal document, so it is
// searchable and codable. Regenerating replaces it when it was not edited
// since; otherwise req.Edited decides (refuse, merge or force).
func (s *Service) GenerateReport(req ReportRequest) (*ReportResult, error) {
	return s.GenerateReportContext(context.Background(), req)
}

// GenerateReportContext is GenerateReport, cancelled through ctx: a
// cancelled generation stores nothing (the context is checked last inside
// the write, before its commit) and returns ctx's error.
func (s *Service) GenerateReportContext(ctx context.Context, req ReportRequest) (*ReportResult, error) {
	if !req.Level.Valid() {
		return nil, qda.Errorf(qda.EInvalid, "unknown level %q", req.Level)
	}
	if req.Edited != ReportRefuse && req.Edited != ReportMerge && req.Edited != ReportForce {
		return nil, qda.Errorf(qda.EInvalid, "edited reports are merged or forced, not %q", req.Edited)
	}
	res := &ReportResult{}
	var cs *qda.Case
	var text string
	err := s.View(func(tx app.Tx) (err error) {
		if cs, err = app.FindCase(tx, req.Case); err != nil {
			return err
		}
		text, res.Guidelines, err = s.reportText(tx, cs, &req)
		return err
	})
	if err != nil {
		return nil, err
	}
	if text, err = textnorm.Canonical(text); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("case report: %w", err)
	}
	title := fmt.Sprintf("Fallbericht %s – %s", cs.Name, levelTitles[req.Level])
	err = s.Write("report.generate", "generate "+title, func(tx app.Tx) error {
		if err := s.storeReport(tx, cs.GUID, cs.GUID, &req, title, text, res); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("case report: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// storeReport writes a generated report text, minding manual edits: the
// document belongs to the case docCase ("" for a report across sites), its
// generation record is kept under key and req.Level.
func (s *Service) storeReport(tx app.Tx, docCase, key qda.GUID, req *ReportRequest, title, text string, res *ReportResult) error {
	now := s.Now().UTC()
	src, err := tx.ReportSource(key, req.Level)
	if err != nil && qda.ErrorCode(err) != qda.ENotFound {
		return err
	}
	var doc *qda.Document
	if src != nil {
		if doc, err = tx.Document(src.Document); err != nil && qda.ErrorCode(err) != qda.ENotFound {
			return err
		}
	}
	if doc == nil {
		id, err := s.NewGUID()
		if err != nil {
			return err
		}
		doc = &qda.Document{GUID: id, Name: title, Kind: qda.KindCaseReport, Case: docCase,
			Length: qda.RuneLen(text), Created: now, Modified: now, Source: "generated"}
		if err := tx.PutDocument(doc); err != nil {
			return err
		}
		if err := tx.PutText(doc.GUID, text); err != nil {
			return err
		}
		res.Action, res.Document, res.Text = "created", doc, text
		return tx.PutReportSource(&qda.ReportSource{Case: key, Level: req.Level, Document: doc.GUID, Generated: text, Time: now})
	}
	cur, err := tx.Text(doc.GUID)
	if err != nil {
		return err
	}
	final := text
	switch {
	case cur == src.Generated && cur == text:
		res.Action = "unchanged"
	case cur == src.Generated:
		res.Action = "updated"
	case req.Edited == ReportForce:
		res.Action = "overwritten"
	case src.Generated == text:
		res.Action, final = "unchanged", cur // only manual edits: keep them
	case req.Edited == ReportMerge:
		final, res.Conflicts = qda.MergeReport(src.Generated, cur, text)
		res.Action = "merged"
	default:
		return qda.Errorf(qda.EConflict, "%q was edited by hand since it was generated; merge the new summaries into it or overwrite it", doc.Name)
	}
	res.Document, res.Text = doc, final
	if final != cur {
		if err := s.ReplaceText(tx, doc, final, req.Edited == ReportForce, nil); err != nil {
			return err
		}
		doc.Length, doc.Modified = qda.RuneLen(final), now
		if err := tx.PutDocument(doc); err != nil {
			return err
		}
		if err := tx.PutText(doc.GUID, final); err != nil {
			return err
		}
	}
	if src.Generated == text {
		return nil
	}
	src.Generated, src.Time = text, now
	return tx.PutReportSource(src)
}

// reportGuidelines picks the guidelines a report draws on.
func reportGuidelines(tx app.Tx, c *corpus, cs *qda.Case, req *ReportRequest) ([]*qda.Guideline, error) {
	var out []*qda.Guideline
	if len(req.Guidelines) > 0 {
		for _, ref := range req.Guidelines {
			g, err := app.FindGuideline(tx, ref)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
		}
		return out, nil
	}
	used := map[qda.GUID]bool{}
	for _, iv := range c.interviews.All() {
		if iv.Case == cs.GUID && iv.Level == req.Level {
			used[iv.Guideline] = true
		}
	}
	for i := range c.guidelines {
		g := &c.guidelines[i]
		if used[g.GUID] && g.Level == req.Level && (req.WithEmployers || !IsEmployerGuideline(g)) {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return nil, qda.Errorf(qda.ENotFound, "case %s has no interviews on the %s level", cs.Name, req.Level)
	}
	return out, nil
}

// reportText builds the report's text from the case's summaries.
func (s *Service) reportText(tx app.Tx, cs *qda.Case, req *ReportRequest) (string, []string, error) {
	c, err := loadCorpus(tx)
	if err != nil {
		return "", nil, err
	}
	gs, err := reportGuidelines(tx, c, cs, req)
	if err != nil {
		return "", nil, err
	}
	sums, err := tx.Summaries()
	if err != nil {
		return "", nil, err
	}
	sumOf := map[qda.GUID]*qda.Summary{}
	for i := range sums {
		if sums[i].Target == cs.GUID {
			sumOf[sums[i].Code] = &sums[i]
		}
	}
	var keys []string
	for _, g := range gs {
		keys = append(keys, g.Key)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Fallbericht %s – %s\n\n", cs.Name, levelTitles[req.Level])
	fmt.Fprintf(&b, "Erzeugt aus den Zusammenfassungen zu den Leitfäden %s.\n", strings.Join(keys, ", "))
	used := map[qda.GUID]bool{}
	var themes []string
	for _, g := range gs {
		for _, sec := range g.Sections {
			if k := g.ThemeKey(sec.Number); !slices.Contains(themes, k) {
				themes = append(themes, k)
			}
		}
	}
	titles, _ := themeTitles(c.guidelinesOf(gs))
	themeCols, questionCols := map[qda.GUID][]GridCol{}, map[qda.GUID][]GridCol{}
	for _, g := range gs {
		themeCols[g.GUID], questionCols[g.GUID] = c.gridCols(g, GridThemes), c.gridCols(g, GridQuestions)
	}
	for _, theme := range themes {
		fmt.Fprintf(&b, "\n## %s\n", titles[theme])
		wrote := false
		for _, g := range gs {
			for _, sec := range g.Sections {
				if g.ThemeKey(sec.Number) != theme {
					continue
				}
				for _, col := range themeCols[g.GUID] {
					if col.section == sec.GUID {
						used[col.Code] = true
						wrote = s.writeSummary(&b, tx, c, sumOf[col.Code], "", req.Quotes) || wrote
					}
				}
				for _, col := range questionCols[g.GUID] {
					if col.section != sec.GUID {
						continue
					}
					used[col.Code] = true
					heading := "### " + strings.TrimSpace(col.Heading+" "+col.Text)
					if len(gs) > 1 {
						heading = "### " + g.Key + " · " + strings.TrimSpace(col.Heading+" "+col.Text)
					}
					wrote = s.writeSummary(&b, tx, c, sumOf[col.Code], heading, req.Quotes) || wrote
				}
			}
		}
		if !wrote {
			b.WriteString("\n(Noch keine Zusammenfassung.)\n")
		}
	}
	s.writeOtherSummaries(&b, tx, c, sumOf, used, req.Quotes)
	return b.String(), keys, nil
}

func (c *corpus) guidelinesOf(gs []*qda.Guideline) []qda.Guideline {
	out := make([]qda.Guideline, len(gs))
	for i, g := range gs {
		out[i] = *g
	}
	return out
}

// writeSummary writes a summary (under heading, if any) with its quotes;
// it reports whether it wrote anything.
func (s *Service) writeSummary(b *strings.Builder, tx app.Tx, c *corpus, sm *qda.Summary, heading string, quotes bool) bool {
	if sm == nil || (sm.Text == "" && (!quotes || len(sm.Quotes) == 0)) {
		return false
	}
	if heading != "" {
		fmt.Fprintf(b, "\n%s\n", heading)
	}
	if sm.Text != "" {
		fmt.Fprintf(b, "\n%s\n", sm.Text)
	}
	if quotes {
		texts := map[qda.GUID]string{}
		for _, q := range sm.Quotes {
			cd, err := tx.Coding(q)
			if err != nil {
				continue // the quote's coding is gone
			}
			seg, err := segmentOf(tx, texts, *cd)
			if err != nil {
				continue
			}
			src := ""
			if i, ok := c.docIdx[cd.Document]; ok {
				src = c.sourceOf(&c.docs[i])
			}
			quote := strings.Join(strings.Fields(seg.Text), " ")
			fmt.Fprintf(b, "\n> „%s“ (%s)\n", quote, src)
		}
	}
	return true
}

// writeOtherSummaries adds the case's summaries of codes outside the
// report's guidelines (inductive codes) under a heading of their own.
func (s *Service) writeOtherSummaries(b *strings.Builder, tx app.Tx, c *corpus, sumOf map[qda.GUID]*qda.Summary, used map[qda.GUID]bool, quotes bool) {
	tree, _ := c.codeTree()
	first := true
	for _, code := range tree {
		sm := sumOf[code.GUID]
		if sm == nil || used[code.GUID] || code.Ref != nil {
			continue
		}
		if first {
			b.WriteString("\n## Weitere Kategorien\n")
			first = false
		}
		s.writeSummary(b, tx, c, sm, "### "+code.Name, quotes)
	}
}

package analysis

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// SetSummary sets the summary of a code for a case or an interview, as one
// undoable command. An empty text without quotes deletes the summary.
// quotes (codings chosen as quotes for the case report) replace the old
// ones; nil keeps them.
func (s *Service) SetSummary(target, code qda.GUID, text string, quotes []qda.GUID) (*qda.Summary, error) {
	text, err := textnorm.Canonical(strings.TrimSpace(text))
	if err != nil {
		return nil, err
	}
	var out *qda.Summary
	err = s.Write("summary.set", fmt.Sprintf("summary of %s for %s", code, target), func(tx app.Tx) error {
		if _, err := tx.Code(code); err != nil {
			return err
		}
		if _, err := tx.Case(target); err != nil {
			if _, err2 := tx.Interview(target); err2 != nil {
				return qda.Errorf(qda.ENotFound, "%s is neither a case nor an interview", target)
			}
		}
		old, err := tx.Summary(target, code)
		if err != nil && qda.ErrorCode(err) != qda.ENotFound {
			return err
		}
		sm := &qda.Summary{Target: target, Code: code, Text: text, Quotes: quotes, Author: s.Actor(), Modified: s.Now().UTC()}
		if quotes == nil && old != nil {
			sm.Quotes = old.Quotes
		}
		for _, q := range sm.Quotes {
			if _, err := tx.Coding(q); err != nil {
				return qda.Errorf(qda.ENotFound, "quote %s is not a coding", q)
			}
		}
		if sm.Text == "" && len(sm.Quotes) == 0 {
			if old == nil {
				return nil
			}
			return tx.DeleteSummary(target, code)
		}
		if old != nil && old.Text == sm.Text && slices.Equal(old.Quotes, sm.Quotes) {
			out = old
			return nil
		}
		out = sm
		return tx.PutSummary(sm)
	})
	return out, err
}

// Summaries returns the summaries of a case or interview (all for ""), by
// target and code.
func (s *Service) Summaries(target qda.GUID) ([]qda.Summary, error) {
	var out []qda.Summary
	err := s.View(func(tx app.Tx) error {
		all, err := tx.Summaries()
		for _, sm := range all {
			if target == "" || sm.Target == target {
				out = append(out, sm)
			}
		}
		return err
	})
	return out, err
}

// SearchSummaries returns the summaries whose text contains every word of
// q, ignoring case. (Summaries reach the full-text index through the case
// reports generated from them.)
func (s *Service) SearchSummaries(q string) ([]qda.Summary, error) {
	words := strings.Fields(strings.ToLower(q))
	all, err := s.Summaries("")
	var out []qda.Summary
	for _, sm := range all {
		t := strings.ToLower(sm.Text)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(t, w) }) {
			out = append(out, sm)
		}
	}
	return out, err
}

// Grid modes.
const (
	GridCases      = "cases"      // rows are cases
	GridInterviews = "interviews" // rows are interviews
	GridQuestions  = "questions"  // columns are questions
	GridThemes     = "themes"     // columns are themes
)

// GridRequest asks for a summary grid of one guideline.
type GridRequest struct {
	// Guideline is the guideline's key or GUID.
	Guideline string `json:"guideline"`
	// Rows is GridCases (default) or GridInterviews.
	Rows string `json:"rows"`
	// Cols is GridQuestions (default) or GridThemes.
	Cols string `json:"cols"`
	// Cases restricts the rows to these cases (pseudonyms or GUIDs).
	Cases []string `json:"cases,omitempty"`
}

// GridRow is a row of the summary grid: a case or an interview.
type GridRow struct {
	Target qda.GUID `json:"target"`
	Label  string   `json:"label"`
	Case   qda.GUID `json:"case"`
}

// GridCol is a column: a question or a theme, with the code standing for it.
type GridCol struct {
	Code  qda.GUID `json:"code"`
	Label string   `json:"label"`
	// Heading is the question's id or the theme's number.
	Heading string `json:"heading"`
	// Theme is the theme's number, ThemeKey its identity across the
	// guidelines sharing it ("EJO/4", see qda.Guideline.ThemeKey).
	Theme    string `json:"theme"`
	ThemeKey string `json:"themeKey"`
	// Text is the question's text or the theme's title.
	Text string `json:"text"`
	// codes are the codes whose segments the column shows.
	codes []qda.GUID
	// section is the guideline section the column belongs to.
	section qda.GUID
}

// GridSegment is a coded segment in a grid cell, with its source.
type GridSegment struct {
	app.Segment
	// Source is the interviewee's pseudonym, or the document's name.
	Source string `json:"source"`
}

// GridCell holds a row's segments for a column and the summary.
type GridCell struct {
	Segments []GridSegment `json:"segments"`
	Summary  *qda.Summary  `json:"summary,omitempty"`
}

// Grid is a summary grid: Cells[row][col].
type Grid struct {
	Guideline string       `json:"guideline"`
	Title     string       `json:"title"`
	Rows      []GridRow    `json:"rows"`
	Cols      []GridCol    `json:"cols"`
	Cells     [][]GridCell `json:"cells"`
}

// SummaryGrid builds the summary grid of a guideline: per case (or
// interview) and question (or theme) the coded segments of the question's
// code and its sub-codes in the row's protocols, and the summary.
func (s *Service) SummaryGrid(req GridRequest) (*Grid, error) {
	if req.Rows == "" {
		req.Rows = GridCases
	}
	if req.Cols == "" {
		req.Cols = GridQuestions
	}
	if req.Rows != GridCases && req.Rows != GridInterviews || req.Cols != GridQuestions && req.Cols != GridThemes {
		return nil, qda.Errorf(qda.EInvalid, "grid rows are cases or interviews and columns questions or themes, not %s × %s", req.Rows, req.Cols)
	}
	var grid *Grid
	err := s.View(func(tx app.Tx) error {
		g, err := app.FindGuideline(tx, req.Guideline)
		if err != nil {
			return err
		}
		c, err := s.viewCorpus(tx)
		if err != nil {
			return err
		}
		grid = &Grid{Guideline: g.Key, Title: g.Title, Cols: c.gridCols(g, req.Cols)}
		var want []qda.GUID
		for _, ref := range req.Cases {
			cs, err := app.FindCase(tx, ref)
			if err != nil {
				return err
			}
			want = append(want, cs.GUID)
		}
		docsOf := c.gridRows(grid, g, req.Rows, want)
		sums, err := tx.Summaries()
		if err != nil {
			return err
		}
		sumOf := map[string]*qda.Summary{}
		for i := range sums {
			sumOf[qda.SummaryKey(sums[i].Target, sums[i].Code)] = &sums[i]
		}
		texts := map[qda.GUID]string{}
		grid.Cells = make([][]GridCell, len(grid.Rows))
		for ri, row := range grid.Rows {
			grid.Cells[ri] = make([]GridCell, len(grid.Cols))
			colOf := map[qda.GUID]int{}
			for ci, col := range grid.Cols {
				grid.Cells[ri][ci].Summary = sumOf[qda.SummaryKey(row.Target, col.Code)]
				for _, code := range col.codes {
					colOf[code] = ci
				}
			}
			for _, d := range docsOf[ri] {
				cs, err := tx.CodingsOfDocument(d.GUID)
				if err != nil {
					return err
				}
				for _, cd := range cs {
					ci, ok := colOf[cd.Code]
					if !ok {
						continue
					}
					seg, err := segmentOf(tx, texts, cd)
					if err != nil {
						return err
					}
					cell := &grid.Cells[ri][ci]
					if slices.ContainsFunc(cell.Segments, func(o GridSegment) bool { return o.Document == cd.Document && o.Range == cd.Range }) {
						continue // the same passage coded by a second coder
					}
					cell.Segments = append(cell.Segments, GridSegment{Segment: seg, Source: c.sourceOf(d)})
				}
			}
			for ci := range grid.Cells[ri] {
				sortGridSegments(grid.Cells[ri][ci].Segments)
			}
		}
		return nil
	})
	return grid, err
}

func sortGridSegments(ss []GridSegment) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].Source != ss[j].Source {
			return ss[i].Source < ss[j].Source
		}
		return ss[i].Start < ss[j].Start
	})
}

// sourceOf names where a document comes from: its interviewee's pseudonym,
// else its name.
func (c *corpus) sourceOf(d *qda.Document) string {
	if iv := c.interviews.Get(d.Interview); iv != nil {
		return iv.Interviewee
	}
	return d.Name
}

// gridCols returns the columns of a guideline: its questions or its themes,
// each with the code standing for it and that code's sub-codes.
func (c *corpus) gridCols(g *qda.Guideline, mode string) []GridCol {
	byTarget := map[qda.GUID]*qda.Code{}
	kids := map[qda.GUID][]qda.GUID{}
	for i := range c.codes {
		code := &c.codes[i]
		if code.Ref != nil && code.Ref.Guideline == g.GUID {
			byTarget[code.Ref.Target] = code
		}
		kids[code.Parent] = append(kids[code.Parent], code.GUID)
	}
	var below func(id qda.GUID) []qda.GUID
	below = func(id qda.GUID) []qda.GUID {
		out := []qda.GUID{id}
		for _, k := range kids[id] {
			out = append(out, below(k)...)
		}
		return out
	}
	var cols []GridCol
	for _, sec := range g.Sections {
		if mode == GridThemes {
			if code := byTarget[sec.GUID]; code != nil {
				cols = append(cols, GridCol{Code: code.GUID, Label: code.Name, Heading: sec.Number, Theme: sec.ThemeNumber(), ThemeKey: g.ThemeKey(sec.Number), Text: sec.Title,
					codes: below(code.GUID), section: sec.GUID})
			}
			continue
		}
		for _, q := range sec.Questions {
			if code := byTarget[q.GUID]; code != nil {
				cols = append(cols, GridCol{Code: code.GUID, Label: code.Name, Heading: q.ID, Theme: sec.ThemeNumber(), ThemeKey: g.ThemeKey(sec.Number), Text: q.Text,
					codes: below(code.GUID), section: sec.GUID})
			}
		}
	}
	return cols
}

// gridRows fills the grid's rows and returns each row's protocols: the
// cases (or interviews) with a protocol of interviews along g.
func (c *corpus) gridRows(grid *Grid, g *qda.Guideline, mode string, cases []qda.GUID) [][]*qda.Document {
	var docsOf [][]*qda.Document
	rowOf := map[qda.GUID]int{}
	for i := range c.docs {
		d := &c.docs[i]
		iv := c.interviews.Get(d.Interview)
		if iv == nil || iv.Guideline != g.GUID || d.Kind != qda.KindProtocol || (len(cases) > 0 && !slices.Contains(cases, iv.Case)) {
			continue
		}
		caseName := ""
		if cs := c.cases[iv.Case]; cs != nil {
			caseName = cs.Name
		}
		target, label := iv.Case, caseName
		if mode == GridInterviews {
			target, label = iv.GUID, fmt.Sprintf("%s (%s, W%d)", iv.Interviewee, caseName, iv.Wave)
		}
		r, ok := rowOf[target]
		if !ok {
			r = len(grid.Rows)
			rowOf[target] = r
			grid.Rows = append(grid.Rows, GridRow{Target: target, Label: label, Case: iv.Case})
			docsOf = append(docsOf, nil)
		}
		docsOf[r] = append(docsOf[r], d)
	}
	perm := make([]int, len(grid.Rows))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return grid.Rows[perm[a]].Label < grid.Rows[perm[b]].Label })
	rows := make([]GridRow, len(perm))
	docs := make([][]*qda.Document, len(perm))
	for n, o := range perm {
		rows[n], docs[n] = grid.Rows[o], docsOf[o]
	}
	grid.Rows = rows
	return docs
}

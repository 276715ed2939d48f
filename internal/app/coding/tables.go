package coding

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// SegmentsTable lists the coded segments matching f, one row each, with the
// columns of WriteSegmentsCSV and the coding's memo.
func (s *Service) SegmentsTable(f app.CodingFilter) (*app.Table, error) {
	segs, err := s.Retrieve(f)
	if err != nil {
		return nil, err
	}
	t := &app.Table{Name: "Segmente", Header: append(append([]string(nil), SegmentsCSVHeader...), "memo")}
	t.Numeric = make([]bool, len(t.Header))
	for i, h := range t.Header {
		t.Numeric[i] = h == "wave" || h == "start" || h == "end"
	}
	for _, r := range segs {
		wave := ""
		if r.Wave > 0 {
			wave = strconv.Itoa(r.Wave)
		}
		t.Rows = append(t.Rows, []string{r.DocName, string(r.Kind), r.Case, r.Interviewee, string(r.Level), wave, r.Role,
			r.Question, r.CodeName, r.CoderName, strconv.Itoa(r.Start), strconv.Itoa(r.End), r.Before, r.Text, r.After,
			string(r.GUID), string(r.Document), r.Memo})
	}
	return t, nil
}

// codeTreeOrder returns the codes depth first in codebook order with their
// depths.
func codeTreeOrder(codes []qda.Code) ([]qda.Code, []int) {
	kids := map[qda.GUID][]qda.Code{}
	known := map[qda.GUID]bool{}
	for _, c := range codes {
		known[c.GUID] = true
	}
	for _, c := range codes {
		p := c.Parent
		if !known[p] {
			p = ""
		}
		kids[p] = append(kids[p], c)
	}
	var out []qda.Code
	var depth []int
	seen := map[qda.GUID]bool{}
	var walk func(parent qda.GUID, d int)
	walk = func(parent qda.GUID, d int) {
		for _, c := range kids[parent] {
			if seen[c.GUID] {
				continue
			}
			seen[c.GUID] = true
			out, depth = append(out, c), append(depth, d)
			walk(c.GUID, d+1)
		}
	}
	walk("", 0)
	return out, depth
}

// CodebookTable lists the codebook depth first: each code with its path,
// colour, description, memo, question reference and number of codings.
func (s *Service) CodebookTable() (*app.Table, error) {
	codes, err := s.Codes() // sorted by parent, order, name
	if err != nil {
		return nil, err
	}
	counts, err := s.CodingCounts()
	if err != nil {
		return nil, err
	}
	keys := map[qda.GUID]string{}
	gs, err := s.Guidelines()
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		keys[g.GUID] = g.Key
	}
	ordered, depth := codeTreeOrder(codes)
	path := map[qda.GUID]string{}
	t := &app.Table{Name: "Codebuch", Header: []string{"code", "level", "path", "color", "description", "memo", "guideline",
		"theme", "question", "ref_kind", "codings", "guid", "parent_guid"},
		Numeric: []bool{false, true, false, false, false, false, false, false, false, false, true}}
	for i, c := range ordered {
		p := c.Name
		if pp, ok := path[c.Parent]; ok {
			p = pp + " / " + c.Name
		}
		path[c.GUID] = p
		var gl, theme, qid, kind string
		if r := c.Ref; r != nil {
			gl, theme, qid, kind = keys[r.Guideline], r.Theme, r.QuestionID, string(r.Kind)
		}
		t.Rows = append(t.Rows, []string{strings.Repeat("  ", depth[i]) + c.Name, strconv.Itoa(depth[i] + 1), p, c.Color,
			c.Description, c.Memo, gl, theme, qid, kind, strconv.Itoa(counts[c.GUID]), string(c.GUID), string(c.Parent)})
	}
	return t, nil
}

// WriteCodebookMarkdown writes the codebook as a nested Markdown list: name,
// question reference, colour, description and memo of every code.
func (s *Service) WriteCodebookMarkdown(w io.Writer) error {
	codes, err := s.Codes()
	if err != nil {
		return err
	}
	var project qda.Project
	if err := s.View(func(tx app.Tx) (err error) { project, err = tx.Project(); return err }); err != nil {
		return err
	}
	counts, err := s.CodingCounts()
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Codebuch: %s\n\n", project.Name)
	ordered, depth := codeTreeOrder(codes)
	for i, c := range ordered {
		ind := strings.Repeat("  ", depth[i])
		fmt.Fprintf(&b, "%s- **%s** `%s`", ind, mdInline(c.Name), c.Color)
		if n := counts[c.GUID]; n > 0 {
			fmt.Fprintf(&b, " (%d)", n)
		}
		b.WriteString("\n")
		if d := strings.TrimSpace(c.Description); d != "" && !strings.HasSuffix(c.Name, d) {
			fmt.Fprintf(&b, "%s  %s\n", ind, mdInline(d))
		}
		if m := strings.TrimSpace(c.Memo); m != "" {
			fmt.Fprintf(&b, "%s  > Memo: %s\n", ind, mdInline(m))
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// mdInline keeps text on one Markdown line.
func mdInline(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\n\n", " — ")
	return strings.ReplaceAll(s, "\n", " ")
}

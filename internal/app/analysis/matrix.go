package analysis

import (
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/csvsafe"
	"github.com/protocoder/protocoder/internal/qda"
)

// Row modes of the code matrix.
const (
	RowsCodes  = "codes"  // one row per code
	RowsThemes = "themes" // one row per theme, across the guidelines sharing it
)

// MatrixRequest asks for a code matrix.
type MatrixRequest struct {
	// Rows is RowsCodes (default) or RowsThemes.
	Rows string `json:"rows"`
	// Cols is the dimension the columns stand for: "case" (default) or
	// another dimension (see Service.Dimensions), e.g. "Umsetzungstyp",
	// "level", "wave", "role".
	Cols string `json:"cols"`
	// Measure is what a cell counts (default segments).
	Measure qda.Measure `json:"measure"`
	// Guideline restricts the rows to one guideline's codes (key or GUID).
	Guideline string `json:"guideline,omitempty"`
	// Codes restricts the rows to these codes (codes mode).
	Codes []qda.GUID `json:"codes,omitempty"`
	// All keeps rows and columns without any segment.
	All bool `json:"all,omitempty"`
	// Filter restricts documents and codings.
	Filter AnalysisFilter `json:"filter"`
}

// MatrixRow is a row of the code matrix: a code or a theme.
type MatrixRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Color string `json:"color,omitempty"`
	// Depth is the code's depth in the codebook (codes mode).
	Depth int `json:"depth"`
	// Codes are the codes counted in the row.
	Codes []qda.GUID `json:"codes"`
}

// MatrixCol is a column: a case or a value of the chosen dimension ("" for
// documents without a value).
type MatrixCol struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// Documents is the number of documents in the column.
	Documents int `json:"documents"`
}

// Matrix is a code matrix: Values[row][col] holds the measure.
type Matrix struct {
	Request MatrixRequest `json:"request"`
	Rows    []MatrixRow   `json:"rows"`
	Cols    []MatrixCol   `json:"cols"`
	Values  [][]float64   `json:"values"`
	// Max is the largest value, for colour scales.
	Max float64 `json:"max"`
}

// NoValue labels the column of documents without a value.
const NoValue = "(none)"

func (r *MatrixRequest) normalise() error {
	if r.Rows == "" {
		r.Rows = RowsCodes
	}
	if r.Cols == "" {
		r.Cols = "case"
	}
	if r.Measure == "" {
		r.Measure = qda.MeasureSegments
	}
	if r.Rows != RowsCodes && r.Rows != RowsThemes {
		return qda.Errorf(qda.EInvalid, "rows are %q or %q, not %q", RowsCodes, RowsThemes, r.Rows)
	}
	if !r.Measure.Valid() {
		return qda.Errorf(qda.EInvalid, "unknown measure %q: use segments, documents or share", r.Measure)
	}
	return nil
}

// matrixRows builds the rows and maps each code to its row.
func (c *corpus) matrixRows(req *MatrixRequest) ([]MatrixRow, map[qda.GUID]int, error) {
	var gl qda.GUID
	if req.Guideline != "" {
		i := slices.IndexFunc(c.guidelines, func(g qda.Guideline) bool {
			return string(g.GUID) == req.Guideline || strings.EqualFold(g.Key, req.Guideline)
		})
		if i < 0 {
			return nil, nil, qda.Errorf(qda.ENotFound, "no guideline %q", req.Guideline)
		}
		gl = c.guidelines[i].GUID
	}
	keep := func(code *qda.Code) bool {
		if gl != "" && (code.Ref == nil || code.Ref.Guideline != gl) {
			return false
		}
		return len(req.Codes) == 0 || slices.Contains(req.Codes, code.GUID)
	}
	rowOf := map[qda.GUID]int{}
	var rows []MatrixRow
	tree, depth := c.codeTree()
	if req.Rows == RowsCodes {
		for i, code := range tree {
			if keep(code) {
				rowOf[code.GUID] = len(rows)
				rows = append(rows, MatrixRow{Key: string(code.GUID), Label: code.Name, Color: code.Color, Depth: depth[i], Codes: []qda.GUID{code.GUID}})
			}
		}
		return rows, rowOf, nil
	}
	themes, order := themeTitles(c.guidelines)
	keyOf := app.ThemeKeys(c.guidelines)
	byTheme := map[string]int{}
	for _, code := range tree {
		k := keyOf(code.Ref)
		if k == "" || !keep(code) {
			continue
		}
		i, ok := byTheme[k]
		if !ok {
			i = len(rows)
			byTheme[k] = i
			set, _, _ := strings.Cut(k, "/")
			rows = append(rows, MatrixRow{Key: "theme:" + k, Label: themes[k] + " (" + set + ")", Color: code.Color})
		}
		rows[i].Codes = append(rows[i].Codes, code.GUID)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Key[len("theme:"):], rows[j].Key[len("theme:"):]
		sa, na, _ := strings.Cut(a, "/")
		sb, nb, _ := strings.Cut(b, "/")
		if sa != sb {
			return order[sa] < order[sb]
		}
		return numericCompare(na, nb) < 0
	})
	for i := range rows {
		for _, g := range rows[i].Codes {
			rowOf[g] = i
		}
	}
	return rows, rowOf, nil
}

// themeTitles labels theme identities ("EJO/4", see qda.Guideline.ThemeKey)
// with the title the theme has in the first guideline (by key) that has
// it: "4. Leistungen aus einer Hand". order
// ranks the theme sets by the first guideline holding them.
func themeTitles(gs []qda.Guideline) (titles map[string]string, order map[string]int) {
	titles, order = map[string]string{}, map[string]int{}
	for _, g := range gs {
		for _, s := range g.Sections {
			k := g.ThemeKey(s.Number)
			set, _, _ := strings.Cut(k, "/")
			if _, ok := order[set]; !ok {
				order[set] = len(order)
			}
			if titles[k] == "" {
				titles[k] = s.ThemeNumber() + ". " + s.Title
			}
		}
	}
	return titles, order
}

// matrixCols assigns the documents passing the filter to columns.
func (c *corpus) matrixCols(req *MatrixRequest, docOK func(*qda.Document) bool) ([]MatrixCol, []int, error) {
	val, cmp, err := c.dimension(req.Cols)
	if err != nil {
		return nil, nil, err
	}
	colOf := make([]int, len(c.docs))
	byKey := map[string]int{}
	var cols []MatrixCol
	for i := range c.docs {
		colOf[i] = -1
		if !docOK(&c.docs[i]) {
			continue
		}
		v := val(&c.docs[i])
		j, ok := byKey[v]
		if !ok {
			j = len(cols)
			byKey[v] = j
			label := v
			if v == "" {
				label = NoValue
			}
			cols = append(cols, MatrixCol{Key: v, Label: label})
		}
		cols[j].Documents++
		colOf[i] = j
	}
	perm := make([]int, len(cols))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool {
		x, y := cols[perm[a]].Key, cols[perm[b]].Key
		if (x == "") != (y == "") {
			return y == ""
		}
		return cmp(x, y) < 0
	})
	newIdx := make([]int, len(cols))
	sorted := make([]MatrixCol, len(cols))
	for n, old := range perm {
		newIdx[old] = n
		sorted[n] = cols[old]
	}
	for i, j := range colOf {
		if j >= 0 {
			colOf[i] = newIdx[j]
		}
	}
	return sorted, colOf, nil
}

// Matrix counts coded segments per row (code or theme) and column (case or
// dimension value).
func (s *Service) Matrix(req MatrixRequest) (*Matrix, error) {
	if err := req.normalise(); err != nil {
		return nil, err
	}
	m := &Matrix{Request: req}
	err := s.View(func(tx app.Tx) error {
		c, err := s.viewCorpus(tx)
		if err != nil {
			return err
		}
		docOK, coderOK, err := c.docFilter(req.Filter)
		if err != nil {
			return err
		}
		rows, rowOf, err := c.matrixRows(&req)
		if err != nil {
			return err
		}
		cols, colOf, err := c.matrixCols(&req, docOK)
		if err != nil {
			return err
		}
		mc := qda.NewMatrixCounter(len(rows), len(cols), colOf)
		table, err := s.CodingTableOf(tx)
		if err != nil {
			return err
		}
		// Each of the table's documents is looked up once; the codings
		// then count by number.
		docOf := make([]int, len(table.Docs()))
		for i, g := range table.Docs() {
			if d, ok := c.docIdx[g]; ok {
				docOf[i] = d
			} else {
				docOf[i] = -1
			}
		}
		for code, r := range rowOf {
			refs, nums := table.OfCode(code), table.DocNumbers(code)
			for i := range refs {
				if !coderOK(refs[i].Coder) {
					continue
				}
				d := -1
				if n := nums[i]; n >= 0 {
					d = docOf[n]
				} else if j, ok := c.docIdx[refs[i].Document]; ok {
					d = j
				}
				if d >= 0 {
					mc.Add(r, d)
				}
			}
		}
		m.Rows, m.Cols, m.Values = rows, cols, mc.Values(req.Measure)
		if !req.All {
			m.dropEmpty(mc.Values(qda.MeasureSegments))
		}
		return nil
	})
	for _, row := range m.Values {
		for _, v := range row {
			m.Max = max(m.Max, v)
		}
	}
	return m, err
}

// dropEmpty removes rows without any segment (columns stay: an empty column
// is a finding).
func (m *Matrix) dropEmpty(segs [][]float64) {
	var rows []MatrixRow
	var vals [][]float64
	for i, r := range m.Rows {
		if slices.ContainsFunc(segs[i], func(v float64) bool { return v > 0 }) {
			rows = append(rows, r)
			vals = append(vals, m.Values[i])
		}
	}
	m.Rows, m.Values = rows, vals
}

// MatrixSegments returns the segments behind one cell of a matrix: the
// codings of the row's codes in the column's documents, with their text.
func (s *Service) MatrixSegments(m *Matrix, row, col int) ([]app.Segment, error) {
	if row < 0 || row >= len(m.Rows) || col < 0 || col >= len(m.Cols) {
		return nil, qda.Errorf(qda.EInvalid, "no cell %d/%d in the matrix", row, col)
	}
	req := m.Request
	var out []app.Segment
	err := s.View(func(tx app.Tx) error {
		c, err := s.viewCorpus(tx)
		if err != nil {
			return err
		}
		docOK, coderOK, err := c.docFilter(req.Filter)
		if err != nil {
			return err
		}
		val, _, err := c.dimension(req.Cols)
		if err != nil {
			return err
		}
		texts := map[qda.GUID]string{}
		for _, code := range m.Rows[row].Codes {
			cs, err := tx.CodingsOfCode(code)
			if err != nil {
				return err
			}
			for _, cd := range cs {
				i, ok := c.docIdx[cd.Document]
				if !ok || !coderOK(cd.Coder) || !docOK(&c.docs[i]) || val(&c.docs[i]) != m.Cols[col].Key {
					continue
				}
				seg, err := segmentOf(tx, texts, cd)
				if err != nil {
					return err
				}
				out = append(out, seg)
			}
		}
		return nil
	})
	sortSegments(out)
	return out, err
}

// segmentOf cuts a coding's text out of its document (texts caches them).
func segmentOf(tx app.Tx, texts map[qda.GUID]string, cd qda.Coding) (app.Segment, error) {
	t, ok := texts[cd.Document]
	if !ok {
		var err error
		if t, err = tx.Text(cd.Document); err != nil {
			return app.Segment{}, err
		}
		texts[cd.Document] = t
	}
	if err := cd.Range.Check(qda.RuneLen(t)); err != nil {
		return app.Segment{}, err
	}
	return app.Segment{Coding: cd, Text: qda.Slice(t, cd.Start, cd.End)}, nil
}

func sortSegments(ss []app.Segment) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].Document != ss[j].Document {
			return ss[i].Document < ss[j].Document
		}
		return ss[i].Start < ss[j].Start
	})
}

// WriteMatrixCSV writes a matrix as CSV: a header row with the columns'
// labels, then one row per matrix row with its label and values.
func WriteMatrixCSV(w io.Writer, m *Matrix) error {
	cw := csvsafe.NewWriter(w)
	head := []string{string(m.Request.Measure)}
	for _, c := range m.Cols {
		head = append(head, c.Label)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for i, r := range m.Rows {
		rec := []string{r.Label}
		for _, v := range m.Values[i] {
			rec = append(rec, FormatValue(v, m.Request.Measure))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// FormatValue formats a matrix value: counts as integers, shares with one
// decimal.
func FormatValue(v float64, m qda.Measure) string {
	if m == qda.MeasureShare {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// MatrixTable turns a code matrix into a table: a row per matrix row with
// its label and values.
func MatrixTable(m *Matrix) *app.Table {
	t := &app.Table{Name: "Matrix", Header: []string{string(m.Request.Measure)}, Numeric: []bool{false}}
	for _, c := range m.Cols {
		t.Header = append(t.Header, c.Label)
		t.Numeric = append(t.Numeric, true)
	}
	for i, r := range m.Rows {
		row := []string{r.Label}
		for _, v := range m.Values[i] {
			row = append(row, FormatValue(v, m.Request.Measure))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Package sheet writes tables (coded segments, the codebook, code matrices)
// as CSV, Excel workbooks (xlsx, with github.com/xuri/excelize/v2) and
// Markdown. It knows nothing of the project: the use cases hand it rows of
// text.
package sheet

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/protocoder/protocoder/internal/csvsafe"
)

// Table is one table: a header row and rows of cells.
type Table struct {
	// Name names the sheet of a workbook ("Segmente", "Codebuch").
	Name string
	// Header holds the column titles.
	Header []string
	// Rows hold the cells; a row may be shorter than the header.
	Rows [][]string
	// Numeric marks columns written as numbers in a workbook when a cell
	// parses as one (aligned with Header; may be shorter).
	Numeric []bool
	// Widths are column widths in characters for a workbook (0: guessed).
	Widths []float64
}

// WriteCSV writes t as CSV (RFC 4180, UTF-8, comma). bom prefixes a byte
// order mark, which spreadsheet programs need to take the file for UTF-8.
func WriteCSV(w io.Writer, t *Table, bom bool) error {
	if bom {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if len(r) < len(t.Header) {
			r = append(append([]string(nil), r...), make([]string, len(t.Header)-len(r))...)
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes t as a Markdown (GitHub) table under a heading.
func WriteMarkdown(w io.Writer, t *Table) error {
	var b strings.Builder
	if t.Name != "" {
		fmt.Fprintf(&b, "# %s\n\n", t.Name)
	}
	row := func(cells []string) {
		b.WriteString("|")
		for i := range t.Header {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + mdCell(c) + " |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		if i < len(t.Numeric) && t.Numeric[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes a cell for a Markdown table.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "<br>")
}

// maxCell is the longest text a spreadsheet cell holds.
const maxCell = 32767

// cellText makes s fit a cell: no control characters XML cannot hold, at
// most maxCell UTF-16 units.
func cellText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 32 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) < maxCell/2 {
		return s
	}
	n := 0
	for i, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
		if n > maxCell-1 {
			return s[:i] + "…"
		}
	}
	return s
}

// sheetName makes a valid, unique worksheet name (at most 31 characters,
// none of []:*?/\).
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		s = "Tabelle"
	}
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	base := s
	for i := 2; used[strings.ToLower(s)]; i++ {
		suffix := " " + strconv.Itoa(i)
		r := []rune(base)
		s = string(r[:min(len(r), 31-len(suffix))]) + suffix
	}
	used[strings.ToLower(s)] = true
	return s
}

// WriteXLSX writes the tables as one workbook, a sheet each: the header row
// bold and frozen, with a filter, numbers as numbers.
func WriteXLSX(w io.Writer, tables ...*Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"#e8e8e8"}, Pattern: 1}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	used := map[string]bool{}
	first := f.GetSheetName(0)
	for i, t := range tables {
		name := sheetName(t.Name, used)
		if i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(f, name, t, bold, wrap); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeSheet(f *excelize.File, name string, t *Table, bold, wrap int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	widths := make([]float64, len(t.Header))
	for i := range t.Header {
		if i < len(t.Widths) && t.Widths[i] > 0 {
			widths[i] = t.Widths[i]
			continue
		}
		widths[i] = float64(min(max(utf8.RuneCountInString(t.Header[i])+2, 8), 12))
		for _, r := range t.Rows {
			if i < len(r) {
				widths[i] = min(max(widths[i], float64(utf8.RuneCountInString(r[i]))+2), 60)
			}
		}
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: bold, Value: cellText(h)}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for ri, r := range t.Rows {
		cells := make([]any, len(r))
		for i, c := range r {
			if i < len(t.Numeric) && t.Numeric[i] {
				if v, err := strconv.ParseFloat(c, 64); err == nil {
					cells[i] = v
					continue
				}
			}
			cells[i] = excelize.Cell{StyleID: wrap, Value: cellText(c)}
		}
		cell, err := excelize.CoordinatesToCellName(1, ri+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if len(t.Header) == 0 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(len(t.Header), len(t.Rows)+1)
	if err != nil {
		return err
	}
	return f.AutoFilter(name, "A1:"+last, nil)
}

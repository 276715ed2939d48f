// Package summarygrid is the summary grid: for one guideline, a table of
// cases (or interviews) × questions (or themes). Each cell shows how many
// segments the case's protocols have for the question and the start of the
// summary; selecting a cell shows the segments with their sources beside an
// editor for the summary (one undoable command per saved edit). Case
// reports are generated from these summaries.
package summarygrid

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the summary grid needs of an open project; *project.Project
// implements it.
type Source interface {
	// Guidelines lists the guidelines to choose from.
	Guidelines() ([]qda.Guideline, error)
	// SummaryGrid builds the grid of a guideline.
	SummaryGrid(req analysis.GridRequest) (*analysis.Grid, error)
	// SetSummary saves a summary (one command; empty text deletes it).
	SetSummary(target, code qda.GUID, text string, quotes []qda.GUID) (*qda.Summary, error)
}

// View is the summary grid widget.
type View struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after a summary was saved
	// (e.g. to refresh the undo menu).
	OnChanged func()
	// OnOpenSegment, if set, offers to open a segment in its document.
	OnOpenSegment func(seg analysis.GridSegment)

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	req        analysis.GridRequest
	guidelines []string
	grid       *analysis.Grid
	row, col   int // selected cell, -1 for none

	guideSel, rowsSel, colsSel *widget.Select
	table                      *widget.Table
	detail                     *detail
}

// Cell geometry.
const (
	cellW    = 190
	cellH    = 62
	headerW  = 170
	headerH  = 78
	excerpt  = 90
	maxLabel = 50
)

// New returns an empty grid on src; errors go to onError. Call Update to
// load it.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() },
		req: analysis.GridRequest{Rows: analysis.GridCases, Cols: analysis.GridQuestions}, row: -1, col: -1}
	v.table = widget.NewTableWithHeaders(v.size, v.createCell, v.updateCell)
	v.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		// The spacer gives the headers their size (Table.SetColumnWidth(-1)
		// misplaces the selection marker in Fyne 2.8).
		spacer := canvas.NewRectangle(color.Transparent)
		spacer.SetMinSize(fyne.NewSize(headerW, headerH))
		return container.NewStack(spacer, l)
	}
	v.table.UpdateHeader = v.updateHeader
	v.table.OnSelected = func(id widget.TableCellID) { v.selectCell(id.Row, id.Col) }
	v.detail = newDetail(v)
	v.guideSel = widget.NewSelect(nil, func(string) {
		if i := v.guideSel.SelectedIndex(); i >= 0 && i < len(v.guidelines) {
			v.req.Guideline = v.guidelines[i]
			v.reload()
		}
	})
	v.guideSel.PlaceHolder = i18n.Choose()
	v.rowsSel = widget.NewSelect([]string{lang.X("summarygrid.rowsCases", "Cases"), lang.X("summarygrid.rowsInterviews", "Interviews")}, func(string) {
		v.req.Rows = []string{analysis.GridCases, analysis.GridInterviews}[max(0, v.rowsSel.SelectedIndex())]
		v.reload()
	})
	v.colsSel = widget.NewSelect([]string{lang.X("summarygrid.colsQuestions", "Questions"), lang.X("summarygrid.colsThemes", "Themes")}, func(string) {
		v.req.Cols = []string{analysis.GridQuestions, analysis.GridThemes}[max(0, v.colsSel.SelectedIndex())]
		v.reload()
	})
	// Before the first load selects their choices, no English "(Select
	// one)" shows.
	v.rowsSel.PlaceHolder, v.colsSel.PlaceHolder = i18n.Choose(), i18n.Choose()
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	bar := uikit.NewFlow(0,
		widget.NewLabelWithStyle(lang.X("summarygrid.title", "Summary grid"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel(lang.X("summarygrid.guideline", "Guideline")), v.guideSel),
		container.NewHBox(widget.NewLabel(lang.X("summarygrid.rows", "Rows")), v.rowsSel),
		container.NewHBox(widget.NewLabel(lang.X("summarygrid.cols", "Columns")), v.colsSel))
	split := container.NewHSplit(v.table, v.detail.box)
	split.Offset = 0.66
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, split))
}

// Update loads the guidelines and the grid (the first guideline if none is
// chosen). It blocks while loading, so call it off the UI goroutine.
func (v *View) Update() {
	gs, err := v.src.Guidelines()
	req := v.req
	var keys []string
	for _, g := range gs {
		keys = append(keys, g.Key)
	}
	if req.Guideline == "" && len(keys) > 0 {
		req.Guideline = keys[0]
	}
	var grid *analysis.Grid
	if err == nil && req.Guideline != "" {
		grid, err = v.src.SummaryGrid(req)
	}
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.guidelines, v.req = keys, req
		v.setOptions()
		v.show(grid)
	})
}

// SetGuideline shows the grid of a guideline (key), loaded in the
// background.
func (v *View) SetGuideline(key string) {
	v.req.Guideline = key
	v.setOptions()
	v.reload()
}

// Grid returns the grid shown, nil before the first load.
func (v *View) Grid() *analysis.Grid { return v.grid }

func (v *View) setOptions() {
	for _, s := range []struct {
		sel  *widget.Select
		opts []string
		i    int
	}{
		{v.guideSel, v.guidelines, indexOf(v.guidelines, v.req.Guideline)},
		{v.rowsSel, v.rowsSel.Options, indexOf([]string{analysis.GridCases, analysis.GridInterviews}, v.req.Rows)},
		{v.colsSel, v.colsSel.Options, indexOf([]string{analysis.GridQuestions, analysis.GridThemes}, v.req.Cols)},
	} {
		cb := s.sel.OnChanged
		s.sel.OnChanged = nil
		s.sel.SetOptions(s.opts)
		if s.i >= 0 {
			s.sel.SetSelectedIndex(s.i)
		}
		s.sel.OnChanged = cb
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}

func (v *View) reload() {
	v.detail.saveIfChanged()
	req := v.req
	v.async(func() {
		g, err := v.src.SummaryGrid(req)
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			v.show(g)
		})
	})
}

func (v *View) show(g *analysis.Grid) {
	v.grid, v.row, v.col = g, -1, -1
	v.table.UnselectAll()
	if g != nil {
		for c := range g.Cols {
			v.table.SetColumnWidth(c, cellW)
		}
	}
	v.table.Refresh()
	v.detail.clear()
}

func (v *View) size() (int, int) {
	if v.grid == nil {
		return 0, 0
	}
	return len(v.grid.Rows), len(v.grid.Cols)
}

// Cell colours: a summary is written (green), segments wait for one
// (amber), nothing coded (none).
var (
	doneBg    = color.NRGBA{0x43, 0xa0, 0x47, 0x30}
	pendingBg = color.NRGBA{0xff, 0xa0, 0x00, 0x30}
)

func (v *View) createCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	count := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(bg, container.New(&tight{}, count, text))
}

func (v *View) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if v.grid == nil || id.Row >= len(v.grid.Rows) || id.Col >= len(v.grid.Cols) {
		return
	}
	cell := v.grid.Cells[id.Row][id.Col]
	st := o.(*fyne.Container)
	bg := st.Objects[0].(*canvas.Rectangle)
	inner := st.Objects[1].(*fyne.Container)
	count, text := inner.Objects[0].(*widget.Label), inner.Objects[1].(*widget.Label)
	n := len(cell.Segments)
	count.SetText(lang.XN("summarygrid.segments", "{{.N}} segments", n, map[string]any{"N": n}))
	switch {
	case cell.Summary != nil:
		bg.FillColor = doneBg
		text.SetText(shorten(cell.Summary.Text, excerpt))
	case n > 0:
		bg.FillColor = pendingBg
		text.SetText(lang.X("summarygrid.noSummary", "no summary yet"))
	default:
		bg.FillColor = color.Transparent
		text.SetText("")
		count.SetText("–")
	}
	bg.Refresh()
}

func (v *View) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*fyne.Container).Objects[1].(*widget.Label)
	switch {
	case v.grid == nil:
		l.SetText("")
	case id.Row < 0 && id.Col >= 0 && id.Col < len(v.grid.Cols):
		c := v.grid.Cols[id.Col]
		l.SetText(shorten(strings.TrimSpace(c.Heading+" "+c.Text), maxLabel))
	case id.Col < 0 && id.Row >= 0 && id.Row < len(v.grid.Rows):
		l.SetText(v.grid.Rows[id.Row].Label)
	default:
		l.SetText(v.grid.Guideline)
	}
}

// shorten cuts s to n runes on a word boundary, on one line.
func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// selectCell shows a cell's segments and summary (saving the summary being
// edited first).
func (v *View) selectCell(row, col int) {
	if v.grid == nil || row < 0 || col < 0 || row >= len(v.grid.Rows) || col >= len(v.grid.Cols) {
		return
	}
	v.detail.saveIfChanged()
	v.row, v.col = row, col
	v.detail.show(v.grid.Rows[row], v.grid.Cols[col], v.grid.Cells[row][col])
}

// Select selects a cell, as a tap would.
func (v *View) Select(row, col int) {
	v.table.Select(widget.TableCellID{Row: row, Col: col})
}

// saved stores a saved summary in the grid and redraws the cell.
func (v *View) saved(row, col int, sm *qda.Summary) {
	if v.grid == nil || row >= len(v.grid.Cells) || col >= len(v.grid.Cells[row]) {
		return
	}
	v.grid.Cells[row][col].Summary = sm
	v.table.RefreshItem(widget.TableCellID{Row: row, Col: col})
	if v.OnChanged != nil {
		v.OnChanged()
	}
}

// tight stacks two labels with little space between them.
type tight struct{}

func (tight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(cellW-8, cellH)
}

func (tight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y-4))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - 12
	}
}

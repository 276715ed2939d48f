// Package matrixview is the code matrix: a heat map of coded segments per
// code (or theme) and case (or any case or interview attribute, level, wave,
// role …), with a colour legend. Tapping a cell lists its segments — in the
// view, or through OnSegments in another view. The matrix is exported as CSV
// and PNG.
package matrixview

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the code matrix needs of an open project; *project.Project
// implements it.
type Source interface {
	// Matrix counts coded segments per row and column.
	Matrix(req analysis.MatrixRequest) (*analysis.Matrix, error)
	// MatrixSegments returns the segments behind a cell.
	MatrixSegments(m *analysis.Matrix, row, col int) ([]app.Segment, error)
	// Dimensions lists what columns can stand for.
	Dimensions() ([]string, error)
	// Guidelines lists the guidelines (to restrict the rows to one).
	Guidelines() ([]qda.Guideline, error)
	// Names maps GUIDs of documents, users and codes to names.
	Names() (map[qda.GUID]string, error)
}

// View is the code matrix widget.
type View struct {
	widget.BaseWidget

	// OnSegments, if set, receives the segments of a tapped cell (on the UI
	// goroutine), e.g. to show them in the retrieval view; the view then
	// does not list them itself.
	OnSegments func(row analysis.MatrixRow, col analysis.MatrixCol, segs []app.Segment)

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	req        analysis.MatrixRequest
	dims       []string
	guidelines []string
	matrix     *analysis.Matrix
	names      map[qda.GUID]string

	rowSel, colSel, measureSel, guideSel *widget.Select
	heat                                 *heatmap
	status                               *widget.Label
	cellTitle                            *widget.Label
	list                                 *widget.List
	segs                                 []app.Segment
	full                                 *widget.Label
	buttons                              []*widget.Button
}

// New returns an empty code matrix on src; file dialogs open on win and
// errors go to onError. Call Update to load it.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() },
		req: analysis.MatrixRequest{Rows: analysis.RowsCodes, Cols: "case", Measure: qda.MeasureSegments}}
	v.heat = newHeatmap(themeForeground)
	v.heat.onTapped = v.cellTapped
	v.status = widget.NewLabel("")
	v.cellTitle = widget.NewLabelWithStyle(lang.X("matrixview.tapHint", "Tap a cell to list its segments."), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	v.full = widget.NewLabel("")
	v.full.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.segs) }, func() fyne.CanvasObject {
		head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := widget.NewLabel("")
		body.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(head, body)
	}, v.updateItem)
	v.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(v.segs) {
			v.full.SetText(v.segs[id].Text)
		}
	}
	v.rowSel = widget.NewSelect([]string{lang.X("matrixview.rowsCodes", "Codes"), lang.X("matrixview.rowsThemes", "Themes")}, func(string) {
		v.req.Rows = []string{analysis.RowsCodes, analysis.RowsThemes}[max(0, v.rowSel.SelectedIndex())]
		v.reload()
	})
	v.measureSel = widget.NewSelect([]string{measureLabel(qda.MeasureSegments), measureLabel(qda.MeasureDocuments), measureLabel(qda.MeasureShare)}, func(string) {
		v.req.Measure = []qda.Measure{qda.MeasureSegments, qda.MeasureDocuments, qda.MeasureShare}[max(0, v.measureSel.SelectedIndex())]
		v.reload()
	})
	v.colSel = widget.NewSelect(nil, func(string) {
		if i := v.colSel.SelectedIndex(); i >= 0 && i < len(v.dims) {
			v.req.Cols = v.dims[i]
			v.reload()
		}
	})
	v.colSel.PlaceHolder = i18n.Choose()
	v.guideSel = widget.NewSelect(nil, func(string) {
		i := v.guideSel.SelectedIndex()
		v.req.Guideline = ""
		if i > 0 && i <= len(v.guidelines) {
			v.req.Guideline = v.guidelines[i-1]
		}
		v.reload()
	})
	v.guideSel.PlaceHolder = i18n.Choose()
	v.buttons = []*widget.Button{
		widget.NewButtonWithIcon(lang.X("matrixview.exportCSV", "CSV …"), theme.DocumentSaveIcon(), v.chooseCSV),
		widget.NewButtonWithIcon(lang.X("matrixview.exportPNG", "PNG …"), theme.MediaPhotoIcon(), v.choosePNG),
	}
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	// A flow, not one long row: at 1024 pixels the guideline and the
	// export buttons wrap onto a second row instead of being cut off.
	bar := uikit.NewFlow(0,
		widget.NewLabelWithStyle(lang.X("matrixview.title", "Code matrix"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel(lang.X("matrixview.rows", "Rows")), v.rowSel),
		container.NewHBox(widget.NewLabel(lang.X("matrixview.cols", "Columns")), wide(v.colSel, 190)),
		container.NewHBox(widget.NewLabel(lang.X("matrixview.measure", "Measure")), wide(v.measureSel, 230)),
		container.NewHBox(widget.NewLabel(lang.X("matrixview.guideline", "Guideline")), wide(v.guideSel, 240)),
		container.NewHBox(v.buttons[0], v.buttons[1]))
	detail := container.NewBorder(v.cellTitle, container.NewVScroll(v.full), nil, nil, v.list)
	split := container.NewVSplit(container.NewScroll(v.heat), detail)
	split.Offset = 0.62
	top := container.NewVBox(bar, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, v.status, nil, nil, split))
}

// Update loads the choices and the matrix. It blocks while loading, so call
// it off the UI goroutine; the view is updated with fyne.Do.
func (v *View) Update() {
	dims, err := v.src.Dimensions()
	var gs []qda.Guideline
	if err == nil {
		gs, err = v.src.Guidelines()
	}
	var names map[qda.GUID]string
	if err == nil {
		names, err = v.src.Names()
	}
	req := v.req
	var m *analysis.Matrix
	if err == nil {
		m, err = v.src.Matrix(req)
	}
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.dims, v.names, v.guidelines = dims, names, nil
		for _, g := range gs {
			v.guidelines = append(v.guidelines, g.Key)
		}
		v.setOptions()
		v.show(m)
	})
}

// SetRequest shows the matrix for req (loaded in the background).
func (v *View) SetRequest(req analysis.MatrixRequest) {
	v.req = req
	v.setOptions()
	v.reload()
}

// Matrix returns the matrix shown, nil before the first load.
func (v *View) Matrix() *analysis.Matrix { return v.matrix }

// setOptions fills the selects from the loaded choices without triggering
// reloads.
func (v *View) setOptions() {
	var dimLabels []string
	for _, d := range v.dims {
		dimLabels = append(dimLabels, dimensionLabel(d))
	}
	guides := append([]string{lang.X("matrixview.allGuidelines", "All codes")}, v.guidelines...)
	for _, s := range []struct {
		sel  *widget.Select
		opts []string
		i    int
	}{
		{v.rowSel, v.rowSel.Options, map[string]int{analysis.RowsCodes: 0, analysis.RowsThemes: 1}[v.req.Rows]},
		{v.colSel, dimLabels, indexFold(v.dims, v.req.Cols)},
		{v.measureSel, v.measureSel.Options, map[qda.Measure]int{qda.MeasureSegments: 0, qda.MeasureDocuments: 1, qda.MeasureShare: 2}[v.req.Measure]},
		{v.guideSel, guides, indexFold(v.guidelines, v.req.Guideline) + 1},
	} {
		cb := s.sel.OnChanged
		s.sel.OnChanged = nil
		s.sel.SetOptions(s.opts)
		if s.i >= 0 && s.i < len(s.opts) {
			s.sel.SetSelectedIndex(s.i)
		}
		s.sel.OnChanged = cb
	}
}

func indexFold(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}

// dimensionLabel names a built-in dimension; attributes keep their name.
func dimensionLabel(d string) string {
	switch d {
	case "case":
		return lang.X("matrixview.dimCase", "Case")
	case "kind":
		return lang.X("matrixview.dimKind", "Document kind")
	case "level":
		return lang.X("matrixview.dimLevel", "Level")
	case "wave":
		return lang.X("matrixview.dimWave", "Wave")
	case "role":
		return lang.X("matrixview.dimRole", "Role")
	case "guideline":
		return lang.X("matrixview.dimGuideline", "Guideline")
	case "interviewer":
		return lang.X("matrixview.dimInterviewer", "Interviewer")
	case "case kind":
		return lang.X("matrixview.dimCaseKind", "Kind of site")
	}
	return d
}

// reload loads the matrix for the current request in the background.
func (v *View) reload() {
	req := v.req
	v.async(func() {
		m, err := v.src.Matrix(req)
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			v.show(m)
		})
	})
}

func (v *View) show(m *analysis.Matrix) {
	v.matrix = m
	v.heat.setMatrix(m)
	v.segs = nil
	v.list.Refresh()
	v.full.SetText("")
	v.cellTitle.SetText(lang.X("matrixview.tapHint", "Tap a cell to list its segments."))
	v.status.SetText(lang.X("matrixview.status", "{{.Rows}} rows × {{.Cols}} columns · largest value {{.Max}}",
		map[string]any{"Rows": len(m.Rows), "Cols": len(m.Cols), "Max": formatValue(m.Max, m.Request.Measure)}))
}

// wide gives a select a minimum width, so that its choice is not cut.
func wide(sel *widget.Select, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, sel.MinSize().Height), sel)
}

// ShowCell selects a cell and lists its segments, as a tap on it does.
func (v *View) ShowCell(row, col int) {
	if v.matrix == nil || row < 0 || col < 0 || row >= len(v.matrix.Rows) || col >= len(v.matrix.Cols) {
		return
	}
	v.heat.selR, v.heat.selC = row, col
	v.heat.Refresh()
	v.cellTapped(row, col)
}

// cellTapped loads the segments of a cell.
func (v *View) cellTapped(row, col int) {
	m := v.matrix
	if m == nil {
		return
	}
	v.async(func() {
		segs, err := v.src.MatrixSegments(m, row, col)
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			if v.OnSegments != nil {
				v.OnSegments(m.Rows[row], m.Cols[col], segs)
				return
			}
			v.segs = segs
			v.list.UnselectAll()
			v.list.Refresh()
			v.full.SetText("")
			v.cellTitle.SetText(lang.X("matrixview.cellTitle", "{{.Row}} × {{.Col}}: {{.N}} segments",
				map[string]any{"Row": m.Rows[row].Label, "Col": colLabel(m, m.Cols[col]), "N": len(segs)}))
		})
	})
}

func (v *View) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(v.segs) {
		return
	}
	s := v.segs[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s · %d–%d · %s", v.names[s.Document], s.Start, s.End, v.names[s.Coder]))
	box.Objects[1].(*widget.Label).SetText(strings.Join(strings.Fields(s.Text), " "))
}

// WriteCSV writes the matrix shown as CSV.
func (v *View) WriteCSV(w io.Writer) error {
	if v.matrix == nil {
		return qda.Errorf(qda.EInvalid, "no matrix loaded")
	}
	return analysis.WriteMatrixCSV(w, v.matrix)
}

package matrixview

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// scale is the sequential colour scale of the cells, light to dark blue
// (ColorBrewer "Blues"); empty cells are grey.
var scale = []color.NRGBA{
	{0xf7, 0xfb, 0xff, 0xff}, {0xc6, 0xdb, 0xef, 0xff}, {0x6b, 0xae, 0xd6, 0xff}, {0x21, 0x71, 0xb5, 0xff}, {0x08, 0x30, 0x6b, 0xff},
}

var emptyCell = color.NRGBA{0xee, 0xee, 0xee, 0xff}

// cellColor maps a value to the scale: 0 is grey, the maximum the darkest
// blue.
func cellColor(v, maxV float64) color.NRGBA {
	if v <= 0 || maxV <= 0 {
		return emptyCell
	}
	t := math.Min(1, v/maxV) * float64(len(scale)-1)
	i := int(math.Floor(t))
	if i >= len(scale)-1 {
		return scale[len(scale)-1]
	}
	f := t - float64(i)
	a, b := scale[i], scale[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// textOn returns black or white, whichever reads better on c.
func textOn(c color.NRGBA) color.Color {
	if 0.299*float64(c.R)+0.587*float64(c.G)+0.114*float64(c.B) < 140 {
		return color.White
	}
	return color.NRGBA{0x21, 0x21, 0x21, 0xff}
}

// Geometry of the heat map.
const (
	cellH      = 24
	minColW    = 52
	headerH    = 26
	legendH    = 46
	textSize   = 12
	maxLabelW  = 380
	labelInset = 6
)

// heatmap draws a code matrix as coloured cells with row and column labels
// and a colour legend, and reports taps on cells.
type heatmap struct {
	widget.BaseWidget
	m        *analysis.Matrix
	selR     int
	selC     int
	title    string // drawn above the grid (PNG export)
	fg       func() color.Color
	onTapped func(row, col int)
}

func newHeatmap(fg func() color.Color) *heatmap {
	h := &heatmap{fg: fg, selR: -1, selC: -1}
	h.ExtendBaseWidget(h)
	return h
}

// setMatrix replaces the data. Call it on the UI goroutine.
func (h *heatmap) setMatrix(m *analysis.Matrix) {
	h.m, h.selR, h.selC = m, -1, -1
	h.Refresh()
}

func themeForeground() color.Color { return theme.Color(theme.ColorNameForeground) }

// Tapped selects the cell under the pointer and reports it.
func (h *heatmap) Tapped(ev *fyne.PointEvent) {
	r, c := h.cellAt(ev.Position)
	if r < 0 {
		return
	}
	h.selR, h.selC = r, c
	h.Refresh()
	if h.onTapped != nil {
		h.onTapped(r, c)
	}
}

// cellAt returns the cell at a position, -1, -1 outside the cells.
func (h *heatmap) cellAt(p fyne.Position) (int, int) {
	if h.m == nil {
		return -1, -1
	}
	g := h.geometry()
	if p.X < g.labelW || p.Y < g.top+headerH {
		return -1, -1
	}
	c := int((p.X - g.labelW) / g.colW)
	r := int((p.Y - g.top - headerH) / cellH)
	if r >= len(h.m.Rows) || c >= len(h.m.Cols) {
		return -1, -1
	}
	return r, c
}

type geometry struct {
	labelW, colW, top float32
}

func measure(s string, bold bool) float32 {
	return fyne.MeasureText(s, textSize, fyne.TextStyle{Bold: bold}).Width
}

func (h *heatmap) geometry() geometry {
	g := geometry{labelW: 120, colW: minColW}
	if h.title != "" {
		g.top = 30
	}
	if h.m == nil {
		return g
	}
	for _, r := range h.m.Rows {
		g.labelW = max(g.labelW, measure(rowLabel(r), false)+2*labelInset)
	}
	g.labelW = min(g.labelW, maxLabelW)
	for _, c := range h.m.Cols {
		g.colW = max(g.colW, measure(colLabel(h.m, c), true)+12)
	}
	return g
}

func rowLabel(r analysis.MatrixRow) string {
	return strings.Repeat("   ", r.Depth) + r.Label
}

// fit shortens s with an ellipsis to fit width.
func fit(s string, width float32) string {
	if measure(s, false) <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if measure(string(rs[:mid])+"…", false) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(rs[:lo]) + "…"
}

// CreateRenderer implements fyne.Widget.
func (h *heatmap) CreateRenderer() fyne.WidgetRenderer {
	r := &heatRenderer{h: h}
	r.Refresh()
	return r
}

type heatRenderer struct {
	h       *heatmap
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *heatRenderer) Destroy()                     {}
func (r *heatRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *heatRenderer) Layout(fyne.Size)             {}

func (r *heatRenderer) MinSize() fyne.Size { return r.size }

func (r *heatRenderer) text(s string, c color.Color, pos fyne.Position, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize, t.TextStyle.Bold = textSize, bold
	t.Move(pos)
	t.Resize(t.MinSize())
	r.objects = append(r.objects, t)
	return t
}

func (r *heatRenderer) rect(c color.Color, pos fyne.Position, size fyne.Size) *canvas.Rectangle {
	x := canvas.NewRectangle(c)
	x.Move(pos)
	x.Resize(size)
	r.objects = append(r.objects, x)
	return x
}

// Refresh rebuilds every object at its place; the heat map has a fixed
// size (its MinSize) and scrolls in its container.
func (r *heatRenderer) Refresh() {
	h, fg := r.h, r.h.fg()
	r.objects = nil
	g := h.geometry()
	if h.title != "" {
		r.text(h.title, fg, fyne.NewPos(labelInset, 4), true).TextSize = textSize + 3
	}
	if h.m == nil || len(h.m.Rows) == 0 || len(h.m.Cols) == 0 {
		r.text(lang.X("matrixview.empty", "No coded segments for this choice."), fg, fyne.NewPos(labelInset, g.top+8), false)
		r.size = fyne.NewSize(360, g.top+40)
		return
	}
	m := h.m
	textH := fyne.MeasureText("Ag", textSize, fyne.TextStyle{}).Height
	for j, c := range m.Cols {
		w := measure(colLabel(m, c), true)
		r.text(colLabel(m, c), fg, fyne.NewPos(g.labelW+float32(j)*g.colW+(g.colW-w)/2, g.top+(headerH-textH)/2), true)
	}
	grid := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for i, row := range m.Rows {
		y := g.top + headerH + float32(i)*cellH
		r.text(fit(rowLabel(row), g.labelW-2*labelInset-6), fg, fyne.NewPos(labelInset+6, y+(cellH-textH)/2), false)
		if row.Color != "" {
			r.rect(parseHex(row.Color), fyne.NewPos(labelInset-2, y+4), fyne.NewSize(4, cellH-8))
		}
		for j := range m.Cols {
			v := m.Values[i][j]
			bg := cellColor(v, m.Max)
			x := g.labelW + float32(j)*g.colW
			cell := r.rect(bg, fyne.NewPos(x, y), fyne.NewSize(g.colW, cellH))
			cell.StrokeColor, cell.StrokeWidth = grid, 1
			if i == h.selR && j == h.selC {
				cell.StrokeColor, cell.StrokeWidth = color.NRGBA{0xe6, 0x55, 0x0d, 0xff}, 3
			}
			s := formatValue(v, m.Request.Measure)
			tc := textOn(bg)
			if v <= 0 {
				tc = color.NRGBA{0x9e, 0x9e, 0x9e, 0xff}
			}
			w := measure(s, false)
			r.text(s, tc, fyne.NewPos(x+(g.colW-w)/2, y+(cellH-textH)/2), false)
		}
	}
	bottom := g.top + headerH + float32(len(m.Rows))*cellH
	r.legend(m, g, bottom+14, fg)
	r.size = fyne.NewSize(g.labelW+float32(len(m.Cols))*g.colW+labelInset, bottom+legendH)
}

// legend draws the colour scale from 0 to the maximum, with the measure.
func (r *heatRenderer) legend(m *analysis.Matrix, g geometry, y float32, fg color.Color) {
	name := measureLabel(m.Request.Measure)
	r.text(name, fg, fyne.NewPos(labelInset, y+2), false)
	x0 := g.labelW
	const steps, stepW = 40, 5
	for i := range steps {
		v := m.Max * float64(i+1) / steps
		r.rect(cellColor(v, m.Max), fyne.NewPos(x0+float32(i)*stepW, y), fyne.NewSize(stepW, 14))
	}
	r.rect(emptyCell, fyne.NewPos(x0-22, y), fyne.NewSize(16, 14))
	r.text("0", fg, fyne.NewPos(x0-18, y+16), false)
	maxS := formatValue(m.Max, m.Request.Measure)
	r.text(maxS, fg, fyne.NewPos(x0+steps*stepW-measure(maxS, false), y+16), false)
}

func measureLabel(m qda.Measure) string {
	switch m {
	case qda.MeasureDocuments:
		return lang.X("matrixview.measureDocuments", "Documents with the code")
	case qda.MeasureShare:
		return lang.X("matrixview.measureShare", "Share of the column's documents (%)")
	}
	return lang.X("matrixview.measureSegments", "Coded segments")
}

// parseHex reads "#rrggbb"; anything else is grey.
func parseHex(s string) color.NRGBA {
	var c color.NRGBA
	c.A = 0xff
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{0x90, 0x90, 0x90, 0xff}
	}
	for i, p := range []*uint8{&c.R, &c.G, &c.B} {
		var v uint8
		for _, ch := range s[1+2*i : 3+2*i] {
			v <<= 4
			switch {
			case ch >= '0' && ch <= '9':
				v |= uint8(ch - '0')
			case ch >= 'a' && ch <= 'f':
				v |= uint8(ch - 'a' + 10)
			case ch >= 'A' && ch <= 'F':
				v |= uint8(ch - 'A' + 10)
			}
		}
		*p = v
	}
	return c
}

// colLabel words a column for the user: the value of the column's
// dimension in the user's language (levels, document and site kinds,
// waves); the app's labels are the raw values, "(none)" for documents
// without one.
func colLabel(m *analysis.Matrix, c analysis.MatrixCol) string {
	if c.Key == "" || c.Label == analysis.NoValue {
		return lang.X("matrixview.noValue", "(no value)")
	}
	switch m.Request.Cols {
	case "level":
		return i18n.Level(qda.Level(c.Key))
	case "kind":
		return i18n.DocKind(qda.DocKind(c.Key))
	case "case kind":
		return i18n.CaseKind(qda.CaseKind(c.Key))
	case "wave":
		if w, err := strconv.Atoi(c.Key); err == nil {
			return lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": w})
		}
	}
	return c.Label
}

// formatValue formats a cell's value as the app does (a share with one
// decimal, counts without), with the language's decimal separator.
func formatValue(v float64, m qda.Measure) string {
	if m == qda.MeasureShare {
		return i18n.Decimal(v, 1)
	}
	return i18n.Decimal(v, 0)
}

package planview

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// palette holds the chart's colours.
type palette struct {
	text, grid, planned, optional, conducted, final color.Color
}

// screenPalette follows the theme for text and grid; the bars keep fixed
// colours that read on light and dark backgrounds.
func screenPalette() palette {
	return palette{text: theme.Color(theme.ColorNameForeground), grid: color.NRGBA{0x80, 0x80, 0x80, 0x50},
		planned: color.NRGBA{0x90, 0xa4, 0xae, 0xff}, optional: color.NRGBA{0xcf, 0xd8, 0xdc, 0xff},
		conducted: color.NRGBA{0x42, 0xa5, 0xf5, 0xff}, final: color.NRGBA{0x15, 0x65, 0xc0, 0xff}}
}

// printPalette is black on white, for the PNG export.
func printPalette() palette {
	p := screenPalette()
	p.text, p.grid = color.NRGBA{0x21, 0x21, 0x21, 0xff}, color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
	return p
}

// chart draws planned against conducted interviews per level and wave as
// grouped bars, with canvas rectangles and texts only.
type chart struct {
	widget.BaseWidget
	groups []barGroup
	pal    func() palette
}

func newChart(pal func() palette) *chart {
	c := &chart{pal: pal}
	c.ExtendBaseWidget(c)
	return c
}

// setGroups replaces the data. Call it on the UI goroutine.
func (c *chart) setGroups(g []barGroup) {
	c.groups = g
	c.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (c *chart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c}
	r.Refresh()
	return r
}

type chartBar struct {
	base, top *canvas.Rectangle // top: optional (planned bar) or final (conducted bar) part
	value     *canvas.Text
}

type chartRenderer struct {
	c       *chart
	objects []fyne.CanvasObject
	title   *canvas.Text
	legend  []fyne.CanvasObject // swatch, text, swatch, text …
	grid    []*canvas.Line
	ticks   []*canvas.Text
	bars    [][2]chartBar // per group: planned, conducted
	labels  [][2]*canvas.Text
	step    int
	top     int // the axis maximum
}

// Destroy implements fyne.WidgetRenderer.
func (r *chartRenderer) Destroy() {}

// Objects implements fyne.WidgetRenderer.
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

// MinSize implements fyne.WidgetRenderer.
func (r *chartRenderer) MinSize() fyne.Size { return fyne.NewSize(300, 220) }

const chartTextSize = 12

func (r *chartRenderer) text(s string, c color.Color, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = chartTextSize
	t.TextStyle.Bold = bold
	r.objects = append(r.objects, t)
	return t
}

func (r *chartRenderer) rect(c color.Color) *canvas.Rectangle {
	x := canvas.NewRectangle(c)
	r.objects = append(r.objects, x)
	return x
}

// Refresh rebuilds the objects from the data; Layout places them.
func (r *chartRenderer) Refresh() {
	p := r.c.pal()
	r.objects = nil
	r.title = r.text(lang.X("planview.chartTitle", "Planned and conducted interviews"), p.text, true)
	r.title.TextSize = chartTextSize + 2
	r.legend = nil
	for _, l := range []struct {
		c    color.Color
		name string
	}{
		{p.planned, lang.X("planview.legendPlanned", "planned")},
		{p.optional, lang.X("planview.legendOptional", "optional")},
		{p.conducted, lang.X("planview.legendConducted", "conducted")},
		{p.final, lang.X("planview.legendFinal", "of which final")},
	} {
		r.legend = append(r.legend, r.rect(l.c), r.text(l.name, p.text, false))
	}
	maxV := 1
	for _, g := range r.c.groups {
		maxV = max(maxV, g.planned+g.optional, g.conducted)
	}
	r.step = niceStep(maxV)
	r.top = r.step * int(math.Ceil(float64(maxV)/float64(r.step)))
	r.grid, r.ticks = nil, nil
	for v := 0; v <= r.top; v += r.step {
		l := canvas.NewLine(p.grid)
		l.StrokeWidth = 1
		r.objects = append(r.objects, l)
		r.grid = append(r.grid, l)
		r.ticks = append(r.ticks, r.text(fmt.Sprint(v), p.text, false))
	}
	r.bars, r.labels = nil, nil
	for _, g := range r.c.groups {
		plannedLabel := fmt.Sprint(g.planned)
		if g.optional > 0 {
			plannedLabel += fmt.Sprintf("+%d", g.optional)
		}
		pb := chartBar{base: r.rect(p.planned), top: r.rect(p.optional), value: r.text(plannedLabel, p.text, false)}
		cb := chartBar{base: r.rect(p.conducted), top: r.rect(p.final), value: r.text(fmt.Sprint(g.conducted), p.text, true)}
		r.bars = append(r.bars, [2]chartBar{pb, cb})
		r.labels = append(r.labels, [2]*canvas.Text{
			r.text(shortLevel(g.level), p.text, false),
			r.text(lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": g.wave}), p.text, false),
		})
	}
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

// niceStep returns a grid step of 1, 2 or 5 × 10^k giving about five lines.
func niceStep(maxV int) int {
	raw := float64(maxV) / 5
	mag := math.Pow(10, math.Floor(math.Log10(max(raw, 1))))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*mag >= raw {
			return int(f * mag)
		}
	}
	return int(10 * mag)
}

func shortLevel(l qda.Level) string {
	switch l {
	case qda.LevelStrategic:
		return lang.X("planview.shortStrategic", "Strategic")
	case qda.LevelOperative:
		return lang.X("planview.shortOperative", "Operative")
	case qda.LevelIntensive:
		return lang.X("planview.shortIntensive", "Intensive")
	}
	return string(l)
}

// Layout places title, legend, grid, bars and labels in size.
func (r *chartRenderer) Layout(size fyne.Size) {
	const pad, axisW, labelsH = 12, 36, 48
	x := float32(pad)
	r.title.Move(fyne.NewPos(x, pad))
	y := pad + r.title.MinSize().Height + 6
	for i := 0; i < len(r.legend); i += 2 {
		sw, t := r.legend[i], r.legend[i+1].(*canvas.Text)
		// The legend wraps in a narrow chart.
		if w := 16 + t.MinSize().Width; i > 0 && x+w > size.Width-pad {
			x, y = pad, y+t.MinSize().Height+4
		}
		sw.Resize(fyne.NewSize(12, 12))
		sw.Move(fyne.NewPos(x, y+3))
		t.Move(fyne.NewPos(x+16, y))
		x += 16 + t.MinSize().Width + 14
	}
	top := y + 30
	left, right, bottom := float32(pad+axisW), size.Width-pad, size.Height-labelsH
	plotH := max(bottom-top, 10)
	scale := plotH / float32(r.top)
	for i, l := range r.grid {
		gy := bottom - float32(i*r.step)*scale
		l.Position1, l.Position2 = fyne.NewPos(left, gy), fyne.NewPos(right, gy)
		t := r.ticks[i]
		ts := t.MinSize()
		t.Move(fyne.NewPos(left-6-ts.Width, gy-ts.Height/2))
	}
	n := len(r.bars)
	if n == 0 {
		return
	}
	gw := (right - left) / float32(n)
	bw := min(gw*0.32, 56)
	for i, g := range r.c.groups {
		cx := left + gw*(float32(i)+0.5)
		place := func(b chartBar, x float32, total, part int, partOnTop bool) {
			h := float32(total) * scale
			ph := float32(part) * scale
			if partOnTop { // planned + optional stacked
				b.base.Resize(fyne.NewSize(bw, h))
				b.base.Move(fyne.NewPos(x, bottom-h))
				b.top.Resize(fyne.NewSize(bw, ph))
				b.top.Move(fyne.NewPos(x, bottom-h-ph))
				h += ph
			} else { // conducted with the final part from the bottom
				b.base.Resize(fyne.NewSize(bw, h))
				b.base.Move(fyne.NewPos(x, bottom-h))
				b.top.Resize(fyne.NewSize(bw, ph))
				b.top.Move(fyne.NewPos(x, bottom-ph))
			}
			vs := b.value.MinSize()
			b.value.Move(fyne.NewPos(x+bw/2-vs.Width/2, bottom-h-vs.Height-2))
		}
		place(r.bars[i][0], cx-bw-2, g.planned, g.optional, true)
		place(r.bars[i][1], cx+2, g.conducted, min(g.final, g.conducted), false)
		for k, t := range r.labels[i] {
			// Labels wider than their group get smaller, never into
			// the neighbour's ("StrategischStrategisch").
			t.TextSize = chartTextSize
			ts := t.MinSize()
			for try := 0; try < 3 && ts.Width > gw-4 && t.TextSize > 7; try++ {
				t.TextSize = max(7, t.TextSize*(gw-4)/ts.Width*0.97)
				ts = t.MinSize()
			}
			t.Move(fyne.NewPos(cx-ts.Width/2, bottom+6+float32(k)*(ts.Height+1)))
		}
	}
}

// chartImage renders the chart of groups to an image of size (in device
// independent units) at the given scale, black on white. It uses Fyne's
// software painter on a canvas of its own, so it works without a display
// and leaves the app's theme alone. Call it on the UI goroutine.
func chartImage(groups []barGroup, size fyne.Size, scale float32) image.Image {
	c := newChart(printPalette)
	c.setGroups(groups)
	cv := software.NewTransparentCanvas()
	cv.SetPadded(false)
	cv.SetScale(scale)
	cv.SetContent(c)
	cv.Resize(size)
	img := cv.Capture()
	out := image.NewNRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Over)
	return out
}

// writeChartPNG encodes chartImage as PNG.
func writeChartPNG(w io.Writer, groups []barGroup, size fyne.Size, scale float32) error {
	return png.Encode(w, chartImage(groups, size, scale))
}

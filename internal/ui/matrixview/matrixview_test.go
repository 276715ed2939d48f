package matrixview

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// newView returns a loaded view on the uitest sample with synchronous
// updates; errors fail the test.
func newView(t *testing.T) *View {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	v := New(uitest.Service(uitest.Sample(), "anna"), nil, func(err error) { t.Fatal(err) })
	v.do, v.async = func(f func()) { f() }, func(f func()) { f() }
	w := test.NewWindow(v)
	w.Resize(fyne.NewSize(1000, 700))
	t.Cleanup(w.Close)
	v.Update()
	return v
}

// tapCell taps the middle of a heat map cell.
func tapCell(v *View, row, col int) {
	g := v.heat.geometry()
	v.heat.Tapped(&fyne.PointEvent{Position: fyne.NewPos(g.labelW+g.colW*(float32(col)+0.5), g.top+headerH+cellH*(float32(row)+0.5))})
}

func TestView_Update(t *testing.T) {
	v := newView(t)
	m := v.Matrix()
	if m == nil || len(m.Rows) != 2 || m.Rows[0].Label != "Ziele" || len(m.Cols) != 4 || m.Cols[0].Label != "JC-07" {
		t.Fatalf("matrix %+v", m)
	}
	if m.Values[0][0] != 2 || m.Max != 2 {
		t.Errorf("values %v", m.Values)
	}
	if v.colSel.Selected != "Fall (Standort)" || v.rowSel.Selected != "Codes" || v.guideSel.Selected != "Alle Codes" {
		t.Errorf("selects %q %q %q", v.colSel.Selected, v.rowSel.Selected, v.guideSel.Selected)
	}
	if !strings.Contains(v.status.Text, "2 Zeilen × 4 Spalten") {
		t.Errorf("status %q", v.status.Text)
	}
	// Choosing another measure reloads.
	v.measureSel.SetSelectedIndex(2)
	if v.Matrix().Request.Measure != qda.MeasureShare || v.Matrix().Values[0][0] != 100.0/3 { // JC-07: two protocols and a report
		t.Errorf("share %v", v.Matrix().Values)
	}
	v.colSel.SetSelected("Ebene")
	if v.Matrix().Request.Cols != "level" || v.Matrix().Cols[0].Key != "strategic" {
		t.Errorf("level columns %+v", v.Matrix().Cols)
	}
}

func TestView_TapCell(t *testing.T) {
	v := newView(t)
	tapCell(v, 0, 0)
	if len(v.segs) != 2 || !strings.HasPrefix(v.cellTitle.Text, "Ziele × JC-07: 2 Segmente") {
		t.Fatalf("segments %+v, title %q", v.segs, v.cellTitle.Text)
	}
	v.list.Select(1)
	if v.full.Text != qda.Slice("Die Geschäftsführerin beschreibt die Ziele.", 20, 30) {
		t.Errorf("full text %q", v.full.Text)
	}
	var got []app.Segment
	v.OnSegments = func(row analysis.MatrixRow, col analysis.MatrixCol, segs []app.Segment) { got = segs }
	tapCell(v, 0, 2) // Ziele × RD-Nord
	if len(got) != 1 || got[0].Text != "Regional" {
		t.Errorf("OnSegments got %+v", got)
	}
	// Outside the cells nothing happens.
	got = nil
	v.heat.Tapped(&fyne.PointEvent{Position: fyne.NewPos(2, 2)})
	if got != nil {
		t.Error("tap on a label reported a cell")
	}
}

func TestView_Export(t *testing.T) {
	v := newView(t)
	var b bytes.Buffer
	if err := v.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "segments,JC-07,JC-12,RD-Nord,(none)\nZiele,2,0,1,0\n") {
		t.Errorf("csv:\n%s", b.String())
	}
	b.Reset()
	if err := v.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// The largest value is drawn in the darkest blue of the scale.
	dark := false
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y && !dark; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == 0x08 && g>>8 == 0x30 && bl>>8 == 0x6b {
				dark = true
				break
			}
		}
	}
	if !dark || bounds.Dx() < 400 {
		t.Errorf("png %v, dark cell %v", bounds, dark)
	}
	if dir := os.Getenv("PROTOCODER_SHOT_DIR"); dir != "" {
		_ = os.WriteFile(dir+"/matrixview-test.png", b.Bytes(), 0o644)
	}
}

type failing struct{ Source }

func (failing) Dimensions() ([]string, error) { return nil, errors.New("kaputt") }

func TestView_Errors(t *testing.T) {
	test.NewTempApp(t)
	var got error
	v := New(failing{}, nil, func(err error) { got = err })
	v.do = func(f func()) { f() }
	v.Update()
	if got == nil || got.Error() != "kaputt" {
		t.Errorf("error %v", got)
	}
	if err := v.WriteCSV(&bytes.Buffer{}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("csv without matrix: %v", err)
	}
}

func TestCellColor(t *testing.T) {
	if cellColor(0, 10) != emptyCell || cellColor(10, 10) != scale[4] || cellColor(5, 10) != scale[2] {
		t.Errorf("colours %v %v %v", cellColor(0, 10), cellColor(10, 10), cellColor(5, 10))
	}
	if parseHex("#e6194b") != (color.NRGBA{0xe6, 0x19, 0x4b, 0xff}) || parseHex("rot") != (color.NRGBA{0x90, 0x90, 0x90, 0xff}) {
		t.Error("parseHex")
	}
}

// TestView_NarrowWindow checks that every choice and export button of the
// bar shows in the room a 1024-pixel window leaves the view: the bar wraps
// instead of scrolling them out of sight.
func TestView_NarrowWindow(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	v := New(uitest.Service(uitest.Sample(), "anna"), nil, func(err error) { t.Fatal(err) })
	v.do, v.async = func(f func()) { f() }, func(f func()) { f() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(820, 600))
	v.Update()
	d := fyne.CurrentApp().Driver()
	width := v.Size().Width
	for _, o := range []fyne.CanvasObject{v.rowSel, v.colSel, v.measureSel, v.guideSel, v.buttons[0], v.buttons[1]} {
		if !o.Visible() {
			t.Fatalf("%T hidden", o)
		}
		if x := d.AbsolutePositionForObject(o).X - d.AbsolutePositionForObject(v).X; x < 0 || x+o.Size().Width > width {
			t.Errorf("%T at %.0f..%.0f, outside the view's width %.0f", o, x, x+o.Size().Width, width)
		}
	}
}

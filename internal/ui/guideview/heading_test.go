package guideview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// TestSegments_wrappedHeading: a section heading that wraps ends its
// line; the first question starts below it ("dieselbe" never runs into
// "1.1").
func TestSegments_wrappedHeading(t *testing.T) {
	test.NewTempApp(t)
	g := &qda.Guideline{Key: "A.1.1", Sections: []qda.Section{{Number: "1.", Title: "Strategische Bedeutung der Joboffensive und Erwartungen an dieselbe",
		Questions: []qda.Question{{ID: "1.1", Text: "Was waren die Gründe für das Interesse der RD an der Joboffensive?"}}}}}
	for _, width := range []float32{300, 460, 900} {
		rt := widget.NewRichText(Segments(g)...)
		rt.Wrapping = fyne.TextWrapWord
		w := test.NewTempWindow(t, rt)
		w.Resize(fyne.NewSize(width, 600))
		var headBottom, qTop float32 = -1, -1
		walkTexts(rt, func(tx *canvas.Text, pos fyne.Position) {
			switch {
			case strings.Contains(tx.Text, "dieselbe"):
				headBottom = pos.Y + tx.MinSize().Height
			case strings.HasPrefix(tx.Text, "1.1"):
				qTop = pos.Y
			}
		})
		if headBottom < 0 || qTop < 0 {
			t.Fatalf("width %v: heading end at %v, question at %v", width, headBottom, qTop)
		}
		if qTop < headBottom-1 {
			t.Errorf("width %v: the question starts at %v, inside the heading's last line (ending at %v)", width, qTop, headBottom)
		}
	}
}

// walkTexts calls fn for every canvas.Text below o with its position
// relative to o.
func walkTexts(o fyne.CanvasObject, fn func(*canvas.Text, fyne.Position)) {
	var walk func(o fyne.CanvasObject, off fyne.Position)
	walk = func(o fyne.CanvasObject, off fyne.Position) {
		switch c := o.(type) {
		case *canvas.Text:
			fn(c, off.Add(c.Position()))
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				walk(ch, off.Add(c.Position()))
			}
		case *fyne.Container:
			for _, ch := range c.Objects {
				walk(ch, off.Add(c.Position()))
			}
		}
	}
	walk(o, fyne.Position{})
}

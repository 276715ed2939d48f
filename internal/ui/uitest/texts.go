package uitest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Texts returns the texts of every label and rich text below o (a dialog,
// a view), walking containers and the objects of widget renderers.
func Texts(o fyne.CanvasObject) []string {
	var out []string
	switch o := o.(type) {
	case *widget.Label:
		out = append(out, o.Text)
	case *widget.RichText:
		out = append(out, o.String())
	case *fyne.Container:
		for _, c := range o.Objects {
			out = append(out, Texts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, Texts(c)...)
		}
	}
	return out
}

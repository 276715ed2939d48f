package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Flow is a fyne.Layout that puts objects side by side at their minimum
// width (at least MinItemWidth) and wraps them onto the next row when the
// row is full, as words wrap in a paragraph: a tool or filter bar that
// fits a narrow window instead of cutting off its last buttons. Its
// minimum width is that of the widest object; its minimum height is that
// of the rows at the width it was last laid out at (as a wrapping label's
// is), so a Flow is used through NewFlow, one layout per container.
type Flow struct {
	// MinItemWidth widens narrower objects (selects, whose minimum width
	// does not fit their longest option); 0 leaves them at their minimum.
	MinItemWidth float32
	width        float32 // the width of the last Layout, 0 before
}

// NewFlow returns a container with a Flow layout of the objects.
func NewFlow(minItemWidth float32, objs ...fyne.CanvasObject) *fyne.Container {
	return fyne.NewContainerWithLayout(&Flow{MinItemWidth: minItemWidth}, objs...)
}

// itemSize is an object's size in the flow.
func (f *Flow) itemSize(o fyne.CanvasObject) fyne.Size {
	m := o.MinSize()
	m.Width = max(m.Width, f.MinItemWidth)
	return m
}

// rows places the visible objects in rows for a width and calls place for
// each with its position and size; it returns the total height.
func (f *Flow) rows(objs []fyne.CanvasObject, width float32, place func(o fyne.CanvasObject, pos fyne.Position, size fyne.Size)) float32 {
	pad := theme.Padding()
	var x, y, rowH float32
	var row []fyne.CanvasObject
	flush := func() {
		if place != nil {
			var rx float32
			for _, o := range row {
				s := f.itemSize(o)
				place(o, fyne.NewPos(rx, y), fyne.NewSize(s.Width, rowH))
				rx += s.Width + pad
			}
		}
		if len(row) > 0 {
			y += rowH + pad
		}
		row, x, rowH = nil, 0, 0
	}
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		s := f.itemSize(o)
		if len(row) > 0 && width > 0 && x+s.Width > width {
			flush()
		}
		row = append(row, o)
		x += s.Width + pad
		rowH = max(rowH, s.Height)
	}
	flush()
	return max(0, y-pad)
}

// MinSize implements fyne.Layout.
func (f *Flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, f.itemSize(o).Width)
		}
	}
	width := f.width
	if width <= 0 {
		// Not laid out yet: one row, as wide as it needs.
		width = -1
	}
	return fyne.NewSize(w, f.rows(objs, max(width, 0), nil))
}

// Layout implements fyne.Layout.
func (f *Flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	f.rows(objs, size.Width, func(o fyne.CanvasObject, pos fyne.Position, s fyne.Size) {
		o.Move(pos)
		o.Resize(s)
	})
}

package codingview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// scrollBar takes the mouse events over the view's scroll bar track; the
// view's frame draws the thumb, whose geometry it leaves here.
type scrollBar struct {
	widget.BaseWidget
	v              *View
	thumbY, thumbH float32
	grab           float32 // mouse offset into the thumb while dragging, -1 otherwise
}

func newScrollBar(v *View) *scrollBar {
	s := &scrollBar{v: v, grab: -1}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer implements fyne.Widget.
func (s *scrollBar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Dragged moves the thumb with the mouse.
func (s *scrollBar) Dragged(e *fyne.DragEvent) {
	if s.thumbH == 0 {
		return
	}
	if s.grab < 0 {
		start := e.Position.Y - e.Dragged.DY
		s.grab = s.thumbH / 2
		if start >= s.thumbY && start < s.thumbY+s.thumbH {
			s.grab = start - s.thumbY
		}
	}
	m := s.v.metric
	track := s.v.size.Height - 2*m.pad - s.thumbH
	if track > 0 {
		s.v.sc.toFraction((e.Position.Y - s.grab - m.pad) / track)
		s.v.Refresh()
	}
}

// DragEnd ends dragging the thumb.
func (s *scrollBar) DragEnd() { s.grab = -1 }

// Tapped pages up or down when the track is clicked above or below the
// thumb.
func (s *scrollBar) Tapped(e *fyne.PointEvent) {
	if s.thumbH == 0 {
		return
	}
	page := s.v.sc.viewH - s.v.metric.lineH
	switch {
	case e.Position.Y < s.thumbY:
		s.v.sc.by(-page)
	case e.Position.Y >= s.thumbY+s.thumbH:
		s.v.sc.by(page)
	default:
		return
	}
	s.v.Refresh()
}

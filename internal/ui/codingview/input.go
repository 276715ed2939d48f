package codingview

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

var (
	_ fyne.Focusable      = (*View)(nil)
	_ fyne.Shortcutable   = (*View)(nil)
	_ fyne.Draggable      = (*View)(nil)
	_ fyne.DoubleTappable = (*View)(nil)
	_ fyne.Scrollable     = (*View)(nil)
	_ desktop.Mouseable   = (*View)(nil)
	_ desktop.Hoverable   = (*View)(nil)
	_ desktop.Keyable     = (*View)(nil)
	_ desktop.Cursorable  = (*View)(nil)
)

// offsetAt maps a point of the widget to the nearest caret offset.
func (v *View) offsetAt(p fyne.Position) int {
	if v.lay.Width() == 0 {
		return 0
	}
	lp, side := v.sc.lineAt(p.Y - v.contentTop())
	switch {
	case side < 0:
		return 0
	case side > 0:
		return v.lay.Len()
	}
	return v.lay.OffsetAt(lp, p.X-v.textX())
}

// overBar reports whether p is over the scroll bar's track.
func (v *View) overBar(p fyne.Position) bool { return p.X >= v.size.Width-v.metric.scrollW }

// inStripes reports whether p is over the stripe margin.
func (v *View) inStripes(p fyne.Position) bool { return p.X < v.stripesW()+v.metric.pad }

// barAt returns the shown coding whose stripe is at p, or -1.
func (v *View) barAt(p fyne.Position) int {
	for i := len(v.hits) - 1; i >= 0; i-- {
		h := v.hits[i]
		if p.X >= h.x && p.X < h.x+h.w && p.Y >= h.y && p.Y < h.y+h.h {
			return h.idx
		}
	}
	return -1
}

// Cursor implements desktop.Cursorable.
func (v *View) Cursor() desktop.Cursor { return desktop.TextCursor }

// MouseDown places the caret (or extends the selection with shift),
// selects a paragraph on a triple click, and selects a coding when its
// stripe is clicked.
func (v *View) MouseDown(e *desktop.MouseEvent) {
	v.requestFocus()
	if e.Button != desktop.MouseButtonPrimary || v.overBar(e.Position) {
		return
	}
	if v.inStripes(e.Position) {
		if i := v.barAt(e.Position); i >= 0 {
			v.tapCoding(i)
		}
		return
	}
	off := v.offsetAt(e.Position)
	switch {
	case v.now().Sub(v.doubleAt) <= fyne.CurrentApp().Driver().DoubleTapDelay():
		v.doubleAt = time.Time{}
		p := v.lay.Paragraph(off)
		v.setSelection(p.start, p.end)
	case v.shift || e.Modifier&fyne.KeyModifierShift != 0:
		v.setSelection(v.anchor, off)
	default:
		v.setSelection(off, off)
	}
	v.goalX = -1
	v.Refresh()
}

// MouseUp implements desktop.Mouseable.
func (v *View) MouseUp(*desktop.MouseEvent) {}

// DoubleTapped selects the word under the mouse.
func (v *View) DoubleTapped(e *fyne.PointEvent) {
	if v.inStripes(e.Position) || v.overBar(e.Position) {
		return
	}
	v.doubleAt = v.now()
	if w := v.lay.WordAt(v.offsetAt(e.Position)); w.end > w.start {
		v.setSelection(w.start, w.end)
		v.Refresh()
	}
}

// Dragged extends the selection from where the drag started to the
// mouse, scrolling when the mouse leaves the view at the top or bottom.
func (v *View) Dragged(e *fyne.DragEvent) {
	if v.dragOff {
		return
	}
	if !v.dragging {
		start := e.Position.Subtract(e.Dragged)
		if v.inStripes(start) {
			v.dragOff = true // a drag that starts on the stripes selects nothing
			return
		}
		v.dragging = true
		v.requestFocus()
		if !v.shift {
			v.anchor = v.offsetAt(start)
		}
	}
	if y := e.Position.Y - v.contentTop(); y < 0 {
		v.sc.by(y)
	} else if y > v.sc.viewH {
		v.sc.by(y - v.sc.viewH)
	}
	v.setSelection(v.anchor, v.offsetAt(e.Position))
	v.goalX = -1
	v.Refresh()
}

// DragEnd ends a drag selection.
func (v *View) DragEnd() { v.dragging, v.dragOff = false, false }

// Scrolled scrolls the text.
func (v *View) Scrolled(e *fyne.ScrollEvent) {
	v.sc.by(-e.Scrolled.DY)
	v.clearHover()
	v.Refresh()
}

// tapCoding selects shown coding i and its text and reports it.
func (v *View) tapCoding(i int) {
	c := v.shown[i].c
	v.setSelection(c.Start, c.End)
	v.selCoding = c.GUID
	v.Refresh()
	if v.OnCodingTapped != nil {
		v.OnCodingTapped(c.GUID)
	}
}

func (v *View) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

// MouseIn implements desktop.Hoverable.
func (v *View) MouseIn(e *desktop.MouseEvent) { v.MouseMoved(e) }

// MouseMoved shows what is coded under the mouse.
func (v *View) MouseMoved(e *desktop.MouseEvent) {
	var idx []int
	if v.inStripes(e.Position) {
		if i := v.barAt(e.Position); i >= 0 {
			idx = []int{i}
		}
	} else if off := v.runeAt(e.Position); off >= 0 {
		idx = v.at(off)
	}
	var lines []string
	for k, i := range idx {
		if k == hoverMax {
			lines = append(lines, "…")
			break
		}
		s := v.shown[i]
		coder := v.coders[s.c.Coder]
		if coder == "" {
			coder = string(s.c.Coder)
		}
		lines = append(lines, s.name+" · "+coder)
		if s.c.Memo != "" {
			lines = append(lines, "    "+truncRunes(s.c.Memo, 80))
		}
	}
	key := strings.Join(lines, "\n")
	if key == v.hoverKey {
		return
	}
	v.hover, v.hoverKey, v.hoverPos = lines, key, e.Position
	v.Refresh()
	if v.OnHover != nil {
		v.OnHover(key)
	}
}

// MouseOut hides the hover description.
func (v *View) MouseOut() {
	if v.clearHover() {
		v.Refresh()
	}
}

func (v *View) clearHover() bool {
	if v.hoverKey == "" {
		return false
	}
	v.hover, v.hoverKey = nil, ""
	if v.OnHover != nil {
		v.OnHover("")
	}
	return true
}

// runeAt returns the offset of the rune under p, or -1 if p is not over
// text.
func (v *View) runeAt(p fyne.Position) int {
	if v.lay.Width() == 0 {
		return -1
	}
	lp, side := v.sc.lineAt(p.Y - v.contentTop())
	x := p.X - v.textX()
	sp := v.lay.Line(lp)
	if side != 0 || x < 0 {
		return -1
	}
	off := v.lay.OffsetAt(lp, x)
	if off > sp.start && v.lay.X(lp, off) > x {
		off--
	}
	if off >= sp.end {
		return -1
	}
	return off
}

func truncRunes(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

package codingview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return &renderer{v: v, keyed: map[int]*canvas.Text{}, next: map[int]*canvas.Text{}}
}

// renderer draws a View's frame with pooled canvas objects. Rectangles
// are reused by position in the frame. Texts of lines and stripe labels
// are reused by identity, so scrolling moves the texts that stay visible
// instead of rasterising them again; only texts whose content changed
// are refreshed.
type renderer struct {
	v       *View
	items   []item
	rects   []*canvas.Rectangle
	texts   []*canvas.Text       // unkeyed texts, by position
	keyed   map[int]*canvas.Text // keyed texts of the last frame
	next    map[int]*canvas.Text // keyed texts of this frame
	spare   []*canvas.Text       // keyed texts not in use
	objects []fyne.CanvasObject
}

// Destroy implements fyne.WidgetRenderer.
func (r *renderer) Destroy() {}

// Layout re-wraps the text if the width changed and draws the frame.
func (r *renderer) Layout(size fyne.Size) {
	v := r.v
	if size != v.size {
		v.size = size
		v.relayout(false)
	}
	r.update()
}

// MinSize is small: the view scrolls whatever it shows.
func (r *renderer) MinSize() fyne.Size {
	return fyne.NewSize(200, 3*max(r.v.metric.lineH, 20))
}

// Objects returns the objects of the current frame.
func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

// Refresh applies theme and margin changes and draws the frame.
func (r *renderer) Refresh() {
	r.v.relayout(false)
	r.update()
}

// update computes the frame and syncs the pooled objects with it.
func (r *renderer) update() {
	v := r.v
	r.items = v.frame(r.items)
	nr, nt := 0, 0
	r.objects = r.objects[:0]
	for i := range r.items {
		it := &r.items[i]
		switch {
		case !it.text:
			r.objects = append(r.objects, r.rect(nr, it))
			nr++
		case it.key != 0:
			r.objects = append(r.objects, r.keyedText(it))
		default:
			if nt == len(r.texts) {
				r.texts = append(r.texts, &canvas.Text{})
			}
			r.objects = append(r.objects, setText(r.texts[nt], it, false))
			nt++
		}
	}
	for k, o := range r.keyed {
		r.spare = append(r.spare, o)
		delete(r.keyed, k)
	}
	r.keyed, r.next = r.next, r.keyed
	v.sb.Resize(fyne.NewSize(v.metric.scrollW, v.size.Height))
	v.sb.Move(fyne.NewPos(v.size.Width-v.metric.scrollW, 0))
	r.objects = append(r.objects, v.sb)
	if nr > 0 {
		r.rects[0].Refresh() // repaint, also when objects only moved
	}
}

// keyedText returns the text that showed it last frame, or a spare one.
func (r *renderer) keyedText(it *item) *canvas.Text {
	o, ok := r.keyed[it.key]
	fresh := false
	switch {
	case ok:
		delete(r.keyed, it.key)
	case len(r.spare) > 0:
		o, r.spare = r.spare[len(r.spare)-1], r.spare[:len(r.spare)-1]
		fresh = true
	default:
		o, fresh = &canvas.Text{}, true
	}
	r.next[it.key] = o
	return setText(o, it, fresh)
}

// setText sets o up as it and refreshes it if its content changed.
func setText(o *canvas.Text, it *item, force bool) *canvas.Text {
	changed := force || o.Text != it.s || o.TextSize != it.size || o.TextStyle.Bold != it.bold || !sameColor(o.Color, it.fill)
	o.Text, o.TextSize, o.Color = it.s, it.size, it.fill
	o.TextStyle = fyne.TextStyle{Bold: it.bold}
	o.Move(fyne.NewPos(it.x, it.y))
	o.Resize(fyne.NewSize(it.w, it.h))
	if changed {
		o.Refresh()
	}
	return o
}

// rect returns pooled rectangle i set up as it.
func (r *renderer) rect(i int, it *item) *canvas.Rectangle {
	if i == len(r.rects) {
		r.rects = append(r.rects, &canvas.Rectangle{})
	}
	o := r.rects[i]
	changed := !sameColor(o.FillColor, it.fill) || !sameColor(o.StrokeColor, it.stroke) || o.CornerRadius != it.radius
	o.FillColor, o.StrokeColor, o.CornerRadius = it.fill, it.stroke, it.radius
	o.StrokeWidth = 0
	if it.stroke != nil {
		o.StrokeWidth = 1
	}
	o.Move(fyne.NewPos(it.x, it.y))
	o.Resize(fyne.NewSize(it.w, it.h))
	if changed {
		o.Refresh()
	}
	return o
}

func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

package codingview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// item is one thing to draw: a box (canvas.Rectangle) or, when s is set
// or size > 0, a text (canvas.Text). Items are drawn in order.
type item struct {
	text         bool
	x, y, w, h   float32
	fill, stroke color.Color
	radius       float32
	s            string
	size         float32
	bold         bool
	key          int // identifies a text across frames: line start+1, -(coding+1) for stripe labels
}

// Drawing sizes in device-independent pixels.
const (
	barW     = 4
	textTop  = 2 // text's offset below its line's top
	fillA    = 0x48
	hoverMax = 8 // codings listed on hover
)

// visLine is a visible line and its y relative to the widget.
type visLine struct {
	lp linePos
	sp span
	y  float32
}

// contentTop is where the first line starts when not scrolled.
func (v *View) contentTop() float32 { return v.header() + v.metric.pad }

// visible returns the visible lines.
func (v *View) visible() []visLine {
	var out []visLine
	ct := v.contentTop()
	v.sc.each(func(lp linePos, y float32) bool {
		out = append(out, visLine{lp, v.lay.Line(lp), ct + y})
		return true
	})
	return out
}

// cover returns the x extent of [a, b) on a visible line; a range that
// goes on past the end of a paragraph gets a tail for the '\n', on an
// empty line only if emptyTail is set.
func (v *View) cover(l visLine, a, b int, emptyTail bool) (x1, x2 float32, ok bool) {
	nl := l.sp.end == v.lay.paras[l.lp.p].end && l.sp.end < v.lay.Len() && (emptyTail || l.sp.start < l.sp.end)
	if !(a < l.sp.end && b > l.sp.start) && !(nl && a <= l.sp.end && b > l.sp.end) {
		return 0, 0, false
	}
	x1 = v.lay.X(l.lp, max(a, l.sp.start))
	x2 = v.lay.X(l.lp, min(b, l.sp.end))
	if nl && b > l.sp.end {
		x2 += v.metric.textSize / 3
	}
	return x1, x2, true
}

// frame computes what to draw for the current state into items.
func (v *View) frame(items []item) []item {
	items, v.hits = items[:0], v.hits[:0]
	if v.size.Width <= 0 || v.lay.Width() == 0 {
		return items
	}
	m, th := v.metric, v.Theme()
	vr := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, vr) }
	fg := col(theme.ColorNameForeground)
	box := func(x, y, w, h float32, c color.Color) {
		items = append(items, item{x: x, y: y, w: w, h: h, fill: c})
	}
	txt := func(key int, x, y, w float32, s string, size float32, bold bool) {
		h := m.labelH
		if size == m.textSize {
			h = m.textH
		}
		items = append(items, item{text: true, key: key, x: x, y: y, w: w, h: h, s: s, size: size, fill: fg, bold: bold})
	}
	sw, tx := v.stripesW(), v.textX()
	box(0, 0, sw+m.pad, v.size.Height, col(theme.ColorNameInputBackground))

	vis := v.visible()
	if len(vis) == 0 {
		return items
	}
	vs, ve := vis[0].sp.start, vis[len(vis)-1].sp.end
	var ext []extent
	for i := range v.shown {
		c := v.shown[i].c
		if c.Start > ve {
			break
		}
		if c.End < vs {
			continue
		}
		e := extent{idx: i, y0: -1}
		s := v.shown[i]
		for _, l := range vis {
			x1, x2, ok := v.cover(l, c.Start, c.End, false)
			if !ok {
				continue
			}
			box(tx+x1, l.y+1, x2-x1, m.textH+textTop, withAlpha(s.color, fillA))
			if s.under < maxUnder {
				box(tx+x1, l.y+textTop+m.textH-2+float32(3*s.under), x2-x1, 2, s.color)
			}
			if e.y0 < 0 {
				e.y0 = l.y
			}
			e.y1 = l.y + m.lineH
		}
		if e.y0 >= 0 {
			ext = append(ext, e)
		}
	}
	if s, e := v.Selection(); s < e {
		for _, l := range vis {
			if x1, x2, ok := v.cover(l, s, e, true); ok {
				items = append(items, item{x: tx + x1, y: l.y, w: x2 - x1, h: m.lineH,
					fill: col(theme.ColorNameSelection), stroke: col(theme.ColorNamePrimary)})
			}
		}
	}
	for _, l := range vis {
		if l.sp.start == l.sp.end {
			continue
		}
		txt(l.sp.start+1, tx, l.y+textTop, v.lay.Width(), v.lay.sub(l.sp.start, l.sp.end), m.textSize, false)
	}
	if v.focused {
		lp := v.lay.LineAt(v.caret)
		for _, l := range vis {
			if l.lp == lp {
				box(tx+v.lay.X(lp, v.caret)-1, l.y+textTop, 2, m.textH, col(theme.ColorNamePrimary))
			}
		}
	}

	items = v.stripes(items, ext, col)
	items = v.scrollThumb(items, col(theme.ColorNameScrollBar))
	return v.hoverCard(items, col, fg)
}

// scrollThumb adds the scroll bar's thumb and remembers its geometry.
func (v *View) scrollThumb(items []item, c color.Color) []item {
	pos, vis := v.sc.fraction()
	v.sb.thumbY, v.sb.thumbH = 0, 0
	if vis >= 1 {
		return items
	}
	m := v.metric
	track := v.size.Height - 2*m.pad
	h := max(24, vis*track)
	y := m.pad + pos*(track-h)
	v.sb.thumbY, v.sb.thumbH = y, h
	w := m.scrollW - 6
	return append(items, item{x: v.size.Width - m.scrollW + 3, y: y, w: w, h: h, fill: c, radius: w / 2})
}

// hoverCard adds the hover description near the mouse.
func (v *View) hoverCard(items []item, col func(fyne.ThemeColorName) color.Color, fg color.Color) []item {
	if len(v.hover) == 0 {
		return items
	}
	m := v.metric
	lh := m.labelH + 2
	w := float32(0)
	for _, s := range v.hover {
		w = max(w, v.measureAt(s, m.labelSize).Width)
	}
	w += 2 * m.pad
	h := lh*float32(len(v.hover)) + 2*m.pad
	x := min(v.hoverPos.X+14, v.size.Width-w-m.scrollW)
	y := v.hoverPos.Y + 20
	if y+h > v.size.Height {
		y = v.hoverPos.Y - h - 6
	}
	x, y = max(0, x), max(0, y)
	items = append(items, item{x: x, y: y, w: w, h: h, fill: col(theme.ColorNameOverlayBackground),
		stroke: col(theme.ColorNameInputBorder), radius: 4})
	for i, s := range v.hover {
		items = append(items, item{text: true, x: x + m.pad, y: y + m.pad + float32(i)*lh, w: w - 2*m.pad, h: lh,
			s: s, size: m.labelSize, fill: fg})
	}
	return items
}

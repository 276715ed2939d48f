package codingview

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Stripes: each group (all codings, or one coder's in compare mode) has
// columns; a coding keeps its column (see rebuild) wherever it is shown,
// so bars do not jump while scrolling. The first columns of a group are
// wide enough for a label at the top of each bar; deeper overlaps get
// narrow columns without labels (hovering names them).

// extent is the visible vertical extent of a shown coding.
type extent struct {
	idx    int
	y0, y1 float32
}

// groupW returns the width of a group with n columns.
func (v *View) groupW(n int) float32 {
	return float32(min(n, labelled))*v.colW + float32(max(0, n-labelled))*narrowW
}

// stripesW returns the width of the stripe margin.
func (v *View) stripesW() float32 {
	w := float32(0)
	for _, g := range v.groups {
		w += v.groupW(g.cols) + v.metric.pad
	}
	return w
}

// fitColumns sets the labelled column width: as wide as a label needs if
// the stripes fit in their share of the view, narrower otherwise.
func (v *View) fitColumns() {
	lab, narrow := 0, 0
	for _, g := range v.groups {
		lab += min(g.cols, labelled)
		narrow += max(0, g.cols-labelled)
	}
	room := v.size.Width*stripeFrac - float32(narrow*narrowW)
	w := max(minColW, min(v.metric.colW, float32(int(room/float32(max(lab, 1))))))
	if w != v.colW {
		v.colW = w
		v.labels = map[string]string{}
	}
}

// groupX returns the left edge of each stripe group.
func (v *View) groupX() []float32 {
	out := make([]float32, len(v.groups))
	x := v.metric.pad
	for i, g := range v.groups {
		out[i] = x
		x += v.groupW(g.cols) + v.metric.pad
	}
	return out
}

// stripes adds the coding stripes of the visible codings, the coder
// names in compare mode, and remembers the bars for clicks and hovering.
func (v *View) stripes(items []item, ext []extent, col func(fyne.ThemeColorName) color.Color) []item {
	m := v.metric
	fg := col(theme.ColorNameForeground)
	gx := v.groupX()
	top := v.contentTop()
	type slot struct{ g, c int }
	last := map[slot][2]int{}      // item and hit index of the last bar drawn in a column
	labelEnd := map[slot]float32{} // bottom of the last label drawn in a column
	for _, e := range ext {
		s := v.shown[e.idx]
		w, cw := float32(barW), v.colW
		if s.col >= labelled {
			w, cw = 3, narrowW
		}
		if s.c.GUID == v.selCoding {
			w += 3
		}
		x := gx[s.group] + v.groupW(s.col)
		y0, y1 := max(e.y0, top)+textTop, e.y1-(m.lineH-m.textH-textTop)
		if y1 <= y0 {
			continue
		}
		if k, ok := last[slot{s.group, s.col}]; ok && items[k[0]].y+items[k[0]].h > y0 {
			// the column's previous coding ends on this line: share it
			mid := y0 + m.textH/2
			items[k[0]].h = mid - 1 - items[k[0]].y
			v.hits[k[1]].h = items[k[0]].h
			y0 = mid + 1
		}
		last[slot{s.group, s.col}] = [2]int{len(items), len(v.hits)}
		items = append(items, item{x: x, y: y0, w: w, h: y1 - y0, fill: s.color})
		v.hits = append(v.hits, barHit{x: x - 2, y: y0, w: cw, h: y1 - y0, idx: e.idx})
		if s.col < labelled {
			ly := max(y0-1, labelEnd[slot{s.group, s.col}])
			labelEnd[slot{s.group, s.col}] = ly + m.labelH
			items = append(items, item{text: true, key: -e.idx - 1, x: x + w + 3, y: ly, w: cw - w - 5, h: m.labelH,
				s: v.label(s.name), size: m.labelSize, fill: fg, bold: s.c.GUID == v.selCoding})
		}
	}
	if v.compare == nil {
		return items
	}
	items = append(items, item{w: v.size.Width, h: v.header(), fill: col(theme.ColorNameBackground)})
	for g, gr := range v.groups {
		name := v.coders[gr.coder]
		if name == "" {
			name = string(gr.coder)
		}
		gw := v.groupW(gr.cols)
		items = append(items, item{text: true, x: gx[g], y: m.pad / 2, w: gw, h: m.labelH,
			s: v.truncate(name, gw), size: m.labelSize, fill: fg, bold: true})
		if g > 0 {
			items = append(items, item{x: gx[g] - m.pad/2 - 1, w: 1, h: v.size.Height, fill: col(theme.ColorNameSeparator)})
		}
	}
	return items
}

// textX returns the left edge of the text.
func (v *View) textX() float32 { return v.stripesW() + 3*v.metric.pad }

// label returns a code name truncated to a labelled stripe column, or ""
// if the column is too narrow for a label.
func (v *View) label(name string) string {
	if s, ok := v.labels[name]; ok {
		return s
	}
	s := ""
	if w := v.colW - barW - 8; w >= 24 {
		s = v.truncate(name, w)
		// A guideline code's first word is its question id ("2.2a"):
		// shown whole it says more than a few letters of the question.
		if first, _, ok := strings.Cut(name, " "); ok && len([]rune(s)) <= len([]rune(first)) && v.measureAt(first, v.metric.labelSize).Width <= w {
			s = first
		}
	}
	v.labels[name] = s
	return s
}

// truncate shortens s with an ellipsis to fit w at label size.
func (v *View) truncate(s string, w float32) string {
	if v.measureAt(s, v.metric.labelSize).Width <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if v.measureAt(string(r[:mid])+"…", v.metric.labelSize).Width <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + "…"
}

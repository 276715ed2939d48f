package codingview

// scroller keeps the vertical scroll position as an anchor: the visual
// line at the top of the view and how many pixels of it are scrolled out.
// Anchoring to a line rather than to an absolute y means that laying out
// a paragraph further up (whose height was only estimated) never moves
// what the user is looking at; absolute positions are needed only for the
// scroll bar, which uses the layout's estimates.
type scroller struct {
	lay   *Layout
	lineH float32
	viewH float32
	top   linePos
	dy    float32 // pixels of the top line scrolled out, in [0, lineH)
}

// by scrolls by px pixels (positive: down) and keeps the view filled.
func (s *scroller) by(px float32) {
	s.dy += px
	for s.dy >= s.lineH {
		nx, ok := s.lay.Next(s.top)
		if !ok {
			s.dy = 0
			break
		}
		s.top, s.dy = nx, s.dy-s.lineH
	}
	s.normalizeUp()
	s.clampEnd()
}

// normalizeUp moves the anchor up while dy is negative.
func (s *scroller) normalizeUp() {
	for s.dy < 0 {
		pv, ok := s.lay.Prev(s.top)
		if !ok {
			s.dy = 0
			return
		}
		s.top, s.dy = pv, s.dy+s.lineH
	}
}

// clampEnd scrolls up if the text ends above the bottom of the view.
func (s *scroller) clampEnd() {
	h := s.lineH - s.dy
	lp := s.top
	for h < s.viewH {
		nx, ok := s.lay.Next(lp)
		if !ok {
			s.dy -= s.viewH - h
			s.normalizeUp()
			return
		}
		lp, h = nx, h+s.lineH
	}
}

// each calls fn for every visible line with its y relative to the top of
// the view, until fn returns false.
func (s *scroller) each(fn func(lp linePos, y float32) bool) {
	lp, y := s.top, -s.dy
	for y < s.viewH {
		if !fn(lp, y) {
			return
		}
		nx, ok := s.lay.Next(lp)
		if !ok {
			return
		}
		lp, y = nx, y+s.lineH
	}
}

// lineAt returns the line at y (relative to the top of the view); above
// the first or below the last line it returns that line and a negative or
// positive side.
func (s *scroller) lineAt(y float32) (lp linePos, side int) {
	k := int(floor((y + s.dy) / s.lineH))
	lp = s.top
	for ; k > 0; k-- {
		nx, ok := s.lay.Next(lp)
		if !ok {
			return lp, 1
		}
		lp = nx
	}
	for ; k < 0; k++ {
		pv, ok := s.lay.Prev(lp)
		if !ok {
			return lp, -1
		}
		lp = pv
	}
	return lp, 0
}

// yOf returns the y of line lp relative to the top of the view if it is
// within max lines below the top.
func (s *scroller) yOf(lp linePos, limit int) (float32, bool) {
	if before(lp, s.top) {
		return 0, false
	}
	cur, y := s.top, -s.dy
	for i := 0; i <= limit; i++ {
		if cur == lp {
			return y, true
		}
		nx, ok := s.lay.Next(cur)
		if !ok {
			return 0, false
		}
		cur, y = nx, y+s.lineH
	}
	return 0, false
}

// reveal scrolls as little as needed to show line lp in full.
func (s *scroller) reveal(lp linePos) {
	if before(lp, s.top) || (lp == s.top && s.dy > 0) {
		s.top, s.dy = lp, 0
		return
	}
	rows := int(s.viewH / s.lineH)
	if y, ok := s.yOf(lp, rows+1); ok && y+s.lineH <= s.viewH {
		return
	}
	s.top, s.dy = lp, 0
	s.by(s.lineH - s.viewH)
}

// jump puts lp near the top of the view, a quarter of a view below it.
func (s *scroller) jump(lp linePos) {
	s.top, s.dy = lp, 0
	s.by(-s.viewH / 4)
}

// fraction returns the scroll position in [0, 1] and the visible part of
// the text in (0, 1], both estimated.
func (s *scroller) fraction() (pos, visible float32) {
	total := float32(s.lay.TotalLines()) * s.lineH
	if total <= s.viewH {
		return 0, 1
	}
	if s.atEnd() {
		return 1, s.viewH / total
	}
	y := float32(s.lay.LinesBefore(s.top.p)+s.top.l)*s.lineH + s.dy
	return min(0.999, max(0, y/(total-s.viewH))), s.viewH / total
}

// toFraction scrolls to the estimated position f in [0, 1].
func (s *scroller) toFraction(f float32) {
	if f >= 1 { // estimates may be off: go to the real end
		p := len(s.lay.paras) - 1
		s.top, s.dy = linePos{p, len(s.lay.Lines(p)) - 1}, 0
		s.by(0)
		return
	}
	total := float32(s.lay.TotalLines()) * s.lineH
	target := max(0, f) * max(0, total-s.viewH)
	n := int(target / s.lineH)
	p, l := s.lay.ParaAtLine(n)
	l = min(l, len(s.lay.Lines(p))-1)
	s.top, s.dy = linePos{p, l}, target-float32(n)*s.lineH
	s.by(0)
}

func before(a, b linePos) bool { return a.p < b.p || a.p == b.p && a.l < b.l }

func floor(f float32) float32 {
	i := float32(int(f))
	if i > f {
		i--
	}
	return i
}

// atEnd reports whether the last line is visible in full.
func (s *scroller) atEnd() bool {
	h := s.lineH - s.dy
	for lp := s.top; h <= s.viewH; h += s.lineH {
		nx, ok := s.lay.Next(lp)
		if !ok {
			return true
		}
		lp = nx
	}
	return false
}

// lineAtEnd returns the last visible line.
func (s *scroller) lineAtEnd() linePos {
	var last linePos
	s.each(func(lp linePos, _ float32) bool { last = lp; return true })
	return last
}

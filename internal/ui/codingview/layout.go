package codingview

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// MeasureFunc returns the rendered width of s in the view's font. The view
// passes one based on fyne.MeasureText; tests pass a deterministic one.
type MeasureFunc func(s string) float32

// span is a half-open range [start, end) of rune offsets.
type span struct{ start, end int }

// linePos addresses a visual line: line l of paragraph p.
type linePos struct{ p, l int }

// Layout breaks a canonical text into visual lines of at most a given
// width. A paragraph here is a hard line, the text between two '\n'; it is
// laid out lazily, the first time one of its lines is asked for, and its
// line breaks are kept until the width changes. Word widths are measured
// once per distinct word (and word prefix) and cached across widths, so
// re-wrapping after a resize costs map look-ups, not font shaping.
//
// All offsets are rune offsets into the text, the unit of qda.Coding.
type Layout struct {
	text  string
	runes []rune
	boff  []int32 // boff[i] is the byte offset of rune i; boff[len(runes)] = len(text)
	paras []span  // hard lines, without their '\n'
	lines [][]span
	width float32

	measure MeasureFunc
	cache   map[string]float32

	avgChar  float32 // average rune width, for estimating unlaid paragraphs
	estLines int     // estimated or exact visual lines of the whole text
}

// NewLayout prepares text for layout with measure. Nothing is measured
// until SetWidth and Lines are called.
func NewLayout(text string, measure MeasureFunc) *Layout {
	l := &Layout{text: text, measure: measure, cache: make(map[string]float32, 1024)}
	l.runes = make([]rune, 0, len(text))
	l.boff = make([]int32, 0, len(text)+1)
	start := 0
	for bi, r := range text {
		if r == '\n' {
			l.paras = append(l.paras, span{start, len(l.runes)})
			start = len(l.runes) + 1
		}
		l.runes = append(l.runes, r)
		l.boff = append(l.boff, int32(bi))
	}
	l.boff = append(l.boff, int32(len(text)))
	l.paras = append(l.paras, span{start, len(l.runes)})
	l.lines = make([][]span, len(l.paras))
	return l
}

// Len returns the length of the text in runes.
func (l *Layout) Len() int { return len(l.runes) }

// setMeasure replaces the measure func and forgets all measurements.
func (l *Layout) setMeasure(m MeasureFunc) {
	l.measure, l.cache, l.avgChar, l.width = m, make(map[string]float32, 1024), 0, 0
}

// Width returns the wrap width.
func (l *Layout) Width() float32 { return l.width }

// SetWidth sets the wrap width and forgets the line breaks if it changed.
// It reports whether it changed.
func (l *Layout) SetWidth(w float32) bool {
	if w < 1 {
		w = 1
	}
	if w == l.width {
		return false
	}
	l.width = w
	for i := range l.lines {
		l.lines[i] = nil
	}
	if l.avgChar == 0 {
		const sample = "Die Arbeitsvermittlung im Jobcenter, sagt sie, läuft gut. "
		l.avgChar = l.measure(sample) / float32(utf8.RuneCountInString(sample))
	}
	l.estLines = 0
	for p := range l.paras {
		l.estLines += l.paraLines(p)
	}
	return true
}

// sub returns the runes [a, b) as a string without copying.
func (l *Layout) sub(a, b int) string { return l.text[l.boff[a]:l.boff[b]] }

// w returns the cached width of the runes [a, b).
func (l *Layout) w(a, b int) float32 {
	if a >= b {
		return 0
	}
	s := l.sub(a, b)
	if v, ok := l.cache[s]; ok {
		return v
	}
	v := l.measure(s)
	l.cache[s] = v
	return v
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

// token returns the end of the run of spaces or non-spaces starting at i.
func (l *Layout) token(i, end int) int {
	sp := isSpace(l.runes[i])
	j := i + 1
	for j < end && isSpace(l.runes[j]) == sp {
		j++
	}
	return j
}

// Lines returns the visual lines of paragraph p, laying it out if needed.
func (l *Layout) Lines(p int) []span {
	if l.lines[p] == nil {
		est := l.paraLines(p)
		l.lines[p] = l.wrap(l.paras[p])
		l.estLines += len(l.lines[p]) - est
	}
	return l.lines[p]
}

// paraLines returns the exact or estimated number of lines of paragraph p.
func (l *Layout) paraLines(p int) int {
	if l.lines[p] != nil {
		return len(l.lines[p])
	}
	n := l.paras[p].end - l.paras[p].start
	est := int(float32(n)*l.avgChar*1.08/l.width) + 1
	return est
}

// TotalLines returns the number of visual lines, exact for laid-out
// paragraphs and estimated for the others.
func (l *Layout) TotalLines() int { return l.estLines }

// LinesBefore returns the exact or estimated number of visual lines above
// paragraph p.
func (l *Layout) LinesBefore(p int) int {
	n := 0
	for i := 0; i < p; i++ {
		n += l.paraLines(i)
	}
	return n
}

// ParaAtLine returns the paragraph that holds estimated line n and the
// line's index within it.
func (l *Layout) ParaAtLine(n int) (p, line int) {
	for p = 0; p < len(l.paras)-1; p++ {
		k := l.paraLines(p)
		if n < k {
			return p, n
		}
		n -= k
	}
	return p, n
}

// wrap breaks one paragraph greedily at spaces; spaces hang at the end of
// a line; a word wider than the line is broken between runes.
func (l *Layout) wrap(par span) []span {
	var out []span
	ls, x := par.start, float32(0)
	for i := par.start; i < par.end; {
		j := l.token(i, par.end)
		tw := l.w(i, j)
		if isSpace(l.runes[i]) || x+tw <= l.width {
			x += tw
			i = j
			continue
		}
		if ls < i {
			out = append(out, span{ls, i})
			ls, x = i, 0
			continue
		}
		k := l.fit(i, j) // a word wider than the line: its first part fills it
		x += l.w(i, k)
		i = k
	}
	return append(out, span{ls, par.end})
}

// fit returns the largest boundary k in (i, j] such that runes [i, k)
// fit the width, but at least the first boundary after i.
func (l *Layout) fit(i, j int) int {
	k := i + sort.Search(j-i, func(n int) bool { return l.w(i, i+n+1) > l.width })
	for k > i && !l.boundary(k) {
		k--
	}
	if k <= i {
		k = l.snap(i+1, 1)
	}
	return k
}

// isCont reports whether r continues the character before it: a
// combining mark, a joiner, a variation selector or an emoji modifier.
func isCont(r rune) bool {
	return r == '\u200d' || r >= 0xfe00 && r <= 0xfe0f || r >= 0x1f3fb && r <= 0x1f3ff ||
		r >= 0xe0020 && r <= 0xe007f || unicode.In(r, unicode.Mn, unicode.Me)
}

// boundary reports whether offset is between two user-perceived
// characters (approximately: not before a continuing rune, not after a
// zero-width joiner), so carets and selections can avoid splitting them.
func (l *Layout) boundary(off int) bool {
	if off <= 0 || off >= len(l.runes) {
		return true
	}
	return !isCont(l.runes[off]) && l.runes[off-1] != '\u200d'
}

// snap moves offset to the nearest boundary in direction dir (±1).
func (l *Layout) snap(off, dir int) int {
	off = clamp(off, 0, len(l.runes))
	for !l.boundary(off) {
		off += dir
	}
	return off
}

// Para returns the paragraph that holds offset; the offset of a '\n'
// belongs to the paragraph it ends.
func (l *Layout) Para(offset int) int {
	return sort.Search(len(l.paras), func(p int) bool { return l.paras[p].start > offset }) - 1
}

// LineAt returns the visual line that holds offset. An offset on a wrap
// boundary belongs to the line it starts.
func (l *Layout) LineAt(offset int) linePos {
	offset = clamp(offset, 0, len(l.runes))
	p := l.Para(offset)
	ls := l.Lines(p)
	i := sort.Search(len(ls), func(i int) bool { return ls[i].start > offset }) - 1
	return linePos{p, max(i, 0)}
}

// Line returns the rune span of a visual line.
func (l *Layout) Line(lp linePos) span { return l.Lines(lp.p)[lp.l] }

// LineText returns the text of a visual line.
func (l *Layout) LineText(lp linePos) string {
	s := l.Line(lp)
	return l.sub(s.start, s.end)
}

// Next returns the visual line after lp; ok is false at the end.
func (l *Layout) Next(lp linePos) (linePos, bool) {
	if lp.l+1 < len(l.Lines(lp.p)) {
		return linePos{lp.p, lp.l + 1}, true
	}
	if lp.p+1 < len(l.paras) {
		return linePos{lp.p + 1, 0}, true
	}
	return lp, false
}

// Prev returns the visual line before lp; ok is false at the start.
func (l *Layout) Prev(lp linePos) (linePos, bool) {
	if lp.l > 0 {
		return linePos{lp.p, lp.l - 1}, true
	}
	if lp.p > 0 {
		return linePos{lp.p - 1, len(l.Lines(lp.p-1)) - 1}, true
	}
	return lp, false
}

// X returns the x position of offset on line lp, measured from the line's
// start; offsets outside the line are clamped to it.
func (l *Layout) X(lp linePos, offset int) float32 {
	s := l.Line(lp)
	offset = clamp(offset, s.start, s.end)
	x := float32(0)
	for i := s.start; i < offset; {
		j := l.token(i, s.end)
		if j > offset {
			return x + l.w(i, offset)
		}
		x += l.w(i, j)
		i = j
	}
	return x
}

// OffsetAt returns the offset whose caret position is nearest to x on
// line lp.
func (l *Layout) OffsetAt(lp linePos, x float32) int {
	s := l.Line(lp)
	acc := float32(0)
	for i := s.start; i < s.end; {
		j := l.token(i, s.end)
		tw := l.w(i, j)
		if x < acc+tw {
			prev, pk := float32(0), i
			for k := i + 1; k <= j; k++ {
				if k < j && !l.boundary(k) {
					continue
				}
				wk := l.w(i, k)
				if x < acc+(prev+wk)/2 {
					return pk
				}
				prev, pk = wk, k
			}
			return j
		}
		acc += tw
		i = j
	}
	return s.end
}

// WordAt returns the word (a run of letters, digits and joiners) around
// offset, or the run of other non-space runes, or an empty span in space.
func (l *Layout) WordAt(offset int) span {
	if offset >= len(l.runes) || l.runes[offset] == '\n' {
		if offset > 0 && !isSpace(l.runes[offset-1]) && l.runes[offset-1] != '\n' {
			offset--
		} else {
			return span{offset, offset}
		}
	}
	class := wordClass(l.runes[offset])
	if class == 0 {
		return span{offset, offset}
	}
	a, b := offset, offset+1
	for a > 0 && (wordClass(l.runes[a-1]) == class || !l.boundary(a)) {
		a--
	}
	for b < len(l.runes) && (wordClass(l.runes[b]) == class || !l.boundary(b)) {
		b++
	}
	return span{l.snap(a, -1), b}
}

// wordClass is 0 for spaces and newlines, 1 for word runes, 2 for others.
func wordClass(r rune) int {
	switch {
	case r == ' ' || r == '\t' || r == '\n':
		return 0
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_':
		return 1
	}
	return 2
}

// Paragraph returns the hard line around offset, without its '\n'.
func (l *Layout) Paragraph(offset int) span { return l.paras[l.Para(offset)] }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

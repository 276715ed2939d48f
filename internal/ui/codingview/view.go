package codingview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// View shows a document's canonical text word-wrapped, with its coded
// ranges highlighted in their codes' colours and a margin of coding
// stripes on the left, and lets a coder select text with mouse and
// keyboard. Positions are rune offsets, the unit of qda.Coding.
//
// The view scrolls itself instead of living in a container.Scroll: a
// scroll container needs its content's full height, which means laying
// out the whole document before the first frame and keeping a canvas
// object per line. The view only lays out the paragraphs it shows (see
// Layout), keeps its position as an anchor line (see scroller), draws
// the visible lines from pooled canvas objects, and has a thin scroll bar
// of its own whose size and position are estimated for paragraphs not
// laid out yet. Its renderer clips to its bounds because it is
// fyne.Scrollable.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged is called with the selected range [start, end)
	// whenever it changes; start == end is a caret without selection.
	OnSelectionChanged func(start, end int)
	// OnCodingTapped is called with a coding's GUID when its stripe is
	// clicked; the coding's text is selected too.
	OnCodingTapped func(id qda.GUID)
	// OnHover is called with a description of the codings under the
	// mouse (codes, coders, memos), and with "" when there are none.
	OnHover func(info string)
	// OnTypedRune is called with each character typed while the view has
	// the focus; the text itself stays read-only.
	OnTypedRune func(r rune)
	// OnShortcut, if set, gets every shortcut the view does not handle
	// itself (undo, search, …); without it they go to the canvas'
	// shortcuts (uikit.ForwardShortcut).
	OnShortcut func(fyne.Shortcut)
	// OnEnter is called when Return or Enter is pressed while text is
	// selected and the view has the focus.
	OnEnter func()

	// Measure, if set before the view is shown, replaces fyne.MeasureText
	// for laying out text (tests use a deterministic one).
	Measure func(text string, size float32, style fyne.TextStyle) fyne.Size

	lay     *Layout
	sc      scroller
	codings []qda.Coding
	codes   map[qda.GUID]CodeStyle
	coders  map[qda.GUID]string
	filter  map[qda.GUID]bool
	compare []qda.GUID
	shown   []shown
	groups  []group

	anchor, caret int
	selCoding     qda.GUID
	goalX         float32 // x kept by up/down moves, -1 when unset

	focused, shift    bool
	dragging, dragOff bool
	doubleAt          time.Time
	// now is the clock of the triple-click detection (tests set it).
	now func() time.Time

	hover    []string
	hoverPos fyne.Position
	hoverKey string

	size    fyne.Size
	metric  metrics
	colW    float32 // labelled stripe column width, fitted to the view's width
	pending int     // offset to scroll to once laid out, -1 if none
	hits    []barHit
	labels  map[string]string
	sb      *scrollBar
}

// metrics are the sizes the view derives from its theme.
type metrics struct {
	textSize, labelSize float32
	textH, lineH        float32
	labelH              float32
	pad, scrollW, colW  float32
}

// barHit is a drawn stripe bar, for clicks and hovering.
type barHit struct {
	x, y, w, h float32
	idx        int
}

// New returns an empty view.
func New() *View {
	v := &View{lay: NewLayout("", func(string) float32 { return 0 }), goalX: -1, labels: map[string]string{}, pending: -1, now: time.Now}
	v.sc.lay = v.lay
	v.sb = newScrollBar(v)
	v.ExtendBaseWidget(v)
	return v
}

// SetDocument shows text with its codings; codes gives each code's name
// and colour. The selection is cleared and the view scrolls to the top.
func (v *View) SetDocument(text string, codings []qda.Coding, codes map[qda.GUID]CodeStyle) {
	hadSel := v.anchor != v.caret
	v.lay = NewLayout(text, v.measureText)
	v.sc = scroller{lay: v.lay, lineH: v.sc.lineH, viewH: v.sc.viewH}
	v.anchor, v.caret, v.selCoding, v.goalX, v.pending = 0, 0, "", -1, -1
	v.codings, v.codes = codings, codes
	v.rebuild()
	v.relayout(true)
	v.Refresh()
	if hadSel && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(0, 0)
	}
}

// SetCodings replaces the codings and code styles, keeping text, scroll
// position and selection; call it after codings or codes changed.
func (v *View) SetCodings(codings []qda.Coding, codes map[qda.GUID]CodeStyle) {
	v.codings, v.codes = codings, codes
	v.rebuild()
	v.relayout(false)
	v.Refresh()
}

// SetCoderNames sets the names shown for coders when hovering.
func (v *View) SetCoderNames(names map[qda.GUID]string) { v.coders = names }

// ShowCoders shows only the codings of the given coders; nil shows all.
func (v *View) ShowCoders(coders []qda.GUID) {
	v.filter = nil
	if coders != nil {
		v.filter = map[qda.GUID]bool{}
		for _, c := range coders {
			v.filter[c] = true
		}
	}
	v.rebuild()
	v.relayout(false)
	v.Refresh()
}

// CompareCoders puts the stripes of each given coder side by side, one
// group of columns per coder under the coder's name, and hides the
// codings of other coders; nil returns to one group for all codings.
func (v *View) CompareCoders(coders []qda.GUID) {
	v.compare = nil
	if len(coders) > 0 {
		v.compare = append([]qda.GUID(nil), coders...)
	}
	v.rebuild()
	v.relayout(false)
	v.Refresh()
}

// Selection returns the selected range [start, end); start == end when
// nothing is selected.
func (v *View) Selection() (start, end int) { return min(v.anchor, v.caret), max(v.anchor, v.caret) }

// SelectedText returns the selected text, rune-exact.
func (v *View) SelectedText() string {
	s, e := v.Selection()
	return v.lay.sub(s, e)
}

// SelectedCoding returns the coding whose stripe was clicked last, if it
// is still shown and selected.
func (v *View) SelectedCoding() qda.GUID { return v.selCoding }

// Select selects [start, end), clamped to the text, and scrolls to show
// its end.
func (v *View) Select(start, end int) {
	v.setSelection(start, end)
	v.reveal(v.caret)
	v.Refresh()
}

// ClearSelection drops the selection, leaving the caret at its end.
func (v *View) ClearSelection() {
	_, e := v.Selection()
	v.setSelection(e, e)
	v.Refresh()
}

// OffsetAt returns the text offset at p (relative to the view) and
// whether p lies on the text, not on the margin or the scroll bar.
func (v *View) OffsetAt(p fyne.Position) (int, bool) {
	if p.X < 0 || p.Y < 0 || p.X >= v.size.Width || p.Y >= v.size.Height || v.inStripes(p) || v.overBar(p) {
		return 0, false
	}
	return v.offsetAt(p), true
}

// ScrollTo scrolls so that the line holding offset is near the top
// (once the view has a size, if it has none yet).
func (v *View) ScrollTo(offset int) {
	v.pending = offset
	v.relayout(false)
	v.Refresh()
}

// setSelection sets anchor and caret, clamped, and reports a change.
func (v *View) setSelection(anchor, caret int) {
	n := v.lay.Len()
	anchor, caret = clamp(anchor, 0, n), clamp(caret, 0, n)
	s0, e0 := v.Selection()
	v.anchor, v.caret = anchor, caret
	if i := v.coding(v.selCoding); i < 0 || v.shown[i].c.Start != min(anchor, caret) || v.shown[i].c.End != max(anchor, caret) {
		v.selCoding = ""
	}
	if s, e := v.Selection(); (s != s0 || e != e0) && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(s, e)
	}
}

// reveal scrolls to show the line that holds offset.
func (v *View) reveal(offset int) {
	if v.lay.Width() > 0 {
		v.sc.reveal(v.lay.LineAt(offset))
	} else if v.pending < 0 {
		v.pending = offset
	}
}

// measureText measures s in the view's text font.
func (v *View) measureText(s string) float32 {
	return v.measureAt(s, v.metric.textSize).Width
}

func (v *View) measureAt(s string, size float32) fyne.Size {
	if v.Measure != nil {
		return v.Measure(s, size, fyne.TextStyle{})
	}
	return fyne.MeasureText(s, size, fyne.TextStyle{})
}

// updateMetrics reads sizes from the theme; it reports a change.
func (v *View) updateMetrics() bool {
	th := v.Theme()
	m := metrics{
		textSize:  th.Size(theme.SizeNameText),
		labelSize: th.Size(theme.SizeNameCaptionText),
		pad:       th.Size(theme.SizeNamePadding),
		scrollW:   th.Size(theme.SizeNameScrollBarSmall) + 4,
	}
	m.textH = v.measureAt("Ág", m.textSize).Height
	m.lineH = float32(int(m.textH + 8))
	m.labelH = v.measureAt("Ág", m.labelSize).Height
	m.colW = float32(int(v.measureAt("Kooperation", m.labelSize).Width + barW + 10))
	if m == v.metric {
		return false
	}
	v.metric = m
	v.labels = map[string]string{}
	return true
}

// header is the height of the coder names above the stripes in compare
// mode, 0 otherwise.
func (v *View) header() float32 {
	if v.compare == nil {
		return 0
	}
	return v.metric.lineH
}

// relayout applies size, theme and stripe margin to layout and
// scroller. Unless top is set it keeps the top line's first rune in view;
// it is cheap when nothing changed.
func (v *View) relayout(top bool) {
	if v.size.Width <= 0 || v.size.Height <= 0 {
		return
	}
	keep, dy := 0, float32(0)
	if !top && v.lay.Width() > 0 {
		keep, dy = v.lay.Line(v.sc.top).start, v.sc.dy
	}
	if v.updateMetrics() {
		v.lay.setMeasure(v.measureText)
	}
	m := v.metric
	v.fitColumns()
	v.sc.lineH = m.lineH
	v.sc.viewH = max(m.lineH, v.size.Height-v.contentTop())
	if v.lay.SetWidth(v.size.Width-v.textX()-m.scrollW-2*m.pad) || top {
		v.sc.top, v.sc.dy = v.lay.LineAt(keep), min(dy, m.lineH-1)
		if top {
			v.sc.dy = 0
		}
	}
	if v.pending >= 0 {
		v.sc.jump(v.lay.LineAt(v.pending))
		v.pending = -1
	}
	v.sc.by(0)
}

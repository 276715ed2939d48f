// Package pairview shows a pair of the intensive case studies side by
// side: the integration specialist's (IFK) view of a customer and the
// customer's own, in wave 1 and wave 2. Columns are IFK w1, customer w1,
// IFK w2, customer w2; rows are the aligned questions of the two
// guidelines (pairs.AlignGuidelines), grouped by theme, each cell with the
// answer from the protocol and the segments coded there. A line above the
// grid tells whether the customer came to the job centre before or after
// the programme started there.
package pairview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the pair view needs of an open project; *project.Project
// implements it.
type Source interface {
	// Pairs returns every pair, sorted by site and id.
	Pairs() ([]pairs.Pair, error)
	// PairView returns a pair side by side, by pair id or member interview.
	PairView(ref string) (*pairs.PairView, error)
}

// View is the side-by-side pair widget.
type View struct {
	widget.BaseWidget

	// OnOpen is called on the UI goroutine to open an interview's protocol
	// (the button in a column's heading).
	OnOpen func(interview qda.GUID)

	src     Source
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	pairs     *widget.Select
	pairIDs   []string
	info      *widget.RichText
	showEmpty *widget.Check
	header    *fyne.Container
	grid      *fyne.Container
	layout    *gridLayout
	headLay   *gridLayout
	scroll    *container.Scroll
	root      *fyne.Container

	current *pairs.PairView
	groups  []customerGroup  // the columns of the pair shown, by customer
	shown   []*pairs.PairRow // per grid row: the pair row, nil for a theme heading
	ref     string           // the pair shown (id)
}

// questionWidth is the width of the question column.
const questionWidth = 250

// New returns an empty pair view on src; errors go to onError. Call
// Update to load the pairs, ShowPair to pick one.
func New(src Source, onError func(error)) *View {
	v := &View{src: src, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.pairs = widget.NewSelect(nil, func(string) {
		if i := v.pairs.SelectedIndex(); i >= 0 && i < len(v.pairIDs) && v.pairIDs[i] != v.ref {
			ref := v.pairIDs[i]
			v.async(func() { v.load(ref) })
		}
	})
	v.pairs.PlaceHolder = lang.X("pairview.choose", "Choose a pair")
	v.info = widget.NewRichText()
	v.info.Wrapping = fyne.TextWrapWord
	v.showEmpty = widget.NewCheck(lang.X("pairview.showEmpty", "Show questions without answers"), func(bool) { v.rebuild() })
	v.layout = &gridLayout{cols: 1, first: questionWidth, minCol: minCustomerWidth}
	v.headLay = &gridLayout{cols: 1, first: questionWidth, minCol: minCustomerWidth}
	v.grid = container.New(v.layout)
	v.header = container.New(v.headLay)
	// The column heads scroll with the rows: with two customers they are
	// as high as four interviews' heads, too high to keep on screen.
	v.scroll = container.NewScroll(container.NewVBox(v.header, widget.NewSeparator(), v.grid))
	v.layout.onGrow = func() { v.scroll.Refresh() }
	v.headLay.onGrow = func() { v.scroll.Refresh() }
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	title := widget.NewLabelWithStyle(lang.X("pairview.title", "Pair"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bar := container.NewBorder(nil, nil, container.NewHBox(title, v.pairs), v.showEmpty)
	top := container.NewVBox(bar, v.info, widget.NewSeparator())
	v.root = container.NewBorder(top, nil, nil, nil, v.scroll)
	return widget.NewSimpleRenderer(v.root)
}

// Update reloads the list of pairs and the pair shown (the first pair if
// none is). It blocks, so call it off the UI goroutine.
func (v *View) Update() {
	ps, err := v.src.Pairs()
	if err != nil {
		v.do(func() { v.onError(err) })
		return
	}
	v.do(func() {
		v.pairIDs = nil
		var opts []string
		for _, p := range ps {
			v.pairIDs = append(v.pairIDs, p.ID)
			opts = append(opts, p.ID+" · "+p.Case)
		}
		v.pairs.SetOptions(opts)
	})
	ref := v.ref
	if ref == "" && len(ps) > 0 {
		ref = ps[0].ID
	}
	if ref != "" {
		v.load(ref)
	} else {
		v.do(func() { v.apply(nil) })
	}
}

// ShowPair loads the pair given by id or by one of its interviews. It blocks,
// so call it off the UI goroutine.
func (v *View) ShowPair(ref string) { v.load(ref) }

func (v *View) load(ref string) {
	pv, err := v.src.PairView(ref)
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.apply(pv)
	})
}

// apply shows a loaded pair. Call it on the UI goroutine.
func (v *View) apply(pv *pairs.PairView) {
	v.current = pv
	v.ref = ""
	if pv != nil {
		v.ref = pv.ID
		for i, id := range v.pairIDs {
			if id == pv.ID && v.pairs.SelectedIndex() != i {
				cb := v.pairs.OnChanged
				v.pairs.OnChanged = nil
				v.pairs.SetSelectedIndex(i)
				v.pairs.OnChanged = cb
			}
		}
	}
	v.info.Segments = infoSegments(pv)
	v.info.Refresh()
	v.rebuild()
}

// Current returns the pair shown, nil if none.
func (v *View) Current() *pairs.PairView { return v.current }

// infoSegments describe the pair's site and, in bold, its
// before/after-start flag.
func infoSegments(pv *pairs.PairView) []widget.RichTextSegment {
	if pv == nil {
		return []widget.RichTextSegment{plain(lang.X("pairview.none", "No pairs yet. An IFK interview is linked with a customer interview only in the command line so far (protocoder-cli pair link)."), widget.RichTextStyleInline)}
	}
	bold := widget.RichTextStyleStrong
	bold.Inline = true
	return []widget.RichTextSegment{
		plain(lang.X("pairview.info", "Site {{.Case}} · programme start {{.Start}} · customer since {{.Since}}",
			map[string]any{"Case": pv.Case, "Start": date(pv.Start.ProgrammeStart), "Since": date(pv.Start.CustomerSince)})+" · ", widget.RichTextStyleInline),
		plain(FlagText(pv.Start.Flag), bold),
	}
}

// FlagText names a start flag for people.
func FlagText(f pairs.StartFlag) string {
	switch f {
	case pairs.StartBefore:
		return lang.X("pairview.before", "customer before the programme start")
	case pairs.StartAfter:
		return lang.X("pairview.after", "customer since the programme start")
	}
	return lang.X("pairview.unknown", "before or after the start unknown")
}

func date(s string) string {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return i18n.Date(d)
	}
	return "–"
}

// rebuild lays out the header and rows of the current pair.
func (v *View) rebuild() {
	pv := v.current
	var head, cells []fyne.CanvasObject
	v.headLay.spans, v.layout.spans, v.shown = nil, nil, nil
	v.layout.height = 0
	v.groups = nil
	if pv != nil {
		v.groups = groupColumns(pv.Columns)
		v.layout.cols, v.headLay.cols = max(1, len(v.groups)), max(1, len(v.groups))
		head = append(head, widget.NewLabelWithStyle(lang.X("pairview.question", "Question"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, g := range v.groups {
			head = append(head, v.customerHead(pv, g))
		}
		v.headLay.spans = []int{len(head)}
		theme := "\x00"
		for ri := range pv.Rows {
			r := &pv.Rows[ri]
			if r.Empty() && !v.showEmpty.Checked {
				continue
			}
			if r.Theme != theme {
				theme = r.Theme
				if r.Theme != "" {
					cells = append(cells, themeRow(r.Theme))
					v.layout.spans = append(v.layout.spans, 1)
					v.shown = append(v.shown, nil)
				}
			}
			cells = append(cells, questionCell(*r, pv.Roles))
			for _, g := range v.groups {
				cells = append(cells, customerCell(pv, r, g))
			}
			v.layout.spans = append(v.layout.spans, len(v.groups)+1)
			v.shown = append(v.shown, r)
		}
	}
	v.header.Objects = head
	v.grid.Objects = cells
	v.header.Refresh()
	v.grid.Refresh()
	v.scroll.ScrollToTop()
	v.scroll.Refresh()
}

// ScrollToQuestion scrolls the grid to the row of a question given by
// its printed id on a side (0 the IFK's guideline, 1 the customer's), if
// the row is shown. Call it on the UI goroutine.
func (v *View) ScrollToQuestion(side int, id string) {
	for i, r := range v.shown {
		if r == nil || i >= len(v.layout.rowYs) {
			continue
		}
		if q := r.Questions[side]; q != nil && q.ID == id {
			y := v.layout.rowYs[i]
			if i > 0 && v.shown[i-1] == nil {
				y = v.layout.rowYs[i-1] // with its theme heading
			}
			// The rows sit below the column heads.
			v.scroll.ScrollToOffset(fyne.NewPos(0, v.grid.Position().Y+y))
			return
		}
	}
}

// columnHead names a column (wrapped, never cut off): role and wave, the interviewee, date and
// status, and a button that opens the protocol.
func (v *View) columnHead(c pairs.PairColumn) fyne.CanvasObject {
	role := c.RoleLabel
	if role == "" {
		role = c.Role
	}
	title := widget.NewLabelWithStyle(lang.X("pairview.column", "{{.Role}} · wave {{.Wave}}", map[string]any{"Role": role, "Wave": c.Wave}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	var sub string
	var open fyne.CanvasObject
	if m := c.Member; m != nil {
		sub = m.Interviewee + " · " + date(m.Date) + " · " + i18n.Status(m.Status)
		id := m.Interview
		b := widget.NewButtonWithIcon("", theme.DocumentIcon(), func() {
			if v.OnOpen != nil {
				v.OnOpen(id)
			}
		})
		b.Importance = widget.LowImportance
		open = b
	} else {
		sub = lang.X("pairview.notConducted", "not conducted")
	}
	detail := widget.NewLabel(sub)
	detail.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, nil, open, container.New(uikit.TightVBox{}, title, detail))
}

// customerGroup is a customer's columns: IFK about the customer and the
// customer, per wave (wave-major, as pairs.PairView lays them out).
type customerGroup struct {
	customer string
	cols     []int // indexes into PairView.Columns
}

// groupColumns groups the columns by customer, in order.
func groupColumns(cols []pairs.PairColumn) []customerGroup {
	var out []customerGroup
	for i, c := range cols {
		if n := len(out); n == 0 || out[n-1].customer != c.Customer {
			out = append(out, customerGroup{customer: c.Customer})
		}
		out[len(out)-1].cols = append(out[len(out)-1].cols, i)
	}
	return out
}

// customerHead is a customer column's head: the customer, then a head per
// interview, IFK beside customer, wave below wave.
func (v *View) customerHead(pv *pairs.PairView, g customerGroup) fyne.CanvasObject {
	var heads []fyne.CanvasObject
	for _, i := range g.cols {
		c := pv.Columns[i]
		if g.customer != "" {
			c.RoleLabel = "" // the customer is named above: the role's code is enough
		}
		heads = append(heads, v.columnHead(c))
	}
	sub := container.New(&cellsLayout{cols: 2}, heads...)
	if g.customer == "" {
		return sub
	}
	title := widget.NewLabelWithStyle(lang.X("pairview.customer", "Customer {{.Customer}}", map[string]any{"Customer": g.customer}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Importance = widget.HighImportance
	return container.New(uikit.TightVBox{}, title, sub)
}

// customerCell is what a customer's interviews say to one row: IFK beside
// customer, wave below wave, each part tagged with role and wave.
func customerCell(pv *pairs.PairView, r *pairs.PairRow, g customerGroup) fyne.CanvasObject {
	var parts []fyne.CanvasObject
	for _, i := range g.cols {
		col := pv.Columns[i]
		// The tag is quieter than the answer but readable: the placeholder
		// colour, not a low-importance label's (the disabled colour).
		tag := cellText(plain(lang.X("pairview.tag", "{{.Role}} w{{.Wave}}", map[string]any{"Role": col.Role, "Wave": col.Wave}),
			styled(true, false, theme.ColorNamePlaceHolder)))
		var body fyne.CanvasObject
		if col.Member == nil {
			body = cellText(plain(lang.X("pairview.notConducted", "not conducted"), styled(false, true, theme.ColorNamePlaceHolder)))
		} else {
			body = answerCell(r.Cells[i], true)
		}
		parts = append(parts, container.New(uikit.TightVBox{}, tag, body))
	}
	return container.New(&cellsLayout{cols: 2}, parts...)
}

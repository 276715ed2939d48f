// Package agreementview is the inter-coder agreement view: two coders,
// segment or character level, the overall figures (percent agreement,
// Cohen's κ, Krippendorff's α), the figures per code and the places where
// the coders differ, side by side; tapping one opens its document there.
package agreementview

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the view needs of an open project; *project.Project
// implements it.
type Source interface {
	// Users returns the project's users, sorted by name.
	Users() ([]qda.User, error)
	// Agreement computes the agreement of two or more coders.
	Agreement(req analysis.AgreementRequest) (*analysis.AgreementReport, error)
}

// View is the agreement view widget.
type View struct {
	widget.BaseWidget

	// OnOpen is called on the UI goroutine when a disagreement is tapped:
	// open the document at [start, end).
	OnOpen func(doc qda.GUID, start, end int)

	src     Source
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	coderA, coderB *widget.Select
	unit           *widget.RadioGroup
	overall        *widget.Label
	codes          *widget.Table
	places         *widget.List
	report         *analysis.AgreementReport

	mu     sync.Mutex // guards chosen, read by Update off the UI goroutine
	chosen [2]string  // the coders chosen
}

// New returns an empty agreement view on src; errors go to onError. Call
// Update to load it.
func New(src Source, onError func(error)) *View {
	v := &View{src: src, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.coderA = widget.NewSelect(nil, func(string) { v.compute() })
	v.coderA.PlaceHolder = i18n.Choose()
	v.coderB = widget.NewSelect(nil, func(string) { v.compute() })
	v.coderB.PlaceHolder = i18n.Choose()
	v.unit = widget.NewRadioGroup([]string{unitLabel(analysis.UnitSegment), unitLabel(analysis.UnitChar)}, func(string) { v.compute() })
	v.unit.Horizontal = true
	v.unit.Selected = unitLabel(analysis.UnitSegment)
	v.overall = widget.NewLabel(lang.X("agreementview.choose", "Choose two coders."))
	v.overall.Wrapping = fyne.TextWrapWord
	v.codes = widget.NewTableWithHeaders(v.codeRows, func() fyne.CanvasObject { return widget.NewLabel("") }, v.updateCode)
	v.codes.ShowHeaderColumn = false
	v.codes.UpdateHeader = v.updateHeader
	for c, w := range []float32{280, 90, 140, 80, 80} {
		v.codes.SetColumnWidth(c, w)
	}
	v.places = widget.NewList(v.placeCount, func() fyne.CanvasObject {
		head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := widget.NewLabel("")
		body.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(head, body)
	}, v.updatePlace)
	v.places.OnSelected = func(id widget.ListItemID) {
		if v.report != nil && id >= 0 && id < len(v.report.Disagreements) && v.OnOpen != nil {
			d := v.report.Disagreements[id]
			v.OnOpen(d.Document, d.Range.Start, d.Range.End)
		}
		v.places.UnselectAll()
	}
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	choice := uikit.NewFlow(0, widget.NewLabel(lang.X("agreementview.coders", "Coders")), v.coderA, v.coderB, v.unit)
	placesTitle := widget.NewLabelWithStyle(lang.X("agreementview.places", "Where the coders differ (tap to open)"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// One above the other, so that the table's columns (κ and α last)
	// and the disagreements' text get the whole width.
	split := container.NewVSplit(v.codes, container.NewBorder(placesTitle, nil, nil, nil, v.places))
	split.Offset = 0.55
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(choice, v.overall, widget.NewSeparator()), nil, nil, nil, split))
}

// defaultPairs bounds the coder pairs Update tries for a first choice.
const defaultPairs = 6

// Update loads the coders and computes the agreement of those chosen or,
// at first, of the first pair that coded a document in common. It blocks
// while loading, so call it off the UI goroutine.
func (v *View) Update() {
	users, err := v.src.Users()
	if err != nil {
		v.do(func() { v.onError(err) })
		return
	}
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = u.Name
	}
	v.mu.Lock()
	a, b := v.chosen[0], v.chosen[1]
	v.mu.Unlock()
	var rep *analysis.AgreementReport
	if a == "" && b == "" {
		a, b, rep = v.firstPair(names)
	}
	v.do(func() {
		v.coderA.Options, v.coderB.Options = names, names
		v.coderA.Selected, v.coderB.Selected = a, b
		v.coderA.Refresh()
		v.coderB.Refresh()
		if rep != nil {
			v.mu.Lock()
			v.chosen = [2]string{a, b}
			v.mu.Unlock()
			v.show(rep)
			return
		}
		v.compute()
	})
}

// firstPair returns the first pair of coders (of at most defaultPairs
// tried) whose agreement can be computed, with its report; else the
// first two names and no report.
func (v *View) firstPair(names []string) (string, string, *analysis.AgreementReport) {
	tried := 0
	for i := 0; i < len(names); i++ {
		for j := i + 1; j < len(names) && tried < defaultPairs; j++ {
			tried++
			if rep, err := v.src.Agreement(analysis.AgreementRequest{Coders: []string{names[i], names[j]}, Unit: analysis.UnitSegment}); err == nil {
				return names[i], names[j], rep
			}
		}
	}
	if len(names) >= 2 {
		return names[0], names[1], nil
	}
	return "", "", nil
}

// compute asks for the agreement of the chosen coders off the UI
// goroutine. Call it on the UI goroutine.
func (v *View) compute() {
	a, b := v.coderA.Selected, v.coderB.Selected
	v.mu.Lock()
	v.chosen = [2]string{a, b}
	v.mu.Unlock()
	if a == "" || b == "" || a == b {
		v.show(nil)
		return
	}
	req := analysis.AgreementRequest{Coders: []string{a, b}, Unit: analysis.UnitSegment}
	if v.unit.Selected == unitLabel(analysis.UnitChar) {
		req.Unit = analysis.UnitChar
	}
	v.async(func() {
		rep, err := v.src.Agreement(req)
		v.do(func() {
			if v.coderA.Selected != a || v.coderB.Selected != b {
				return
			}
			switch {
			case qda.ErrorCode(err) == qda.ENotFound:
				// Nothing to compare (no document coded by both): say
				// so in place, it is no failure.
				v.show(nil)
				v.overall.SetText(lang.X("agreementview.nothing", "{{.A}} and {{.B}} have not coded the same documents.",
					map[string]any{"A": a, "B": b}))
			case err != nil:
				v.onError(err)
			default:
				v.show(rep)
			}
		})
	})
}

// show puts a report (nil: none) on screen.
func (v *View) show(rep *analysis.AgreementReport) {
	v.report = rep
	if rep == nil {
		v.overall.SetText(lang.X("agreementview.choose", "Choose two coders."))
	} else {
		v.overall.SetText(lang.X("agreementview.overall",
			"Overall: {{.Percent}} agreement · Cohen's κ {{.Kappa}} · Krippendorff's α {{.Alpha}} — {{.Units}} units in {{.Docs}} documents both coded",
			map[string]any{"Percent": percent(rep.Overall.Percent), "Kappa": number(rep.Overall.Kappa), "Alpha": number(rep.Overall.Alpha),
				"Units": fmt.Sprintf("%.0f", rep.Overall.Units), "Docs": len(rep.Documents)}))
	}
	v.codes.Refresh()
	v.places.Refresh()
}

// Report returns the report shown, nil if none.
func (v *View) Report() *analysis.AgreementReport { return v.report }

func (v *View) codeRows() (int, int) {
	if v.report == nil {
		return 0, 5
	}
	return len(v.report.PerCode), 5
}

func (v *View) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	heads := []string{lang.X("agreementview.code", "Code"), lang.X("agreementview.units", "Units"),
		lang.X("agreementview.percent", "Agreement"), "κ", "α"}
	if id.Col >= 0 && id.Col < len(heads) {
		l := o.(*widget.Label)
		l.TextStyle.Bold = true
		l.SetText(heads[id.Col])
	}
}

func (v *View) updateCode(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if v.report == nil || id.Row >= len(v.report.PerCode) {
		l.SetText("")
		return
	}
	f := v.report.PerCode[id.Row]
	l.Truncation = fyne.TextTruncateEllipsis
	l.SetText([]string{f.Name, fmt.Sprintf("%.0f", f.Units), percent(f.Percent), number(f.Kappa), number(f.Alpha)}[id.Col])
}

func (v *View) placeCount() int {
	if v.report == nil {
		return 0
	}
	return len(v.report.Disagreements)
}

func (v *View) updatePlace(id widget.ListItemID, o fyne.CanvasObject) {
	if v.report == nil || id >= len(v.report.Disagreements) {
		return
	}
	d := v.report.Disagreements[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s [%d–%d]", d.DocName, d.Range.Start, d.Range.End))
	var sides []string
	for _, s := range d.Sides {
		code := s.CodeName
		if code == "" {
			code = lang.X("agreementview.uncoded", "(not coded)")
		}
		sides = append(sides, s.Coder+": "+code)
	}
	box.Objects[1].(*widget.Label).SetText(strings.Join(sides, " · "))
}

// unitLabel names a unit of comparison.
func unitLabel(unit string) string {
	if unit == analysis.UnitChar {
		return lang.X("agreementview.unitChar", "Characters")
	}
	return lang.X("agreementview.unitSegment", "Segments")
}

// percent formats a share (0–1) in per cent, "–" where undefined.
func percent(p *float64) string {
	if p == nil {
		return "–"
	}
	return i18n.Percent(*p)
}

// number formats κ or α, "–" where undefined.
func number(x *float64) string {
	if x == nil {
		return "–"
	}
	return i18n.Decimal(*x, 3)
}

// Package typologyview shows the typology with its history: per site the
// value of a case attribute (the implementation type "Umsetzungstyp" by
// default) and every recorded change of it — from which day the new value
// holds, the value before and the reason — and records a new change (one
// command), after which the matrix by that attribute counts each interview
// under the value valid on its date.
package typologyview

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the view needs of an open project; *project.Project
// implements it.
type Source interface {
	// Cases returns the sites with their attributes and histories.
	Cases() ([]qda.Case, error)
	// AttributeDefs returns the attribute definitions.
	AttributeDefs() ([]qda.AttributeDef, error)
	// CaseHistory returns a site's recorded changes, oldest first.
	CaseHistory(ref string) ([]study.AttrChangeRow, error)
	// ChangeCaseAttribute records a change from a day on, in one command.
	ChangeCaseAttribute(ref, attribute, value, from, reason string) (*qda.Case, error)
}

// DefaultAttribute is the attribute shown first: the implementation type.
const DefaultAttribute = "Umsetzungstyp"

// View is the typology widget.
type View struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after a change was recorded.
	OnChanged func()

	src     Source
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	defs     []qda.AttributeDef // case attributes
	cases    []qda.Case
	shown    []qda.Case // after the filter
	attr     *qda.AttributeDef
	selected string // name of the site shown
	history  []study.AttrChangeRow

	attrs    *widget.Select
	onlyChg  *widget.Check
	count    *widget.Label
	list     *widget.List
	hint     *widget.Label
	detail   *fyne.Container
	title    *widget.Label
	current  *widget.Label
	entries  *fyne.Container
	value    *widget.SelectEntry
	from     *widget.Entry
	reason   *widget.Entry
	record   *widget.Button
	formHead *widget.Label
}

// New returns an empty view on src; errors go to onError. Call Update to
// load it.
func New(src Source, onError func(error)) *View {
	v := &View{src: src, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.attrs = widget.NewSelect(nil, func(string) {
		if i := v.attrs.SelectedIndex(); i >= 0 && i < len(v.defs) && (v.attr == nil || v.attr.GUID != v.defs[i].GUID) {
			v.attr = &v.defs[i]
			v.apply()
		}
	})
	v.attrs.PlaceHolder = i18n.Choose()
	v.onlyChg = widget.NewCheck(lang.X("typology.onlyChanged", "Only sites with changes"), func(bool) { v.apply() })
	v.count = widget.NewLabel("")
	v.list = widget.NewList(func() int { return len(v.shown) }, func() fyne.CanvasObject {
		name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		val := widget.NewLabel("")
		val.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, name, nil, val)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(v.shown) {
			return
		}
		c := o.(*fyne.Container)
		c.Objects[1].(*widget.Label).SetText(v.shown[i].Name)
		c.Objects[0].(*widget.Label).SetText(v.rowText(&v.shown[i]))
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(v.shown) {
			v.selected = v.shown[i].Name
			name := v.selected
			v.async(func() { v.loadHistory(name) })
		}
	}
	v.hint = widget.NewLabel(lang.X("typology.hint", "Select a site to see how its type changed and to record a change."))
	v.hint.Wrapping = fyne.TextWrapWord
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.current = widget.NewLabel("")
	v.current.Wrapping = fyne.TextWrapWord
	v.entries = container.NewVBox()
	v.value = widget.NewSelectEntry(nil)
	v.from = widget.NewEntry()
	v.from.SetPlaceHolder(lang.X("typology.datePlaceholder", "YYYY-MM-DD"))
	v.reason = widget.NewMultiLineEntry()
	v.reason.Wrapping = fyne.TextWrapWord
	v.reason.SetMinRowsVisible(2)
	v.record = widget.NewButtonWithIcon(lang.X("typology.record", "Record the change"), theme.ConfirmIcon(), v.recordChange)
	v.record.Importance = widget.HighImportance
	v.formHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.formHead.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.X("typology.newValue", "New value"), v.value),
		widget.NewFormItem(lang.X("typology.from", "Holds from"), v.from),
		widget.NewFormItem(lang.X("typology.reason", "Reason"), v.reason))
	histHead := widget.NewLabelWithStyle(lang.X("typology.history", "Changes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.detail = container.NewVBox(v.title, v.current, histHead, v.entries, widget.NewSeparator(), v.formHead, form,
		container.NewHBox(v.record))
	v.detail.Hide()
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	title := widget.NewLabelWithStyle(lang.X("typology.title", "Typology"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	attrs := container.NewGridWrap(fyne.NewSize(200, v.attrs.MinSize().Height), v.attrs)
	bar := uikit.NewFlow(0, title, widget.NewLabel(lang.X("typology.attribute", "Attribute")), attrs, v.onlyChg)
	left := container.NewBorder(v.count, nil, nil, nil, v.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewVBox(v.hint, v.detail)))
	split.Offset = 0.4
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, split))
}

// MinSize keeps the view narrow: the list truncates, the detail wraps.
func (v *View) MinSize() fyne.Size { return fyne.NewSize(480, 360) }

// Update loads the sites and the attribute definitions. It blocks, so call
// it off the UI goroutine.
func (v *View) Update() {
	cases, err := v.src.Cases()
	var defs []qda.AttributeDef
	if err == nil {
		defs, err = v.src.AttributeDefs()
	}
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.cases = cases
		v.defs = v.defs[:0]
		var names []string
		for _, d := range defs {
			if d.Scope == qda.ScopeCase {
				v.defs = append(v.defs, d)
				names = append(names, d.Name)
			}
		}
		want := DefaultAttribute
		if v.attr != nil {
			want = v.attr.Name
		}
		v.attr = nil
		i := slices.IndexFunc(v.defs, func(d qda.AttributeDef) bool { return strings.EqualFold(d.Name, want) })
		if i < 0 && len(v.defs) > 0 {
			i = 0
		}
		if i >= 0 {
			v.attr = &v.defs[i]
		}
		cb := v.attrs.OnChanged
		v.attrs.OnChanged = nil
		v.attrs.SetOptions(names)
		if i >= 0 {
			v.attrs.SetSelectedIndex(i)
		}
		v.attrs.OnChanged = cb
		// Selecting the site shown before (apply) reloads its history.
		v.apply()
	})
}

// apply filters the sites and shows them. Call it on the UI goroutine.
func (v *View) apply() {
	v.shown = v.shown[:0]
	changed := 0
	for _, c := range v.cases {
		n := v.changes(&c)
		if n > 0 {
			changed++
		}
		if !v.onlyChg.Checked || n > 0 {
			v.shown = append(v.shown, c)
		}
	}
	v.count.SetText(lang.X("typology.count", "{{.N}} sites, {{.Changed}} re-typed", map[string]any{"N": len(v.cases), "Changed": changed}))
	v.list.UnselectAll()
	v.list.Refresh()
	for i, c := range v.shown {
		if c.Name == v.selected {
			v.list.Select(i)
			v.fillDetail()
			return
		}
	}
	v.selected = ""
	v.fillDetail()
}

// changes counts a site's recorded changes of the attribute shown.
func (v *View) changes(c *qda.Case) int {
	if v.attr == nil {
		return 0
	}
	n := 0
	for _, h := range c.History {
		if h.Attribute == v.attr.GUID {
			n++
		}
	}
	return n
}

// rowText is a site's value of the attribute and its number of changes.
func (v *View) rowText(c *qda.Case) string {
	if v.attr == nil {
		return ""
	}
	val := c.Attributes[v.attr.GUID]
	if val == "" {
		val = "–"
	}
	if n := v.changes(c); n > 0 {
		// The values before, oldest first (an arrow is missing from the
		// UI font).
		var before []string
		for _, h := range c.History {
			if h.Attribute == v.attr.GUID {
				before = append(before, dash(h.Previous))
			}
		}
		return val + "  " + lang.X("typology.before", "(before: {{.Values}})", map[string]any{"Values": strings.Join(before, ", ")})
	}
	return val
}

// Shown returns the sites listed.
func (v *View) Shown() []qda.Case { return v.shown }

// Select shows a site by name; before the view is loaded, once it is.
// Call it on the UI goroutine.
func (v *View) Select(name string) {
	for i, c := range v.shown {
		if c.Name == name {
			v.list.Select(i)
			return
		}
	}
	v.selected = name
}

// loadHistory loads a site's changes. It blocks.
func (v *View) loadHistory(name string) {
	h, err := v.src.CaseHistory(name)
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		if name == v.selected {
			v.history = h
			v.fillDetail()
		}
	})
}

func (v *View) site() *qda.Case {
	for i := range v.cases {
		if v.cases[i].Name == v.selected {
			return &v.cases[i]
		}
	}
	return nil
}

// fillDetail shows the selected site. Call it on the UI goroutine.
func (v *View) fillDetail() {
	c := v.site()
	if c == nil || v.attr == nil {
		v.detail.Hide()
		v.hint.Show()
		return
	}
	v.hint.Hide()
	v.detail.Show()
	v.title.SetText(c.Name + " · " + i18n.CaseKind(c.Kind))
	val := c.Attributes[v.attr.GUID]
	if val == "" {
		val = "–"
	}
	v.current.SetText(lang.X("typology.current", "{{.Attribute}} now: {{.Value}}", map[string]any{"Attribute": v.attr.Name, "Value": val}))
	v.entries.Objects = nil
	for _, h := range v.history {
		if !strings.EqualFold(h.Attribute, v.attr.Name) {
			continue
		}
		head := widget.NewLabelWithStyle(lang.X("typology.entry", "from {{.From}}: {{.Value}} (before: {{.Previous}})",
			map[string]any{"From": date(h.From), "Previous": dash(h.Previous), "Value": h.Value}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		reason := widget.NewLabel(h.Reason)
		reason.Wrapping = fyne.TextWrapWord
		objs := []fyne.CanvasObject{head, reason}
		if h.Recorded != "" {
			rec := widget.NewLabel(lang.X("typology.recorded", "recorded {{.Date}}", map[string]any{"Date": date(h.Recorded)}))
			rec.Importance = widget.LowImportance
			objs = append(objs, rec)
		}
		v.entries.Add(container.New(uikit.TightVBox{}, objs...))
	}
	if len(v.entries.Objects) == 0 {
		v.entries.Add(widget.NewLabel(lang.X("typology.noChanges", "No change recorded: the value holds from the start.")))
	}
	v.entries.Refresh()
	v.formHead.SetText(lang.X("typology.newChange", "Record a change of {{.Attribute}}", map[string]any{"Attribute": v.attr.Name}))
	v.value.SetOptions(v.attr.Choices)
}

func date(s string) string {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return i18n.Date(d)
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// recordChange records the change entered in the form.
func (v *View) recordChange() {
	c := v.site()
	if c == nil || v.attr == nil {
		return
	}
	value, from, reason := strings.TrimSpace(v.value.Text), strings.TrimSpace(v.from.Text), strings.TrimSpace(v.reason.Text)
	if _, err := time.Parse(time.DateOnly, from); err != nil {
		v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("typology.badDate", "The day the new value holds from is written YYYY-MM-DD, e.g. 2014-02-11.")))
		return
	}
	if value == "" || reason == "" {
		v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("typology.needValueReason", "Give the new value and the reason for the change.")))
		return
	}
	name, attr := c.Name, v.attr.Name
	v.async(func() {
		if _, err := v.src.ChangeCaseAttribute(name, attr, value, from, reason); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.do(func() {
			v.value.SetText("")
			v.from.SetText("")
			v.reason.SetText("")
		})
		v.Update()
		v.do(func() {
			if v.OnChanged != nil {
				v.OnChanged()
			}
		})
	})
}

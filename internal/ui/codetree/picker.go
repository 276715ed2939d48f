package codetree

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// PickOptions tune PickCode.
type PickOptions struct {
	// Exclude hides codes that may not be chosen.
	Exclude func(qda.GUID) bool
	// TopLevel offers "top level" (the empty GUID) as the first choice.
	TopLevel bool
	// Selected is chosen at the start, if shown.
	Selected qda.GUID
}

// picker is the content of the code picker dialog.
type picker struct {
	all    []pickItem
	shown  []pickItem
	chosen *pickItem
	list   *widget.List
	filter *widget.Entry
}

// pickItem is a choice of the picker.
type pickItem struct {
	code  qda.GUID
	name  string // the name, indented by depth; the path when filtering
	path  string
	raw   string // the code's own name, which the filter searches
	color string
}

// PickCode shows a dialog that lets the user choose a code of codes (in
// tree order), with a filter field; ok gets the chosen GUID ("" for the
// top level).
func PickCode(win fyne.Window, title string, codes []qda.Code, o PickOptions, ok func(qda.GUID)) {
	p := newPicker(codes, o)
	content := container.NewBorder(p.filter, nil, nil, nil, p.list)
	d := dialog.NewCustomConfirm(title, lang.X("codetree.ok", "OK"), lang.X("codetree.cancel", "Cancel"), content, func(yes bool) {
		if yes && p.chosen != nil {
			ok(p.chosen.code)
		}
	}, win)
	p.list.OnSelected = func(i widget.ListItemID) { it := p.shown[i]; p.chosen = &it }
	d.Resize(fyne.NewSize(520, 480))
	d.Show()
	win.Canvas().Focus(p.filter)
}

func newPicker(codes []qda.Code, o PickOptions) *picker {
	p := &picker{}
	byID := map[qda.GUID]qda.Code{}
	for _, c := range codes {
		byID[c.GUID] = c
	}
	if o.TopLevel {
		top := lang.X("codetree.top", "top level")
		p.all = append(p.all, pickItem{name: "⟨" + top + "⟩", path: top, raw: top})
	}
	for _, c := range codes {
		if o.Exclude != nil && o.Exclude(c.GUID) {
			continue
		}
		var path []string
		for q, n := c, 0; n <= len(codes); n++ {
			path = append([]string{q.Name}, path...)
			pq, ok := byID[q.Parent]
			if !ok {
				break
			}
			q = pq
		}
		p.all = append(p.all, pickItem{code: c.GUID, color: c.Color, path: strings.Join(path, " › "), raw: c.Name,
			name: strings.Repeat("    ", len(path)-1) + c.Name})
	}
	p.shown = p.all
	p.list = widget.NewList(func() int { return len(p.shown) }, func() fyne.CanvasObject {
		chip := canvas.NewRectangle(color.Transparent)
		chip.CornerRadius = 3
		chip.SetMinSize(fyne.NewSquareSize(12))
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, container.NewCenter(chip), nil, l)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		it := p.shown[i]
		box := o.(*fyne.Container)
		box.Objects[0].(*widget.Label).SetText(it.name)
		chip := box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
		chip.FillColor = color.Transparent
		if it.code != "" {
			chip.FillColor = ParseColor(it.color)
		}
		chip.Refresh()
	})
	p.filter = widget.NewEntry()
	p.filter.SetPlaceHolder(lang.X("codetree.pick.filter", "Filter codes…"))
	p.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.filter.OnChanged = p.setFilter
	for i, it := range p.shown {
		if it.code == o.Selected && o.Selected != "" {
			p.list.Select(i)
			p.chosen = &p.shown[i]
		}
	}
	return p
}

// setFilter shows the codes whose own name contains s (ignoring case), with
// their paths; "" shows the tree again.
func (p *picker) setFilter(s string) {
	s = strings.ToLower(strings.TrimSpace(s))
	p.list.UnselectAll()
	p.chosen = nil
	if s == "" {
		p.shown = p.all
	} else {
		p.shown = nil
		for _, it := range p.all {
			if strings.Contains(strings.ToLower(it.raw), s) {
				it.name = it.path
				p.shown = append(p.shown, it)
			}
		}
	}
	p.list.Refresh()
	if len(p.shown) == 1 {
		p.list.Select(0)
		p.chosen = &p.shown[0]
	}
}

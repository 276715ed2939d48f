package codetree

import (
	"image/color"
	"sort"
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

// askName asks for a code name, prefilled with old; empty names are not
// accepted.
func (c *CodeTree) askName(title, old string, ok func(name string)) {
	e := widget.NewEntry()
	e.SetText(old)
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return qda.Errorf(qda.EInvalid, "%s", lang.X("codetree.name.empty", "A code needs a name."))
		}
		return nil
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.X("codetree.name", "Name"), e)}
	d := dialog.NewForm(title, lang.X("codetree.ok", "OK"), lang.X("codetree.cancel", "Cancel"), items, func(yes bool) {
		if yes {
			ok(strings.TrimSpace(e.Text))
		}
	}, c.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	c.win.Canvas().Focus(e)
}

// askMemo edits a code's description and memo.
func (c *CodeTree) askMemo(code qda.Code, ok func(desc, memo string)) {
	desc, memo := widget.NewMultiLineEntry(), widget.NewMultiLineEntry()
	desc.Wrapping, memo.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
	desc.SetMinRowsVisible(3)
	memo.SetMinRowsVisible(6)
	desc.SetText(code.Description)
	memo.SetText(code.Memo)
	desc.SetPlaceHolder(lang.X("codetree.desc.hint", "When is the code applied?"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("codetree.desc", "Description"), desc),
		widget.NewFormItem(lang.X("codetree.memo", "Memo"), memo),
	}
	title := lang.X("codetree.memo.title", "“{{.Name}}”: description and memo", map[string]any{"Name": code.Name})
	d := dialog.NewForm(title, lang.X("codetree.save", "Save"), lang.X("codetree.cancel", "Cancel"), items, func(yes bool) {
		if yes {
			ok(strings.TrimSpace(desc.Text), strings.TrimSpace(memo.Text))
		}
	}, c.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// pickColor shows the palette; a tap on a swatch picks its colour.
func (c *CodeTree) pickColor(current string, ok func(string)) {
	var d *dialog.CustomDialog
	grid := container.NewGridWithColumns(8)
	for _, col := range qda.Palette {
		grid.Add(newSwatch(col, col == strings.ToLower(current), func() {
			d.Hide()
			if col != strings.ToLower(current) {
				ok(col)
			}
		}))
	}
	d = dialog.NewCustom(lang.X("codetree.color.title", "Choose a colour"), lang.X("codetree.cancel", "Cancel"), grid, c.win)
	d.Show()
}

// swatch is a tappable colour square of the palette dialog.
type swatch struct {
	widget.BaseWidget
	color   string
	current bool
	tapped  func()
}

func newSwatch(col string, current bool, tapped func()) *swatch {
	s := &swatch{color: col, current: current, tapped: tapped}
	s.ExtendBaseWidget(s)
	return s
}

// Tapped picks the swatch's colour.
func (s *swatch) Tapped(*fyne.PointEvent) { s.tapped() }

// CreateRenderer implements fyne.Widget.
func (s *swatch) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(ParseColor(s.color))
	r.CornerRadius = 6
	r.SetMinSize(fyne.NewSquareSize(36))
	if s.current {
		r.StrokeColor = theme.Color(theme.ColorNameForeground)
		r.StrokeWidth = 3
	} else {
		r.StrokeColor = color.NRGBA{A: 0x30}
		r.StrokeWidth = 1
	}
	return widget.NewSimpleRenderer(r)
}

// sortedCodes returns the codebook as loaded, in tree order.
func (c *CodeTree) sortedCodes() []qda.Code {
	codes := make([]qda.Code, 0, len(c.codes))
	for _, code := range c.codes {
		codes = append(codes, code)
	}
	return SortCodes(codes)
}

// SortCodes returns codes in tree order: depth first, siblings by order
// and name; codes whose parent is missing come at the top level.
func SortCodes(codes []qda.Code) []qda.Code {
	byID := map[qda.GUID]bool{}
	for _, c := range codes {
		byID[c.GUID] = true
	}
	kids := map[qda.GUID][]qda.Code{}
	for _, c := range codes {
		p := c.Parent
		if !byID[p] {
			p = ""
		}
		kids[p] = append(kids[p], c)
	}
	var out []qda.Code
	var walk func(p qda.GUID)
	walk = func(p qda.GUID) {
		ks := kids[p]
		sort.SliceStable(ks, func(i, j int) bool {
			if ks[i].Order != ks[j].Order {
				return ks[i].Order < ks[j].Order
			}
			return ks[i].Name < ks[j].Name
		})
		for _, k := range ks {
			out = append(out, k)
			if k.GUID != p {
				walk(k.GUID)
			}
		}
	}
	walk("")
	return out
}

package workbench

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/codetree"
)

// updateChips shows the recently used codes as chips "1 name", …
func (w *Workbench) updateChips() {
	w.chips.Objects = w.chips.Objects[:0]
	for i, u := range w.used {
		code, ok := w.codes[u.code]
		if !ok {
			continue
		}
		w.chips.Objects = append(w.chips.Objects, newChip(strconv.Itoa(i+1), code, func() { w.Apply(code.GUID) }))
	}
	w.recent.Hidden = len(w.chips.Objects) == 0
	w.recent.Refresh()
	w.chips.Refresh()
}

// updateActions enables the actions that apply now and names the code
// to apply and the picked coding.
func (w *Workbench) updateActions() {
	sel := w.HasSelection()
	if w.current != "" {
		w.apply.SetText(lang.X("workbench.apply", "Code with “{{.Code}}”", map[string]any{"Code": short(w.codeName(w.current), 28)}))
	} else {
		w.apply.SetText(lang.X("workbench.applyNone", "Code: choose a code on the right"))
	}
	enable(w.apply, sel && w.current != "")
	enable(w.vivo, sel)
	c := w.coding(w.active)
	for _, b := range []*widget.Button{w.recode, w.memo, w.remove} {
		enable(b, c != nil)
	}
	s, e := w.view.Selection()
	enable(w.resize, c != nil && e > s && (s != c.Start || e != c.End))
	if c == nil {
		w.codeL.SetText(lang.X("workbench.noCoding", "Click a stripe to edit its coding"))
		w.codeL.Importance = widget.LowImportance
	} else {
		text := lang.X("workbench.coding", "{{.Code}} · {{.Coder}}", map[string]any{"Code": w.codeName(c.Code), "Coder": w.coderName(c.Coder)})
		if c.Memo != "" {
			text += " — " + short(c.Memo, 40)
		}
		w.codeL.SetText(text)
		w.codeL.Importance = widget.MediumImportance
	}
	w.codeL.Refresh()
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// chip is a recently used code: its key, colour and name; a tap applies
// the code.
type chip struct {
	widget.BaseWidget
	key    string
	code   qda.Code
	tapped func()
}

func newChip(key string, code qda.Code, tapped func()) *chip {
	c := &chip{key: key, code: code, tapped: tapped}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped applies the chip's code.
func (c *chip) Tapped(*fyne.PointEvent) { c.tapped() }

// CreateRenderer implements fyne.Widget.
func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	col := codetree.ParseColor(c.code.Color).(color.NRGBA)
	bg := canvas.NewRectangle(color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x38})
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = col, 1, 10
	key := canvas.NewText(c.key, theme.Color(theme.ColorNameForeground))
	key.TextStyle = fyne.TextStyle{Bold: true}
	key.TextSize = theme.Size(theme.SizeNameCaptionText)
	name := canvas.NewText(short(c.code.Name, 22), theme.Color(theme.ColorNameForeground))
	name.TextSize = theme.Size(theme.SizeNameCaptionText)
	return &chipRenderer{bg: bg, key: key, name: name}
}

type chipRenderer struct {
	bg        *canvas.Rectangle
	key, name *canvas.Text
}

const chipPad = 8

func (r *chipRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	k, n := r.key.MinSize(), r.name.MinSize()
	r.key.Move(fyne.NewPos(chipPad, (size.Height-k.Height)/2))
	r.name.Move(fyne.NewPos(chipPad+k.Width+5, (size.Height-n.Height)/2))
}

func (r *chipRenderer) MinSize() fyne.Size {
	k, n := r.key.MinSize(), r.name.MinSize()
	return fyne.NewSize(2*chipPad+k.Width+5+n.Width, max(k.Height, n.Height)+8)
}

func (r *chipRenderer) Refresh() {
	r.key.Color = theme.Color(theme.ColorNameForeground)
	r.name.Color = r.key.Color
	canvas.Refresh(r.bg)
}

func (r *chipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.key, r.name} }

func (r *chipRenderer) Destroy() {}

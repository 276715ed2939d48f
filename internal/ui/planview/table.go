package planview

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// cellText returns what a cell shows and how: its text, whether it is bold
// and its colour (nil for the theme's foreground).
func (v *View) cellText(r tableRow, col int) (string, bool, fyne.ThemeColorName) {
	switch col {
	case colCase:
		if r.kind == rowTotal {
			return lang.X("planview.total", "Total"), true, ""
		}
		return r.cse, false, ""
	case colRole:
		return r.roleText(), false, ""
	}
	w := v.waves[(col-colWaves)/perWave]
	c, ok := r.waves[w]
	if !ok {
		return "", false, ""
	}
	bold := r.kind == rowTotal
	k := (col - colWaves) % perWave
	switch k {
	case 0:
		if c.Planned == 0 && c.Optional == 0 {
			return "–", bold, theme.ColorNamePlaceHolder
		}
		return plannedText(c.Planned, c.Optional), bold, ""
	case 1:
		if c.Conducted > c.Planned+c.Optional {
			return fmt.Sprint(c.Conducted), true, theme.ColorNameWarning
		}
		return fmt.Sprint(c.Conducted), bold, ""
	case 2:
		return fmt.Sprint(c.Final), bold, ""
	case 3, 4: // refused, dropped
		n := c.Refused
		if k == 4 {
			n = c.Dropped
		}
		if n == 0 {
			return "–", bold, theme.ColorNamePlaceHolder
		}
		return fmt.Sprint(n), true, theme.ColorNameWarning
	default:
		if c.Missing > 0 {
			return fmt.Sprint(c.Missing), true, theme.ColorNameError
		}
		return "0", bold, theme.ColorNameSuccess
	}
}

func (v *View) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(v.rows) {
		return
	}
	c := o.(*fyne.Container)
	bg, label := c.Objects[0].(*canvas.Rectangle), c.Objects[1].(*widget.Label)
	heading := c.Objects[2].(*fyne.Container).Objects[0].(*canvas.Text)
	r := v.rows[id.Row]
	bg.FillColor = color.Transparent
	switch {
	case r.kind == rowLevel:
		bg.FillColor = levelTint()
	case r.kind == rowTotal:
		bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	case id.Row == v.selected && id.Col >= colWaves && v.waves[(id.Col-colWaves)/perWave] == v.selWave:
		bg.FillColor = theme.Color(theme.ColorNameSelection)
	}
	bg.Refresh()
	if r.kind == rowLevel {
		label.Hide()
		heading.Text = ""
		if id.Col == colCase {
			heading.Text = i18n.Level(r.level)
		}
		heading.Color = theme.Color(theme.ColorNameForeground)
		heading.Show()
		heading.Refresh()
		return
	}
	heading.Hide()
	label.Show()
	text, bold, col := v.cellText(r, id.Col)
	label.Alignment = fyne.TextAlignTrailing
	if id.Col < colWaves {
		label.Alignment = fyne.TextAlignLeading
	}
	label.TextStyle.Bold = bold
	label.Importance = widget.MediumImportance
	switch col {
	case theme.ColorNameError:
		label.Importance = widget.DangerImportance
	case theme.ColorNameWarning:
		label.Importance = widget.WarningImportance
	case theme.ColorNameSuccess:
		label.Importance = widget.SuccessImportance
	case theme.ColorNamePlaceHolder:
		label.Importance = widget.LowImportance
	}
	label.SetText(text)
	label.Refresh()
}

func (v *View) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	top, bottom := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
	top.SetText("")
	switch {
	case id.Col == colCase:
		bottom.SetText(lang.X("planview.colCase", "Site"))
	case id.Col == colRole:
		bottom.SetText(lang.X("planview.colRole", "Role"))
	default:
		k := (id.Col - colWaves) % perWave
		if k == 0 {
			top.SetText(lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": v.waves[(id.Col-colWaves)/perWave]}))
		}
		bottom.SetText([]string{lang.X("planview.colPlanned", "Planned"), lang.X("planview.colConducted", "Conducted"),
			lang.X("planview.colFinal", "Final"), lang.X("planview.colRefused", "Refused"), lang.X("planview.colDropped", "Dropped"),
			lang.X("planview.colMissing", "Missing")}[k])
		bottom.Alignment = fyne.TextAlignTrailing
		return
	}
	bottom.Alignment = fyne.TextAlignLeading
}

// cellSelected selects a case × role × wave for editing.
func (v *View) cellSelected(id widget.TableCellID) {
	v.table.UnselectAll()
	if id.Row < 0 || id.Row >= len(v.rows) || v.rows[id.Row].kind != rowCell {
		v.selected = -1
	} else {
		v.selected = id.Row
		w := 0
		if id.Col >= colWaves {
			w = (id.Col - colWaves) / perWave
		}
		v.selWave = v.waves[w]
	}
	v.table.Refresh()
	v.edit.show()
}

// levelTint is the background of a level's heading row: the primary
// colour, faint.
func levelTint() color.Color {
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x38}
}

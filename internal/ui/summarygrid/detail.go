package summarygrid

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// detail shows the selected cell: its segments with their sources and the
// summary editor.
type detail struct {
	v        *View
	box      fyne.CanvasObject
	title    *widget.Label
	question *widget.Label
	segs     *fyne.Container
	scroll   *container.Scroll
	editor   *widget.Entry
	save     *widget.Button
	revert   *widget.Button
	status   *widget.Label

	row, col int
	target   qda.GUID
	code     qda.GUID
	stored   string // the summary as saved
}

func newDetail(v *View) *detail {
	d := &detail{v: v, row: -1, col: -1}
	d.title = widget.NewLabelWithStyle(lang.X("summarygrid.pick", "Select a cell to see its segments and write the summary."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.title.Wrapping = fyne.TextWrapWord
	d.question = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	d.question.Wrapping = fyne.TextWrapWord
	d.segs = container.NewVBox()
	d.scroll = container.NewVScroll(d.segs)
	d.editor = widget.NewMultiLineEntry()
	d.editor.Wrapping = fyne.TextWrapWord
	d.editor.SetMinRowsVisible(6)
	d.editor.SetPlaceHolder(lang.X("summarygrid.placeholder", "What does this case say about the question? Condense the segments in your own words."))
	d.editor.OnChanged = func(string) { d.updateButtons() }
	d.save = widget.NewButtonWithIcon(lang.X("summarygrid.save", "Save summary"), theme.DocumentSaveIcon(), d.saveNow)
	d.save.Importance = widget.HighImportance
	d.revert = widget.NewButtonWithIcon(lang.X("summarygrid.revert", "Discard changes"), theme.ContentUndoIcon(), func() {
		d.editor.SetText(d.stored)
	})
	d.status = widget.NewLabel("")
	editor := container.NewBorder(
		widget.NewLabelWithStyle(lang.X("summarygrid.summary", "Summary"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		uikit.NewFlow(0, d.save, d.revert, d.status), nil, nil, d.editor)
	d.box = container.NewBorder(container.NewVBox(d.title, d.question, widget.NewSeparator()), editor, nil, nil, d.scroll)
	d.clear()
	return d
}

// clear empties the panel.
func (d *detail) clear() {
	d.row, d.col, d.target, d.code, d.stored = -1, -1, "", "", ""
	d.title.SetText(lang.X("summarygrid.pick", "Select a cell to see its segments and write the summary."))
	d.question.SetText("")
	d.segs.Objects = nil
	d.segs.Refresh()
	d.editor.SetText("")
	d.editor.Disable()
	d.status.SetText("")
	d.updateButtons()
}

// show fills the panel with a cell.
func (d *detail) show(row analysis.GridRow, col analysis.GridCol, cell analysis.GridCell) {
	d.row, d.col, d.target, d.code = d.v.row, d.v.col, row.Target, col.Code
	d.title.SetText(strings.TrimSpace(row.Label + " · " + col.Heading))
	d.question.SetText(col.Text)
	d.segs.Objects = nil
	if len(cell.Segments) == 0 {
		d.segs.Add(widget.NewLabel(lang.X("summarygrid.noSegments", "No coded segments for this question.")))
	}
	for _, s := range cell.Segments {
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s · %d–%d", s.Source, s.Start, s.End), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := widget.NewLabel(strings.TrimSpace(s.Text))
		body.Wrapping = fyne.TextWrapWord
		row := fyne.CanvasObject(head)
		if d.v.OnOpenSegment != nil {
			seg := s
			open := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { d.v.OnOpenSegment(seg) })
			row = container.NewBorder(nil, nil, nil, open, head)
		}
		d.segs.Add(container.NewVBox(row, body, widget.NewSeparator()))
	}
	d.segs.Refresh()
	d.scroll.ScrollToTop()
	d.stored = ""
	if cell.Summary != nil {
		d.stored = cell.Summary.Text
	}
	d.editor.Enable()
	d.editor.SetText(d.stored)
	d.status.SetText("")
	d.updateButtons()
	d.box.Refresh() // the wrapped labels changed height
}

func (d *detail) changed() bool {
	return d.target != "" && strings.TrimSpace(d.editor.Text) != strings.TrimSpace(d.stored)
}

func (d *detail) updateButtons() {
	if d.changed() {
		d.save.Enable()
		d.revert.Enable()
	} else {
		d.save.Disable()
		d.revert.Disable()
	}
}

// saveIfChanged saves the summary being edited, e.g. before another cell
// is shown, so that no edit is lost.
func (d *detail) saveIfChanged() {
	if d.changed() {
		d.saveNow()
	}
}

// saveNow saves the summary in the background, as one command.
func (d *detail) saveNow() {
	if !d.changed() {
		return
	}
	row, col, target, code, text := d.row, d.col, d.target, d.code, d.editor.Text
	d.stored = strings.TrimSpace(text)
	d.updateButtons()
	d.v.async(func() {
		sm, err := d.v.src.SetSummary(target, code, text, nil)
		d.v.do(func() {
			if err != nil {
				d.v.onError(err)
				return
			}
			if d.row == row && d.col == col {
				d.status.SetText(lang.X("summarygrid.saved", "Saved."))
			}
			d.v.saved(row, col, sm)
		})
	})
}

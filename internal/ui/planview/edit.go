package planview

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// editBar edits the planned counts of the selected case × role × wave.
type editBar struct {
	v        *View
	box      *fyne.Container
	what     *widget.Label
	planned  *widget.Entry
	optional *widget.Entry
	apply    *widget.Button
}

func newEditBar(v *View) *editBar {
	e := &editBar{v: v, what: widget.NewLabel(""), planned: widget.NewEntry(), optional: widget.NewEntry()}
	e.planned.OnSubmitted = func(string) { e.save() }
	e.optional.OnSubmitted = func(string) { e.save() }
	e.apply = widget.NewButtonWithIcon(lang.X("planview.apply", "Apply"), theme.ConfirmIcon(), e.save)
	e.apply.Importance = widget.HighImportance
	form := uikit.NewFlow(0,
		widget.NewLabel(lang.X("planview.planned", "Planned")), container.NewGridWrap(fyne.NewSize(64, e.planned.MinSize().Height), e.planned),
		widget.NewLabel(lang.X("planview.optional", "optional")), container.NewGridWrap(fyne.NewSize(64, e.optional.MinSize().Height), e.optional),
		e.apply)
	e.what.Wrapping = fyne.TextWrapWord
	e.box = container.NewVBox(widget.NewSeparator(), e.what, form)
	e.show()
	return e
}

// key returns the plan cell being edited.
func (e *editBar) key() (study.PlanKey, bool) {
	v := e.v
	if v.selected < 0 || v.selected >= len(v.rows) {
		return study.PlanKey{}, false
	}
	r := v.rows[v.selected]
	return study.PlanKey{Level: r.level, Case: r.cse, Wave: v.selWave, Role: r.role, Group: r.group}, true
}

// show fills the bar from the selection.
func (e *editBar) show() {
	k, ok := e.key()
	if !ok {
		e.what.SetText(lang.X("planview.selectHint", "Select a cell to change its planned count."))
		e.planned.SetText("")
		e.optional.SetText("")
		e.planned.Disable()
		e.optional.Disable()
		e.apply.Disable()
		return
	}
	c := e.v.rows[e.v.selected].waves[k.Wave]
	e.what.SetText(lang.X("planview.editing", "{{.Level}} · {{.Case}} · {{.Role}} · wave {{.Wave}}",
		map[string]any{"Level": i18n.Level(k.Level), "Case": k.Case, "Role": e.v.rows[e.v.selected].roleText(), "Wave": k.Wave}))
	e.planned.SetText(strconv.Itoa(c.Planned))
	e.optional.SetText(strconv.Itoa(c.Optional))
	e.planned.Enable()
	e.optional.Enable()
	e.apply.Enable()
}

// save writes the entered counts as one command and reloads.
func (e *editBar) save() {
	k, ok := e.key()
	if !ok {
		return
	}
	p, err1 := strconv.Atoi(strings.TrimSpace(e.planned.Text))
	o, err2 := strconv.Atoi(strings.TrimSpace(e.optional.Text))
	if err1 != nil || err2 != nil || p < 0 || o < 0 {
		e.v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.badCount", "Planned counts are whole numbers from 0.")))
		return
	}
	v := e.v
	v.async(func() {
		if err := v.src.SetPlanned(k, p, o); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.Update()
		v.do(v.changed)
	})
}

func (v *View) changed() {
	if v.OnChanged != nil {
		v.OnChanged()
	}
}

// ImportCSV replaces the plan with a CSV file's rows (one command) and
// reloads. It blocks, so call it off the UI goroutine.
func (v *View) ImportCSV(r io.Reader) error {
	rows, err := study.ParsePlanCSV(r)
	if err != nil {
		return err
	}
	if _, err := v.src.ImportPlan(rows); err != nil {
		return err
	}
	v.Update()
	v.do(v.changed)
	return nil
}

// ExportCSV writes the plan as CSV. It blocks; call it off the UI goroutine.
func (v *View) ExportCSV(w io.Writer) error {
	rows, err := v.src.PlanRows()
	if err != nil {
		return err
	}
	return study.WritePlanCSV(w, rows)
}

// chartSize is the PNG export's size in device-independent units; it is
// rendered at twice that in pixels.
var chartSize = fyne.NewSize(800, 480)

// WriteChartPNG renders the chart as shown (black on white, 1600×960
// pixels) and encodes it as PNG. Call it on the UI goroutine.
func (v *View) WriteChartPNG(w io.Writer) error {
	return writeChartPNG(w, v.groups, chartSize, 2)
}

func (v *View) chooseImport() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			v.report(err)
			return
		}
		v.async(func() {
			defer rc.Close()
			if err := v.ImportCSV(rc); err != nil {
				v.do(func() { v.onError(err) })
			}
		})
	}, v.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

func (v *View) chooseExport() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			v.report(err)
			return
		}
		v.async(func() {
			var buf bytes.Buffer
			err := v.ExportCSV(&buf)
			if err == nil {
				err = uikit.ExportFile(v.src, wc, privacy.ExportRequest{Format: "csv", What: "the fieldwork plan"}, func() error {
					_, err := wc.Write(buf.Bytes())
					return err
				})
			} else {
				_ = wc.Close()
				_ = storage.Delete(wc.URI())
			}
			v.do(func() { v.report(err) })
		})
	}, v.win)
	d.SetFileName("interviewplan.csv")
	d.Show()
}

func (v *View) chooseChartExport() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			v.report(err)
			return
		}
		var buf bytes.Buffer
		err = v.WriteChartPNG(&buf)
		v.async(func() {
			if err == nil {
				err = uikit.ExportFile(v.src, wc, privacy.ExportRequest{Format: "png", What: "the fieldwork plan's chart"}, func() error {
					_, err := wc.Write(buf.Bytes())
					return err
				})
			} else {
				_ = wc.Close()
				_ = storage.Delete(wc.URI())
			}
			v.do(func() { v.report(err) })
		})
	}, v.win)
	d.SetFileName("interviewplan.png")
	d.Show()
}

func (v *View) report(err error) {
	if err != nil {
		v.onError(err)
	}
}

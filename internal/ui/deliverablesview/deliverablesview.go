// Package deliverablesview lists the study's deliverables — the reports
// with owner, due date and status (draft, in review, delivered) — as a
// dashboard: what is due first on top, overdue ones flagged, the counts per
// status above. A deliverable's owner, due date, status and note are
// changed in place (one command each save); its report is generated from
// the summary grid through the case report use case and previewed; the
// list itself is derived from the fieldwork plan.
package deliverablesview

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the view needs of an open project; *project.Project
// implements it.
type Source interface {
	// Deliverables lists the deliverables, those due first.
	Deliverables() ([]study.DeliverableRow, error)
	// SetDeliverable changes a deliverable, in one command.
	SetDeliverable(id string, ch study.DeliverableChange) error
	// GenerateDeliverables adds those the plan implies, in one command.
	GenerateDeliverables(o study.GenerateOptions) (added, linked int, err error)
	// GenerateReport builds a case report from the summary grid.
	GenerateReport(req analysis.ReportRequest) (*analysis.ReportResult, error)
	// GenerateEmployerReport builds the employer report across sites.
	GenerateEmployerReport(req analysis.EmployerReportRequest) (*analysis.ReportResult, error)
}

// View is the deliverables dashboard.
type View struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after a change was written
	// (to refresh the undo menu and the navigation).
	OnChanged func()

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	all      []study.DeliverableRow
	rows     []study.DeliverableRow // shown: all, or only those not delivered
	selected string                 // id of the deliverable selected

	filter   *widget.RadioGroup
	counts   *widget.Label
	list     *widget.List
	generate *widget.Button

	title    *widget.Label
	detail   *widget.Label
	owner    *widget.Entry
	due      *widget.Entry
	status   *widget.Select
	note     *widget.Entry
	save     *widget.Button
	report   *widget.Button
	form     *fyne.Container
	hint     *widget.Label
	preview  *analysis.ReportResult // the report previewed last (tests)
	previewD dialog.Dialog
}

// New returns an empty view on src; dialogs open on win, errors go to
// onError. Call Update to load it.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.filter = widget.NewRadioGroup([]string{lang.X("deliverables.due", "Due"), lang.X("deliverables.all", "All")}, func(string) { v.apply() })
	v.filter.Horizontal = true
	v.filter.Required = true
	v.counts = widget.NewLabel("")
	v.counts.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.rows) }, v.createRow, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(v.rows) {
			v.selected = v.rows[id].ID
			v.showDetail()
		}
	}
	v.generate = widget.NewButtonWithIcon(lang.X("deliverables.generate", "Derive from the plan"), theme.ContentAddIcon(), v.generateFromPlan)
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Wrapping = fyne.TextWrapWord
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapWord
	v.owner = widget.NewEntry()
	v.due = widget.NewEntry()
	v.due.SetPlaceHolder(lang.X("deliverables.datePlaceholder", "YYYY-MM-DD"))
	v.status = widget.NewSelect([]string{statusText(qda.DeliverDraft), statusText(qda.DeliverInReview), statusText(qda.DeliverDelivered)}, nil)
	v.note = widget.NewEntry()
	v.save = widget.NewButtonWithIcon(lang.X("deliverables.save", "Save"), theme.ConfirmIcon(), v.saveDetail)
	v.save.Importance = widget.HighImportance
	v.report = widget.NewButtonWithIcon(lang.X("deliverables.report", "Generate the report and preview it"), theme.DocumentIcon(), v.generateReport)
	v.hint = widget.NewLabel(lang.X("deliverables.selectHint", "Select a deliverable to change it or to generate its report from the summary grid."))
	v.hint.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.X("deliverables.owner", "Owner"), v.owner),
		widget.NewFormItem(lang.X("deliverables.dueDate", "Due on"), v.due),
		widget.NewFormItem(lang.X("deliverables.status", "Status"), v.status),
		widget.NewFormItem(lang.X("deliverables.note", "Note"), v.note))
	v.form = container.NewVBox(v.title, v.detail, form, uikit.NewFlow(0, v.save, v.report))
	v.form.Hide()
	v.filter.SetSelected(v.filter.Options[0])
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	title := widget.NewLabelWithStyle(lang.X("deliverables.title", "Deliverables"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bar := uikit.NewFlow(0, title, v.filter, v.generate)
	right := container.NewVScroll(container.NewVBox(v.hint, v.form))
	split := container.NewHSplit(v.list, right)
	split.Offset = 0.55
	top := container.NewVBox(bar, v.counts, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, split))
}

// MinSize keeps the view narrow: the list truncates, the form wraps.
func (v *View) MinSize() fyne.Size { return fyne.NewSize(480, 360) }

// Update loads the deliverables. It blocks, so call it off the UI
// goroutine.
func (v *View) Update() {
	rows, err := v.src.Deliverables()
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.all = rows
		v.apply()
	})
}

// dueOnly reports whether the dashboard shows only what is not delivered.
func (v *View) dueOnly() bool { return v.filter.Selected != lang.X("deliverables.all", "All") }

// apply filters the loaded rows and shows them. Call it on the UI
// goroutine.
func (v *View) apply() {
	v.rows = v.rows[:0]
	counts := map[qda.DeliverableStatus]int{}
	overdue := 0
	for _, r := range v.all {
		counts[r.Status]++
		if r.Overdue {
			overdue++
		}
		if !v.dueOnly() || r.Status != qda.DeliverDelivered {
			v.rows = append(v.rows, r)
		}
	}
	if len(v.all) == 0 {
		v.counts.SetText(lang.X("deliverables.none", "No deliverables yet: derive them from the fieldwork plan."))
	} else {
		v.counts.SetText(lang.X("deliverables.counts", "{{.N}} deliverables: {{.Draft}} draft, {{.Review}} in review, {{.Delivered}} delivered; {{.Overdue}} overdue",
			map[string]any{"N": len(v.all), "Draft": counts[qda.DeliverDraft], "Review": counts[qda.DeliverInReview],
				"Delivered": counts[qda.DeliverDelivered], "Overdue": overdue}))
	}
	v.list.UnselectAll()
	v.list.Refresh()
	for i, r := range v.rows {
		if r.ID == v.selected {
			v.list.Select(i)
			return
		}
	}
	v.selected = ""
	v.showDetail()
}

// Rows returns the deliverables shown, in order.
func (v *View) Rows() []study.DeliverableRow { return v.rows }

// Select selects a deliverable by id; before the view is loaded, once it
// is. Call it on the UI goroutine.
func (v *View) Select(id string) {
	for i, r := range v.rows {
		if r.ID == id {
			v.list.Select(i)
			return
		}
	}
	v.selected = id
}

func (v *View) current() *study.DeliverableRow {
	for i := range v.rows {
		if v.rows[i].ID == v.selected {
			return &v.rows[i]
		}
	}
	return nil
}

func (v *View) createRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.New(uikit.TightVBox{}, title, sub)
}

func (v *View) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(v.rows) {
		return
	}
	r := v.rows[id]
	c := o.(*fyne.Container)
	title, sub := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
	title.SetText(r.Title)
	sub.Importance = widget.MediumImportance
	if r.Overdue {
		sub.Importance = widget.DangerImportance
	}
	sub.SetText(RowLine(r))
}

// RowLine says when a deliverable is due, its status and owner in one
// line.
func RowLine(r study.DeliverableRow) string {
	parts := []string{}
	if r.Due != "" {
		due := lang.X("deliverables.dueOn", "due {{.Date}}", map[string]any{"Date": Date(r.Due)})
		if r.Overdue {
			due += " · " + lang.X("deliverables.overdue", "overdue")
		}
		parts = append(parts, due)
	} else {
		parts = append(parts, lang.X("deliverables.noDue", "no due date"))
	}
	parts = append(parts, statusText(r.Status))
	if r.Owner != "" {
		parts = append(parts, r.Owner)
	}
	if r.Document != "" {
		parts = append(parts, "▸ "+r.Document)
	}
	return strings.Join(parts, " · ")
}

// Date shows a YYYY-MM-DD date the locale's way; anything else as it is.
func Date(s string) string {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return i18n.Date(d)
	}
	return s
}

// statusText names a deliverable's status.
func statusText(s qda.DeliverableStatus) string {
	switch s {
	case qda.DeliverDraft:
		return lang.X("deliverables.statusDraft", "draft")
	case qda.DeliverInReview:
		return lang.X("deliverables.statusReview", "in review")
	case qda.DeliverDelivered:
		return lang.X("deliverables.statusDelivered", "delivered")
	}
	return string(s)
}

var statuses = []qda.DeliverableStatus{qda.DeliverDraft, qda.DeliverInReview, qda.DeliverDelivered}

// showDetail fills the form from the selection. Call it on the UI
// goroutine.
func (v *View) showDetail() {
	r := v.current()
	if r == nil {
		v.form.Hide()
		v.hint.Show()
		return
	}
	v.hint.Hide()
	v.form.Show()
	v.title.SetText(r.Title)
	var where []string
	if r.Level != "" {
		where = append(where, i18n.Level(r.Level))
	}
	if r.Case != "" {
		where = append(where, r.Case)
	}
	doc := lang.X("deliverables.noReport", "no report document yet")
	if r.Document != "" {
		doc = lang.X("deliverables.document", "report: {{.Name}}", map[string]any{"Name": r.Document})
	}
	where = append(where, doc)
	if r.Overdue {
		where = append(where, lang.X("deliverables.overdue", "overdue"))
	}
	v.detail.SetText(strings.Join(where, " · "))
	v.detail.Importance = widget.MediumImportance
	if r.Overdue {
		v.detail.Importance = widget.DangerImportance
	}
	v.detail.Refresh()
	v.owner.SetText(r.Owner)
	v.due.SetText(r.Due)
	v.note.SetText(r.Note)
	for i, s := range statuses {
		if s == r.Status {
			v.status.SetSelectedIndex(i)
		}
	}
	if r.Case == "" && r.Kind != qda.DeliverEmployerReport {
		v.report.Disable() // a report of no site that the summaries cannot build
	} else {
		v.report.Enable()
	}
}

// saveDetail writes what changed in the form as one command.
func (v *View) saveDetail() {
	r := v.current()
	if r == nil {
		return
	}
	var ch study.DeliverableChange
	changed := false
	if o := strings.TrimSpace(v.owner.Text); o != r.Owner {
		ch.Owner, changed = &o, true
	}
	if d := strings.TrimSpace(v.due.Text); d != r.Due {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("deliverables.badDate", "The due date is written YYYY-MM-DD, e.g. 2014-03-31.")))
			return
		}
		ch.Due, changed = &d, true
	}
	if n := strings.TrimSpace(v.note.Text); n != r.Note {
		ch.Note, changed = &n, true
	}
	if i := v.status.SelectedIndex(); i >= 0 && statuses[i] != r.Status {
		st := statuses[i]
		ch.Status, changed = &st, true
	}
	if !changed {
		return
	}
	id := r.ID
	v.async(func() {
		if err := v.src.SetDeliverable(id, ch); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.Update()
		v.do(v.changed)
	})
}

// SetStatus changes the selected deliverable's status and saves it. Call
// it on the UI goroutine.
func (v *View) SetStatus(s qda.DeliverableStatus) {
	for i, x := range statuses {
		if x == s {
			v.status.SetSelectedIndex(i)
		}
	}
	v.saveDetail()
}

func (v *View) changed() {
	if v.OnChanged != nil {
		v.OnChanged()
	}
}

// generateFromPlan adds the deliverables the plan implies.
func (v *View) generateFromPlan() {
	v.async(func() {
		added, linked, err := v.src.GenerateDeliverables(study.GenerateOptions{})
		if err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.Update()
		v.do(func() {
			v.changed()
			if v.win != nil {
				dialog.ShowInformation(lang.X("deliverables.title", "Deliverables"),
					lang.X("deliverables.generated", "{{.Added}} deliverables added, {{.Linked}} linked to their report.",
						map[string]any{"Added": added, "Linked": linked}), v.win)
			}
		})
	})
}

// generateReport builds the selected deliverable's report from the
// summary grid (a case report, or the employer report across sites), links it to the deliverable when it has no report yet, and
// previews it.
func (v *View) generateReport() {
	r := v.current()
	if r == nil {
		return
	}
	row := *r
	var gen func() (*analysis.ReportResult, error)
	switch {
	case row.Kind == qda.DeliverEmployerReport:
		// the employer report spans the sites with employer interviews
		gen = func() (*analysis.ReportResult, error) {
			return v.src.GenerateEmployerReport(analysis.EmployerReportRequest{Edited: analysis.ReportMerge})
		}
	case row.Case != "" && row.Level != "":
		req := analysis.ReportRequest{Case: row.Case, Level: row.Level, Edited: analysis.ReportMerge}
		gen = func() (*analysis.ReportResult, error) { return v.src.GenerateReport(req) }
	default:
		return
	}
	v.async(func() {
		res, err := gen()
		if err == nil && row.Document == "" && res.Document != nil {
			doc := string(res.Document.GUID)
			err = v.src.SetDeliverable(row.ID, study.DeliverableChange{Document: &doc})
		}
		if err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.Update()
		v.do(func() {
			v.changed()
			v.showPreview(res)
		})
	})
}

// showPreview shows a generated report. Call it on the UI goroutine.
func (v *View) showPreview(res *analysis.ReportResult) {
	v.preview = res
	if v.win == nil {
		return
	}
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s: %s", reportAction(res.Action), res.Document.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	body := widget.NewRichTextFromMarkdown(res.Text)
	body.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(head, nil, nil, nil, container.NewVScroll(body))
	v.previewD = dialog.NewCustom(lang.X("deliverables.previewTitle", "Report – preview"), lang.X("deliverables.close", "Close"), content, v.win)
	size := v.win.Canvas().Size()
	v.previewD.Resize(fyne.NewSize(min(900, size.Width-40), min(640, size.Height-40)))
	v.previewD.Show()
}

func reportAction(action string) string {
	switch action {
	case "created":
		return lang.X("deliverables.created", "Report created")
	case "unchanged":
		return lang.X("deliverables.unchanged", "Report unchanged")
	}
	return lang.X("deliverables.updated", "Report updated")
}

package shell

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// reportForm is the case report dialog's form: which site, which level,
// what goes in and what happens to a report edited by hand.
type reportForm struct {
	cases     []qda.Case
	cse       *widget.Select
	level     *widget.Select
	employers *widget.Check
	quotes    *widget.Check
	edited    *widget.RadioGroup
}

// editedModes are the choices for a report edited by hand, in the order
// of the radio group.
var editedModes = []string{analysis.ReportRefuse, analysis.ReportMerge, analysis.ReportForce}

// request returns the form's report request; ok is false while no site is
// chosen.
func (f *reportForm) request() (analysis.ReportRequest, bool) {
	i, l := f.cse.SelectedIndex(), f.level.SelectedIndex()
	if i < 0 || l < 0 {
		return analysis.ReportRequest{}, false
	}
	req := analysis.ReportRequest{Case: string(f.cases[i].GUID), Level: qda.Levels[l],
		WithEmployers: f.employers.Checked, Quotes: f.quotes.Checked, Edited: analysis.ReportRefuse}
	for k, o := range f.edited.Options {
		if o == f.edited.Selected {
			req.Edited = editedModes[k]
		}
	}
	return req, true
}

// showReportDialog asks for a site and a level, generates the case report
// from the summaries (stored as a document of kind report) and previews
// it, with saving as docx, odt, html or Markdown.
func (s *Shell) showReportDialog() {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		cases, err := p.svc.Cases()
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			s.reportDialog(cases)
		})
	})
}

// reportDialog shows the form for the sites.
func (s *Shell) reportDialog(cases []qda.Case) {
	f := &reportForm{cases: cases}
	var names []string
	for _, c := range cases {
		names = append(names, c.Name)
	}
	f.cse = widget.NewSelect(names, nil)
	f.cse.PlaceHolder = i18n.Choose()
	var levels []string
	for _, l := range qda.Levels {
		levels = append(levels, i18n.Level(l))
	}
	f.level = widget.NewSelect(levels, nil)
	f.level.SetSelectedIndex(1)
	f.employers = widget.NewCheck(lang.X("report.employers", "Include employer interviews"), nil)
	f.quotes = widget.NewCheck(lang.X("report.quotes", "Include the quotes chosen in the summaries"), nil)
	f.edited = widget.NewRadioGroup([]string{
		lang.X("report.refuse", "Refuse"), lang.X("report.merge", "Keep the manual edits section by section"),
		lang.X("report.force", "Overwrite them")}, nil)
	f.edited.SetSelected(f.edited.Options[0])
	hint := widget.NewLabel(lang.X("report.hint", "The report is built from the summaries of the summary grid, in the order of the guidelines' themes, and stored as a report document of the site (searchable and codable)."))
	hint.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.X("report.case", "Site"), f.cse),
		widget.NewFormItem(lang.X("report.level", "Level"), f.level),
		widget.NewFormItem("", f.employers),
		widget.NewFormItem("", f.quotes),
		widget.NewFormItem(lang.X("report.edited", "If edited by hand"), f.edited))
	s.reportForm = f
	d := dialog.NewCustomConfirm(lang.X("report.title", "Case report"), lang.X("report.generate", "Generate"), lang.X("dialog.cancel", "Cancel"),
		container.NewVBox(hint, form), func(ok bool) {
			if !ok {
				return
			}
			req, valid := f.request()
			if !valid {
				s.showError(qda.Errorf(qda.EInvalid, "choose a site for the case report"))
				return
			}
			s.generateReport(req)
		}, s.win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
}

// generateReport generates the report in the background and previews it.
func (s *Shell) generateReport(req analysis.ReportRequest) {
	p := s.project
	var res *analysis.ReportResult
	s.runTask(lang.X("task.report", "Generating the case report …"),
		func(ctx context.Context) (err error) { res, err = p.svc.GenerateReportContext(ctx, req); return err },
		func(err error) {
			if err != nil {
				s.showError(err)
				return
			}
			p.markStale(s)
			s.async(p.refresh)
			s.previewReport(res)
		})
}

// ReportActionText words what generating a report did.
func ReportActionText(action string) string {
	switch action {
	case "created":
		return lang.X("report.created", "Report created")
	case "updated":
		return lang.X("report.updated", "Report updated")
	case "unchanged":
		return lang.X("report.unchanged", "Report unchanged")
	case "merged":
		return lang.X("report.merged", "Manual edits merged")
	case "overwritten":
		return lang.X("report.overwritten", "Manual edits overwritten")
	}
	return action
}

// previewReport shows a generated report with buttons to save it.
func (s *Shell) previewReport(res *analysis.ReportResult) {
	head := widget.NewLabelWithStyle(ReportActionText(res.Action)+": "+res.Document.Name+" ("+strings.Join(res.Guidelines, ", ")+")",
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	body := widget.NewRichTextFromMarkdown(res.Text)
	body.Wrapping = fyne.TextWrapWord
	var note fyne.CanvasObject = widget.NewLabel("")
	if len(res.Conflicts) > 0 {
		l := widget.NewLabel(lang.X("report.conflicts", "Kept the manual version although the summaries changed: {{.Sections}}",
			map[string]any{"Sections": strings.Join(res.Conflicts, "; ")}))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		note = l
	}
	s.reportPreview = res
	var d dialog.Dialog
	save := func(format string) *widget.Button {
		return widget.NewButton(strings.ToUpper(format), func() {
			s.export(res.Document.Name+"."+format, func(_ context.Context, path string) (string, error) {
				return "", s.files.WriteDocument(res.Text, format, path)
			})
		})
	}
	buttons := container.NewHBox(widget.NewLabel(lang.X("report.saveAs", "Save as")), save("docx"), save("odt"), save("html"), save("md"))
	if s.files == nil {
		buttons.Hide()
	}
	content := container.NewBorder(container.NewVBox(head, note), buttons, nil, nil, container.NewVScroll(body))
	d = dialog.NewCustom(lang.X("report.previewTitle", "Case report – preview"), lang.X("dialog.close", "Close"), content, s.win)
	d.Resize(fyne.NewSize(900, 640))
	d.Show()
}

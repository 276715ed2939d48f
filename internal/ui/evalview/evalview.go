// Package evalview shows the study's evaluation questions: the list, the
// codes linked to each (guideline questions, themes, inductive codes) and
// the question's report section — the summary cells written for its codes,
// site by site, with the number of coded segments and a few quotes. A
// question is added, and codes linked or unlinked, one command each.
package evalview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the view needs of an open project; *project.Project
// implements it.
type Source interface {
	// EvalQuestions lists the questions with their linked codes.
	EvalQuestions() ([]study.EvalQuestionRow, error)
	// AddEvalQuestion adds a question, in one command.
	AddEvalQuestion(id, text, note string) error
	// LinkEvalQuestion links (or unlinks) codes, in one command.
	LinkEvalQuestion(id string, refs []string, unlink bool) error
	// EvalReport writes a question's report section in Markdown.
	EvalReport(id string, quotes int) (string, error)
}

// quotes is how many segments the report section quotes per site and code.
const quotes = 2

// View is the evaluation questions widget.
type View struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after a change was written.
	OnChanged func()

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	questions []study.EvalQuestionRow
	selected  string // id of the question shown
	reportFor string // id the report shows

	list    *widget.List
	add     *widget.Button
	hint    *widget.Label
	detail  *fyne.Container
	title   *widget.Label
	note    *widget.Label
	codes   *fyne.Container
	codeRef *widget.Entry
	link    *widget.Button
	report  *widget.RichText
}

// New returns an empty view on src; dialogs open on win, errors go to
// onError. Call Update to load it.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.list = widget.NewList(func() int { return len(v.questions) }, func() fyne.CanvasObject {
		id := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		text := widget.NewLabel("")
		text.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, id, nil, text)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(v.questions) {
			return
		}
		c := o.(*fyne.Container)
		c.Objects[1].(*widget.Label).SetText(v.questions[i].ID)
		c.Objects[0].(*widget.Label).SetText(v.questions[i].Text)
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(v.questions) && v.questions[i].ID != v.selected {
			v.selected = v.questions[i].ID
			v.showDetail()
		}
	}
	v.add = widget.NewButtonWithIcon(lang.X("evalview.add", "Add a question…"), theme.ContentAddIcon(), v.addDialog)
	v.hint = widget.NewLabel(lang.X("evalview.hint", "Select an evaluation question to see its codes and its report section."))
	v.hint.Wrapping = fyne.TextWrapWord
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Wrapping = fyne.TextWrapWord
	v.note = widget.NewLabel("")
	v.note.Wrapping = fyne.TextWrapWord
	v.codes = uikit.NewFlow(0)
	v.codeRef = widget.NewEntry()
	v.codeRef.SetPlaceHolder(lang.X("evalview.codePlaceholder", "Code: A.1.1:1.2, name or theme:EJO/4"))
	v.codeRef.OnSubmitted = func(string) { v.linkCode() }
	v.link = widget.NewButtonWithIcon(lang.X("evalview.link", "Link"), theme.ContentAddIcon(), v.linkCode)
	v.report = widget.NewRichText()
	v.report.Wrapping = fyne.TextWrapWord
	codesHead := widget.NewLabelWithStyle(lang.X("evalview.codes", "Linked codes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	reportHead := widget.NewLabelWithStyle(lang.X("evalview.report", "Report section: the summary cells of its codes, site by site"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	reportHead.Wrapping = fyne.TextWrapWord
	v.detail = container.NewVBox(v.title, v.note, codesHead, v.codes,
		container.NewBorder(nil, nil, nil, v.link, v.codeRef), widget.NewSeparator(), reportHead, v.report)
	v.detail.Hide()
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	title := widget.NewLabelWithStyle(lang.X("evalview.title", "Evaluation questions"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewBorder(container.NewBorder(nil, nil, title, nil), v.add, nil, nil, v.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewVBox(v.hint, v.detail)))
	split.Offset = 0.38
	return widget.NewSimpleRenderer(split)
}

// MinSize keeps the view narrow: the list truncates, the detail wraps.
func (v *View) MinSize() fyne.Size { return fyne.NewSize(480, 360) }

// Update loads the questions and the report section of the one shown. It
// blocks, so call it off the UI goroutine.
func (v *View) Update() {
	qs, err := v.src.EvalQuestions()
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.questions = qs
		v.list.Refresh()
		sel := -1
		for i, q := range qs {
			if q.ID == v.selected {
				sel = i
			}
		}
		if sel < 0 && len(qs) > 0 {
			sel = 0
		}
		v.selected = ""
		v.list.UnselectAll()
		if sel >= 0 {
			v.list.Select(sel)
		} else {
			v.showDetail()
		}
	})
}

// Select shows a question by id; before the view is loaded, once it is.
// Call it on the UI goroutine.
func (v *View) Select(id string) {
	for i, q := range v.questions {
		if strings.EqualFold(q.ID, id) {
			v.list.Select(i)
			return
		}
	}
	v.selected = id
}

func (v *View) current() *study.EvalQuestionRow {
	for i := range v.questions {
		if v.questions[i].ID == v.selected {
			return &v.questions[i]
		}
	}
	return nil
}

// showDetail shows the selected question and loads its report section.
// Call it on the UI goroutine.
func (v *View) showDetail() {
	q := v.current()
	if q == nil {
		v.detail.Hide()
		v.hint.Show()
		if len(v.questions) == 0 {
			v.hint.SetText(lang.X("evalview.none", "The study has no evaluation questions yet: add the first."))
		}
		return
	}
	v.hint.Hide()
	v.detail.Show()
	v.title.SetText(q.ID + "  " + q.Text)
	v.note.SetText(q.Note)
	if q.Note == "" {
		v.note.Hide()
	} else {
		v.note.Show()
	}
	v.codes.Objects = nil
	for _, c := range q.Codes {
		ref := c
		b := widget.NewButtonWithIcon(c, theme.ContentClearIcon(), func() { v.unlink(ref) })
		b.Importance = widget.LowImportance
		v.codes.Objects = append(v.codes.Objects, b)
	}
	if len(q.Codes) == 0 {
		v.codes.Objects = append(v.codes.Objects, widget.NewLabel(lang.X("evalview.noCodes", "No codes linked yet.")))
	}
	v.codes.Refresh()
	v.report.ParseMarkdown(lang.X("evalview.loading", "Loading …"))
	id := q.ID
	v.async(func() { v.loadReport(id) })
}

// loadReport loads a question's report section. It blocks.
func (v *View) loadReport(id string) {
	text, err := v.src.EvalReport(id, quotes)
	v.do(func() {
		if id != v.selected {
			return
		}
		if err != nil {
			text = qda.ErrorMessage(err)
		}
		v.reportFor = id
		v.report.ParseMarkdown(ReportMarkdown(text))
	})
}

// ReportText returns the report section shown, as Markdown-less text
// (tests).
func (v *View) ReportText() string { return v.report.String() }

// unlink takes a code off the selected question (the code's label is a
// reference LinkEvalQuestion resolves).
func (v *View) unlink(code string) {
	q := v.current()
	if q == nil {
		return
	}
	ref := code
	for i, c := range q.Codes {
		if c == code && i < len(q.GUIDs) {
			ref = string(q.GUIDs[i])
		}
	}
	v.write(func() error { return v.src.LinkEvalQuestion(q.ID, []string{ref}, true) })
}

// linkCode links the code typed in the entry.
func (v *View) linkCode() {
	q := v.current()
	ref := strings.TrimSpace(v.codeRef.Text)
	if q == nil || ref == "" {
		return
	}
	id := q.ID
	v.write(func() error {
		if err := v.src.LinkEvalQuestion(id, []string{ref}, false); err != nil {
			return err
		}
		v.do(func() { v.codeRef.SetText("") })
		return nil
	})
}

// write runs a change off the UI goroutine and reloads.
func (v *View) write(f func() error) {
	v.async(func() {
		if err := f(); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.Update()
		v.do(func() {
			if v.OnChanged != nil {
				v.OnChanged()
			}
		})
	})
}

// addDialog asks for a new question's id, text and note.
func (v *View) addDialog() {
	id, text, note := widget.NewEntry(), widget.NewMultiLineEntry(), widget.NewEntry()
	id.SetPlaceHolder("F5")
	text.Wrapping = fyne.TextWrapWord
	text.SetMinRowsVisible(3)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("evalview.id", "Id"), id),
		widget.NewFormItem(lang.X("evalview.text", "Question"), text),
		widget.NewFormItem(lang.X("evalview.note", "Note"), note),
	}
	d := dialog.NewForm(lang.X("evalview.addTitle", "New evaluation question"), lang.X("evalview.addOK", "Add"), lang.X("evalview.cancel", "Cancel"),
		items, func(ok bool) {
			if ok {
				v.AddQuestion(id.Text, text.Text, note.Text)
			}
		}, v.win)
	d.Resize(fyne.NewSize(min(560, v.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// AddQuestion adds a question and shows it. Call it on the UI goroutine.
func (v *View) AddQuestion(id, text, note string) {
	id, text = strings.TrimSpace(id), strings.TrimSpace(text)
	if id == "" || text == "" {
		v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("evalview.needIDText", "A question needs an id and a text.")))
		return
	}
	v.async(func() {
		if err := v.src.AddEvalQuestion(id, text, note); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.do(func() { v.selected = id })
		v.Update()
		v.do(func() {
			if v.OnChanged != nil {
				v.OnChanged()
			}
		})
	})
}

// ReportMarkdown fits a report section to the view: the question's own
// heading goes (the view shows the question above), the other headings
// step down one level, and quotes become italic paragraphs (which wrap;
// a block quote's indent is not, and its text would run past the edge).
func ReportMarkdown(text string) string {
	var out []string
	for i, l := range strings.Split(text, "\n") {
		switch {
		case i == 0 && strings.HasPrefix(l, "# "):
			continue
		case strings.HasPrefix(l, "#"):
			l = "#" + l
		case strings.HasPrefix(l, "> "):
			if q := strings.TrimSpace(strings.TrimPrefix(l, "> ")); q != "" {
				l = "*" + q + "*"
			}
		}
		out = append(out, l)
	}
	return strings.TrimLeft(strings.Join(out, "\n"), "\n")
}

package interviews

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
)

// importExtensions are the file types the import dialog offers.
var importExtensions = []string{".md", ".txt", ".docx", ".odt", ".rtf", ".pdf"}

// formKeys are the front matter keys the import form shows; the form's
// values replace them, so a box the user unticks stays unticked. The
// others (status, recording) still come from the file.
var formKeys = []string{study.MetaGuideline, study.MetaRole, study.MetaCase, study.MetaWave, study.MetaInterviewee,
	study.MetaInterviewer, study.MetaDate, study.MetaConsent}

// chooseProtocolFile shows a file open dialog for protocol files and
// passes the chosen file's path to then.
func (l *List) chooseProtocolFile(then func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			l.onError(err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		_ = rc.Close()
		then(path)
	}, l.win)
	d.SetFilter(storage.NewExtensionFileFilter(importExtensions))
	d.SetTitleText(lang.X("interviews.importTitle", "Import protocol"))
	d.SetConfirmText(lang.X("interviews.importChoose", "Choose"))
	d.Show()
	d.Resize(fyne.NewSize(800, 560)) // after Show: before it, Resize dereferences nil in Fyne 2.8
}

// showImportDialog asks for a protocol file and goes on with importFile.
func (l *List) showImportDialog() { l.chooseFile(l.importFile) }

// importFile reads the file at path off the UI goroutine and shows the
// metadata form, prefilled from the file's front matter.
func (l *List) importFile(path string) {
	l.async(func() {
		src, err := l.src.ReadSource(path)
		var gs []qda.Guideline
		var cs []qda.Case
		var us []qda.User
		if err == nil {
			if gs, err = l.src.Guidelines(); err == nil {
				if cs, err = l.src.Cases(); err == nil {
					us, err = l.src.Users()
					us = interviewers(us)
				}
			}
		}
		l.do(func() {
			switch {
			case err != nil:
				l.showImportError(path, err)
			case len(gs) == 0 || len(cs) == 0:
				dialog.ShowInformation(lang.X("interviews.importTitle", "Import protocol"),
					lang.X("interviews.needData", "Import a guideline and add the sites first."), l.win)
			default:
				l.form = l.importForm(src, gs, cs, us)
				l.form.d.Show()
			}
		})
	})
}

// importForm builds the "New interview" form for importing src.
func (l *List) importForm(src *app.SourceFile, gs []qda.Guideline, cs []qda.Case, us []qda.User) *newForm {
	f := l.newForm(lang.X("interviews.importTitle", "Import protocol"), lang.X("interviews.importAction", "Import"), gs, cs, us)
	f.src = src
	f.create.OnTapped = f.submitImport
	file := widget.NewLabelWithStyle(filepath.Base(src.Path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	file.Truncation = fyne.TextTruncateEllipsis
	hint := widget.NewLabel(lang.X("interviews.importHint", "The details found in the file are filled in. Answers under question ids are coded with their questions."))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	header := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, file), hint, widget.NewSeparator())
	f.body.Objects = append([]fyne.CanvasObject{header}, f.body.Objects...)
	f.prefill(src.Meta)
	return f
}

// prefill fills the form from a file's front matter. Values the project
// does not know (a site not registered, a role the guideline lacks) and
// values that cannot be read are left for the user to enter.
func (f *newForm) prefill(meta map[string]string) {
	m, _ := study.InterviewFromMeta(meta)
	for i, g := range f.guidelines {
		if m.Guideline != "" && (strings.EqualFold(g.Key, m.Guideline) || string(g.GUID) == m.Guideline) {
			f.guideline.SetSelectedIndex(i)
			break
		}
	}
	if g := f.chosenGuideline(); g != nil && m.Role != "" {
		if code, ok := g.FindRole(m.Role); ok {
			for i, c := range f.roleCodes {
				if c == code {
					f.role.SetSelectedIndex(i)
				}
			}
		} else if len(g.Roles) == 0 {
			f.freeRole.SetText(m.Role)
		}
	}
	for i, c := range f.siteCases {
		if m.Case != "" && (strings.EqualFold(c.Name, m.Case) || string(c.GUID) == m.Case) {
			f.site.SetSelectedIndex(i)
			break
		}
	}
	if m.Wave > 0 {
		f.setWave(m.Wave)
	}
	f.interviewee.SetText(m.Interviewee)
	for i, u := range f.users {
		if m.Interviewer != "" && strings.EqualFold(u.Name, m.Interviewer) {
			f.interviewer.SetSelectedIndex(i)
			break
		}
	}
	if m.Date.IsZero() {
		f.date.SetDate(nil) // not today: the interview took place some day
	} else {
		f.date.SetDate(&m.Date)
	}
	f.recording.SetChecked(m.Consent.Recording)
	f.dataProtection.SetChecked(m.Consent.DataProtection)
	f.infoSheet.SetChecked(m.Consent.InfoSheet)
	f.validate()
}

// submitImport imports the file off the UI goroutine with the form's
// metadata; on success it closes the dialog, reloads the list and selects
// the new interview (it does not open it), on failure it says why.
func (f *newForm) submitImport() {
	if !f.ready() {
		return
	}
	l, n := f.l, f.request()
	src := *f.src
	src.Meta = map[string]string{}
	for k, v := range f.src.Meta {
		src.Meta[k] = v
	}
	for _, k := range formKeys {
		delete(src.Meta, k)
	}
	f.create.Disable()
	l.async(func() {
		res, err := l.src.ImportProtocolSource(&src, n)
		if err != nil {
			l.do(func() {
				f.create.Enable()
				l.showImportError(src.Path, err)
			})
			return
		}
		l.Update()
		l.do(func() {
			f.d.Hide()
			l.Select(res.Interview.GUID)
			if l.OnChanged != nil {
				l.OnChanged(*res.Interview)
			}
		})
	})
}

// showImportError tells the user which file could not be imported and why.
func (l *List) showImportError(path string, err error) {
	name := filepath.Base(path)
	title := lang.X("interviews.importFailedTitle", "Import failed")
	msg := lang.X("interviews.importFailed", "“{{.File}}” could not be imported.", map[string]any{"File": name})
	reason := widget.NewLabel(importReason(path, err))
	reason.Wrapping = fyne.TextWrapWord
	reason.TextStyle.Bold = true
	content := container.NewVBox(widget.NewLabel(msg), reason)
	d := dialog.NewCustom(title, lang.X("dialog.close", "Close"), content, l.win)
	d.SetIcon(theme.ErrorIcon())
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// importReason returns why an import failed: the user-facing message of
// the error without the file name it may start with.
func importReason(path string, err error) string {
	var missing *study.MissingMetadataError
	if errors.As(err, &missing) {
		fields := make([]string, len(missing.Fields))
		for i, f := range missing.Fields {
			fields[i] = metaFieldName(f)
		}
		return lang.X("interviews.missingMeta", "The file does not say its {{.Fields}}: the front matter needs guideline, case and interviewee.",
			map[string]any{"Fields": strings.Join(fields, ", ")})
	}
	msg := err.Error()
	var qe *qda.Error
	if errors.As(err, &qe) {
		msg = qe.Message
	}
	for _, prefix := range []string{path + ": ", filepath.Base(path) + ": "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return msg
}

// metaFieldName names a front matter key for the user.
func metaFieldName(key string) string {
	switch key {
	case study.MetaGuideline:
		return lang.X("interviews.meta.guideline", "guideline")
	case study.MetaCase:
		return lang.X("interviews.meta.case", "site")
	case study.MetaInterviewee:
		return lang.X("interviews.meta.interviewee", "interviewee")
	}
	return key
}

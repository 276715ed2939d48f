// Package docview shows one document read-only: its name, a line of
// metadata (kind, site, interview, length, codings) and its text in a
// scrollable, word-wrapped, selectable label. A coding widget replaces the
// text label later.
package docview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the document view needs of an open project.
type Source interface {
	DocumentWithText(id qda.GUID) (*qda.Document, string, []qda.Coding, error)
	Cases() ([]qda.Case, error)
	Interviews() ([]qda.Interview, error)
}

// DocView is the read-only document view.
type DocView struct {
	widget.BaseWidget

	src     Source
	onError func(error)
	title   *widget.Label
	meta    *widget.Label
	text    *widget.Label
	scroll  *container.Scroll
	current qda.GUID
}

// New returns an empty document view on src; load errors go to onError.
func New(src Source, onError func(error)) *DocView {
	v := &DocView{src: src, onError: onError}
	v.title = widget.NewLabel("")
	v.title.TextStyle = fyne.TextStyle{Bold: true}
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.meta = widget.NewLabel("")
	v.meta.TextStyle = fyne.TextStyle{Italic: true}
	v.meta.Truncation = fyne.TextTruncateEllipsis
	v.text = widget.NewLabel("")
	v.text.Wrapping = fyne.TextWrapWord
	v.text.Selectable = true
	v.scroll = container.NewVScroll(v.text)
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *DocView) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(v.title, v.meta, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, v.scroll))
}

// Document returns the GUID of the document shown, if any.
func (v *DocView) Document() qda.GUID { return v.current }

// Load loads the document id and shows it. It blocks while loading, so call
// it off the UI goroutine; the view is updated with fyne.Do.
func (v *DocView) Load(id qda.GUID) {
	d, text, codings, err := v.src.DocumentWithText(id)
	var meta string
	if err == nil {
		meta, err = v.metadata(d, len(codings))
	}
	fyne.Do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.current = id
		v.title.SetText(d.Name)
		v.meta.SetText(meta)
		v.text.SetText(text)
		v.scroll.ScrollToTop()
	})
}

// metadata builds the line under the title: kind · site · level, wave,
// role and interviewee · length · codings.
func (v *DocView) metadata(d *qda.Document, codings int) (string, error) {
	parts := []string{i18n.DocKind(d.Kind)}
	caseID := d.Case
	var iv *qda.Interview
	if d.Interview != "" {
		ivs, err := v.src.Interviews()
		if err != nil {
			return "", err
		}
		for i := range ivs {
			if ivs[i].GUID == d.Interview {
				iv = &ivs[i]
			}
		}
		if iv != nil && caseID == "" {
			caseID = iv.Case
		}
	}
	if caseID != "" {
		cases, err := v.src.Cases()
		if err != nil {
			return "", err
		}
		for _, c := range cases {
			if c.GUID == caseID {
				parts = append(parts, lang.X("doc.site", "Site {{.Name}}", map[string]any{"Name": c.Name}))
			}
		}
	}
	if iv != nil {
		parts = append(parts, i18n.Level(iv.Level), lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": iv.Wave}))
		who := iv.Interviewee
		if iv.Role != "" {
			who += " (" + iv.Role + ")"
		}
		parts = append(parts, who)
		if !iv.Date.IsZero() {
			parts = append(parts, i18n.Date(iv.Date))
		}
		parts = append(parts, i18n.Status(iv.Status))
	}
	parts = append(parts,
		lang.XN("doc.length", "{{.N}} characters", d.Length, map[string]any{"N": d.Length}),
		lang.XN("count.codings", "{{.N}} codings", codings, map[string]any{"N": codings}))
	return strings.Join(parts, " · "), nil
}

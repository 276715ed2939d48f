package anonview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/anon"
	"github.com/protocoder/protocoder/internal/app/privacy"
)

// rowContext is how much context a list row shows on either side.
const rowContext = 36

// row is one finding in the list: kind, context with the finding
// emphasised, document.
type row struct {
	widget.BaseWidget
	kind *widget.Label
	text *widget.RichText
	doc  *widget.Label
}

func newRow() fyne.CanvasObject {
	r := &row{kind: widget.NewLabel(""), text: widget.NewRichText(), doc: widget.NewLabel("")}
	r.kind.TextStyle = fyne.TextStyle{Bold: true}
	r.doc.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	head := container.NewHBox(r.kind, r.doc)
	return widget.NewSimpleRenderer(container.NewVBox(head, r.text))
}

func (v *View) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r, ok := o.(*row)
	if !ok || id >= len(v.shown) {
		return
	}
	f := v.shown[id]
	r.kind.SetText(KindLabel(f.Kind))
	r.kind.Importance = kindImportance(f.Kind)
	r.kind.Refresh()
	r.doc.SetText(f.DocName)
	r.text.Segments = contextSegments(f, false)
	r.text.Refresh()
}

// contextSegments shows a finding in its context, the finding emphasised;
// full gives the detail pane's longer context and the suggestion.
func contextSegments(f privacy.AnonFinding, full bool) []widget.RichTextSegment {
	before, after := oneLine(f.Before), oneLine(f.After)
	if !full {
		if r := []rune(before); len(r) > rowContext {
			before = "…" + string(r[len(r)-rowContext:])
		}
		if r := []rune(after); len(r) > rowContext {
			after = string(r[:rowContext]) + "…"
		}
	} else {
		before, after = "…"+before, after+"…"
	}
	plain := widget.RichTextStyleInline
	mark := widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: before, Style: plain},
		&widget.TextSegment{Text: oneLine(f.Text), Style: mark},
		&widget.TextSegment{Text: after, Style: plain},
	}
	if full {
		segs = append(segs, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph},
			&widget.TextSegment{Text: lang.X("anonview.suggestion", "Suggestion: {{.S}}", map[string]any{"S": f.Suggestion}),
				Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameSuccess, TextStyle: fyne.TextStyle{Italic: true}}})
	}
	return segs
}

// oneLine collapses whitespace (line breaks included) to single spaces,
// keeping one at either end if there was any.
func oneLine(s string) string {
	out := strings.Join(strings.Fields(s), " ")
	if out == "" {
		if s == "" {
			return ""
		}
		return " "
	}
	if r := s[0]; r == ' ' || r == '\n' || r == '\t' {
		out = " " + out
	}
	if r := s[len(s)-1]; r == ' ' || r == '\n' || r == '\t' {
		out += " "
	}
	return out
}

func kindImportance(k anon.Kind) widget.Importance {
	switch k {
	case anon.KindPerson:
		return widget.DangerImportance
	case anon.KindPlace, anon.KindOrg:
		return widget.WarningImportance
	}
	return widget.HighImportance
}

// KindLabel is the display name of a finding kind.
func KindLabel(k anon.Kind) string {
	switch k {
	case anon.KindPerson:
		return lang.X("anonview.kind.person", "Name")
	case anon.KindPlace:
		return lang.X("anonview.kind.place", "Place")
	case anon.KindOrg:
		return lang.X("anonview.kind.org", "Organisation")
	case anon.KindEmail:
		return lang.X("anonview.kind.email", "E-mail")
	case anon.KindPhone:
		return lang.X("anonview.kind.phone", "Phone")
	case anon.KindAddress:
		return lang.X("anonview.kind.address", "Address")
	case anon.KindPostcode:
		return lang.X("anonview.kind.postcode", "Postcode")
	case anon.KindBirthDate:
		return lang.X("anonview.kind.birthdate", "Date of birth")
	case anon.KindURL:
		return lang.X("anonview.kind.url", "Web address")
	case anon.KindIBAN:
		return lang.X("anonview.kind.iban", "Bank account (IBAN)")
	case anon.KindIDNumber:
		return lang.X("anonview.kind.idnumber", "Customer or case number")
	case anon.KindPlate:
		return lang.X("anonview.kind.plate", "Licence plate")
	case anon.KindAge:
		return lang.X("anonview.kind.age", "Age")
	}
	return string(k)
}

func sourceLabel(s anon.Source) string {
	switch s {
	case anon.SourceKey:
		return lang.X("anonview.source.key", "from the pseudonym key")
	case anon.SourceGazetteer:
		return lang.X("anonview.source.gazetteer", "list of places and streets")
	}
	return lang.X("anonview.source.heuristic", "pattern")
}

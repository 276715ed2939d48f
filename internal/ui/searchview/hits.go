package searchview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// hitKey identifies a hit (a passage).
type hitKey struct {
	doc        qda.GUID
	start, end int
}

var (
	// markStyle is the style of matched text in fragments.
	markStyle = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}
	// sourceStyle is the style of a hit's first line, its source.
	sourceStyle = widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Bold: true}}
)

// FragmentSegments renders a highlighted fragment as rich text: matched
// spans bold in the primary colour, the rest plain. Runs of white space
// (line breaks included) become single spaces; the text is never parsed,
// so "<mark>" in a document is shown as it stands.
func FragmentSegments(spans []qda.Span) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	for i, sp := range spans {
		text := collapse(sp.Text, i == 0, i == len(spans)-1)
		if text == "" {
			continue
		}
		style := widget.RichTextStyleInline
		if sp.Mark {
			style = markStyle
		}
		out = append(out, &widget.TextSegment{Style: style, Text: text})
	}
	if len(out) == 0 {
		return []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleParagraph}}
	}
	return out
}

// collapse turns runs of white space into one space, trimming the ends of
// the whole fragment.
func collapse(s string, first, last bool) string {
	fields := strings.Fields(s)
	out := strings.Join(fields, " ")
	if len(fields) == 0 {
		if s != "" && !first && !last {
			return " "
		}
		return ""
	}
	if !first && startsSpace(s) {
		out = " " + out
	}
	if !last && endsSpace(s) {
		out += " "
	}
	return out
}

func startsSpace(s string) bool { return strings.TrimLeft(s, " \t\n") != s }
func endsSpace(s string) bool   { return strings.TrimRight(s, " \t\n") != s }

// hitSource describes where a hit comes from: document, site, level, wave,
// role.
func hitSource(h *qda.SearchHit) string {
	parts := []string{h.DocName}
	if h.Case != "" {
		parts = append(parts, h.Case)
	}
	if h.Level != "" {
		parts = append(parts, i18n.Level(h.Level))
	}
	if h.Wave > 0 {
		parts = append(parts, lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": h.Wave}))
	}
	if h.Role != "" {
		parts = append(parts, h.Role)
	}
	if h.Kind != qda.KindProtocol && h.Kind != "" {
		parts = append(parts, i18n.DocKind(h.Kind))
	}
	return strings.Join(parts, " · ")
}

// hitRow shows one hit: a tick box to select it for autocoding, its source
// and its highlighted fragment. Tapping it opens the document there.
type hitRow struct {
	widget.BaseWidget
	hit     qda.SearchHit
	check   *widget.Check
	source  string // the first line of text
	text    *widget.RichText
	bg      *canvas.Rectangle
	onTap   func()
	hovered bool
}

func newHitRow(h qda.SearchHit, selected bool, onSelect func(bool), onTap func()) *hitRow {
	r := &hitRow{hit: h, onTap: onTap}
	r.check = widget.NewCheck("", nil)
	r.check.Checked = selected
	r.check.OnChanged = onSelect
	r.source = hitSource(&h)
	segs := append([]widget.RichTextSegment{&widget.TextSegment{Style: sourceStyle, Text: r.source}}, FragmentSegments(h.Fragment)...)
	r.text = widget.NewRichText(segs...)
	r.text.Wrapping = fyne.TextWrapWord
	r.bg = canvas.NewRectangle(theme.Color(theme.ColorNameHover))
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.bg.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *hitRow) CreateRenderer() fyne.WidgetRenderer {
	body := container.NewBorder(nil, nil, container.NewVBox(r.check), nil, r.text)
	return widget.NewSimpleRenderer(container.NewStack(r.bg, body))
}

// Tapped opens the hit.
func (r *hitRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// MouseIn implements desktop.Hoverable.
func (r *hitRow) MouseIn(*desktop.MouseEvent) { r.setHover(true) }

// MouseMoved implements desktop.Hoverable.
func (r *hitRow) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (r *hitRow) MouseOut() { r.setHover(false) }

// Cursor shows a pointer over a hit.
func (r *hitRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (r *hitRow) setHover(on bool) {
	r.hovered = on
	if on {
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
		r.bg.Show()
	} else {
		r.bg.Hide()
	}
	r.bg.Refresh()
}

// setHits shows hits, replacing or (more) appending to the list.
func (v *View) setHits(hits []qda.SearchHit, more bool) {
	if !more {
		v.hitBox.RemoveAll()
		v.hits = nil
		v.hitScroll.ScrollToTop()
	}
	for _, h := range hits {
		key := hitKey{h.Document, h.Start, h.End}
		row := newHitRow(h, v.selected[key], func(on bool) {
			if on {
				v.selected[key] = true
			} else {
				delete(v.selected, key)
			}
		}, func() {
			if v.OnOpen != nil {
				v.OnOpen(h.Document, h.Start, h.End)
			}
		})
		v.hits = append(v.hits, row)
		v.hitBox.Add(row)
		v.hitBox.Add(widget.NewSeparator())
	}
	if v.result != nil && uint64(len(v.hits)) < v.result.Total {
		v.moreBtn.SetText(lang.X("searchview.moreN", "Show more hits ({{.Shown}} of {{.Total}} shown)",
			map[string]any{"Shown": len(v.hits), "Total": v.result.Total}))
		v.moreBtn.Show()
	} else {
		v.moreBtn.Hide()
	}
	v.hitBox.Refresh()
}

// selectedRefs returns the selected hits in list order.
func (v *View) selectedRefs() []hitKey {
	var out []hitKey
	for _, r := range v.hits {
		k := hitKey{r.hit.Document, r.hit.Start, r.hit.End}
		if v.selected[k] {
			out = append(out, k)
		}
	}
	return out
}

package retrieval

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// parseColor turns "#rrggbb" into a colour; anything else is grey.
func parseColor(s string) color.Color {
	grey := color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	if len(s) != 7 || s[0] != '#' {
		return grey
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return grey
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// newSwatch is a small square in a code's colour.
func newSwatch(hex string) fyne.CanvasObject {
	r := canvas.NewRectangle(parseColor(hex))
	r.CornerRadius = 3
	r.SetMinSize(fyne.NewSize(12, 12))
	return container.NewCenter(r)
}

// SourceText describes where a segment comes from: site, interviewee (or the
// document of a case report), level, wave and role.
func SourceText(r *app.Retrieved) string {
	var parts []string
	if r.Case != "" {
		parts = append(parts, r.Case)
	}
	if r.Interviewee != "" {
		parts = append(parts, r.Interviewee+" ("+r.DocName+")")
	} else {
		parts = append(parts, r.DocName)
	}
	if r.Level != "" {
		parts = append(parts, i18n.Level(r.Level))
	}
	if r.Wave > 0 {
		parts = append(parts, lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": r.Wave}))
	}
	if r.Role != "" {
		parts = append(parts, r.Role)
	}
	if r.Kind != qda.KindProtocol {
		parts = append(parts, i18n.DocKind(r.Kind))
	}
	return strings.Join(parts, " · ")
}

var contextStyle = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder}

// TextSegments renders a segment in its context: the context grey, the
// coded text in the normal colour, each run of white space one space.
func TextSegments(r *app.Retrieved) []widget.RichTextSegment {
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	var out []widget.RichTextSegment
	if b := flat(r.Before); b != "" {
		out = append(out, &widget.TextSegment{Style: contextStyle, Text: "…" + b + " "})
	}
	text := flat(r.Text)
	a := flat(r.After)
	if a != "" {
		text += " " // here rather than before the context, so no line starts with a space
	}
	out = append(out, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: text})
	if a != "" {
		out = append(out, &widget.TextSegment{Style: contextStyle, Text: a + "…"})
	}
	return out
}

var (
	headStyle     = widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}
	sourceStyle   = widget.RichTextStyle{SizeName: theme.SizeNameCaptionText}
	questionStyle = widget.RichTextStyle{SizeName: theme.SizeNameCaptionText, ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Italic: true}}
)

// segRow shows one segment: code colour bar, code and coder, source,
// question, and the text in its context. Tapping it opens the document.
type segRow struct {
	widget.BaseWidget
	seg                    app.Retrieved
	head, source, question string // the first lines of text
	text                   *widget.RichText
	bg                     *canvas.Rectangle
	onTap                  func()
}

func newSegRow(r app.Retrieved, onTap func()) *segRow {
	row := &segRow{seg: r, onTap: onTap, head: r.CodeName, source: SourceText(&r)}
	if r.CoderName != "" {
		row.head += " · " + r.CoderName
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{Style: headStyle, Text: row.head},
		&widget.TextSegment{Style: sourceStyle, Text: row.source}}
	if r.Question != "" && r.Question != r.CodeName {
		row.question = lang.X("retrieval.question", "Question: {{.Q}}", map[string]any{"Q": r.Question})
		segs = append(segs, &widget.TextSegment{Style: questionStyle, Text: row.question})
	}
	row.text = widget.NewRichText(append(segs, TextSegments(&r)...)...)
	row.text.Wrapping = fyne.TextWrapWord
	row.bg = canvas.NewRectangle(color.Transparent)
	row.ExtendBaseWidget(row)
	return row
}

// CreateRenderer implements fyne.Widget.
func (r *segRow) CreateRenderer() fyne.WidgetRenderer {
	bar := canvas.NewRectangle(parseColor(r.seg.CodeColor))
	bar.SetMinSize(fyne.NewSize(5, 0))
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewBorder(nil, nil, bar, nil, r.text)))
}

// Tapped opens the segment.
func (r *segRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// MouseIn implements desktop.Hoverable.
func (r *segRow) MouseIn(*desktop.MouseEvent) {
	r.bg.FillColor = theme.Color(theme.ColorNameHover)
	r.bg.Refresh()
}

// MouseMoved implements desktop.Hoverable.
func (r *segRow) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (r *segRow) MouseOut() {
	r.bg.FillColor = color.Transparent
	r.bg.Refresh()
}

// Cursor shows a pointer over a segment.
func (r *segRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

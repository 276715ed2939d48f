package protocoleditor

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// Rows an answer field shows at least and at most before it scrolls.
const (
	minRows = 3
	maxRows = 30
)

// answerEntry is a multi-line, word-wrapping entry that grows with its
// text and reports losing the focus. Keys typed into it go to onKey first
// (the recording bar's F4 and F5), so playing works while typing.
type answerEntry struct {
	widget.Entry
	onFocusLost func()
	onKey       func(*fyne.KeyEvent) bool
	rows        int
}

// TypedKey implements fyne.Focusable.
func (e *answerEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

func newAnswerEntry() *answerEntry {
	e := &answerEntry{rows: minRows}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(minRows)
	return e
}

// FocusLost implements fyne.Focusable.
func (e *answerEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

// Resize implements fyne.CanvasObject; the number of rows follows the width.
func (e *answerEntry) Resize(size fyne.Size) {
	e.Entry.Resize(size)
	e.grow()
}

// grow sets the visible rows to what the text needs at the current width.
func (e *answerEntry) grow() {
	w := e.Size().Width - 4*theme.Padding()
	if w <= 0 {
		return
	}
	n := wrappedRows(e.Text, w, theme.TextSize()) + 1
	n = max(minRows, min(maxRows, n))
	if n != e.rows {
		e.rows = n
		e.SetMinRowsVisible(n)
	}
}

// wrappedRows estimates how many lines text takes when wrapped at words
// into width.
func wrappedRows(text string, width, size float32) int {
	space := fyne.MeasureText(" ", size, fyne.TextStyle{}).Width
	rows := 0
	for _, para := range strings.Split(text, "\n") {
		rows++
		line := float32(0)
		for _, w := range strings.Fields(para) {
			ww := fyne.MeasureText(w, size, fyne.TextStyle{}).Width
			if line > 0 && line+space+ww > width {
				rows++
				line = 0
			}
			if line > 0 {
				line += space
			}
			line += ww
		}
	}
	return rows
}

var (
	hintStyle = widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText,
		TextStyle: fyne.TextStyle{}}
	noteStyle = widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText,
		TextStyle: fyne.TextStyle{Italic: true}}
)

// wrapped returns a word-wrapping label.
func wrapped(text string, style fyne.TextStyle, size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle = style
	l.SizeName = size
	return l
}

// hintPara appends a dimmed, small paragraph indented by depth levels.
func hintPara(out []widget.RichTextSegment, text string, style widget.RichTextStyle, depth int) []widget.RichTextSegment {
	return append(out, &widget.TextSegment{Style: style, Text: strings.Repeat("      ", depth) + text})
}

// hints renders a question's notes and its nested prompts as one rich
// text of small, dimmed paragraphs, or nil if there are none.
func hints(q *qda.Question) fyne.CanvasObject {
	var segs []widget.RichTextSegment
	for _, n := range q.Notes {
		segs = hintPara(segs, "» "+n, noteStyle, 1)
	}
	segs = prompts(segs, q.Prompts, 1)
	if len(segs) == 0 {
		return nil
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// prompts appends the paragraphs of nested prompts.
func prompts(out []widget.RichTextSegment, ps []qda.Prompt, depth int) []widget.RichTextSegment {
	bullet := "•"
	if depth > 1 {
		bullet = "◦"
	}
	for _, p := range ps {
		text := bullet + " " + p.Text
		if p.Optional {
			text += " (" + lang.X("editor.optional", "optional") + ")"
		}
		out = hintPara(out, text, hintStyle, depth)
		for _, n := range p.Notes {
			out = hintPara(out, "  » "+n, noteStyle, depth)
		}
		out = prompts(out, p.Prompts, depth+1)
	}
	return out
}

// heading returns the objects shown above an item's answer field: the
// theme heading when the theme changes, the question's id and text, its
// notes and prompts as hints; a free section's title.
func heading(it *item, prevSection *qda.Section) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if it.question == nil {
		title := it.block.Title
		switch {
		case it.block.QuestionID != "":
			title = it.block.QuestionID + " (" + lang.X("editor.otherRole", "not addressed to this role") + ")"
		case title == "":
			title = lang.X("editor.freeText", "Further notes")
		}
		return append(out, wrapped(title, fyne.TextStyle{Bold: true}, theme.SizeNameSubHeadingText))
	}
	if it.section != nil && it.section != prevSection {
		out = append(out, wrapped(strings.TrimSpace(it.section.Number+" "+it.section.Title), fyne.TextStyle{Bold: true}, theme.SizeNameSubHeadingText))
	}
	q := it.question
	label := q.Label()
	if it.extra {
		label += " (" + lang.X("editor.otherRole", "not addressed to this role") + ")"
	} else if q.Optional {
		label += " (" + lang.X("editor.optional", "optional") + ")"
	}
	out = append(out, wrapped(label, fyne.TextStyle{Bold: true}, theme.SizeNameText))
	if h := hints(q); h != nil {
		out = append(out, h)
	}
	return out
}

// readOnlyAnswer shows an answer of a final protocol.
func readOnlyAnswer(text string) fyne.CanvasObject {
	if strings.TrimSpace(text) == "" {
		return widget.NewRichText(&widget.TextSegment{Style: hintStyle, Text: "—"})
	}
	l := wrapped(text, fyne.TextStyle{}, theme.SizeNameText)
	l.Selectable = true
	return l
}

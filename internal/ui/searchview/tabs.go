package searchview

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
)

// kwicWidth is the context shown on each side of a keyword, in characters.
const kwicWidth = 40

// kwicDocWidth is the width of the document column of a KWIC line.
const kwicDocWidth = 22

// wordLimit is the number of words the word list shows.
const wordLimit = 500

var (
	monoStyle = widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}
	monoDoc   = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Monospace: true}}
	monoMark  = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Monospace: true}}
)

// KWICSegments renders a concordance line in a monospaced font: the
// document name padded to a column, the left context right-aligned to
// width characters, the keyword in bold colour, then the right context.
func KWICSegments(l analysis.KWICLine, width int) []widget.RichTextSegment {
	doc := []rune(l.DocName)
	if len(doc) > kwicDocWidth {
		doc = append(doc[:kwicDocWidth-1], '…')
	}
	left := []rune(l.Left)
	if len(left) > width {
		left = left[len(left)-width:]
	}
	return []widget.RichTextSegment{
		&widget.TextSegment{Style: monoDoc, Text: string(doc) + strings.Repeat(" ", kwicDocWidth-len(doc)+2)},
		&widget.TextSegment{Style: monoStyle, Text: strings.Repeat(" ", width-len(left)) + string(left)},
		&widget.TextSegment{Style: monoMark, Text: l.Keyword},
		&widget.TextSegment{Style: monoStyle, Text: l.Right},
	}
}

// kwicTab lists the concordance of the current result.
type kwicTab struct {
	v     *View
	lines []analysis.KWICLine
	list  *widget.List
	info  *widget.Label
	stale bool
}

func newKWICTab(v *View) *kwicTab {
	k := &kwicTab{v: v, info: widget.NewLabel("")}
	k.info.Importance = widget.LowImportance
	k.list = widget.NewList(func() int { return len(k.lines) },
		func() fyne.CanvasObject {
			t := widget.NewRichText()
			t.Truncation = fyne.TextTruncateEllipsis
			return t
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			t := o.(*widget.RichText)
			t.Segments = KWICSegments(k.lines[id], kwicWidth)
			t.Refresh()
		})
	k.list.OnSelected = func(id widget.ListItemID) {
		k.list.UnselectAll()
		if id < len(k.lines) && v.OnOpen != nil {
			l := k.lines[id]
			v.OnOpen(l.Document, l.Start, l.End)
		}
	}
	return k
}

func (k *kwicTab) content() fyne.CanvasObject {
	return container.NewBorder(k.info, nil, nil, nil, k.list)
}

// load computes the concordance of the current result if it is stale.
func (k *kwicTab) load() {
	v := k.v
	if !k.stale || v.result == nil {
		return
	}
	k.stale = false
	req, seq := v.req, v.seq
	k.info.SetText(lang.X("searchview.loading", "Loading …"))
	v.async(func() {
		lines, err := v.src.KWIC(req, kwicWidth)
		v.do(func() {
			if seq != v.seq {
				return
			}
			if err != nil {
				k.stale = true
				v.onError(err)
				return
			}
			k.lines = lines
			k.info.SetText(lang.X("searchview.kwicCount", "Occurrences of the search terms: {{.N}}; tap one to open it",
				map[string]any{"N": len(lines)}))
			k.list.Refresh()
			k.list.ScrollToTop()
		})
	})
}

// wordsTab lists word frequencies of the result or of the project.
type wordsTab struct {
	v     *View
	words []analysis.WordCount
	scope *widget.RadioGroup
	table *widget.Table
	info  *widget.Label
	stale bool
}

func newWordsTab(v *View) *wordsTab {
	w := &wordsTab{v: v, info: widget.NewLabel("")}
	w.info.Importance = widget.LowImportance
	w.scope = widget.NewRadioGroup([]string{lang.X("searchview.words.result", "Hits of the search"),
		lang.X("searchview.words.project", "Whole project")}, func(string) { w.stale = true; w.load() })
	w.scope.Horizontal = true
	w.scope.Required = true
	w.scope.Selected = w.scope.Options[0]
	w.table = widget.NewTableWithHeaders(func() (int, int) { return len(w.words), 3 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			wc := w.words[id.Row]
			switch id.Col {
			case 0:
				l.SetText(wc.Word)
				l.Alignment = fyne.TextAlignLeading
			case 1:
				l.SetText(strconv.Itoa(wc.Count))
				l.Alignment = fyne.TextAlignTrailing
			default:
				l.SetText(strconv.Itoa(wc.Documents))
				l.Alignment = fyne.TextAlignTrailing
			}
		})
	w.table.ShowHeaderColumn = false
	w.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.TextStyle.Bold = true
		l.SetText([]string{lang.X("searchview.words.word", "Word"), lang.X("searchview.words.count", "Count"),
			lang.X("searchview.words.docs", "Documents")}[id.Col])
	}
	w.table.SetColumnWidth(0, 260)
	w.table.SetColumnWidth(1, 90)
	w.table.SetColumnWidth(2, 110)
	w.table.OnSelected = func(id widget.TableCellID) {
		w.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(w.words) {
			v.SetQuery(w.words[id.Row].Word)
			v.Run()
		}
	}
	return w
}

func (w *wordsTab) content() fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(w.scope, w.info), nil, nil, nil, w.table)
}

// load counts the words of the current result (or project) if stale.
func (w *wordsTab) load() {
	v := w.v
	whole := w.scope.Selected == w.scope.Options[1]
	if !w.stale || (v.result == nil && !whole) {
		return
	}
	w.stale = false
	req, seq := v.req, v.seq
	if whole {
		req = qda.SearchRequest{}
	}
	w.info.SetText(lang.X("searchview.loading", "Loading …"))
	v.async(func() {
		words, err := v.src.WordFrequencies(req, wordLimit)
		v.do(func() {
			if seq != v.seq {
				return
			}
			if err != nil {
				w.stale = true
				v.onError(err)
				return
			}
			w.words = words
			w.info.SetText(lang.X("searchview.words.info", "Most frequent words ({{.N}}), stop words left out; tap a word to search for it",
				map[string]any{"N": len(words)}))
			w.table.Refresh()
			w.table.ScrollToTop()
		})
	})
}

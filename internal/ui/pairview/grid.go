package pairview

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/pairs"
)

// gridLayout lays out rows of cells: a question column of fixed width and
// equal data columns sharing the rest. A row of one object spans the whole
// width (a theme heading). Row heights follow the wrapped text at the
// current width, so the layout measures each cell after sizing its width.
type gridLayout struct {
	cols   int       // data columns
	first  float32   // width of the question column
	minCol float32   // the narrowest a data column gets (minDataWidth when 0)
	spans  []int     // objects per row: 1 or cols+1
	height float32   // height at the last layout
	width  float32   // width at the last layout
	onGrow func()    // called when the height changed (to re-layout a scroller)
	rowYs  []float32 // top of each row at the last layout (tests)
}

const gap = 6

// minCustomerWidth is the narrowest a customer's column gets: two parts
// (IFK and customer) side by side.
const minCustomerWidth = 2*minPartWidth + gap

// minPartWidth is the narrowest an interview's part of a customer column
// gets.
const minPartWidth = 110

// minDataWidth is the narrowest a data column gets; minFirstWidth the
// narrowest the question column gets when the window is narrow (its
// text wraps), so that four waves fit a 1024-pixel window.
const (
	minDataWidth  = 130
	minFirstWidth = 140
)

// firstWidth is the question column's width at a total width: its own
// width, narrowed to a quarter of a narrow total.
func (g *gridLayout) firstWidth(total float32) float32 {
	return min(g.first, max(minFirstWidth, total/4))
}

func (g *gridLayout) colWidth(total float32) float32 {
	return max(g.minColWidth(), (total-g.firstWidth(total)-gap*float32(g.cols))/float32(g.cols))
}

func (g *gridLayout) minColWidth() float32 {
	if g.minCol > 0 {
		return g.minCol
	}
	return minDataWidth
}

// MinSize implements fyne.Layout: the width all columns need at their
// narrowest and the height of the last layout.
func (g *gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := g.height
	if h == 0 {
		for _, o := range objs {
			h += o.MinSize().Height / float32(g.cols+1)
		}
	}
	return fyne.NewSize(min(g.first, minFirstWidth)+float32(g.cols)*(g.minColWidth()+gap), h)
}

// Layout implements fyne.Layout.
func (g *gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	colW, first := g.colWidth(size.Width), g.firstWidth(size.Width)
	width := first + float32(g.cols)*(colW+gap)
	y := float32(0)
	i := 0
	g.rowYs = g.rowYs[:0]
	for _, n := range g.spans {
		if i+n > len(objs) {
			break
		}
		row := objs[i : i+n]
		i += n
		g.rowYs = append(g.rowYs, y)
		h := float32(0)
		for k, o := range row {
			w := colW
			switch {
			case n == 1:
				w = width
			case k == 0:
				w = first
			}
			o.Resize(fyne.NewSize(w, 1))
			h = max(h, o.MinSize().Height)
		}
		x := float32(0)
		for k, o := range row {
			w := colW
			switch {
			case n == 1:
				w = width
			case k == 0:
				w = first
			}
			o.Resize(fyne.NewSize(w, h))
			o.Move(fyne.NewPos(x, y))
			x += w + gap
		}
		y += h + gap
	}
	if y != g.height || width != g.width {
		g.height, g.width = y, width
		if g.onGrow != nil {
			g.onGrow()
		}
	}
}

// cellText is a wrapped text cell.
func cellText(segs ...widget.RichTextSegment) *widget.RichText {
	t := widget.NewRichText(segs...)
	t.Wrapping = fyne.TextWrapWord
	return t
}

func plain(s string, style widget.RichTextStyle) *widget.TextSegment {
	return &widget.TextSegment{Text: s, Style: style}
}

func styled(bold, italic bool, col fyne.ThemeColorName) widget.RichTextStyle {
	s := widget.RichTextStyleInline
	s.TextStyle = fyne.TextStyle{Bold: bold, Italic: italic}
	if col != "" {
		s.ColorName = col
	}
	return s
}

// questionCell shows a row's questions: each side's guideline, id and text.
func questionCell(r pairs.PairRow, roles [2]string) fyne.CanvasObject {
	var segs []widget.RichTextSegment
	for side, q := range r.Questions {
		if q == nil {
			continue
		}
		if len(segs) > 0 {
			segs = append(segs, plain("\n", widget.RichTextStyleInline))
		}
		segs = append(segs, plain(strings.TrimSpace(roles[side]+" "+q.Guideline+" "+q.ID), styled(true, false, "")),
			plain("  "+q.Text, styled(false, false, theme.ColorNamePlaceHolder)))
	}
	if len(segs) == 0 {
		segs = append(segs, plain(lang.X("pairview.outside", "Coded outside the answers"), styled(true, true, "")))
	}
	return cellText(segs...)
}

// answerCell shows one interview's answer to a row and its segments.
func answerCell(c pairs.PairCell, conducted bool) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	switch {
	case c.Answer != "":
		objs = append(objs, cellText(plain(c.Answer, widget.RichTextStyleInline)))
	case !conducted:
		objs = append(objs, cellText(plain("", widget.RichTextStyleInline)))
	case len(c.Segments) == 0:
		objs = append(objs, cellText(plain("—", styled(false, false, theme.ColorNamePlaceHolder))))
	}
	for _, s := range c.Segments {
		bar := canvas.NewRectangle(parseColor(s.Color))
		bar.SetMinSize(fyne.NewSize(4, 4))
		who := s.Label
		if s.Coder != "" {
			who += " · " + s.Coder
		}
		quote := plain("„"+s.Text+"“", styled(false, true, ""))
		if strings.TrimSpace(s.Text) == strings.TrimSpace(c.Answer) {
			quote = plain(lang.X("pairview.wholeAnswer", "(the whole answer)"), styled(false, true, theme.ColorNamePlaceHolder))
		}
		t := cellText(plain(who+"  ", styled(true, false, theme.ColorNamePrimary)), quote)
		objs = append(objs, container.NewBorder(nil, nil, bar, nil, t))
	}
	return container.NewVBox(objs...)
}

// parseColor reads "#rrggbb", grey when it cannot.
func parseColor(s string) color.Color {
	var r, g, b uint8
	if len(s) == 7 && s[0] == '#' {
		if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b); err == nil {
			return color.NRGBA{r, g, b, 0xff}
		}
	}
	return color.NRGBA{0x90, 0x90, 0x90, 0xff}
}

// themeRow is a full-width theme heading.
func themeRow(title string) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	l := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewStack(bg, l)
}

// cellsLayout lays out cells in equal columns, rows as high as their
// highest cell at the current width; like gridLayout it keeps the height
// of its last layout for MinSize.
type cellsLayout struct {
	cols   int
	height float32
}

// MinSize implements fyne.Layout.
func (c *cellsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := c.height
	if h == 0 {
		for _, o := range objs {
			h += o.MinSize().Height / float32(c.cols)
		}
	}
	return fyne.NewSize(float32(c.cols)*minPartWidth+float32(c.cols-1)*gap, h)
}

// Layout implements fyne.Layout.
func (c *cellsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := (size.Width - float32(c.cols-1)*gap) / float32(c.cols)
	y := float32(0)
	for i := 0; i < len(objs); i += c.cols {
		row := objs[i:min(i+c.cols, len(objs))]
		h := float32(0)
		for _, o := range row {
			o.Resize(fyne.NewSize(w, 1))
			h = max(h, o.MinSize().Height)
		}
		for k, o := range row {
			o.Resize(fyne.NewSize(w, h))
			o.Move(fyne.NewPos(float32(k)*(w+gap), y))
		}
		y += h + gap
	}
	c.height = max(0, y-gap)
}

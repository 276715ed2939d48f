package codingview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/codingview/sample"
)

// overlapping returns two overlapping codings on umlautText, by two
// coders, the second with a memo.
func overlapping(t *testing.T) []qda.Coding {
	a := runeIndex(t, umlautText, "Straße")
	b := runeIndex(t, umlautText, "Maßnahme")
	c1 := coding("01", a, b+len("Maßnahme"), codeA, anna)
	c2 := coding("02", runeIndex(t, umlautText, "🙂"), runeIndex(t, umlautText, "Übergänge"), codeB, ben)
	c2.Memo = "Ziel der Geschäftsführung"
	return []qda.Coding{c1, c2}
}

func TestView_Render_overlap(t *testing.T) {
	v, w := newView(t, umlautText, overlapping(t), fyne.NewSize(420, 260))
	v.Select(runeIndex(t, umlautText, "Geschäfts"), runeIndex(t, umlautText, "Übergänge"))
	test.AssertRendersToMarkup(t, "overlap.xml", w.Canvas())
	test.AssertRendersToImage(t, "overlap.png", w.Canvas())
}

func TestView_Render_compare(t *testing.T) {
	v, w := newView(t, umlautText, overlapping(t), fyne.NewSize(420, 260))
	v.CompareCoders([]qda.GUID{anna, ben})
	test.AssertRendersToMarkup(t, "compare.xml", w.Canvas())
	if len(v.groups) != 2 || v.groups[0].coder != anna || v.shown[0].group != 0 || v.shown[1].group != 1 {
		t.Errorf("groups %+v", v.groups)
	}
}

// fills returns the colours of the highlight rectangles at point p.
func fills(v *View, p fyne.Position) int {
	n := 0
	for _, o := range test.LaidOutObjects(v) {
		r, ok := o.(*canvas.Rectangle)
		if !ok || r.StrokeWidth > 0 {
			continue
		}
		pos, size := r.Position(), r.Size()
		if _, _, _, a := r.FillColor.RGBA(); a>>8 == fillA && p.X >= pos.X && p.X < pos.X+size.Width && p.Y >= pos.Y && p.Y < pos.Y+size.Height {
			n++
		}
	}
	return n
}

func TestView_Render_overlapLayers(t *testing.T) {
	v, _ := newView(t, umlautText, overlapping(t), fyne.NewSize(420, 260))
	tests := []struct {
		at   string
		want int
	}{{"Größe", 0}, {"Straße", 1}, {"🙂", 2}, {"Maßnahme", 2}, {"läuft", 1}, {"Übergänge", 0}}
	for _, tt := range tests {
		p := mustPoint(t, v, runeIndex(t, umlautText, tt.at))
		p.X += 2
		if got := fills(v, p); got != tt.want {
			t.Errorf("%d highlight layers on %q, want %d", got, tt.at, tt.want)
		}
	}
	if v.shown[0].under == v.shown[1].under || v.shown[0].col == v.shown[1].col {
		t.Error("overlapping codings share an underline lane or stripe column")
	}
}

func TestView_MouseDown_stripe(t *testing.T) {
	cs := overlapping(t)
	v, _ := newView(t, umlautText, cs, fyne.NewSize(420, 260))
	var tapped qda.GUID
	v.OnCodingTapped = func(id qda.GUID) { tapped = id }
	for _, want := range cs {
		i := v.coding(want.GUID)
		var hit *barHit
		for k := range v.hits {
			if v.hits[k].idx == i {
				hit = &v.hits[k]
			}
		}
		if hit == nil {
			t.Fatalf("no stripe for coding %s", want.GUID)
		}
		p := fyne.NewPos(hit.x+3, hit.y+hit.h-2)
		v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary})
		if tapped != want.GUID || v.SelectedCoding() != want.GUID {
			t.Errorf("tapped %s, want %s", tapped, want.GUID)
		}
		if s, e := v.Selection(); s != want.Start || e != want.End {
			t.Errorf("selection [%d, %d), want the coding's [%d, %d)", s, e, want.Start, want.End)
		}
	}
}

func TestView_MouseMoved(t *testing.T) {
	v, _ := newView(t, umlautText, overlapping(t), fyne.NewSize(420, 260))
	var info string
	v.OnHover = func(s string) { info = s }
	move := func(at string) {
		p := mustPoint(t, v, runeIndex(t, umlautText, at))
		p.X += 2
		v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
	}
	move("🙂")
	want := "Arbeitgeberkontakte · anna\nZiele · ben\n    Ziel der Geschäftsführung"
	if info != want {
		t.Errorf("hover info %q, want %q", info, want)
	}
	move("Größe")
	if info != "" {
		t.Errorf("hover over uncoded text: %q", info)
	}
	move("läuft")
	v.MouseOut()
	if info != "" {
		t.Errorf("after MouseOut: %q", info)
	}
}

func TestView_ShowCoders(t *testing.T) {
	v, _ := newView(t, umlautText, overlapping(t), fyne.NewSize(420, 260))
	tests := []struct {
		coders []qda.GUID
		want   int
	}{{nil, 2}, {[]qda.GUID{anna}, 1}, {[]qda.GUID{ben}, 1}, {[]qda.GUID{}, 0}}
	for _, tt := range tests {
		v.ShowCoders(tt.coders)
		if len(v.shown) != tt.want {
			t.Errorf("ShowCoders(%v): %d codings shown, want %d", tt.coders, len(v.shown), tt.want)
		}
	}
}

func TestView_Scrolled(t *testing.T) {
	p := sample.Generate(300_000, 2000, 7)
	v, w := newView(t, p.Text, p.Codings, fyne.NewSize(900, 700))
	laid := func() (n int) {
		for _, l := range v.lay.lines {
			if l != nil {
				n++
			}
		}
		return n
	}
	texts := func() (n int) {
		for _, o := range test.LaidOutObjects(v) {
			if _, ok := o.(*canvas.Text); ok {
				n++
			}
		}
		return n
	}
	rows := int(700/v.metric.lineH) + 2
	if n := laid(); n > rows {
		t.Errorf("%d paragraphs laid out to show %d lines", n, rows)
	}
	first := v.lay.Line(v.sc.top).start
	test.Scroll(w.Canvas(), fyne.NewPos(450, 350), 0, -600)
	if v.lay.Line(v.sc.top).start <= first {
		t.Error("scrolling down did not move the text")
	}
	off := v.lay.Len() - 5000
	v.ScrollTo(off)
	if _, ok := v.pointOf(off); !ok {
		t.Errorf("offset %d not visible after ScrollTo", off)
	}
	if n := texts(); n > 4*rows { // text lines plus stripe labels
		t.Errorf("%d texts drawn for %d lines", n, rows)
	}
	if n := laid(); n > 3*rows {
		t.Errorf("%d paragraphs laid out after a jump", n)
	}
	v.sc.toFraction(1)
	if pos, _ := v.sc.fraction(); pos < 0.999 {
		t.Errorf("at the end the scroll bar is at %.3f", pos)
	}
	if !strings.HasSuffix(p.Text, v.lay.LineText(v.sc.lineAtEnd())) {
		t.Error("the last line is not visible at the end")
	}
}

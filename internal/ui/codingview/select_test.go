package codingview

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestView_Dragged(t *testing.T) {
	tests := []struct {
		name, from, to string // drag from the start of from to the end of to
		backwards      bool
	}{
		{"one word with umlaut", "Größe", "Größe", false},
		{"sharp s and emoji", "Straße", "🙂", false},
		{"emoji alone", "🙂", "🙂", false},
		{"backwards", "Maßnahme", "läuft", true},
		{"across wrapped lines", "Geschäftsführerin", "häufiger", false},
		{"across paragraphs", "geworden", "Absatz", false},
		{"to the text's end", "ß und", "ü.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, w := newView(t, umlautText, nil, fyne.NewSize(400, 300))
			var got [2]int
			v.OnSelectionChanged = func(s, e int) { got = [2]int{s, e} }
			start := runeIndex(t, umlautText, tt.from)
			end := runeIndex(t, umlautText, tt.to) + len([]rune(tt.to))
			a, b := mustPoint(t, v, start), mustPoint(t, v, end)
			if tt.backwards {
				a, b = b, a
			}
			// the driver reports where the mouse is and how far it moved
			test.Drag(w.Canvas(), b, b.X-a.X, b.Y-a.Y)
			if s, e := v.Selection(); s != start || e != end {
				t.Errorf("selection [%d, %d), want [%d, %d)", s, e, start, end)
			}
			if got != [2]int{start, end} {
				t.Errorf("OnSelectionChanged got %v, want [%d %d]", got, start, end)
			}
			want := qda.Slice(umlautText, start, end)
			if v.SelectedText() != want {
				t.Errorf("selected %q, want %q", v.SelectedText(), want)
			}
		})
	}
}

func TestView_Dragged_applyCode(t *testing.T) {
	v, w := newView(t, umlautText, nil, fyne.NewSize(400, 300))
	var codings []qda.Coding
	v.OnSelectionChanged = func(s, e int) { // what the app does when the coder applies a code
		codings = []qda.Coding{coding("01", s, e, codeA, anna)}
	}
	a := mustPoint(t, v, runeIndex(t, umlautText, "Straße"))
	b := mustPoint(t, v, runeIndex(t, umlautText, "🙂")+1)
	test.Drag(w.Canvas(), b, b.X-a.X, b.Y-a.Y)
	if len(codings) != 1 {
		t.Fatal("no selection reported")
	}
	c := codings[0]
	if got := qda.Slice(umlautText, c.Start, c.End); got != "Straße 🙂" {
		t.Fatalf("coding covers %q", got)
	}
	v.SetCodings(codings, styles)
	v.Select(0, 0)
	lp := v.lay.LineAt(c.Start)
	x1, x2 := v.textX()+v.lay.X(lp, c.Start), v.textX()+v.lay.X(lp, c.End)
	fills := 0
	for _, it := range test.LaidOutObjects(v) {
		if r, ok := it.(interface{ Position() fyne.Position }); ok && it.Size().Width == x2-x1 && r.Position().X == x1 {
			fills++
		}
	}
	if fills != 2 { // the fill and the underline
		t.Errorf("%d rectangles span the coded text, want 2", fills)
	}
}

func TestView_DoubleTapped(t *testing.T) {
	tests := []struct{ at, want string }{
		{"raße", "Straße"}, {"🙂", "🙂"}, {"läuft", "läuft"}, {"ü.", "ü"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			v, _ := newView(t, umlautText, nil, fyne.NewSize(400, 300))
			p := mustPoint(t, v, runeIndex(t, umlautText, tt.at))
			p.X += 1
			v.DoubleTapped(&fyne.PointEvent{Position: p})
			if v.SelectedText() != tt.want {
				t.Errorf("selected %q, want %q", v.SelectedText(), tt.want)
			}
		})
	}
}

func TestView_MouseDown(t *testing.T) {
	v, _ := newView(t, umlautText, nil, fyne.NewSize(400, 300))
	down := func(off int, mod fyne.KeyModifier) {
		p := mustPoint(t, v, off)
		v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: mod})
	}
	down(6, 0)
	if s, e := v.Selection(); s != 6 || e != 6 {
		t.Errorf("click: [%d, %d), want caret at 6", s, e)
	}
	down(12, fyne.KeyModifierShift)
	if v.SelectedText() != "Straße" {
		t.Errorf("shift+click selected %q", v.SelectedText())
	}
	// triple click: a double click, then a press within the double-tap
	// delay. The view reads the test's clock, so how fast the test runs
	// does not matter.
	clock := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	v.now = func() time.Time { return clock }
	delay := fyne.CurrentApp().Driver().DoubleTapDelay()
	p := mustPoint(t, v, 20)
	v.DoubleTapped(&fyne.PointEvent{Position: p})
	clock = clock.Add(delay)
	down(20, 0)
	par := v.lay.Paragraph(0)
	if s, e := v.Selection(); s != par.start || e != par.end {
		t.Errorf("triple click: [%d, %d), want the paragraph [%d, %d)", s, e, par.start, par.end)
	}
	// a press later than that is a click
	v.DoubleTapped(&fyne.PointEvent{Position: p})
	clock = clock.Add(delay + time.Millisecond)
	down(20, 0)
	if s, e := v.Selection(); s != 20 || e != 20 {
		t.Errorf("click after a double click: [%d, %d), want caret at 20", s, e)
	}
}

func TestView_TypedKey(t *testing.T) {
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	tests := []struct {
		name       string
		caret      int
		keys       []fyne.KeyName
		shift      bool
		start, end int
	}{
		{"right over ß", 4, []fyne.KeyName{fyne.KeyRight, fyne.KeyRight}, true, 4, 6},
		{"right over emoji", 13, []fyne.KeyName{fyne.KeyRight}, true, 13, 14},
		{"left", 14, []fyne.KeyName{fyne.KeyLeft, fyne.KeyLeft}, true, 12, 14},
		{"move without shift", 3, []fyne.KeyName{fyne.KeyRight}, false, 4, 4},
		{"home", 9, []fyne.KeyName{fyne.KeyHome}, true, 0, 9},
		{"end stays on its line", 2, []fyne.KeyName{fyne.KeyEnd}, true, 2, -2}, // -2: before the line's last space
		{"down and up", 3, []fyne.KeyName{fyne.KeyDown, fyne.KeyUp}, true, 3, 3},
		{"down", 3, []fyne.KeyName{fyne.KeyDown}, true, 3, -1}, // -1: below the caret
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newView(t, umlautText, nil, fyne.NewSize(400, 300))
			v.Select(tt.caret, tt.caret)
			if tt.shift {
				v.KeyDown(shift)
			}
			for _, k := range tt.keys {
				v.TypedKey(&fyne.KeyEvent{Name: k})
			}
			v.KeyUp(shift)
			switch tt.end {
			case -1:
				tt.end = v.lay.OffsetAt(linePos{0, 1}, v.lay.X(linePos{0, 0}, tt.caret))
			case -2:
				tt.end = v.lay.Line(linePos{0, 0}).end - 1
			}
			if s, e := v.Selection(); s != tt.start || e != tt.end {
				t.Errorf("selection [%d, %d) %q, want [%d, %d)", s, e, v.SelectedText(), tt.start, tt.end)
			}
		})
	}
}

func TestView_TypedShortcut(t *testing.T) {
	v, _ := newView(t, umlautText, nil, fyne.NewSize(400, 300))
	clip := fyne.CurrentApp().Clipboard()
	v.Select(6, 14)
	v.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip})
	if got := clip.Content(); got != "Straße 🙂" {
		t.Errorf("copied %q", got)
	}
	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	if s, e := v.Selection(); s != 0 || e != len([]rune(umlautText)) {
		t.Errorf("select all: [%d, %d)", s, e)
	}
	v.Select(5, 5)
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if s, e := v.Selection(); s != 5 || e != len([]rune(umlautText)) {
		t.Errorf("ctrl+shift+end: [%d, %d)", s, e)
	}
}

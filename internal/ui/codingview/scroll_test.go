package codingview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// hundred returns a scroller over 100 one-line paragraphs "zeile NN",
// 10 lines of 10 pixels on screen.
func hundred() *scroller {
	var b strings.Builder
	for i := range 100 {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("zeile ")
		b.WriteByte(byte('0' + i/10))
		b.WriteByte(byte('0' + i%10))
	}
	l := NewLayout(b.String(), fixed)
	l.SetWidth(1000)
	return &scroller{lay: l, lineH: 10, viewH: 100}
}

func TestScroller_by(t *testing.T) {
	tests := []struct {
		name   string
		px     []float32
		top    int
		dy     float32
		atEnd  bool
		region float32 // expected fraction, ±0.02
	}{
		{"none", nil, 0, 0, false, 0},
		{"one line", []float32{10}, 1, 0, false, 0.011},
		{"part of a line", []float32{25}, 2, 5, false, 0.028},
		{"back up", []float32{25, -7}, 1, 8, false, 0.02},
		{"not above the start", []float32{-50}, 0, 0, false, 0},
		{"not below the end", []float32{5000}, 90, 0, true, 1},
		{"up from the end", []float32{5000, -15}, 88, 5, false, 0.983},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := hundred()
			for _, px := range tt.px {
				s.by(px)
			}
			if s.top.p != tt.top || s.dy != tt.dy {
				t.Errorf("top %v dy %v, want line %d dy %v", s.top, s.dy, tt.top, tt.dy)
			}
			if s.atEnd() != tt.atEnd {
				t.Errorf("atEnd %v", s.atEnd())
			}
			if f, vis := s.fraction(); f < tt.region-0.02 || f > tt.region+0.02 || vis != 0.1 {
				t.Errorf("fraction %.3f visible %.3f, want about %.3f and 0.1", f, vis, tt.region)
			}
		})
	}
}

func TestScroller_toFraction(t *testing.T) {
	tests := []struct {
		f   float32
		top int
	}{{0, 0}, {0.5, 45}, {1, 90}, {2, 90}, {-1, 0}}
	for _, tt := range tests {
		s := hundred()
		s.toFraction(tt.f)
		if s.top.p != tt.top {
			t.Errorf("toFraction(%v): top line %d, want %d", tt.f, s.top.p, tt.top)
		}
	}
}

func TestScroller_reveal(t *testing.T) {
	tests := []struct {
		start, line, top int
	}{{0, 5, 0}, {0, 10, 1}, {0, 50, 41}, {50, 49, 49}, {50, 55, 50}, {50, 60, 51}}
	for _, tt := range tests {
		s := hundred()
		s.top = linePos{tt.start, 0}
		s.reveal(linePos{tt.line, 0})
		if s.top.p != tt.top || s.dy != 0 {
			t.Errorf("from %d reveal %d: top %d dy %v, want %d", tt.start, tt.line, s.top.p, s.dy, tt.top)
		}
	}
}

func TestScroller_lineAt(t *testing.T) {
	s := hundred()
	s.by(25)
	tests := []struct {
		y    float32
		line int
		side int
	}{{0, 2, 0}, {4.9, 2, 0}, {5, 3, 0}, {99, 12, 0}, {-10, 1, 0}, {-40, 0, -1}, {2000, 99, 1}}
	for _, tt := range tests {
		lp, side := s.lineAt(tt.y)
		if lp.p != tt.line || side != tt.side {
			t.Errorf("lineAt(%v) = %v %d, want line %d side %d", tt.y, lp, side, tt.line, tt.side)
		}
	}
}

func TestView_ScrollTo(t *testing.T) {
	test.NewTempApp(t)
	unit := "Größe Straße 🙂 und die Maßnahme läuft gut.\n\n"
	text := strings.Repeat(unit, 400)
	v := New()
	v.SetDocument(text, nil, styles)
	off := runeIndex(t, text, "Maß") + 300*len([]rune(unit))
	v.ScrollTo(off) // before the view has a size
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(500, 300))
	if _, ok := v.pointOf(off); !ok {
		t.Fatalf("offset %d is not visible", off)
	}
	v.ScrollTo(0)
	if v.sc.top != (linePos{}) {
		t.Errorf("ScrollTo(0): top %v", v.sc.top)
	}
	v.Select(off, off+3)
	if _, ok := v.pointOf(off + 3); !ok || v.SelectedText() != "Maß" {
		t.Errorf("Select does not reveal its end or selects %q", v.SelectedText())
	}
}

func TestScrollBar_Dragged(t *testing.T) {
	text := strings.Repeat("Größe Straße 🙂 und die Maßnahme läuft gut.\n\n", 400)
	v, w := newView(t, text, nil, fyne.NewSize(500, 300))
	x := v.size.Width - v.metric.scrollW/2
	y := v.sb.thumbY + v.sb.thumbH/2
	test.Drag(w.Canvas(), fyne.NewPos(x, 299), 0, 299-y)
	if !v.sc.atEnd() {
		t.Errorf("dragging the thumb to the bottom does not reach the end")
	}
	test.TapCanvas(w.Canvas(), fyne.NewPos(x, 5))
	if v.sc.atEnd() {
		t.Errorf("clicking the track above the thumb does not page up")
	}
}

package codingview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fixed measures 10 per rune and 20 per rune outside the BMP (emoji).
func fixed(s string) float32 {
	w := float32(0)
	for _, r := range s {
		if r > 0xffff {
			w += 20
		} else {
			w += 10
		}
	}
	return w
}

// lines returns all visual lines of l as strings.
func lines(l *Layout) []string {
	var out []string
	for p := range l.paras {
		for i := range l.Lines(p) {
			out = append(out, l.LineText(linePos{p, i}))
		}
	}
	return out
}

func TestLayout_Lines(t *testing.T) {
	tests := []struct {
		name, text string
		width      float32
		want       []string
	}{
		{"fits", "Größe Straße 🙂", 200, []string{"Größe Straße 🙂"}},
		{"wraps at spaces", "Größe Straße 🙂", 60, []string{"Größe ", "Straße ", "🙂"}},
		{"spaces hang", "ab    cd", 30, []string{"ab    ", "cd"}},
		{"long word broken", "Donaudampfschiff", 50, []string{"Donau", "dampf", "schif", "f"}},
		{"emoji wider", "🙂🙂🙂🙂", 50, []string{"🙂🙂", "🙂🙂"}},
		{"paragraphs", "a b\n\nc", 100, []string{"a b", "", "c"}},
		{"trailing newline", "a\n", 100, []string{"a", ""}},
		{"empty", "", 100, []string{""}},
		{"narrower than a rune", "äb", 5, []string{"ä", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLayout(tt.text, fixed)
			l.SetWidth(tt.width)
			got := lines(l)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("lines %q, want %q", got, tt.want)
			}
			if strings.Join(got, "") != strings.ReplaceAll(tt.text, "\n", "") {
				t.Errorf("lines lose text: %q", got)
			}
		})
	}
}

// roundTrip checks that every offset maps to a position and back.
func roundTrip(t *testing.T, l *Layout) {
	t.Helper()
	for off := 0; off <= l.Len(); off++ {
		if !l.boundary(off) {
			continue
		}
		lp := l.LineAt(off)
		sp := l.Line(lp)
		if off < sp.start || off > sp.end {
			t.Fatalf("offset %d on line %v [%d, %d)", off, lp, sp.start, sp.end)
		}
		x := l.X(lp, off)
		if got := l.OffsetAt(lp, x); got != off {
			t.Errorf("offset %d → line %v x %.1f → offset %d", off, lp, x, got)
		}
		if got := l.OffsetAt(lp, x+0.1); got != off {
			t.Errorf("offset %d → x %.1f+0.1 → offset %d", off, x, got)
		}
	}
}

func TestLayout_OffsetAt(t *testing.T) {
	text := "Größe Straße 🙂 – „Zitat“\n\nÜbermäßig lange Maßnahmenbeschreibung 👩‍💻 ß."
	for _, w := range []float32{40, 75, 130, 1000} {
		l := NewLayout(text, fixed)
		l.SetWidth(w)
		roundTrip(t, l)
	}
	t.Run("real font", func(t *testing.T) {
		test.NewTempApp(t)
		l := NewLayout(text, func(s string) float32 { return fyne.MeasureText(s, 14, fyne.TextStyle{}).Width })
		l.SetWidth(120)
		roundTrip(t, l)
	})
}

func TestLayout_X(t *testing.T) {
	l := NewLayout("Größe Straße 🙂", fixed)
	l.SetWidth(1000)
	tests := []struct {
		off  int
		want float32
	}{{0, 0}, {2, 20}, {5, 50}, {6, 60}, {12, 120}, {13, 130}, {14, 150}, {99, 150}}
	for _, tt := range tests {
		if got := l.X(linePos{}, tt.off); got != tt.want {
			t.Errorf("X(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
}

func TestLayout_LineAt(t *testing.T) {
	l := NewLayout("Größe Straße 🙂\nab", fixed)
	l.SetWidth(60) // "Größe ", "Straße ", "🙂", "ab"
	tests := []struct {
		off  int
		want linePos
	}{{0, linePos{0, 0}}, {5, linePos{0, 0}}, {6, linePos{0, 1}}, {13, linePos{0, 2}}, {14, linePos{0, 2}}, {15, linePos{1, 0}}, {17, linePos{1, 0}}}
	for _, tt := range tests {
		if got := l.LineAt(tt.off); got != tt.want {
			t.Errorf("LineAt(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
}

func TestLayout_WordAt(t *testing.T) {
	text := "Die Größe, sagt sie: „Straßen-Bau“ 🙂!\nEnde"
	l := NewLayout(text, fixed)
	r := []rune(text)
	tests := []struct {
		off  int
		want string
	}{
		{0, "Die"}, {2, "Die"}, {3, ""}, {5, "Größe"}, {9, ","}, {22, "Straßen-Bau"},
		{35, "🙂!"}, {37, "🙂!"}, {38, "Ende"}, {42, "Ende"},
	}
	for _, tt := range tests {
		w := l.WordAt(tt.off)
		if got := string(r[w.start:w.end]); got != tt.want {
			t.Errorf("WordAt(%d) = %q, want %q", tt.off, got, tt.want)
		}
	}
}

func TestLayout_Paragraph(t *testing.T) {
	l := NewLayout("eins zwei\n\ndrei", fixed)
	tests := []struct {
		off  int
		want span
	}{{0, span{0, 9}}, {9, span{0, 9}}, {10, span{10, 10}}, {11, span{11, 15}}, {15, span{11, 15}}}
	for _, tt := range tests {
		if got := l.Paragraph(tt.off); got != tt.want {
			t.Errorf("Paragraph(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
}

func TestLayout_TotalLines(t *testing.T) {
	l := NewLayout(strings.Repeat("wort ", 100)+"\n"+strings.Repeat("wort ", 100), fixed)
	l.SetWidth(100) // two "wort " per line: 50 lines per paragraph
	est := l.TotalLines()
	if est < 80 || est > 120 {
		t.Errorf("estimate %d lines, want about 100", est)
	}
	l.Lines(0)
	l.Lines(1)
	if got := l.TotalLines(); got != 100 {
		t.Errorf("TotalLines = %d after layout, want 100", got)
	}
}

// TestView_label: a stripe label too narrow for the whole name shows a
// guideline code's question id whole rather than "1.…".
func TestView_label(t *testing.T) {
	v, _ := newView(t, umlautText, nil, fyne.NewSize(400, 300))
	full := v.measureAt("2.2a", v.metric.labelSize).Width
	tests := []struct {
		name  string
		width float32 // the label's room
		want  string
	}{
		{"2.2a Wie verändern sich Rolle und Inhalte", max(full+2, 24), "2.2a"},
		{"Ziele", 400, "Ziele"},
		{"Vertrauen in die Vermittlung", 400, "Vertrauen in die Vermittlung"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v.colW = tt.width + barW + 8
			v.labels = map[string]string{}
			if got := v.label(tt.name); got != tt.want {
				t.Errorf("label = %q, want %q", got, tt.want)
			}
		})
	}
}

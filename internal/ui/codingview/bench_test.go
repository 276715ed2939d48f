package codingview

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/codingview/sample"
)

// benchSize is a typical document pane.
var benchSize = fyne.NewSize(1000, 800)

// generated returns the benchmark protocol: 300,000 runes, 2,000 codings.
func generated(tb testing.TB) (sample.Protocol, map[qda.GUID]CodeStyle) {
	p := sample.Generate(300_000, 2000, 1)
	if n := qda.RuneLen(p.Text); n < 300_000 || n > 301_000 {
		tb.Fatalf("generated %d runes", n)
	}
	codes := map[qda.GUID]CodeStyle{}
	for _, c := range p.Codes {
		codes[c.GUID] = CodeStyle{Name: c.Name, Color: c.Color}
	}
	return p, codes
}

// open creates a view, sets the document and lays out the first frame
// with the real font measurement of the test driver.
func open(tb testing.TB, p sample.Protocol, codes map[qda.GUID]CodeStyle) *View {
	v := New()
	v.SetDocument(p.Text, p.Codings, codes)
	v.SetCoderNames(p.CoderNames)
	v.Resize(benchSize)
	return v
}

// BenchmarkView_Open300k measures opening a document in a shown view:
// splitting the text, sorting and laning the codings, laying out and
// drawing the first screen. The view's word-width cache starts empty in
// every iteration; Fyne's glyph metrics cache is warm after the first
// open, which first-ns reports (including creating the view).
func BenchmarkView_Open300k(b *testing.B) {
	test.NewTempApp(b)
	p, codes := generated(b)
	t0 := time.Now()
	v := open(b, p, codes)
	first := time.Since(t0)
	for b.Loop() {
		v.SetDocument(p.Text, p.Codings, codes)
	}
	b.ReportMetric(float64(first.Nanoseconds()), "first-ns")
}

// BenchmarkView_ScrollScreen measures scrolling down by one screen:
// laying out the paragraphs that come into view (word widths mostly
// cached) and redrawing. At the end it starts again at the top with all
// line breaks forgotten.
func BenchmarkView_ScrollScreen(b *testing.B) {
	test.NewTempApp(b)
	p, codes := generated(b)
	v := open(b, p, codes)
	ev := &fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -v.sc.viewH}}
	for b.Loop() {
		if v.sc.atEnd() {
			b.StopTimer()
			w := v.lay.Width()
			v.lay.SetWidth(w + 1)
			v.lay.SetWidth(w)
			v.sc.top, v.sc.dy = linePos{}, 0
			b.StartTimer()
		}
		v.Scrolled(ev)
	}
	b.ReportMetric(float64(len(v.lay.paras)), "paragraphs")
}

func TestView_SetDocument_generated(t *testing.T) {
	test.NewTempApp(t)
	p, codes := generated(t)
	v := open(t, p, codes)
	if len(v.shown) != 2000 {
		t.Errorf("%d codings shown", len(v.shown))
	}
	cols := 0
	for _, s := range v.shown {
		cols = max(cols, s.col+1)
	}
	t.Logf("%d runes, %d paragraphs, %d codings, %d stripe columns, %d lines on screen",
		v.lay.Len(), len(v.lay.paras), len(v.shown), cols, int(v.sc.viewH/v.sc.lineH))
}

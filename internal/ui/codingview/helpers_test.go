package codingview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
)

// Test fixtures: two codes and two coders.
var (
	codeA  = qda.GUID("00000000-0000-4000-8000-00000000000a")
	codeB  = qda.GUID("00000000-0000-4000-8000-00000000000b")
	anna   = qda.GUID("00000000-0000-4000-8000-0000000000a1")
	ben    = qda.GUID("00000000-0000-4000-8000-0000000000b1")
	styles = map[qda.GUID]CodeStyle{
		codeA: {Name: "Arbeitgeberkontakte", Color: "#e15759"},
		codeB: {Name: "Ziele", Color: "#4e79a7"},
	}
)

// umlautText wraps over several lines in a 400-wide view.
const umlautText = "Größe Straße 🙂 und die Maßnahme läuft gut, sagt die Geschäftsführerin. " +
	"Übergänge in Arbeit sind häufiger geworden.\n\nB: Das ist ein ganz neuer Absatz mit ß und ü."

// coding returns a coding of [start, end) with code by coder.
func coding(id string, start, end int, code, coder qda.GUID) qda.Coding {
	return qda.Coding{GUID: qda.GUID("00000000-0000-4000-8000-0000000000" + id), Range: qda.Range{Start: start, End: end},
		Code: code, Coder: coder}
}

// newView shows text in a test window of the given size with the view
// at the origin.
func newView(t *testing.T, text string, codings []qda.Coding, size fyne.Size) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	v.SetDocument(text, codings, styles)
	v.SetCoderNames(map[qda.GUID]string{anna: "anna", ben: "ben"})
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(size)
	return v, w
}

// pointOf returns the canvas point of the caret position before offset,
// vertically in the middle of its line; ok is false if it is not visible.
func (v *View) pointOf(off int) (fyne.Position, bool) {
	lp := v.lay.LineAt(off)
	y, ok := v.sc.yOf(lp, 1000)
	if !ok {
		return fyne.Position{}, false
	}
	return fyne.NewPos(v.textX()+v.lay.X(lp, off), v.contentTop()+y+v.metric.lineH/2), true
}

// mustPoint is pointOf that fails the test if offset is not visible.
func mustPoint(t *testing.T, v *View, off int) fyne.Position {
	t.Helper()
	p, ok := v.pointOf(off)
	if !ok {
		t.Fatalf("offset %d is not visible", off)
	}
	return p
}

// runeIndex returns the rune offset of the first occurrence of sub.
func runeIndex(t *testing.T, s, sub string) int {
	t.Helper()
	r, sr := []rune(s), []rune(sub)
	for i := 0; i+len(sr) <= len(r); i++ {
		if string(r[i:i+len(sr)]) == sub {
			return i
		}
	}
	t.Fatalf("%q not in text", sub)
	return -1
}

package qda

import (
	"testing"
	"unicode/utf8"
)

// FuzzDiffOffsets checks the offset map of any two texts: kept runes map
// to equal runes, in order, inside the new text, and every range maps
// inside the new text.
func FuzzDiffOffsets(f *testing.F) {
	f.Add("Der Arbeitgeberservice hilft.", "Der Service hilft sehr.")
	f.Add("Größe\nStraße 🙂", "Grösse\n\nStrasse 🙂!")
	f.Add("", "neu")
	f.Add("a b c d e", "e d c b a")
	f.Fuzz(func(t *testing.T, oldText, newText string) {
		if len(oldText)+len(newText) > 4000 {
			return
		}
		a, b := []rune(oldText), []rune(newText)
		m := DiffOffsets(oldText, newText)
		last := -1
		for i, k := range m.kept {
			if k < 0 {
				continue
			}
			if k <= last || k >= len(b) || a[i] != b[k] {
				t.Fatalf("old rune %d (%q) maps to %d after %d (new length %d)", i, a[i], k, last, len(b))
			}
			last = k
		}
		for s := 0; s <= len(a); s += 1 + len(a)/7 {
			for e := s; e <= len(a); e += 1 + len(a)/5 {
				if r, ok := m.MapRange(Range{Start: s, End: e}); ok && (r.Start < 0 || r.End > len(b) || r.Start >= r.End) {
					t.Fatalf("[%d,%d) maps to %+v (new length %d)", s, e, r, len(b))
				}
			}
		}
	})
}

// FuzzPassages checks that passages are in order, do not overlap, lie in
// the text and hold exactly its runes there.
func FuzzPassages(f *testing.F) {
	f.Add("Erster Absatz.\nNoch eine Zeile.\n\nZweiter Absatz.\n")
	f.Add("\n\n  \n\tText\n \n")
	f.Add("Größe 🙂\r\n\r\nStraße")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		n := RuneLen(text)
		prev := -1
		for _, p := range Passages(text) {
			if p.Start < 0 || p.Start >= p.End || p.End > n || p.Start <= prev {
				t.Fatalf("passage [%d,%d) after %d in a text of %d runes", p.Start, p.End, prev, n)
			}
			if got := Slice(text, p.Start, p.End); got != p.Text {
				t.Fatalf("passage [%d,%d) text %q, slice %q", p.Start, p.End, p.Text, got)
			}
			prev = p.End
		}
	})
}

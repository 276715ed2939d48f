package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFragment checks fragments built from arbitrary match ranges: the
// spans are valid UTF-8, their text without the ellipses is a piece of the
// text, and marks cover only matched bytes.
func FuzzFragment(f *testing.F) {
	f.Add("Der Arbeitgeberservice berät Betriebe in allen Fragen der Größe.", 4, 22, 60, 66)
	f.Add(strings.Repeat("Wort ", 200)+"Treffer", 1000, 1007, 0, 0)
	f.Add("🙂🙂🙂", 1, 5, 4, 12)
	f.Fuzz(func(t *testing.T, text string, a0, a1, b0, b1 int) {
		if !utf8.ValidString(text) {
			return
		}
		spans := fragment(text, [][2]int{{a0, a1}, {b0, b1}}, fragmentRunes)
		var all strings.Builder
		for i, s := range spans {
			if !utf8.ValidString(s.Text) || s.Text == "" {
				t.Fatalf("span %d %q", i, s.Text)
			}
			all.WriteString(s.Text)
		}
		// Ellipses mark cut-off text at either end (merged into the
		// neighbouring unmarked span).
		plain := strings.TrimSuffix(strings.TrimPrefix(all.String(), ellipsis), ellipsis)
		if !strings.Contains(text, plain) && !strings.Contains(text, all.String()) {
			t.Fatalf("fragment %q is not a piece of %q", all.String(), text)
		}
	})
}

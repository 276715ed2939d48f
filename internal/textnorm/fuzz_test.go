package textnorm

import (
	"testing"
	"unicode/utf8"
)

// FuzzCanonical checks that Canonical accepts exactly valid UTF-8, that its
// result is canonical and that canonical text is left alone.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"Größe\r\nStraße", "\uFEFFa\x00b\rc", "e\u0301", "🙂\n", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Canonical(s)
		if err != nil {
			if utf8.ValidString(s) {
				t.Fatalf("valid UTF-8 %q refused: %v", s, err)
			}
			return
		}
		if !IsCanonical(out) {
			t.Fatalf("Canonical(%q) = %q is not canonical", s, out)
		}
		if again, err := Canonical(out); err != nil || again != out {
			t.Fatalf("Canonical is not idempotent on %q: %q, %v", out, again, err)
		}
	})
}

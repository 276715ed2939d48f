package coding

import (
	"strings"
	"testing"
	"unicode"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// contextAroundRunes is the plain []rune form of contextAround, the
// reference the indexed one must match.
func contextAroundRunes(text []rune, start, end, n int) (string, string) {
	a := max(0, start-n)
	if a > 0 {
		for k := a; k < start; k++ {
			if unicode.IsSpace(text[k]) {
				a = k + 1
				break
			}
		}
	}
	b := min(len(text), end+n)
	if b < len(text) {
		for k := b; k > end; k-- {
			if unicode.IsSpace(text[k-1]) {
				b = k - 1
				break
			}
		}
	}
	return string(text[a:start]), string(text[end:b])
}

func TestContextAround(t *testing.T) {
	texts := []string{
		"kurz",
		strings.Repeat("Größe\u00a0Straße 🙂 Vermittlungsgespräche\nüber Arbeitgeber. ", 30),
		strings.Repeat("Ohneleerzeichen", 40),
	}
	for _, text := range texts {
		x, runes := qda.NewRuneIndex(text), []rune(text)
		for start := 0; start < len(runes); start += 7 {
			for _, end := range []int{start + 1, start + 13, start + 200} {
				end = min(end, len(runes))
				for _, n := range []int{0, 5, app.RetrieveContext} {
					b, a := contextAround(x, start, end, n)
					wb, wa := contextAroundRunes(runes, start, end, n)
					if b != wb || a != wa {
						t.Fatalf("contextAround(%d, %d, %d) = %q, %q; want %q, %q", start, end, n, b, a, wb, wa)
					}
				}
			}
		}
	}
}

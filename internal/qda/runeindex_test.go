package qda_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestRuneIndex_Slice(t *testing.T) {
	long := strings.Repeat("Größe 🙂 Straße, ", 40) // crosses several checkpoints
	for _, text := range []string{"", "a", "äöü", "ab\xffcd", long} {
		x := qda.NewRuneIndex(text)
		runes := []rune(text)
		if x.Len() != len(runes) || x.Len() != utf8.RuneCountInString(text) {
			t.Fatalf("Len(%q) = %d, want %d", text, x.Len(), len(runes))
		}
		for start := 0; start <= len(runes); start++ {
			for _, end := range []int{start, min(start+1, len(runes)), min(start+70, len(runes)), len(runes)} {
				if got, want := x.Slice(start, end), qda.Slice(text, start, end); got != want {
					t.Fatalf("Slice(%d, %d) of %q = %q, want %q", start, end, text, got, want)
				}
			}
		}
		if x.Byte(x.Len()) != len(text) || x.Text() != text {
			t.Fatalf("Byte(Len()) = %d, want %d", x.Byte(x.Len()), len(text))
		}
	}
}

func TestRuneIndex_Byte(t *testing.T) {
	// Texts of every density of multi-byte runes (1 to 4 bytes), so that
	// runes and checkpoints fall on every place of an eight-byte word.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", "\n", "ä", "ß", "€", "🙂", "\u2028"}
	for _, tt := range []struct {
		name  string
		runes int
		multi int // one rune in multi is multi-byte
	}{
		{"ascii", 700, 0}, {"german", 700, 40}, {"dense", 700, 2}, {"all multi-byte", 700, 1}, {"short", 9, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			for range tt.runes {
				if tt.multi > 0 && rng.IntN(tt.multi) == 0 {
					sb.WriteString(alphabet[4+rng.IntN(len(alphabet)-4)])
				} else {
					sb.WriteString(alphabet[rng.IntN(4)])
				}
			}
			text := sb.String()
			x := qda.NewRuneIndex(text)
			if x.Len() != utf8.RuneCountInString(text) {
				t.Fatalf("Len = %d, want %d", x.Len(), utf8.RuneCountInString(text))
			}
			r := 0
			for b := range text {
				if got := x.Byte(r); got != b {
					t.Fatalf("Byte(%d) = %d, want %d", r, got, b)
				}
				r++
			}
			if x.Byte(r) != len(text) {
				t.Fatalf("Byte(Len()) = %d, want %d", x.Byte(r), len(text))
			}
		})
	}
}

func TestRuneIndex_Invalid(t *testing.T) {
	// In invalid UTF-8 every byte but a continuation byte starts a rune;
	// Len, Byte and Slice agree on that and never cut outside the text.
	for _, text := range []string{"\x80abc", "ab\xe4\xb8", strings.Repeat("x\xbf\xbf", 50), "\xe4\xb8\xadok\x80"} {
		x := qda.NewRuneIndex(text)
		var sb strings.Builder
		for r := 0; r < x.Len(); r++ {
			sb.WriteString(x.Slice(r, r+1))
		}
		if sb.String() != text {
			t.Errorf("the runes of %q put together give %q", text, sb.String())
		}
	}
}

func TestRuneIndex_BytePanics(t *testing.T) {
	x := qda.NewRuneIndex("abc")
	for _, r := range []int{-1, 4} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Byte(%d) did not panic", r)
				}
			}()
			x.Byte(r)
		}()
	}
}

func BenchmarkRuneIndex_Slice(b *testing.B) {
	text := strings.Repeat("Die Vermittlung in Arbeit über den Arbeitgeberservice ist größer. ", 300)
	for b.Loop() {
		x := qda.NewRuneIndex(text)
		for s := 0; s+100 < x.Len(); s += 1000 {
			_ = x.Slice(s, s+100)
		}
	}
}

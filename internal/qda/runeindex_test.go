package qda_test

import (
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

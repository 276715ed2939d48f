package anon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleTexts returns the bodies of the sample project's protocols.
func sampleTexts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "sampledata", "protocols", "*", "*.md"))
	if err != nil || len(files) == 0 {
		tb.Skip("sample protocols not found")
	}
	var out []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		body := string(raw)
		if _, rest, ok := strings.Cut(body[3:], "\n---\n"); ok && strings.HasPrefix(body, "---") {
			body = rest
		}
		out = append(out, body)
	}
	return out
}

// BenchmarkChecker_Check_Sample checks all protocols of the sample
// project once per iteration (the built-in lists are loaded before).
func BenchmarkChecker_Check_Sample(b *testing.B) {
	texts := sampleTexts(b)
	c := NewChecker(nil, Options{})
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			c.Check(t)
		}
	}
}

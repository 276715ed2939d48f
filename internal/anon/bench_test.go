package anon

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
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

// TestTables_Load loads the built-in lists and the gazetteer matcher and
// logs the time and the heap they take.
func TestTables_Load(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	tab, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	m := newMatcher()
	for _, g := range append(handGazetteer(), tab.places...) {
		m.add(g.Name, KindPlace, "", g.Ambiguous, SourceGazetteer)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("lists: %d words, %d first names, %d surnames, %d places, %d streets; %d bytes parsed in %v, heap +%.1f MB",
		len(tab.lexicon), len(tab.first), len(tab.last), len(tab.places), len(tab.streets), tab.loadSize, took,
		float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	runtime.KeepAlive(tab)
	runtime.KeepAlive(m)
	if len(tab.lexicon) < 100000 || len(tab.first) < 5000 || len(tab.places) < 10000 {
		t.Errorf("lists too small: %d words, %d first names, %d places", len(tab.lexicon), len(tab.first), len(tab.places))
	}
}

// BenchmarkTables_Load measures parsing the built-in lists.
func BenchmarkTables_Load(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadTables(); err != nil {
			b.Fatal(err)
		}
	}
}

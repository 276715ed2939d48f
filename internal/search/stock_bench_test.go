package search_test

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/search"
)

// stockTexts is the number of generated protocols BenchmarkIndex_VersusStock
// indexes (about 15 KB each).
const stockTexts = 150

// generatedPassages returns the passages of n generated protocols (the
// text protocoder-cli bench generates), with metadata as the app indexes
// it, and their size in bytes.
func generatedPassages(n int) ([]qda.IndexPassage, int) {
	w := bench.NewWriter(rand.New(rand.NewSource(1)))
	levels := []qda.Level{qda.LevelStrategic, qda.LevelOperative, qda.LevelIntensive}
	var ps []qda.IndexPassage
	size := 0
	for i := 0; i < n; i++ {
		doc := qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
		for _, p := range qda.Passages(w.Text(bench.ProtocolSize)) {
			ps = append(ps, qda.IndexPassage{Document: doc, DocName: fmt.Sprintf("Protokoll %d", i),
				Kind: qda.KindProtocol, Level: levels[i%3], Wave: 1 + i%2, Case: fmt.Sprintf("JC-%02d", i%12),
				Role: []string{"IFK", "PL", "GF", "TL"}[i%4], Interviewer: "mara",
				Codes: []string{fmt.Sprintf("%d.%d", 1+i%6, 1+i%4)}, Start: p.Start, End: p.End, Text: p.Text})
			size += len(p.Text)
		}
	}
	return ps, size
}

// BenchmarkIndex_VersusStock indexes the same generated passages with this
// package's mapping and with stock bleve's German analyzer, alternately
// (three rounds, so that the load of a shared machine falls on both), and
// reports both rates and their ratio, as protocoder-cli bench does.
func BenchmarkIndex_VersusStock(b *testing.B) {
	ps, size := generatedPassages(stockTexts)
	mb := float64(size) / 1e6
	b.Logf("%d passages, %.1f MB", len(ps), mb)
	for b.Loop() {
		var ours, stock time.Duration
		for round := 0; round < 3; round++ {
			for _, isStock := range []bool{false, true} {
				dir := filepath.Join(b.TempDir(), "index")
				d, err := search.TimeIndexing(dir, ps, 2000, isStock)
				if err != nil {
					b.Fatal(err)
				}
				if isStock {
					stock += d
				} else {
					ours += d
				}
			}
		}
		b.ReportMetric(3*mb/ours.Seconds(), "ours-MB/s")
		b.ReportMetric(3*mb/stock.Seconds(), "stock-MB/s")
		b.ReportMetric(stock.Seconds()/ours.Seconds(), "ours/stock")
	}
}

// BenchmarkIndex_Throughput indexes the generated passages with this
// package's mapping only (for a CPU profile of the analysis).
func BenchmarkIndex_Throughput(b *testing.B) {
	ps, size := generatedPassages(stockTexts)
	for b.Loop() {
		d, err := search.TimeIndexing(filepath.Join(b.TempDir(), "index"), ps, 2000, false)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(size)/1e6/d.Seconds(), "MB/s")
	}
}

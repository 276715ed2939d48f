package bench_test

import (
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// BenchmarkIngest_Bulk imports 50 generated protocols in one command into
// the sample project (fsync on) and reports the store commit's rate
// (commit-MB/s) and the rate until the index had caught up (MB/s):
//
//	go test ./internal/bench -run '^$' -bench Ingest -cpuprofile cpu.out
func BenchmarkIngest_Bulk(b *testing.B) {
	const n = 50
	var committed, total float64
	var bytes int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "p")
		o := wire.Options{User: bench.Coders[0]}
		o.Store.NoBackup = true
		if err := wire.CreateSample(dir, sampledata.FS, o); err != nil {
			b.Fatal(err)
		}
		s, err := wire.Open(dir, o)
		if err != nil {
			b.Fatal(err)
		}
		g, err := bench.NewGenerator(s, sampledata.FS, int64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		ing, err := g.IngestBulk(s, 0, n)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		committed += ing.Committed.Seconds()
		total += ing.Duration.Seconds()
		bytes += ing.Bytes
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes)/1e6/committed, "commit-MB/s")
	b.ReportMetric(float64(bytes)/1e6/total, "MB/s")
}

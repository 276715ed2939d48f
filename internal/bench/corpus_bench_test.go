package bench_test

import (
	"os"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/wire"
)

// The benchmarks below run on a corpus built beforehand, so that sizes
// too large to build inside a test (10,000 protocols take minutes) can be
// profiled:
//
//	protocoder-cli gen-corpus --docs 10000 --out /tmp/c10k
//	PROTOCODER_CORPUS=/tmp/c10k go test ./internal/bench -run '^$' \
//	    -bench Corpus -cpuprofile cpu.out
//
// Without PROTOCODER_CORPUS they are skipped.

// openCorpus opens the corpus named by PROTOCODER_CORPUS without backups
// and returns it with its most used code (the generator draws codes
// Zipf-like, so that is the first one).
func openCorpus(tb testing.TB) (*project.Project, qda.GUID) {
	tb.Helper()
	dir := os.Getenv("PROTOCODER_CORPUS")
	if dir == "" {
		tb.Skip("PROTOCODER_CORPUS is not set")
	}
	o := wire.Options{User: bench.Coders[0]}
	o.Store.NoBackup = true
	s, err := wire.Open(dir, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	codes, err := s.Codes()
	if err != nil || len(codes) == 0 {
		tb.Fatalf("codes: %v (%d)", err, len(codes))
	}
	return s, codes[0].GUID
}

func BenchmarkCorpus_Open(b *testing.B) {
	dir := os.Getenv("PROTOCODER_CORPUS")
	if dir == "" {
		b.Skip("PROTOCODER_CORPUS is not set")
	}
	o := wire.Options{User: bench.Coders[0]}
	o.Store.NoBackup = true
	for b.Loop() {
		s, err := wire.Open(dir, o)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Info(); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// The retrieval and matrix benchmarks time an open project: the read
// model (coding table, metadata cache) is built by a first call before
// the timed loop (b.Loop resets the timer); BenchmarkCorpus_Open and the
// bench command's cold-open rows time the first call. Beside the time
// they report the CPU time per call (cpu-ms/op, on all cores): on a
// machine shared with others the time depends on their load, the CPU
// time much less.

func BenchmarkCorpus_Retrieve(b *testing.B) {
	s, code := openCorpus(b)
	if _, err := s.RetrievePage(app.CodingFilter{Code: code}, 0, 1); err != nil {
		b.Fatal(err)
	}
	cpu := cpuPerOp(b)
	for b.Loop() {
		if _, err := s.Retrieve(app.CodingFilter{Code: code}); err != nil {
			b.Fatal(err)
		}
	}
	cpu()
}

// cpuPerOp starts counting the process's CPU time; the function it
// returns, called after the loop, reports it per call as cpu-ms/op.
func cpuPerOp(b *testing.B) func() {
	t0 := apptest.ProcessCPU()
	return func() {
		if t0 > 0 && b.N > 0 {
			b.ReportMetric(float64(apptest.ProcessCPU()-t0)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}

func BenchmarkCorpus_Matrix(b *testing.B) {
	s, code := openCorpus(b)
	if _, err := s.RetrievePage(app.CodingFilter{Code: code}, 0, 1); err != nil {
		b.Fatal(err)
	}
	cpu := cpuPerOp(b)
	for b.Loop() {
		if _, err := s.Matrix(analysis.MatrixRequest{}); err != nil {
			b.Fatal(err)
		}
	}
	cpu()
}

func BenchmarkCorpus_Search(b *testing.B) {
	s, _ := openCorpus(b)
	for _, tc := range []struct {
		name string
		req  qda.SearchRequest
	}{
		{"word", qda.SearchRequest{Query: "Vermittlung", Limit: 20, NoFacets: true, NoHighlight: true}},
		{"word-frequent", qda.SearchRequest{Query: "Größe", Limit: 20, NoFacets: true, NoHighlight: true}},
		{"phrase", qda.SearchRequest{Query: `"` + bench.Phrase + `"`, Limit: 20, NoFacets: true}},
		{"faceted", qda.SearchRequest{Query: "Vermittlung", Limit: 20, NoHighlight: true,
			Filters: map[string][]string{"kind": {"protocol"}}}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(tc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCorpus_RetrievePage(b *testing.B) {
	s, code := openCorpus(b)
	if _, err := s.RetrievePage(app.CodingFilter{Code: code}, 0, 1); err != nil {
		b.Fatal(err)
	}
	cpu := cpuPerOp(b)
	for b.Loop() {
		if _, err := s.RetrievePage(app.CodingFilter{Code: code}, 0, bench.RetrievePageSize); err != nil {
			b.Fatal(err)
		}
	}
	cpu()
}

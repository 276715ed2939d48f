package bench_test

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/sampledata"
)

// BenchmarkCorpus_ImportOne imports generated protocols one command each
// into the corpus named by PROTOCODER_CORPUS (fsync on), each timed alone
// as the bench command's "import one protocol" rows time them
// (Generator.IngestEach: generated before its clock starts, the index
// waited for after each), and reports the median and 90th percentile of
// the store commit (commit-p50-ms, commit-p90-ms) and of the import until
// the index had caught up (p50-ms, p90-ms), and the bytes the process
// wrote per protocol through write calls (written-KB/op: store, index and
// the index's merges; from /proc/self/io where there is one). A small
// corpus against a large one shows whether one protocol's import grows
// with the project:
//
//	protocoder-cli gen-corpus --docs 100 --out /tmp/c100
//	PROTOCODER_CORPUS=/tmp/c100 go test -tags migrated_fynedo ./internal/bench \
//	    -run '^$' -bench Corpus_ImportOne -benchtime 100x
func BenchmarkCorpus_ImportOne(b *testing.B) {
	s, _ := openCorpus(b)
	g, err := bench.NewGenerator(s, sampledata.FS, 1)
	if err != nil {
		b.Fatal(err)
	}
	docs, err := s.Documents()
	if err != nil {
		b.Fatal(err)
	}
	// Numbers no generated protocol of the corpus has (the interviewee
	// names carry them).
	next := 1_000_000 + len(docs)
	// One untimed import loads what an open project keeps in memory.
	if _, _, err := g.IngestEach(s, next, 1); err != nil {
		b.Fatal(err)
	}
	next++
	var commit, total []time.Duration
	w0 := writtenBytes()
	for b.Loop() {
		_, steps, err := g.IngestEach(s, next, 1)
		if err != nil {
			b.Fatal(err)
		}
		next++
		commit = append(commit, steps[0].Committed)
		total = append(total, steps[0].Indexed)
	}
	if w0 >= 0 && len(total) > 0 {
		b.ReportMetric(float64(writtenBytes()-w0)/1e3/float64(len(total)), "written-KB/op")
	}
	b.ReportMetric(ms(quantile(commit, 0.5)), "commit-p50-ms")
	b.ReportMetric(ms(quantile(commit, 0.9)), "commit-p90-ms")
	b.ReportMetric(ms(quantile(total, 0.5)), "p50-ms")
	b.ReportMetric(ms(quantile(total, 0.9)), "p90-ms")
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// quantile returns the q-quantile of ds (nearest rank), 0 for none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// writtenBytes returns the bytes this process has written so far
// through write calls (wchar of /proc/self/io: to the store, the index
// and its merges, and the terminal), -1 where it cannot be read.
func writtenBytes() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

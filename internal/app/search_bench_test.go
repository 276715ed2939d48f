package app_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// Search against QualCoder's method
//
// BenchmarkSearch_VersusScan generates a corpus of protocols (about 15 KB
// each, like the study's; PROTOCODER_BENCH_DOCS of them, default 1000 —
// 10000 gives the 150 MB), indexes it, and answers three kinds of
// query twice: through Service.Search (index stamp check included) and the
// way QualCoder does, by loading every text from the store and scanning it
// with a regular expression. It prints p50/p95 of both and their ratio.

// genProtocol returns a protocol of about 15 KB: question headings and
// answer paragraphs of 40–140 words, from the corpus generator's Writer
// (Zipf-distributed German-like words; internal/bench).
func genProtocol(w *bench.Writer) string {
	var b strings.Builder
	for q := 1; b.Len() < 15000; q++ {
		fmt.Fprintf(&b, "%d.%d Wie beurteilen Sie die Zusammenarbeit?\n\n", 1+q/5, 1+q%5)
		b.WriteString(w.Text(1))
		b.WriteString("\n\n")
	}
	return b.String()
}

// benchProject builds the corpus in a project and returns it opened.
func benchProject(b *testing.B, docs int) (*project.Project, string) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "p")
	o := wire.Options{User: "bench", Store: store.Options{NoBackup: true, NoSync: true}}
	if err := wire.Init(dir, "Bench", o); err != nil {
		b.Fatal(err)
	}
	// Load without the index (wire opens a project whose index folder
	// cannot be created without search), then index once, as a rebuild.
	index := filepath.Join(dir, store.IndexDir)
	if err := os.RemoveAll(index); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(index, nil, 0o600); err != nil {
		b.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		b.Fatal(err)
	}
	var cases []qda.GUID
	for i := 0; i < 16; i++ {
		c, err := s.AddCase(study.NewCase{Name: fmt.Sprintf("JC-%02d", i+1), Kind: qda.CaseJobCentre})
		if err != nil {
			b.Fatal(err)
		}
		cases = append(cases, c.GUID)
	}
	w := bench.NewWriter(rand.New(rand.NewSource(1)))
	start, size := time.Now(), 0
	for i := 0; i < docs; i++ {
		text := genProtocol(w)
		size += len(text)
		kind := qda.KindProtocol
		if i%10 == 9 {
			kind = qda.KindCaseReport
		}
		if _, err := s.AddDocument(study.NewDocument{Name: fmt.Sprintf("Protokoll %05d", i), Kind: kind, Case: cases[i%len(cases)], Text: text}); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Remove(index); err != nil {
		b.Fatal(err)
	}
	if s, err = wire.Open(dir, o); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	start = time.Now()
	if _, err := s.EnsureIndex(nil); err != nil {
		b.Fatal(err)
	}
	desc := fmt.Sprintf("%d documents, %.1f MB, indexed in %v", docs, float64(size)/1e6, time.Since(start).Round(time.Millisecond))
	return s, desc
}

// scan is QualCoder's search: every text loaded from the store and matched
// with a regular expression; facets count the matching documents' sites
// and kinds.
func scan(b *testing.B, s *project.Project, re *regexp.Regexp, facets bool) int {
	docs, err := s.Documents()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	counts := map[string]int{}
	for _, d := range docs {
		_, text, _, err := s.DocumentWithText(d.GUID)
		if err != nil {
			b.Fatal(err)
		}
		m := re.FindAllStringIndex(text, -1)
		n += len(m)
		if facets && len(m) > 0 {
			counts[string(d.Case)]++
			counts[string(d.Kind)]++
		}
	}
	return n
}

func percentile(lat []time.Duration, p int) time.Duration {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat[min(len(lat)-1, len(lat)*p/100)]
}

func BenchmarkSearch_VersusScan(b *testing.B) {
	docs := 1000
	if v, err := strconv.Atoi(os.Getenv("PROTOCODER_BENCH_DOCS")); err == nil && v > 0 {
		docs = v
	}
	s, corpus := benchProject(b, docs)
	for _, tc := range []struct {
		name string
		req  qda.SearchRequest
		re   string
	}{
		{"word", qda.SearchRequest{Query: "Vermittlung", Limit: 20, NoFacets: true, NoHighlight: true}, `(?i)vermittlung`},
		{"phrase+highlight", qda.SearchRequest{Query: `"` + bench.Phrase + `"`, Limit: 20, NoFacets: true}, `(?i)gemeinsamen\s+arbeitgeberservice`},
		{"faceted", qda.SearchRequest{Query: "Arbeitgeber", Limit: 20, NoHighlight: true,
			Filters: map[string][]string{"kind": {"protocol"}}}, `(?i)arbeitgeber`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var ours []time.Duration
			var total uint64
			for b.Loop() {
				t0 := time.Now()
				res, err := s.Search(tc.req)
				if err != nil {
					b.Fatal(err)
				}
				ours = append(ours, time.Since(t0))
				total = res.Total
			}
			re := regexp.MustCompile(tc.re)
			var theirs []time.Duration
			matches := 0
			for i := 0; i < 5; i++ {
				t0 := time.Now()
				matches = scan(b, s, re, tc.name == "faceted")
				theirs = append(theirs, time.Since(t0))
			}
			p50, p95, scan50 := percentile(ours, 50), percentile(ours, 95), percentile(theirs, 50)
			b.ReportMetric(float64(p50.Microseconds()), "p50-µs")
			b.ReportMetric(float64(p95.Microseconds()), "p95-µs")
			b.ReportMetric(float64(scan50.Microseconds()), "scan-p50-µs")
			b.ReportMetric(float64(scan50)/float64(p95), "scan/p95")
			b.Logf("%s: %-17s %d passages; index p50 %v p95 %v | regex scan p50 %v (%d matches) | scan ÷ index p95 = %.0f×",
				corpus, tc.name, total, p50, p95, scan50, matches, float64(scan50)/float64(p95))
		})
	}
}

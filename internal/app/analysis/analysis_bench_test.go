package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/analysis"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// benchStore is an in-memory app.Store with only what the analyses read
// (the embedded nil Tx panics on anything else), so the benchmarks measure
// the use cases and not bbolt's decoding.
type benchStore struct {
	app.Store
	tx *benchTx
}

func (b *benchStore) View(fn func(app.Tx) error) error { return fn(b.tx) }

type benchTx struct {
	app.Tx
	docs    []qda.Document
	cases   []qda.Case
	codes   []qda.Code
	users   []qda.User
	codings []qda.Coding
	byDoc   map[qda.GUID][]qda.Coding
}

func (t *benchTx) Documents() ([]qda.Document, error)         { return t.docs, nil }
func (t *benchTx) Interviews() ([]qda.Interview, error)       { return nil, nil }
func (t *benchTx) Cases() ([]qda.Case, error)                 { return t.cases, nil }
func (t *benchTx) Codes() ([]qda.Code, error)                 { return t.codes, nil }
func (t *benchTx) AttributeDefs() ([]qda.AttributeDef, error) { return nil, nil }
func (t *benchTx) Users() ([]qda.User, error)                 { return t.users, nil }
func (t *benchTx) Guidelines() ([]qda.Guideline, error)       { return nil, nil }
func (t *benchTx) Text(qda.GUID) (string, error)              { return benchText, nil }
func (t *benchTx) CodingsOfDocument(id qda.GUID) ([]qda.Coding, error) {
	return t.byDoc[id], nil
}
func (t *benchTx) EachCoding(fn func(*qda.Coding) error) error {
	for i := range t.codings {
		if err := fn(&t.codings[i]); err != nil {
			return err
		}
	}
	return nil
}

// benchText is every document's text: 6,000 characters.
var benchText = strings.Repeat("Die Post wird taggleich gesichtet. ", 172)[:6000]

func benchGUID(kind, i int) qda.GUID {
	return qda.GUID(fmt.Sprintf("%08d-0000-4000-8000-%012d", kind, i))
}

// newBenchService holds docs documents of cases cases, codes codes and n
// codings by two coders.
func newBenchService(docs, cases, codes, n int) *project.Project {
	rng := rand.New(rand.NewPCG(5, 6))
	tx := &benchTx{byDoc: map[qda.GUID][]qda.Coding{}}
	for i := range cases {
		tx.cases = append(tx.cases, qda.Case{GUID: benchGUID(1, i), Name: fmt.Sprintf("JC-%02d", i), Kind: qda.CaseJobCentre})
	}
	for i := range docs {
		tx.docs = append(tx.docs, qda.Document{GUID: benchGUID(2, i), Name: fmt.Sprintf("P%05d", i), Kind: qda.KindProtocol, Case: benchGUID(1, i%cases)})
	}
	for i := range codes {
		tx.codes = append(tx.codes, qda.Code{GUID: benchGUID(3, i), Name: fmt.Sprintf("Code %03d", i), Order: i, Color: "#336699"})
	}
	tx.users = []qda.User{{GUID: benchGUID(4, 0), Name: "jonas"}, {GUID: benchGUID(4, 1), Name: "mara"}}
	for i := range n {
		start := rng.IntN(5000)
		c := qda.Coding{GUID: benchGUID(5, i), Document: benchGUID(2, rng.IntN(docs)), Code: benchGUID(3, rng.IntN(codes)),
			Coder: benchGUID(4, i%2), Range: qda.Range{Start: start, End: start + 50 + rng.IntN(300)}}
		tx.codings = append(tx.codings, c)
		tx.byDoc[c.Document] = append(tx.byDoc[c.Document], c)
	}
	return project.New(app.Config{Store: &benchStore{tx: tx}})
}

// BenchmarkService_Matrix: 150 codes × 20 cases over 10,000 protocols with
// 200,000 codings (goal ≤ 100 ms).
func BenchmarkService_Matrix(b *testing.B) {
	s := newBenchService(10000, 20, 150, 200000)
	for _, m := range []qda.Measure{qda.MeasureSegments, qda.MeasureShare} {
		b.Run(string(m), func(b *testing.B) {
			cpu := apptest.ProcessCPU()
			for b.Loop() {
				mx, err := s.Matrix(analysis.MatrixRequest{Measure: m})
				if err != nil || len(mx.Rows) != 150 || len(mx.Cols) != 20 {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkService_Agreement: two coders, 10,000 segments in 100 documents
// (goal ≤ 100 ms), with the list of disagreements.
func BenchmarkService_Agreement(b *testing.B) {
	s := newBenchService(100, 10, 40, 10000)
	for _, unit := range []string{analysis.UnitSegment, analysis.UnitChar} {
		b.Run(unit, func(b *testing.B) {
			cpu := apptest.ProcessCPU()
			for b.Loop() {
				if _, err := s.Agreement(analysis.AgreementRequest{Coders: []string{"jonas", "mara"}, Unit: unit}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU reports the process CPU time per operation since start, in
// milliseconds (GC included).
func reportCPU(b *testing.B, start time.Duration) {
	if used := apptest.ProcessCPU() - start; used > 0 {
		b.ReportMetric(float64(used)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

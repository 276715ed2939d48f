package qda

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkMatrixCounter counts 200,000 codings of 150 codes in 10,000
// documents of 20 cases (the goal: ≤ 100 ms).
func BenchmarkMatrixCounter(b *testing.B) {
	const docs, rows, cols, codings = 10000, 150, 20, 200000
	rng := rand.New(rand.NewPCG(1, 2))
	colOf := make([]int, docs)
	for i := range colOf {
		colOf[i] = i % cols
	}
	type cd struct{ row, doc int }
	data := make([]cd, codings)
	for i := range data {
		data[i] = cd{rng.IntN(rows), rng.IntN(docs)}
	}
	b.ResetTimer()
	for b.Loop() {
		m := NewMatrixCounter(rows, cols, colOf)
		for _, c := range data {
			m.Add(c.row, c.doc)
		}
		_ = m.Values(MeasureShare)
	}
}

// agreementData makes n segments of two coders in documents of 100
// segments each: most agree, some are shifted, recoded or missing.
func agreementData(n int) [][]CoderSpan {
	rng := rand.New(rand.NewPCG(3, 4))
	var docs [][]CoderSpan
	for len(docs)*100 < n {
		var spans []CoderSpan
		pos := 0
		for len(spans) < 100 {
			start, end := pos+rng.IntN(50), pos+50+rng.IntN(400)
			code := 1 + rng.IntN(40)
			spans = append(spans, CoderSpan{0, code, Range{start, end}})
			switch r := rng.IntN(10); {
			case r < 6:
				spans = append(spans, CoderSpan{1, code, Range{start, end}})
			case r < 8:
				spans = append(spans, CoderSpan{1, code, Range{start + 20, end}})
			case r < 9:
				spans = append(spans, CoderSpan{1, 1 + rng.IntN(40), Range{start, end}})
			}
			pos = end - rng.IntN(30)
		}
		docs = append(docs, spans)
	}
	return docs
}

// BenchmarkComputeAgreement compares two coders over 10,000 segments (the
// issue's goal: ≤ 100 ms).
func BenchmarkComputeAgreement(b *testing.B) {
	docs := agreementData(10000)
	for _, unit := range []struct {
		name     string
		segments bool
	}{{"segment", true}, {"char", false}} {
		b.Run(unit.name, func(b *testing.B) {
			for b.Loop() {
				ComputeAgreement(docs, 2, unit.segments, 0.9)
			}
		})
	}
}

package coding

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// TestRetrieveCut_Split: the parts cover the refs in order, each document
// in one part, about equal; the workers are no more than asked, than the
// parts, than the segments allow.
func TestRetrieveCut_Split(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var refs []qda.CodingRef
	for d := range 300 {
		for range 1 + rng.IntN(40) {
			refs = append(refs, qda.CodingRef{Document: qda.GUID(fmt.Sprintf("d%03d", d))})
		}
	}
	for _, tc := range []struct {
		cut         retrieveCut
		refs        int
		wantWorkers int
	}{
		{retrieveCut{workers: 2}, len(refs), 2},
		{retrieveCut{workers: 4}, len(refs), 4},
		{retrieveCut{workers: 4, minSegments: len(refs) / 3}, len(refs), 3},
		{retrieveCut{workers: 2}, 799, 0}, // fewer than two workers' minimum
		{retrieveCut{workers: 1}, len(refs), 0},
		{retrieveCut{workers: 8, minSegments: 1}, 1, 0},
		{retrieveCut{workers: 8, minSegments: 1}, 400, 8},
	} {
		t.Run(fmt.Sprintf("%+v of %d", tc.cut, tc.refs), func(t *testing.T) {
			rs := refs[:tc.refs]
			parts, workers := tc.cut.split(rs)
			if workers != min(tc.wantWorkers, len(parts)) || tc.wantWorkers > 0 && len(parts) < 2 {
				t.Fatalf("%d workers, %d parts; want %d workers", workers, len(parts), tc.wantWorkers)
			}
			if workers == 0 {
				if parts != nil {
					t.Errorf("parts %v without workers", parts)
				}
				return
			}
			at, largest := 0, 0
			for _, p := range parts {
				if p.from != at || p.to <= p.from {
					t.Fatalf("part %v after %d", p, at)
				}
				if p.from > 0 && rs[p.from].Document == rs[p.from-1].Document {
					t.Errorf("part %v splits document %s", p, rs[p.from].Document)
				}
				at, largest = p.to, max(largest, p.to-p.from)
			}
			if at != len(rs) {
				t.Errorf("parts end at %d of %d", at, len(rs))
			}
			if size := (len(rs) + workers*chunksPerWorker - 1) / (workers * chunksPerWorker); largest > size+40 {
				t.Errorf("largest part %d, want about %d", largest, size)
			}
		})
	}
}

// TestQuestionCodings: by binary search (a page's few documents) and by
// document number (many, some met after the table was built), the
// question spans of each document are those of its question codings, in
// the order of their codes' GUIDs and of the table.
func TestQuestionCodings(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	codes := map[qda.GUID]*qda.Code{
		"q1": {GUID: "q1", Ref: &qda.QuestionRef{Kind: qda.RefQuestion}},
		"q2": {GUID: "q2", Ref: &qda.QuestionRef{Kind: qda.RefPrompt}},
		"x":  {GUID: "x"},
	}
	var refs []qda.CodingRef
	ref := func(doc, code string) qda.CodingRef {
		s := rng.IntN(500)
		return qda.CodingRef{GUID: qda.GUID(fmt.Sprintf("c%05d", len(refs))), Document: qda.GUID(doc), Code: qda.GUID(code),
			Range: qda.Range{Start: s, End: s + 1 + rng.IntN(300)}}
	}
	for d := range 60 {
		for _, code := range []string{"q1", "q2", "q2", "x"} {
			if rng.IntN(4) > 0 {
				refs = append(refs, ref(fmt.Sprintf("d%02d", d), code))
			}
		}
	}
	table := qda.NewCodingTable(refs)
	// Documents the table meets later, by Edit.
	var late []qda.CodingRef
	for d := 60; d < 64; d++ {
		for _, code := range []string{"q1", "q2"} {
			late = append(late, ref(fmt.Sprintf("d%02d", d), code))
		}
	}
	table = table.Edit(nil, late)
	want := func(docs map[qda.GUID]bool) map[qda.GUID][]questionSpan {
		out := map[qda.GUID][]questionSpan{}
		for _, code := range []qda.GUID{"q1", "q2"} {
			for _, r := range table.OfCode(code) {
				if docs[r.Document] {
					out[r.Document] = append(out[r.Document], questionSpan{r.Range, code})
				}
			}
		}
		return out
	}
	var all []qda.GUID
	for d := range 64 {
		all = append(all, qda.GUID(fmt.Sprintf("d%02d", d)))
	}
	for _, docs := range [][]qda.GUID{
		{"d07"},                   // few: binary search
		{"d07", "d61", "d07"},     // one met late, one twice
		all,                       // many: by number, the late ones by GUID
		append(all, "d03", "d62"), // many, some twice
		{"d99"},                   // no codings
		nil,                       // none
	} {
		set := map[qda.GUID]bool{}
		for _, d := range docs {
			set[d] = true
		}
		if got, w := questionCodings(table, docs, codes), want(set); !reflect.DeepEqual(got, w) {
			t.Errorf("documents %v:\ngot  %v\nwant %v", docs[:min(len(docs), 5)], got, w)
		}
	}
}

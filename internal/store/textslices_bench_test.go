package store

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// BenchmarkSliceJSONString cuts five segments with their context from a
// text of the size of a protocol (about 18 KB), as a retrieval does.
func BenchmarkSliceJSONString(b *testing.B) {
	para := strings.Repeat("Die Größe der Teams war für die Arbeitgeberansprache entscheidend, sagt sie. ", 4) + "\n\n"
	text := strings.Repeat(para, 18000/len(para))
	raw, err := json.Marshal(text)
	if err != nil {
		b.Fatal(err)
	}
	n := qda.RuneLen(text)
	var rs []qda.Range
	for i := 1; i <= 5; i++ {
		s := i * n / 6
		rs = append(rs, qda.Range{Start: s - 120, End: s}, qda.Range{Start: s, End: s + 400}, qda.Range{Start: s + 400, End: s + 520})
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, ok := sliceJSONString(raw, rs); !ok {
			b.Fatal("no answer")
		}
	}
}

// BenchmarkSlicePieces cuts the same pieces from the text's UTF-8 (the
// form since schema 10), with its marks and without.
func BenchmarkSlicePieces(b *testing.B) {
	para := strings.Repeat("Die Größe der Teams war für die Arbeitgeberansprache entscheidend, sagt sie. ", 4) + "\n\n"
	text := strings.Repeat(para, 18000/len(para))
	n := qda.RuneLen(text)
	var rs []qda.Range
	for i := 1; i <= 5; i++ {
		s := i * n / 6
		rs = append(rs, qda.Range{Start: s - 120, End: s}, qda.Range{Start: s, End: s + 400}, qda.Range{Start: s + 400, End: s + 520})
	}
	marks, body, _ := splitMarks(append(appendMarks(nil, text), text...))
	for _, bc := range []struct {
		name  string
		marks []byte
	}{{"unmarked", nil}, {"marked", marks}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, ok := slicePieces(body, bc.marks, rs, true); !ok {
					b.Fatal("no answer")
				}
			}
		})
	}
}

package app

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortRecords(t *testing.T) {
	type rec struct{ key, seq int }
	tests := []struct {
		name string
		n    int
		keys int
	}{
		{"empty", 0, 1},
		{"one", 1, 1},
		{"all equal", 50, 1},
		{"few keys", 500, 7},
		{"distinct", 1000, 1 << 30},
		{"on two cores, few keys", 3*parallelSortMin + 5, 9},
		{"on two cores, distinct", 3*parallelSortMin + 5, 1 << 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tt.n)))
			s := make([]rec, tt.n)
			for i := range s {
				s[i] = rec{key: r.IntN(tt.keys), seq: i}
			}
			want := slices.Clone(s)
			slices.SortStableFunc(want, func(a, b rec) int { return cmp.Compare(a.key, b.key) })
			sortRecords(s, func(i, j int) int { return cmp.Compare(s[i].key, s[j].key) })
			if !slices.Equal(s, want) {
				t.Errorf("got %v, want %v", s[:min(len(s), 10)], want[:min(len(want), 10)])
			}
		})
	}
}

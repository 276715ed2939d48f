package qda

import (
	"fmt"
	"math"
	"testing"
)

// relData adds the columns of a coders × units reliability data matrix (0 =
// missing, other numbers are categories) to a new accumulator.
func relData(rows ...[]int) *Reliability {
	r := NewReliability(len(rows))
	for u := range rows[0] {
		vals := make([]int, len(rows))
		for c := range rows {
			vals[c] = rows[c][u] - 1
		}
		r.Add(vals, 1)
	}
	return r
}

func round3(f float64) string { return fmt.Sprintf("%.3f", f) }

// TestReliability_Alpha checks α against the worked examples of Krippendorff
// (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
// Communication departmental paper 43 (https://repository.upenn.edu/asc_papers/43):
// section A (binary data, two observers: α = 0.095) and section C (nominal
// data, four observers, missing data: α = 0.743).
func TestReliability_Alpha(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *Reliability
		want string
	}{
		{"K2011 A binary two observers", relData(
			[]int{1, 2, 1, 1, 1, 1, 1, 1, 2, 1}, // Ben: 0 1 0 0 0 0 0 0 1 0, shifted by one
			[]int{2, 2, 2, 1, 1, 2, 1, 1, 1, 1}, // Gerry
		), "0.095"},
		{"K2011 C nominal four observers missing", relData(
			[]int{1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
			[]int{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
			[]int{0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
			[]int{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0},
		), "0.743"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := round3(tc.r.Alpha()); got != tc.want {
				t.Errorf("α = %s, want %s", got, tc.want)
			}
		})
	}
}

// table adds a two-coder contingency table (rows: coder 1, columns: coder 2)
// as weighted units.
func table(t [][]float64) *Reliability {
	r := NewReliability(2)
	for i, row := range t {
		for j, w := range row {
			r.Add([]int{i, j}, w)
		}
	}
	return r
}

// TestReliability_Kappa checks Cohen's κ against the worked examples of the
// Wikipedia article "Cohen's kappa" (section "Examples"): 50 grant proposals
// rated yes/no by two readers (20/5/10/15: p_o = 0.7, p_e = 0.5, κ = 0.4) and
// the two tables of "Same percentages but different numbers" with equal
// agreement (p_o = 0.60) but κ = 0.1304 and κ = 0.2593. The three-category
// table is computed by hand: p_o = 89/100, margins 80/10/10 and 80/5/15, so
// p_e = (6400 + 50 + 150)/10000 = 0.66 and κ = 0.23/0.34 = 0.676.
func TestReliability_Kappa(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    [][]float64
		want string
	}{
		{"wikipedia 50 proposals", [][]float64{{20, 5}, {10, 15}}, "0.400"},
		{"wikipedia same agreement A", [][]float64{{45, 15}, {25, 15}}, "0.130"},
		{"wikipedia same agreement B", [][]float64{{25, 35}, {5, 35}}, "0.259"},
		{"hand-computed three categories", [][]float64{{75, 1, 4}, {5, 4, 1}, {0, 0, 10}}, "0.676"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := round3(table(tc.t).Kappa()); got != tc.want {
				t.Errorf("κ = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestReliability_Percent(t *testing.T) {
	r := table([][]float64{{20, 5}, {10, 15}})
	if got := round3(r.Percent()); got != "0.700" {
		t.Errorf("percent = %s", got)
	}
	// Unpairable units (one value) count nowhere.
	r.Add([]int{1, -1}, 7)
	if got := round3(r.Percent()); got != "0.700" || r.Units() != 50 {
		t.Errorf("after unpairable unit: percent %s, units %v", got, r.Units())
	}
	if !math.IsNaN(NewReliability(2).Percent()) || !math.IsNaN(NewReliability(3).Kappa()) {
		t.Error("empty or three-coder accumulator gave a number")
	}
	// All coders always in one category: agreement 1, κ and α undefined.
	one := table([][]float64{{9}})
	if one.Percent() != 1 || !math.IsNaN(one.Kappa()) || !math.IsNaN(one.Alpha()) {
		t.Errorf("one category: %v %v %v", one.Percent(), one.Kappa(), one.Alpha())
	}
}

// Weighted units equal repeated units, and Merge equals adding both.
func TestReliability_WeightsAndMerge(t *testing.T) {
	a, b := NewReliability(3), NewReliability(3)
	a.Add([]int{0, 0, 1}, 3)
	a.Add([]int{1, 1, 1}, 2)
	for range 3 {
		b.Add([]int{0, 0, 1}, 1)
	}
	b.Add([]int{1, 1, 1}, 1)
	b.Add([]int{1, 1, 1}, 1)
	if round3(a.Alpha()) != round3(b.Alpha()) || a.Percent() != b.Percent() {
		t.Errorf("weighted %v/%v, repeated %v/%v", a.Alpha(), a.Percent(), b.Alpha(), b.Percent())
	}
	m := NewReliability(3)
	m.Merge(a)
	m.Merge(b)
	c := NewReliability(3)
	c.Add([]int{0, 0, 1}, 6)
	c.Add([]int{1, 1, 1}, 4)
	if round3(m.Alpha()) != round3(c.Alpha()) {
		t.Errorf("merged α %v, direct %v", m.Alpha(), c.Alpha())
	}
}

// Pooled κ averages p_o and p_e (De Vries et al. 2008): with equal tables it
// is the tables' κ.
func TestPooledKappa(t *testing.T) {
	a := table([][]float64{{20, 5}, {10, 15}})
	b := table([][]float64{{20, 5}, {10, 15}})
	if got := round3(PooledKappa([]*Reliability{a, b, NewReliability(2)})); got != "0.400" {
		t.Errorf("pooled κ = %s", got)
	}
	// Two tables: p_o 0.7 and 0.6, p_e 0.5 and 0.54 → (0.65 − 0.52)/0.48.
	c := table([][]float64{{45, 15}, {25, 15}})
	if got, want := PooledKappa([]*Reliability{a, c}), (0.65-0.52)/0.48; math.Abs(got-want) > 1e-9 {
		t.Errorf("pooled κ = %v, want %v", got, want)
	}
}

package qda

import (
	"math"
	"testing"
)

// twoCoderDoc: agreement, a code disagreement, a segment only coder 0
// coded, and two segments that overlap by 80 %.
var twoCoderDoc = []CoderSpan{
	{0, 1, Range{0, 10}}, {1, 1, Range{0, 10}},
	{0, 1, Range{20, 30}}, {1, 2, Range{20, 30}},
	{0, 2, Range{40, 50}},
	{1, 1, Range{60, 70}}, {0, 1, Range{62, 70}},
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 5e-4 {
		t.Errorf("%s = %.4f, want %.4f", what, got, want)
	}
}

func TestMatchSegments(t *testing.T) {
	units := MatchSegments(twoCoderDoc, 2, 0.9)
	want := [][]int{{1, 1}, {1, 2}, {2, 0}, {0, 1}, {1, 0}}
	if len(units) != len(want) {
		t.Fatalf("%d units: %+v", len(units), units)
	}
	for i, u := range units {
		if u.Codes[0] != want[i][0] || u.Codes[1] != want[i][1] {
			t.Errorf("unit %d %v: codes %v, want %v", i, u.Range, u.Codes, want[i])
		}
	}
	// With a lower threshold the 80 % pair is one unit.
	if units := MatchSegments(twoCoderDoc, 2, 0.8); len(units) != 4 || units[3].Range != (Range{60, 70}) || !units[3].Agrees() {
		t.Errorf("threshold 0.8: %+v", units)
	}
}

// Three coders: same-code partners win over a better-overlapping span with
// another code, and a coder's second code at the same place is its own unit.
func TestMatchSegments_ThreeCoders(t *testing.T) {
	spans := []CoderSpan{
		{0, 1, Range{0, 100}},
		{1, 2, Range{0, 100}}, {1, 1, Range{5, 100}},
		{2, 3, Range{0, 100}},
	}
	units := MatchSegments(spans, 3, 0.9)
	if len(units) != 2 {
		t.Fatalf("units %+v", units)
	}
	if u := units[0]; u.Codes[0] != 1 || u.Codes[1] != 2 && u.Codes[1] != 1 {
		t.Errorf("unit 0 %+v", u)
	}
	got := map[[3]int]bool{}
	for _, u := range units {
		got[[3]int(u.Codes)] = true
	}
	if !got[[3]int{1, 1, 3}] || !got[[3]int{0, 2, 0}] {
		t.Errorf("units %+v", units)
	}
}

// The figures are computed by hand in the comments.
func TestComputeAgreement_Segments(t *testing.T) {
	st := ComputeAgreement([][]CoderSpan{twoCoderDoc}, 2, true, 0.9)
	// Units (1,1) (1,2) (2,0) (0,1) (1,0): p_o = 1/5; margins coder 0
	// 1:3 2:1 0:1, coder 1 1:2 2:1 0:2 → p_e = 9/25, κ = −0.16/0.64.
	near(t, "percent", st.Overall.Percent, 0.2)
	near(t, "κ", st.Overall.Kappa, -0.25)
	// n = 10, n_0 = 3, n_1 = 5, n_2 = 2, four disagreeing pairs of weight 2:
	// α = 1 − 9·8/(100 − 38).
	near(t, "α", st.Overall.Alpha, 1-72.0/62)
	if len(st.PerCode) != 2 {
		t.Fatalf("per code %+v", st.PerCode)
	}
	// Code 1 in four units, agreed in one; binary table a1 b2 c1 d1:
	// p_o = 0.4, p_e = (3·2 + 2·3)/25 → κ = −0.08/0.52.
	c1 := st.PerCode[0]
	near(t, "code 1 percent", c1.Percent, 0.25)
	near(t, "code 1 κ", c1.Kappa, -0.08/0.52)
}

func TestComputeAgreement_Chars(t *testing.T) {
	st := ComputeAgreement([][]CoderSpan{twoCoderDoc}, 2, false, 0.9)
	// 40 coded characters, 18 with identical code sets.
	near(t, "units", st.Overall.Units, 40)
	near(t, "percent", st.Overall.Percent, 0.45)
	c1, c2 := st.PerCode[0], st.PerCode[1]
	// Code 1: a 18, b 10, c 2, d 10: p_o 0.7, p_e 0.5.
	near(t, "code 1 percent", c1.Percent, 18.0/30)
	near(t, "code 1 κ", c1.Kappa, 0.4)
	// Code 2: a 0, b 10, c 10, d 20: p_o 0.5, p_e 0.625.
	near(t, "code 2 κ", c2.Kappa, -1.0/3)
	near(t, "code 2 percent", c2.Percent, 0)
	// Pooled κ: mean p_o 0.6, mean p_e 0.5625.
	near(t, "pooled κ", st.Overall.Kappa, 0.0375/0.4375)
	// Pooled α equals α over the 80 (character, code) units.
	r := NewReliability(2)
	for _, u := range [][3]float64{{1, 1, 18}, {1, 0, 10}, {0, 1, 2}, {0, 0, 10}, {0, 0, 20}, {1, 0, 10}, {0, 1, 10}} {
		r.Add([]int{int(u[0]), int(u[1])}, u[2])
	}
	near(t, "pooled α", st.Overall.Alpha, r.Alpha())
}

func TestCharRuns(t *testing.T) {
	var got []Range
	CharRuns([]CoderSpan{{0, 1, Range{0, 5}}, {0, 1, Range{3, 8}}, {1, 2, Range{10, 12}}}, 2, func(r Range, codes [][]int) {
		got = append(got, r)
		if r.Start == 3 && (len(codes[0]) != 1 || len(codes[1]) != 0) {
			t.Errorf("run %v codes %v: duplicate code not folded", r, codes)
		}
	})
	want := []Range{{0, 3}, {3, 5}, {5, 8}, {10, 12}}
	if len(got) != len(want) {
		t.Fatalf("runs %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d = %v, want %v", i, got[i], want[i])
		}
	}
}

package analysis_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_MatrixTypeAtInterviewDate re-types JC-01 (2a) as 1a, the way
// the seed re-typed a job centre after the case studies were chosen: the
// matrix by type counts each interview under the type valid on its date.
func TestService_MatrixTypeAtInterviewDate(t *testing.T) {
	st := newStudy(t) // interviews on 2014-01-14
	cols := func() map[string]int {
		t.Helper()
		m, err := st.s.Matrix(analysis.MatrixRequest{Cols: "Umsetzungstyp", Measure: qda.MeasureDocuments})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, c := range m.Cols {
			out[c.Key] = c.Documents
		}
		return out
	}
	if got := cols(); got["2a"] != 3 || got["1a"] != 1 {
		t.Fatalf("before: %v", got)
	}
	// From February on JC-01 is 1a: its January interviews stay 2a, though
	// the site's current type is 1a.
	c, err := st.s.ChangeCaseAttribute("JC-01", "Umsetzungstyp", "1a", "2014-02-01", "Arbeitgeberakquise durch die Projektteams wurde erst nach der Auswahl bekannt")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := st.s.AttrValues(c.Attributes); v["Umsetzungstyp"] != "1a" {
		t.Errorf("current type %q, want 1a", v["Umsetzungstyp"])
	}
	if got := cols(); got["2a"] != 3 || got["1a"] != 1 {
		t.Errorf("re-typed after the interviews: %v", got)
	}
	// An earlier change (from 2014-01-01) covers the interviews.
	if _, err := st.s.ChangeCaseAttribute("JC-01", "Umsetzungstyp", "1b", "2014-01-01", "erste Einordnung korrigiert"); err != nil {
		t.Fatal(err)
	}
	if got := cols(); got["1b"] != 3 || got["1a"] != 1 || got["2a"] != 0 {
		t.Errorf("re-typed before the interviews: %v", got)
	}
	h, err := st.s.CaseHistory("JC-01")
	if err != nil || len(h) != 2 || h[0].From != "2014-01-01" || h[0].Previous != "2a" || h[1].Previous != "1b" || h[1].Value != "1a" {
		t.Errorf("history %+v, %v", h, err)
	}
	for _, bad := range []struct{ value, from, reason string }{
		{"3c", "2014-03-01", "x"},         // not a choice
		{"2b", "März 2014", "x"},          // bad date
		{"2b", "2014-03-01", ""},          // no reason
		{"1a", "2014-03-01", "unchanged"}, // already 1a then
		{"2b", "2014-02-01", "x"},         // a change on that day exists
	} {
		if _, err := st.s.ChangeCaseAttribute("JC-01", "Umsetzungstyp", bad.value, bad.from, bad.reason); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

package analysis_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/analysis"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_Query(t *testing.T) {
	st := newStudy(t)
	for _, tc := range []struct {
		q      string
		filter analysis.AnalysisFilter
		want   []string // doc name: text
	}{
		{`Vertrauen AND Konflikt`, analysis.AnalysisFilter{}, []string{"Protokoll GF-01: Vertrauen"}},
		{`Vertrauen NOT Konflikt`, analysis.AnalysisFilter{}, []string{"Protokoll PL-01: Zweiter Absatz über Vertrauen"}},
		{`Vertrauen NEAR 3 theme:4`, analysis.AnalysisFilter{}, []string{"Protokoll GF-01: Zweiter Absatz über Vertrauen", "Protokoll GF-01: Absatz über Vertrauen", "Protokoll PL-01: Zweiter Absatz über Vertrauen"}},
		{`Vertrauen NEAR 2 theme:4`, analysis.AnalysisFilter{}, nil},
		{`"A.1.1:1.1" OR Konflikt`, analysis.AnalysisFilter{Coders: []string{"jonas"}}, []string{"Protokoll GF-01: Erster Absatz über die Gründe", "Protokoll GF-02: Dritter Absatz z"}},
		{`Konflikt PARA Vertrauen`, analysis.AnalysisFilter{}, []string{"Protokoll GF-01: Zweiter Absatz über Vertrauen."}},
		{`Vertrauen`, analysis.AnalysisFilter{Where: map[string]string{"role": "PL"}}, []string{"Protokoll PL-01: Zweiter Absatz über Vertrauen"}},
	} {
		res, err := st.s.Query(analysis.QueryRequest{Query: tc.q, Filter: tc.filter})
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.DocName+": "+h.Text)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.q, got, tc.want)
		}
	}
	if _, err := st.s.Query(analysis.QueryRequest{Query: `Nichts AND Vertrauen`}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("unknown code: %v", err)
	}
	if _, err := st.s.Query(analysis.QueryRequest{Query: `Vertrauen AND`}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("bad syntax: %v", err)
	}
}

func TestService_Cooccurrences(t *testing.T) {
	st := newStudy(t)
	co, err := st.s.Cooccurrences(analysis.CooccurrenceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// Only Vertrauen × Konflikt overlap (mara's and jonas' Vertrauen with
	// mara's Konflikt).
	if len(co.Codes) != 2 || co.Codes[0].Label != "Vertrauen" || !reflect.DeepEqual(co.Counts, [][]int{{0, 2}, {2, 0}}) {
		t.Errorf("overlap: %+v %v", co.Codes, co.Counts)
	}
	co, err = st.s.Cooccurrences(analysis.CooccurrenceRequest{Mode: analysis.CoocPara, Codes: []qda.GUID{st.codes["Vertrauen"], st.codes["A.1.1:4.1"], st.codes["Konflikt"]}})
	if err != nil {
		t.Fatal(err)
	}
	if len(co.Codes) != 3 || co.Counts[1][2] != 1 || co.Counts[0][1] != 0 || co.Counts[0][2] != 0 {
		t.Errorf("para: %+v %v", co.Codes, co.Counts)
	}
	co, err = st.s.Cooccurrences(analysis.CooccurrenceRequest{Mode: analysis.CoocNear, N: 3, Codes: []qda.GUID{st.codes["Vertrauen"], st.codes["A.1.1:4.1"]}})
	if err != nil {
		t.Fatal(err)
	}
	if co.Counts[0][1] != 2 { // both Vertrauen segments of GF-01, 3 characters before 4.1
		t.Errorf("near: %+v %v", co.Codes, co.Counts)
	}
	if _, err := st.s.Cooccurrences(analysis.CooccurrenceRequest{Mode: "far"}); err == nil {
		t.Error("bad mode accepted")
	}
}

func TestService_QueryThemeIdentity(t *testing.T) {
	st := newStudy(t)
	// Theme 1 is EJO's (A.1.1, A.1.2) and the employer guideline's own:
	// the number alone is ambiguous, the identity is not.
	if _, err := st.s.Query(analysis.QueryRequest{Query: `theme:1`}); qda.ErrorCode(err) != qda.EInvalid ||
		!strings.Contains(err.Error(), "A.2.2/1, EJO/1") {
		t.Errorf("theme:1: %v, want an ambiguity error naming A.2.2/1 and EJO/1", err)
	}
	for _, tc := range []struct {
		op   string
		hits int
	}{{"theme:EJO/1", 3}, {"theme:ejo/1.", 3}, {"theme:A.2.2/1", 1}} {
		res, err := st.s.Query(analysis.QueryRequest{Query: tc.op})
		if err != nil {
			t.Fatalf("%s: %v", tc.op, err)
		}
		if len(res.Hits) != tc.hits {
			t.Errorf("%s: %d hits, want %d", tc.op, len(res.Hits), tc.hits)
		}
	}
}

package analysis_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/app/analysis"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_Matrix(t *testing.T) {
	st := newStudy(t)
	m, err := st.s.Matrix(analysis.MatrixRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{m.Cols[0].Label, m.Cols[1].Label}; !reflect.DeepEqual(got, []string{"JC-01", "JC-02"}) || len(m.Cols) != 2 {
		t.Fatalf("cols %+v", m.Cols)
	}
	// Codebook order; empty rows dropped.
	if got := rowLabels(m); !reflect.DeepEqual(got, []string{"1.1", "1.2", "4.1", "1.1", "4.1", "1.1", "Vertrauen", "Konflikt"}) {
		t.Fatalf("rows %q", got)
	}
	want := [][]float64{{2, 0}, {0, 1}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {3, 0}, {1, 1}}
	if !reflect.DeepEqual(m.Values, want) || m.Max != 3 {
		t.Errorf("values %v max %v", m.Values, m.Max)
	}

	// Themes × implementation type, share of documents: JC-01 (2a) has
	// three protocols, JC-02 (1a) one. Themes are matched by identity:
	// EJO's theme 1 is in GF-01, PL-01 and GF-02; the employer
	// guideline's theme 1 (AG-01) is a row of its own, never under EJO's.
	m, err = st.s.Matrix(analysis.MatrixRequest{Rows: analysis.RowsThemes, Cols: "Umsetzungstyp", Measure: qda.MeasureShare})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cols) != 2 || m.Cols[0].Key != "1a" || m.Cols[1].Key != "2a" || m.Cols[1].Documents != 3 {
		t.Fatalf("cols %+v", m.Cols)
	}
	var keys []string
	for _, r := range m.Rows {
		keys = append(keys, r.Key+" "+r.Label)
	}
	if want := []string{"theme:EJO/1 1. Strategische Bedeutung (EJO)", "theme:EJO/4 4. Leistungen aus einer Hand (EJO)",
		"theme:A.2.2/1 1. Kontakt zum Jobcenter (A.2.2)"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("rows %q, want %q", keys, want)
	}
	if !reflect.DeepEqual(m.Values, [][]float64{{100, 200.0 / 3}, {0, 200.0 / 3}, {0, 100.0 / 3}}) {
		t.Errorf("share %v", m.Values)
	}

	// Documents measure, one coder, wave columns, kind filter.
	m, err = st.s.Matrix(analysis.MatrixRequest{Cols: "wave", Measure: qda.MeasureDocuments,
		Filter: analysis.AnalysisFilter{Coders: []string{"mara"}, Kinds: []qda.DocKind{qda.KindProtocol}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cols) != 1 || m.Cols[0].Label != "1" || !reflect.DeepEqual(m.Values, [][]float64{{1}, {1}, {1}}) {
		t.Errorf("mara: cols %+v values %v", m.Cols, m.Values)
	}
	for _, bad := range []analysis.MatrixRequest{{Rows: "cases"}, {Measure: "sum"}, {Cols: "Farbe"}, {Guideline: "B.9"}, {Filter: analysis.AnalysisFilter{Coders: []string{"nobody"}}}} {
		if _, err := st.s.Matrix(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestService_MatrixSegmentsAndCSV(t *testing.T) {
	st := newStudy(t)
	m, err := st.s.Matrix(analysis.MatrixRequest{Guideline: "A.1.1", Filter: analysis.AnalysisFilter{Where: map[string]string{"umsetzungstyp": "2a"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cols) != 1 || len(m.Rows) != 2 {
		t.Fatalf("rows %+v cols %+v", m.Rows, m.Cols)
	}
	segs, err := st.s.MatrixSegments(m, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 2 || segs[0].Text != "Erster Absatz über die Gründe" {
		t.Errorf("segments %+v", segs)
	}
	if _, err := st.s.MatrixSegments(m, 5, 0); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("bad cell: %v", err)
	}
	var b bytes.Buffer
	if err := analysis.WriteMatrixCSV(&b, m); err != nil {
		t.Fatal(err)
	}
	want := "segments,JC-01\n1.1 Was waren die Gründe für die Beteiligung?,2\n4.1 Wie arbeiten Leistung und Vermittlung zusammen?,1\n"
	if b.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", b.String(), want)
	}
}

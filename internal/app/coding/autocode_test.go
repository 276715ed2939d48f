package coding_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// searchAll runs a search for every hit.
func searchAll(t *testing.T, s *project.Project, q string) *qda.SearchResult {
	t.Helper()
	if _, err := s.EnsureIndex(nil); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(qda.SearchRequest{Query: q, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestService_Autocode(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	s := f.S
	target, err := s.AddCode(coding.NewCode{Name: "AG-Service"})
	if err != nil {
		t.Fatal(err)
	}
	hits := searchAll(t, s, "Arbeitgeber")
	// GF-07 1.1 answer part 2, GF-07 1.2 answer, PL-12 1.1 answer, report paragraph 1.
	if hits.Total != 4 {
		t.Fatalf("%d hits for Arbeitgeber: %+v", hits.Total, hits.Hits)
	}
	res, err := s.Autocode(coding.AutocodeRequest{Code: target.GUID, Search: qda.SearchRequest{Query: "Arbeitgeber"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Coded != 4 || res.Skipped != 0 || res.Command == "" {
		t.Fatalf("result %+v", res)
	}
	segs, err := s.Segments(app.CodingFilter{Code: target.GUID})
	if err != nil || len(segs) != 4 {
		t.Fatalf("%d segments, %v", len(segs), err)
	}
	want := map[coding.PassageRef]bool{}
	for _, h := range hits.Hits {
		want[coding.PassageRef{Document: h.Document, Start: h.Start, End: h.End}] = true
	}
	for _, sg := range segs {
		if !want[coding.PassageRef{Document: sg.Document, Start: sg.Start, End: sg.End}] || sg.Origin != qda.OriginAuto {
			t.Errorf("coding %+v is not a hit passage", sg.Coding)
		}
	}
	// The index knows the new codings at once.
	if got := searchAll(t, s, `code:"AG-Service"`); got.Total != 4 {
		t.Errorf("code:AG-Service finds %d", got.Total)
	}
	st, err := s.UndoState()
	if err != nil || st.Undo == nil || st.Undo.Kind != coding.KindAutocode || !strings.Contains(st.Undo.Summary, "4 passage(s)") {
		t.Fatalf("undo state %+v, %v", st.Undo, err)
	}

	// A second run skips what is coded.
	again, err := s.Autocode(coding.AutocodeRequest{Code: target.GUID, Search: qda.SearchRequest{Query: "Arbeitgeber"}})
	if err != nil || again.Coded != 0 || again.Skipped != 4 || again.Command != "" {
		t.Errorf("second run %+v, %v", again, err)
	}

	// One undo removes all four codings, also from the index.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if segs, _ := s.Segments(app.CodingFilter{Code: target.GUID}); len(segs) != 0 {
		t.Errorf("%d codings left after undo", len(segs))
	}
	if got := searchAll(t, s, `code:"AG-Service"`); got.Total != 0 {
		t.Errorf("code:AG-Service finds %d after undo", got.Total)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if segs, _ := s.Segments(app.CodingFilter{Code: target.GUID}); len(segs) != 4 {
		t.Errorf("%d codings after redo", len(segs))
	}
}

func TestService_AutocodeSelectedAndLimit(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	s := f.S
	hits := searchAll(t, s, "Vermittlung")
	if hits.Total != 2 {
		t.Fatalf("%d hits", hits.Total)
	}
	h := hits.Hits[0]
	ref := coding.PassageRef{Document: h.Document, Start: h.Start, End: h.End}
	res, err := s.Autocode(coding.AutocodeRequest{Code: f.Other.GUID, Passages: []coding.PassageRef{ref, ref}})
	if err != nil || res.Coded != 1 || res.Skipped != 1 {
		t.Fatalf("selected: %+v, %v", res, err)
	}
	res, err = s.Autocode(coding.AutocodeRequest{Code: f.AG.GUID, Search: qda.SearchRequest{Query: "Vermittlung"}, Limit: 1})
	if err != nil || res.Coded != 1 {
		t.Fatalf("limit 1: %+v, %v", res, err)
	}
}

func TestService_AutocodeBadInput(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	s := f.S
	before, err := s.Segments(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	good := coding.PassageRef{Document: f.Report.GUID, Start: 0, End: 5}
	for _, tc := range []struct {
		name string
		r    coding.AutocodeRequest
		code string
	}{
		{"no code", coding.AutocodeRequest{Passages: []coding.PassageRef{good}}, qda.EInvalid},
		{"unknown code", coding.AutocodeRequest{Code: "00000000-0000-4000-8000-999999999999", Passages: []coding.PassageRef{good}}, qda.ENotFound},
		{"range outside", coding.AutocodeRequest{Code: f.AG.GUID, Passages: []coding.PassageRef{good, {Document: f.Report.GUID, Start: 5, End: 5000}}}, qda.EInvalid},
		{"unknown document", coding.AutocodeRequest{Code: f.AG.GUID, Passages: []coding.PassageRef{good, {Document: "00000000-0000-4000-8000-999999999998", Start: 0, End: 1}}}, qda.ENotFound},
		{"malformed query", coding.AutocodeRequest{Code: f.AG.GUID, Search: qda.SearchRequest{Query: `"offen`}}, qda.EInvalid},
		{"negative limit", coding.AutocodeRequest{Code: f.AG.GUID, Search: qda.SearchRequest{Query: "Arbeitgeber"}, Limit: -1}, qda.EInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.EnsureIndex(nil); err != nil {
				t.Fatal(err)
			}
			_, err := s.Autocode(tc.r)
			if qda.ErrorCode(err) != tc.code {
				t.Errorf("error %v, want %s", err, tc.code)
			}
			after, _ := s.Segments(app.CodingFilter{})
			if len(after) != len(before) {
				t.Errorf("%d codings after a refused autocode, %d before", len(after), len(before))
			}
		})
	}
}

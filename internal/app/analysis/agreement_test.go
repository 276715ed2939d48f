package analysis_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/app/analysis"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_Agreement(t *testing.T) {
	st := newStudy(t)
	// Only GF-01 is coded by both. Segment level at 90 %: units 1.1 (both),
	// Vertrauen 32–61 (jonas) and 40–61 (mara) do not match (72 %) and
	// neither matches Konflikt 52–61 (31 %, 43 %), 4.1 only jonas.
	rep, err := st.s.Agreement(analysis.AgreementRequest{Coders: []string{"jonas", "mara"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Documents) != 1 || rep.Documents[0] != "Protokoll GF-01" || rep.Unit != analysis.UnitSegment {
		t.Fatalf("report %+v", rep)
	}
	if rep.Overall.Units != 5 || rep.Overall.Agree != 1 || *rep.Overall.Percent != 0.2 {
		t.Errorf("overall %+v", rep.Overall)
	}
	if len(rep.PerCode) != 4 || len(rep.Disagreements) != 4 {
		t.Fatalf("per code %+v, disagreements %+v", rep.PerCode, rep.Disagreements)
	}
	d := rep.Disagreements[0]
	if d.Sides[0].Coder != "jonas" || d.Sides[0].Text != "Zweiter Absatz über Vertrauen" || d.Sides[1].Range != nil {
		t.Errorf("disagreement %+v", d)
	}
	// At 50 % the Vertrauen segments match: 4 units, 2 agree.
	rep, err = st.s.Agreement(analysis.AgreementRequest{Coders: []string{"jonas", "mara"}, MinOverlap: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overall.Units != 4 || rep.Overall.Agree != 2 {
		t.Errorf("at 50 %%: %+v", rep.Overall)
	}
	// Character level: 29 + 29 + 30 coded characters; identical sets on
	// 0–29 and 40–52 (Vertrauen by both).
	rep, err = st.s.Agreement(analysis.AgreementRequest{Coders: []string{"jonas", "mara"}, Unit: analysis.UnitChar})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overall.Units != 88 || rep.Overall.Agree != 41 || rep.Overall.Kappa == nil || rep.Overall.Alpha == nil {
		t.Errorf("char level %+v", rep.Overall)
	}
	for _, bad := range []analysis.AgreementRequest{
		{Coders: []string{"jonas"}},
		{Coders: []string{"jonas", "jonas"}},
		{Coders: []string{"jonas", "nobody"}},
		{Coders: []string{"jonas", "mara"}, Unit: "word"},
		{Coders: []string{"jonas", "mara"}, MinOverlap: 1.5},
		{Coders: []string{"jonas", "anna"}},
	} {
		if _, err := st.s.Agreement(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	// Restricted to a code.
	rep, err = st.s.Agreement(analysis.AgreementRequest{Coders: []string{"mara", "jonas"}, Codes: []qda.GUID{st.codes["A.1.1:1.1"]}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overall.Units != 1 || *rep.Overall.Percent != 1 || rep.Coders[0] != "mara" {
		t.Errorf("one code: %+v", rep)
	}
}

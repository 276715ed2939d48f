package study_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_GenerateDeliverables(t *testing.T) {
	s := apptest.NewService(t, "anna")
	for _, c := range []study.NewCase{{Name: "RD-1", Kind: qda.CaseRegionalDirectorate}, {Name: "JC-01", Kind: qda.CaseJobCentre}, {Name: "JC-04", Kind: qda.CaseJobCentre}} {
		if _, err := s.AddCase(c); err != nil {
			t.Fatal(err)
		}
	}
	st, op, in := qda.LevelStrategic, qda.LevelOperative, qda.LevelIntensive
	if _, err := s.ImportPlan([]study.PlanInput{
		{Level: st, Case: "RD-1", Wave: 1, Role: "GF", Planned: 1},
		{Level: st, Case: "JC-01", Wave: 1, Role: "GF", Planned: 1},
		{Level: st, Case: "JC-04", Wave: 1, Role: "GF", Planned: 1},
		{Level: st, Case: "JC-04", Wave: 2, Role: "GF", Planned: 1},
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG", Planned: 2},
		{Level: in, Case: "JC-04", Wave: 1, Role: "KU", Planned: 4},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDocument(study.NewDocument{Name: "Fallbericht JC-04 – operative Ebene", Kind: qda.KindCaseReport, Text: "Bericht.\n", Case: caseGUID(t, s, "JC-04")}); err != nil {
		t.Fatal(err)
	}
	added, linked, err := s.GenerateDeliverables(study.GenerateOptions{Due: "2015-06-30", Owner: "mara"})
	if err != nil || added != 5 || linked != 1 {
		t.Fatalf("generate: %d added, %d linked, %v; want 5 and 1", added, linked, err)
	}
	rows, err := s.Deliverables()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	want := []string{"case_report/strategic/JC-01", "case_report/strategic/JC-04", "case_report/operative/JC-04", "intensive_report/JC-04", "employer_report"}
	if len(ids) != len(want) {
		t.Fatalf("deliverables %q, want %q (no report for the regional directorate)", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Errorf("deliverable %d: %s, want %s", i, ids[i], want[i])
		}
	}
	delivered := qda.DeliverDelivered
	if err := s.SetDeliverable("case_report/strategic/JC-01", study.DeliverableChange{Status: &delivered}); err != nil {
		t.Fatal(err)
	}
	// Generating again adds nothing and keeps the status.
	if added, _, err := s.GenerateDeliverables(study.GenerateOptions{}); err != nil || added != 0 {
		t.Errorf("second generate: %d, %v", added, err)
	}
	rows, _ = s.Deliverables()
	if last := rows[len(rows)-1]; last.ID != "case_report/strategic/JC-01" || last.Status != qda.DeliverDelivered {
		t.Errorf("the delivered report should come last: %+v", last)
	}
	bad := qda.DeliverableStatus("approved")
	if err := s.SetDeliverable("employer_report", study.DeliverableChange{Status: &bad}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("unknown status: %v", err)
	}
	if err := s.SetDeliverable("nothing", study.DeliverableChange{Status: &delivered}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("unknown deliverable: %v", err)
	}
	// The plan's other parts survive a plan import.
	if _, err := s.ImportPlan([]study.PlanInput{{Level: st, Case: "JC-01", Wave: 1, Role: "GF", Planned: 1}}); err != nil {
		t.Fatal(err)
	}
	if rows, _ := s.Deliverables(); len(rows) != 5 {
		t.Errorf("after a plan import: %d deliverables", len(rows))
	}
}

func caseGUID(tb testing.TB, s interface {
	Case(string) (*qda.Case, error)
}, name string) qda.GUID {
	tb.Helper()
	c, err := s.Case(name)
	if err != nil {
		tb.Fatal(err)
	}
	return c.GUID
}

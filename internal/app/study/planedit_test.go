package study_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_SetPlanned(t *testing.T) {
	s := apptest.NewService(t, "anna")
	for _, c := range []string{"JC-04", "JC-07"} {
		if _, err := s.AddCase(study.NewCase{Name: c, Kind: qda.CaseJobCentre}); err != nil {
			t.Fatal(err)
		}
	}
	op := qda.LevelOperative
	if _, err := s.ImportPlan([]study.PlanInput{
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 1, Note: "gAG-S"},
		{Level: op, Case: "JC-04", Wave: 1, Role: "TL", Planned: 1},
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 1, Optional: true, Note: "falls vorhanden"},
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 2, Note: "zweite Zeile"},
	}); err != nil {
		t.Fatal(err)
	}
	agS := study.PlanKey{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S"}
	tests := []struct {
		name              string
		key               study.PlanKey
		planned, optional int
		want              []study.PlanInput
	}{
		{"merge the cell's rows", agS, 4, 1, []study.PlanInput{
			{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 4, Note: "gAG-S; zweite Zeile"},
			{Level: op, Case: "JC-04", Wave: 1, Role: "TL", Planned: 1},
			{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 1, Optional: true, Note: "falls vorhanden"},
		}},
		{"zero removes the optional row", agS, 4, 0, []study.PlanInput{
			{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 4, Note: "gAG-S; zweite Zeile"},
			{Level: op, Case: "JC-04", Wave: 1, Role: "TL", Planned: 1},
		}},
		{"a new cell goes to the end", study.PlanKey{Level: op, Case: "jc-07", Wave: 2, Role: "TL"}, 0, 2, []study.PlanInput{
			{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 4, Note: "gAG-S; zweite Zeile"},
			{Level: op, Case: "JC-04", Wave: 1, Role: "TL", Planned: 1},
			{Level: op, Case: "JC-07", Wave: 2, Role: "TL", Planned: 2, Optional: true},
		}},
		{"a group is a cell of its own", study.PlanKey{Level: op, Case: "JC-07", Wave: 2, Role: "TL", Group: "Bestandskraft"}, 1, 0, []study.PlanInput{
			{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 4, Note: "gAG-S; zweite Zeile"},
			{Level: op, Case: "JC-04", Wave: 1, Role: "TL", Planned: 1},
			{Level: op, Case: "JC-07", Wave: 2, Role: "TL", Planned: 2, Optional: true},
			{Level: op, Case: "JC-07", Wave: 2, Role: "TL", Group: "Bestandskraft", Planned: 1},
		}},
	}
	for _, tt := range tests {
		if err := s.SetPlanned(tt.key, tt.planned, tt.optional); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, err := s.PlanRows()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: rows %+v, want %+v", tt.name, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: row %d = %+v, want %+v", tt.name, i, got[i], tt.want[i])
			}
		}
	}
	// An edit that changes nothing records no command; undo reverts one edit.
	before, _ := s.UndoState()
	if err := s.SetPlanned(agS, 4, 0); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.UndoState(); after.Undo.GUID != before.Undo.GUID {
		t.Errorf("a no-op edit was recorded: %s", after.Undo.Summary)
	}
	if _, err := s.Undo(); err != nil { // the group's row
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if p, o, err := s.PlannedCounts(study.PlanKey{Level: op, Case: "JC-07", Wave: 2, Role: "TL"}); err != nil || p != 0 || o != 0 {
		t.Errorf("after undo: %d+%d, %v", p, o, err)
	}
	if p, o, _ := s.PlannedCounts(agS); p != 4 || o != 0 {
		t.Errorf("undo went too far: %d+%d", p, o)
	}
	for _, bad := range []struct {
		k    study.PlanKey
		p, o int
		code string
	}{
		{study.PlanKey{Level: "x", Case: "JC-04", Wave: 1, Role: "TL"}, 1, 0, qda.EInvalid},
		{study.PlanKey{Level: op, Case: "JC-04", Wave: 0, Role: "TL"}, 1, 0, qda.EInvalid},
		{study.PlanKey{Level: op, Case: "JC-04", Wave: 1, Role: " "}, 1, 0, qda.EInvalid},
		{study.PlanKey{Level: op, Case: "JC-04", Wave: 1, Role: "TL"}, -1, 0, qda.EInvalid},
		{study.PlanKey{Level: op, Case: "JC-99", Wave: 1, Role: "TL"}, 1, 0, qda.ENotFound},
	} {
		if err := s.SetPlanned(bad.k, bad.p, bad.o); qda.ErrorCode(err) != bad.code {
			t.Errorf("SetPlanned(%+v, %d, %d): %v, want %s", bad.k, bad.p, bad.o, err, bad.code)
		}
	}
}

package study_test

import (
	"fmt"
	"testing"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_PlanStatus_Refused: a refused interview counts as refused,
// not as conducted, so its slot stays missing.
func TestService_PlanStatus_Refused(t *testing.T) {
	tests := []struct {
		name                                    string
		given, refused                          int
		wantConducted, wantRefused, wantMissing int
	}{
		{"nothing done", 0, 0, 0, 0, 3},
		{"all given", 3, 0, 3, 0, 0},
		{"one refused", 2, 1, 2, 1, 1},
		{"all refused", 0, 3, 0, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, s)
			if _, err := s.ImportPlan([]study.PlanInput{{Level: qda.LevelStrategic, Case: "JC-07", Wave: 1, Role: "GF", Planned: 3}}); err != nil {
				t.Fatal(err)
			}
			for i := range tt.given + tt.refused {
				who := fmt.Sprintf("GF-07-%d", i)
				if _, err := s.AddInterview(apptest.NewIV(who)); err != nil {
					t.Fatal(err)
				}
				if i >= tt.given {
					if _, err := s.RefuseInterview(who, privacy.ConsentRecord{Reason: "kein Termin"}); err != nil {
						t.Fatal(err)
					}
				}
			}
			st, err := s.PlanStatus()
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Cells) != 1 || len(st.Totals) != 1 {
				t.Fatalf("cells %+v totals %+v", st.Cells, st.Totals)
			}
			for _, c := range []study.PlanCell{st.Cells[0], st.Totals[0].PlanCell} {
				if c.Conducted != tt.wantConducted || c.Refused != tt.wantRefused || c.Missing != tt.wantMissing {
					t.Errorf("conducted %d refused %d missing %d, want %d %d %d", c.Conducted, c.Refused, c.Missing,
						tt.wantConducted, tt.wantRefused, tt.wantMissing)
				}
			}
		})
	}
}

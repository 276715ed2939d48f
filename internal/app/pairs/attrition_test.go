package pairs_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_RecordExit(t *testing.T) {
	s := pairProject(t)
	in := qda.LevelIntensive
	if _, err := s.ImportPlan([]study.PlanInput{
		{Level: in, Case: "JC-04", Wave: 1, Role: "KU", Planned: 2},
		{Level: in, Case: "JC-04", Wave: 2, Role: "KU", Planned: 2},
		{Level: in, Case: "JC-04", Wave: 3, Role: "KU", Planned: 2},
	}); err != nil {
		t.Fatal(err)
	}
	// KU-04-07 was interviewed in wave 1 only: the exit starts at wave 2.
	x, err := s.RecordExit(study.PanelExit{Person: "ku-04-07", Kind: qda.ExitFoundWork, Date: "2014-10-01", Reason: "Arbeit gefunden"})
	if err != nil {
		t.Fatal(err)
	}
	if x.Person != "KU-04-07" || x.Case != "JC-04" || x.Level != in || x.Role != "KU" || x.FromWave != 2 {
		t.Errorf("exit %+v", x)
	}
	st, err := s.PlanStatus()
	if err != nil {
		t.Fatal(err)
	}
	dropped := map[int]int{}
	for _, c := range st.Cells {
		if c.Role == "KU" && c.Case == "JC-04" {
			dropped[c.Wave] = c.Dropped
		}
	}
	if dropped[1] != 0 || dropped[2] != 1 || dropped[3] != 1 || len(st.Exits) != 1 || st.Exits[0].Reason != "Arbeit gefunden" {
		t.Errorf("dropped %v, exits %+v", dropped, st.Exits)
	}
	for _, tc := range []struct {
		name string
		in   study.PanelExit
		code string
	}{
		{"twice", study.PanelExit{Person: "KU-04-07", Kind: qda.ExitDropped, Date: "2014-10-02", Reason: "x"}, qda.EInvalid},
		{"interviewed later", study.PanelExit{Person: "KU-04-01", FromWave: 2, Kind: qda.ExitRefused, Date: "2014-10-02", Reason: "x"}, qda.EConflict},
		{"never interviewed", study.PanelExit{Person: "KU-04-99", Kind: qda.ExitRefused, Date: "2014-10-02", Reason: "x"}, qda.ENotFound},
		{"unknown kind", study.PanelExit{Person: "KU-11-01", Kind: "moved", Date: "2014-10-02", Reason: "x"}, qda.EInvalid},
		{"no reason", study.PanelExit{Person: "KU-11-01", Kind: qda.ExitUnreachable, Date: "2014-10-02"}, qda.EInvalid},
		{"bad date", study.PanelExit{Person: "KU-11-01", Kind: qda.ExitUnreachable, Date: "10/2014", Reason: "x"}, qda.EInvalid},
	} {
		if _, err := s.RecordExit(tc.in); qda.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	// Undo takes the exit back; so does RemoveExit.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if xs, err := s.Exits(); err != nil || len(xs) != 0 {
		t.Errorf("after undo: %+v, %v", xs, err)
	}
	if _, err := s.RecordExit(study.PanelExit{Person: "KU-04-07", Kind: qda.ExitUnreachable, Date: "2014-11-01", Reason: "keine Antwort"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveExit("KU-04-07", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveExit("KU-04-07", ""); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("second remove: %v", err)
	}
}

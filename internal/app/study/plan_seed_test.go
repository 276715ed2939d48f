package study_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_PlanStatus checks what the plan counts as the seed plans it:
// each person once per wave (an IFK interviewed about two customers), the
// IFK split into Bestandskraft and Neueinstellung, and the interviews
// outside their wave's window or too soon after the person's first wave.
func TestService_PlanStatus(t *testing.T) {
	s := apptest.NewService(t, "anna")
	for _, f := range []string{"A.3.1-ifk-ueber-kunden.guide.md", "A.3.2-kunden.guide.md"} {
		if _, err := s.ImportGuideline(apptest.SampleGuideline(t, f), study.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []qda.AttributeDef{
		{Name: "Gruppe", Type: qda.AttrText, Scope: qda.ScopeInterview},
		{Name: "Kunde", Type: qda.AttrText, Scope: qda.ScopeInterview},
	} {
		if _, err := s.AddAttributeDef(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC-04", Kind: qda.CaseJobCentre}); err != nil {
		t.Fatal(err)
	}
	in := qda.LevelIntensive
	if _, err := s.ImportPlan([]study.PlanInput{
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK", Group: "Bestandskraft", Planned: 1},
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK", Group: "Neueinstellung", Planned: 1},
		{Level: in, Case: "JC-04", Wave: 1, Role: "KU", Planned: 4},
		{Level: in, Case: "JC-04", Wave: 2, Role: "KU", Planned: 4},
	}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []qda.WaveWindow{
		{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"},
		{Level: in, Wave: 2, From: "2014-07-01", To: "2015-06-30", MinGapMonths: 5},
	} {
		if err := s.SetWaveWindow(w); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, iv := range []struct {
		g, role, who, date, attr, val string
		wave                          int
	}{
		{"A.3.1", "IFK", "IFK-04-02", "2014-06-10", "Kunde", "KU-04-01", 1},
		{"A.3.1", "IFK", "IFK-04-02", "2014-06-10", "Kunde", "KU-04-02", 1},
		{"A.3.2", "KU", "KU-04-01", "2014-06-10", "", "", 1},
		{"A.3.2", "KU", "KU-04-02", "2014-07-02", "", "", 1}, // after the window
		{"A.3.2", "KU", "KU-04-01", "2014-11-26", "", "", 2},
		{"A.3.2", "KU", "KU-04-02", "2014-10-01", "", "", 2}, // 3 months after wave 1
	} {
		n := study.NewInterview{Guideline: iv.g, Role: iv.role, Case: "JC-04", Wave: iv.wave, Interviewee: iv.who, Date: day(iv.date)}
		if iv.attr != "" {
			n.Attributes = map[string]string{iv.attr: iv.val, "Gruppe": "Neueinstellung"}
		}
		if _, err := s.AddInterview(n); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.PlanStatus()
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, c := range st.Cells {
		cells = append(cells, fmt.Sprintf("w%d %s/%s %d/%d", c.Wave, c.Role, c.Group, c.Conducted, c.Planned))
	}
	want := "w1 IFK/Bestandskraft 0/1 w1 IFK/Neueinstellung 1/1 w1 KU/ 2/4 w2 KU/ 2/4"
	if got := strings.Join(cells, " "); got != want {
		t.Errorf("cells %q, want %q", got, want)
	}
	var timing []string
	for _, is := range st.Timing {
		timing = append(timing, fmt.Sprintf("%s %s w%d %s", is.Kind, is.Interviewee, is.Wave, is.Detail))
	}
	want = "outside KU-04-02 w1 window 2014-01-01 – 2014-06-30 gap KU-04-02 w2 3.0 months after wave 1 (2014-07-02); at least 5 planned"
	if got := strings.Join(timing, " "); got != want {
		t.Errorf("timing %q,\nwant   %q", got, want)
	}
	// Importing the plan again keeps the windows; a bad window is refused.
	if _, err := s.ImportPlan([]study.PlanInput{{Level: in, Case: "JC-04", Wave: 1, Role: "KU", Planned: 4}}); err != nil {
		t.Fatal(err)
	}
	if st, err = s.PlanStatus(); err != nil || len(st.Windows) != 2 {
		t.Errorf("windows after import: %+v, %v", st.Windows, err)
	}
	for _, bad := range []qda.WaveWindow{
		{Level: in, Wave: 1, From: "2014-07-01", To: "2014-06-30"},
		{Level: in, Wave: 0, From: "2014-01-01", To: "2014-06-30"},
		{Level: in, Wave: 1, From: "1.1.2014", To: "2014-06-30"},
	} {
		if err := s.SetWaveWindow(bad); qda.ErrorCode(err) != qda.EInvalid {
			t.Errorf("window %+v: %v, want invalid", bad, err)
		}
	}
}

package analysis_test

import (
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// studyFixture is a small coded study for the analysis tests: guidelines A.1.1 and
// A.1.2 (sharing themes 1 and 4 as the set EJO), an employer guideline A.2.2, two job centres with
// an implementation type, four protocols and codings by jonas and mara.
type studyFixture struct {
	s            *project.Project
	docs         map[string]*qda.Document // by interviewee
	cases        map[string]*qda.Case
	codes        map[string]qda.GUID // "A.1.1:1.1", "Vertrauen", …
	jonas, mara  qda.GUID
	ivs          map[string]*qda.Interview
	employerKey  string
	employerCode qda.GUID
}

// paragraphs of every protocol: offsets 0–30, 32–62, 64–95.
const protoText = "Erster Absatz über die Gründe.\n\nZweiter Absatz über Vertrauen.\n\nDritter Absatz zur Vermittlung."

func employer() *qda.Guideline {
	ns := qda.GUID("33333333-3333-4333-8333-333333333333")
	id := func(s string) qda.GUID { return qda.NameGUID(ns, s) }
	return &qda.Guideline{GUID: ns, Key: "A.2.2", Title: "Arbeitgeber", Level: qda.LevelStrategic, Wave: 1,
		Roles: []qda.Role{{Code: "AG", Label: "Arbeitgeber"}},
		Sections: []qda.Section{{GUID: id("s1"), Number: "1.", Title: "Kontakt zum Jobcenter", Questions: []qda.Question{
			{GUID: id("q1"), ID: "1.1", Text: "Wie kam der Kontakt zustande?"}}}}}
}

func newStudy(tb testing.TB) *studyFixture {
	tb.Helper()
	st := &studyFixture{s: apptest.NewService(tb, "anna"), docs: map[string]*qda.Document{}, cases: map[string]*qda.Case{},
		codes: map[string]qda.GUID{}, ivs: map[string]*qda.Interview{}}
	s := st.s
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	// A.1.1 and A.1.2 share their themes (set "EJO"); the employer
	// guideline's theme 1 is its own.
	g1, g2 := apptest.Guideline("A.1.1", apptest.G1), apptest.Guideline("A.1.2", apptest.G2)
	g1.Themes, g2.Themes = "EJO", "EJO"
	for _, g := range []*qda.Guideline{g1, g2, employer()} {
		_, err := s.ImportGuideline(g, study.ImportOptions{})
		must(err)
	}
	for _, ref := range []string{"A.1.1:1.1", "A.1.1:1.2", "A.1.1:4.1", "A.1.2:1.1", "A.1.2:4.1", "A.2.2:1.1"} {
		c, err := s.ResolveCode(ref)
		must(err)
		st.codes[ref] = c.GUID
	}
	for _, name := range []string{"Vertrauen", "Konflikt"} {
		c, err := s.AddCode(coding.NewCode{Name: name})
		must(err)
		st.codes[name] = c.GUID
	}
	for _, u := range []string{"jonas", "mara"} {
		usr, err := s.AddMember(members.NewMember{Name: u, Roles: qda.AllMemberRoles})
		must(err)
		if u == "jonas" {
			st.jonas = usr.GUID
		} else {
			st.mara = usr.GUID
		}
	}
	_, err := s.AddAttributeDef(qda.AttributeDef{Name: "Umsetzungstyp", Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"1a", "1b", "2a", "2b"}})
	must(err)
	for name, typ := range map[string]string{"JC-01": "2a", "JC-02": "1a"} {
		c, err := s.AddCase(study.NewCase{Name: name, Kind: qda.CaseJobCentre, Attributes: map[string]string{"Umsetzungstyp": typ}})
		must(err)
		st.cases[name] = c
	}
	day := time.Date(2014, 1, 14, 0, 0, 0, 0, time.UTC)
	for _, iv := range []struct{ who, g, role, cs string }{
		{"GF-01", "A.1.1", "GF", "JC-01"}, {"PL-01", "A.1.2", "PL", "JC-01"}, {"GF-02", "A.1.1", "GF", "JC-02"}, {"AG-01", "A.2.2", "AG", "JC-01"},
	} {
		i, err := s.AddInterview(study.NewInterview{Guideline: iv.g, Role: iv.role, Case: iv.cs, Interviewee: iv.who, Date: day})
		must(err)
		st.ivs[iv.who] = i
		d, err := s.AddDocument(study.NewDocument{Name: "Protokoll " + iv.who, Kind: qda.KindProtocol, Text: protoText, Interview: i.GUID})
		must(err)
		st.docs[iv.who] = d
	}
	code := func(who, code string, start, end int, coder qda.GUID) {
		tb.Helper()
		_, err := s.AddCoding(coding.NewCoding{Document: st.docs[who].GUID, Start: start, End: end, Code: st.codes[code], Coder: coder})
		must(err)
	}
	// GF-01: both coders. Same 1.1 segment, Vertrauen 32–61 vs 40–61
	// (72 %), Konflikt ("Vertrauen", 52–61) only by mara.
	code("GF-01", "A.1.1:1.1", 0, 29, st.jonas)
	code("GF-01", "A.1.1:1.1", 0, 29, st.mara)
	code("GF-01", "Vertrauen", 32, 61, st.jonas)
	code("GF-01", "Vertrauen", 40, 61, st.mara)
	code("GF-01", "Konflikt", 52, 61, st.mara)
	code("GF-01", "A.1.1:4.1", 64, 94, st.jonas)
	// PL-01 and GF-02: jonas only.
	code("PL-01", "A.1.2:1.1", 0, 29, st.jonas)
	code("PL-01", "A.1.2:4.1", 64, 94, st.jonas)
	code("PL-01", "Vertrauen", 32, 61, st.jonas)
	code("GF-02", "A.1.1:1.2", 0, 29, st.jonas)
	code("GF-02", "Konflikt", 64, 80, st.jonas)
	code("AG-01", "A.2.2:1.1", 0, 29, st.jonas)
	return st
}

func (st *studyFixture) name(tb testing.TB, g qda.GUID) string {
	tb.Helper()
	n, err := st.s.Names()
	if err != nil {
		tb.Fatal(err)
	}
	return n[g]
}

// rowLabels returns a matrix's row labels, shortened to their first word.
func rowLabels(m *analysis.Matrix) []string {
	var out []string
	for _, r := range m.Rows {
		out = append(out, strings.Fields(r.Label)[0])
	}
	return out
}

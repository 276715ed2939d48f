package pairs_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// pairProject sets up A.3.1 and A.3.2, two sites with programme starts
// and, at JC-04, an IFK and a customer interviewed in two waves; JC-11 has
// one customer; a second IFK at JC-04. No pair attribute is defined yet.
func pairProject(t *testing.T) *project.Project {
	t.Helper()
	s := apptest.NewService(t, "anna")
	for _, f := range []string{"A.3.1-ifk-ueber-kunden.guide.md", "A.3.2-kunden.guide.md"} {
		if _, err := s.ImportGuideline(apptest.SampleGuideline(t, f), study.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []qda.AttributeDef{
		{Name: "Programmstart", Type: qda.AttrDate, Scope: qda.ScopeCase},
		{Name: "Kunde seit", Type: qda.AttrDate, Scope: qda.ScopeInterview},
	} {
		if _, err := s.AddAttributeDef(d); err != nil {
			t.Fatal(err)
		}
	}
	for name, start := range map[string]string{"JC-04": "2013-03-01", "JC-11": ""} {
		if _, err := s.AddCase(study.NewCase{Name: name, Kind: qda.CaseJobCentre, Attributes: map[string]string{"Programmstart": start}}); err != nil {
			t.Fatal(err)
		}
	}
	ifk := []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Gespräch mit der IFK über den Kunden."},
		{QuestionID: "1.2", Body: "Verheiratet, zwei Kinder."},
		{QuestionID: "2.2", Body: "Ein aktueller Staplerschein fehlt."},
		{QuestionID: "3.3", Body: "Acht Bewerbungen im Monat."},
	}
	ku := []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Interview im Jobcenter."},
		{QuestionID: "1.4", Body: "Er ist verheiratet und hat zwei Kinder."},
		{QuestionID: "4.6", Body: "Er habe keine aktuellen Nachweise."},
		{QuestionID: "4.8", Body: "Die EGV verlangt acht Bewerbungen."},
		{QuestionID: "6.2", Body: "Er habe jetzt eine feste Ansprechpartnerin."},
	}
	add := func(g, role, site, who string, wave int, since string, b []qda.ProtocolBlock) {
		n := study.NewInterview{Guideline: g, Role: role, Case: site, Wave: wave, Interviewee: who,
			Date: time.Date(2014, time.Month(5*wave), 10, 0, 0, 0, 0, time.UTC), Status: qda.StatusFinal,
			Consent: qda.Consent{DataProtection: true, InfoSheet: true}} // what an intensive interview needs to be final
		if since != "" {
			n.Attributes = map[string]string{"Kunde seit": since}
		}
		if _, err := s.ImportProtocol(n, b, "Protokoll "+who, who+".md"); err != nil {
			t.Fatal(err)
		}
	}
	add("A.3.1", "IFK", "JC-04", "IFK-04-02", 1, "", ifk)
	add("A.3.2", "KU", "JC-04", "KU-04-01", 1, "2012-09-01", ku)
	add("A.3.1", "IFK", "JC-04", "IFK-04-02", 2, "", ifk[:2])
	add("A.3.2", "KU", "JC-04", "KU-04-01", 2, "2012-09-01", ku[:3])
	add("A.3.2", "KU", "JC-04", "KU-04-07", 1, "2013-03-01", ku[:2])
	add("A.3.2", "KU", "JC-11", "KU-11-01", 1, "2013-10-01", ku[:2])
	add("A.3.1", "IFK", "JC-04", "IFK-04-05", 1, "", ifk[:2])
	return s
}

func TestService_LinkPair(t *testing.T) {
	s := pairProject(t)
	p, err := s.LinkPair("IFK-04-02@1", "KU-04-01@w1")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "P-04-1" || p.Case != "JC-04" || p.Roles != [2]string{"IFK", "KU"} || len(p.Members) != 2 {
		t.Fatalf("pair %+v", p)
	}
	for _, step := range [][2]string{{"KU-04-01@2", "IFK-04-02@1"}, {"KU-04-01@1", "IFK-04-02@2"}} {
		if _, err := s.LinkPair(step[0], step[1]); err != nil {
			t.Fatalf("link %v: %v", step, err)
		}
	}
	p, err = s.Pair("p-04-1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range p.Members {
		got = append(got, m.Role+"@"+string(rune('0'+m.Wave)))
	}
	if want := []string{"IFK@1", "KU@1", "IFK@2", "KU@2"}; !equal(got, want) {
		t.Errorf("members %v, want %v", got, want)
	}
	if p.Start.Flag != pairs.StartBefore || p.Start.CustomerSince != "2012-09-01" || p.Start.ProgrammeStart != "2013-03-01" {
		t.Errorf("pair start %+v", p.Start)
	}
	if m := p.Member(0, 1); m == nil || m.Start.FromPair != "P-04-1" || m.Start.Flag != pairs.StartBefore {
		t.Errorf("IFK member's start %+v", m)
	}

	for _, bad := range []struct {
		a, b string
		code string
	}{
		{"KU-04-01@1", "IFK-04-02@1", qda.EConflict}, // already linked
		{"KU-04-07", "KU-04-07", qda.EInvalid},       // itself
		{"KU-04-07", "KU-11-01", qda.EInvalid},       // two sites
		{"IFK-04-05", "KU-04-01@1", qda.EConflict},   // a second IFK in wave 1
		{"KU-04-07", "nobody", qda.ENotFound},
		{"KU-04-01", "KU-04-07", qda.EInvalid}, // ambiguous without @wave
		{"KU-04-07@x", "KU-11-01", qda.EInvalid},
	} {
		if _, err := s.LinkPair(bad.a, bad.b); qda.ErrorCode(err) != bad.code {
			t.Errorf("link %s %s: %v, want %s", bad.a, bad.b, err, bad.code)
		}
	}
	// A second pair at the same site gets the next number; ps do not merge.
	q, err := s.LinkPair("KU-04-07", "IFK-04-05")
	if err != nil || q.ID != "P-04-2" {
		t.Errorf("second pair: %+v, %v", q, err)
	}
	if _, err := s.LinkPair("KU-04-07", "KU-04-01@2"); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("merging ps: %v", err)
	}
	ps, err := s.Pairs()
	if err != nil || len(ps) != 2 || ps[0].ID != "P-04-1" || ps[1].ID != "P-04-2" {
		t.Errorf("pairs %+v, %v", ps, err)
	}
}

func TestService_LinkPairUndo(t *testing.T) {
	s := pairProject(t)
	if _, err := s.LinkPair("IFK-04-02@1", "KU-04-01@1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pair("IFK-04-02@1"); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("after undo: %v", err)
	}
	defs, _ := s.AttributeDefs()
	for _, d := range defs {
		if d.Name == app.AttrPair {
			t.Errorf("undo kept the pair attribute the link defined")
		}
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Pair("P-04-1"); err != nil || len(p.Members) != 2 {
		t.Errorf("after redo: %+v, %v", p, err)
	}
}

func TestService_UnlinkPair(t *testing.T) {
	s := pairProject(t)
	for _, l := range [][2]string{{"IFK-04-02@1", "KU-04-01@1"}, {"IFK-04-02@1", "KU-04-01@2"}} {
		if _, err := s.LinkPair(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.UnlinkPair("KU-04-01@2"); err != nil || n != 1 {
		t.Fatalf("unlink one: %d, %v", n, err)
	}
	if _, err := s.UnlinkPair("KU-04-01@2"); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("unlink an unpaired interview: %v", err)
	}
	if _, err := s.UnlinkPair(); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("unlink nothing: %v", err)
	}
	if n, err := s.UnlinkPair("P-04-1"); err != nil || n != 2 {
		t.Fatalf("dissolve: %d, %v", n, err)
	}
	if ps, _ := s.Pairs(); len(ps) != 0 {
		t.Errorf("pairs left: %+v", ps)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Pair("P-04-1"); err != nil || len(p.Members) != 2 {
		t.Errorf("undo of dissolve: %+v, %v", p, err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pairSample is the sample project cut down to what ps need: the
// guidelines, sites, users, the two ps' protocols and their codings.
func pairSample(t *testing.T) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(sampledata.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		keep := strings.HasPrefix(p, "guidelines/") || p == "cases.csv" || p == "users.csv" ||
			strings.HasPrefix(p, "protocols/intensiv/") && strings.Contains(p, "-P-")
		if !keep && p != "codings.csv" {
			return nil
		}
		data, err := fs.ReadFile(sampledata.FS, p)
		if p == "codings.csv" {
			var lines []string
			for i, l := range strings.Split(string(data), "\n") {
				if i == 0 || strings.HasPrefix(l, "intensiv/") && strings.Contains(l, "-P-") {
					lines = append(lines, l)
				}
			}
			data = []byte(strings.Join(lines, "\n") + "\n")
		}
		out[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestService_SamplePairs checks the sample project's ps, linked by the
// "pair" entries of its protocols' front matter.
func TestService_SamplePairs(t *testing.T) {
	dir := t.TempDir() + "/sample"
	o := wire.Options{User: "anna", Store: store.Options{NoBackup: true, NoSync: true}}
	if err := wire.CreateSample(dir, pairSample(t), o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	ps, err := s.Pairs()
	if err != nil || len(ps) != 2 || ps[0].ID != "P-04-1" || ps[1].ID != "P-11-1" {
		t.Fatalf("pairs %+v, %v", ps, err)
	}
	// P-04-1 is the seed's intensive case: the IFK interviewed about each
	// of two customers, and both customers, in two waves; P-11-1 has one
	// customer.
	for i, want := range []struct {
		members   int
		customers string
	}{{8, "KU-04-01 KU-04-02"}, {4, "KU-11-01"}} {
		p := ps[i]
		if len(p.Members) != want.members || p.Roles != [2]string{"IFK", "KU"} || strings.Join(p.Customers, " ") != want.customers {
			t.Errorf("pair %s: %+v", p.ID, p)
		}
		for _, w := range []int{1, 2} {
			if p.Persons(0, w) != 1 {
				t.Errorf("pair %s wave %d: %d IFK, want 1", p.ID, w, p.Persons(0, w))
			}
		}
	}
	// JC-04 started 2013-03-01, the customer came 2012-09-01; JC-11 started
	// 2013-06-01, its customer came 2013-10-01.
	if ps[0].Start.Flag != pairs.StartBefore || ps[1].Start.Flag != pairs.StartAfter {
		t.Errorf("flags %s, %s", ps[0].Start.Flag, ps[1].Start.Flag)
	}
	v, err := s.PairView("P-04-1")
	if err != nil {
		t.Fatal(err)
	}
	// The second coder's "Vertrauen" on the customer's 6.1 answer lies in
	// the row IFK 3.4 (relationship) ↔ customer 6.1 (well advised).
	c := cell(t, v, 0, "3.4", 1)
	found := false
	for _, sg := range c.Segments {
		found = found || sg.Code == "Vertrauen"
	}
	if c.Answer == "" || !found {
		t.Errorf("customer w1 on 3.4/6.1: %+v", c)
	}
	if a := cell(t, v, 0, "3.3", 0).Answer; !strings.Contains(a, "acht Bewerbungen") {
		t.Errorf("IFK w1 on 3.3: %q", a)
	}
}

// TestService_LinkPairTwoCustomers follows the seed's intensive case: one
// IFK interviewed about each of two customers, and both customers, over
// two waves.
func TestService_LinkPairTwoCustomers(t *testing.T) {
	s := pairProject(t)
	if _, err := s.AddAttributeDef(qda.AttributeDef{Name: "Kunde", Type: qda.AttrText, Scope: qda.ScopeInterview}); err != nil {
		t.Fatal(err)
	}
	ifk := []qda.ProtocolBlock{{Title: "Vorbemerkungen", Body: "Über den zweiten Kunden."}, {QuestionID: "1.2", Body: "Alleinstehend."}}
	for _, w := range []int{1, 2} {
		n := study.NewInterview{Guideline: "A.3.1", Role: "IFK", Case: "JC-04", Wave: w, Interviewee: "IFK-04-02",
			Date: time.Date(2014, time.Month(5*w), 10, 0, 0, 0, 0, time.UTC), Status: qda.StatusFinal, Attributes: map[string]string{"Kunde": "KU-04-07"},
			Consent: qda.Consent{DataProtection: true, InfoSheet: true}}
		if _, err := s.ImportProtocol(n, ifk, "Protokoll IFK-04-02 über KU-04-07", "ifk-ku07.md"); err != nil {
			t.Fatal(err)
		}
	}
	// The fixture's IFK interviews name no customer: they are about every
	// customer of the case.
	ivs, err := s.Interviews()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{{"IFK-04-02@1", "KU-04-01@1"}, {"KU-04-01@1", "KU-04-01@2"}, {"KU-04-01@1", "KU-04-07@1"}} {
		if _, err := s.LinkPair(l[0], l[1]); err != nil {
			t.Fatalf("link %s %s: %v", l[0], l[1], err)
		}
	}
	for _, iv := range ivs {
		if iv.Interviewee == "IFK-04-02" {
			if _, err := s.LinkPair("KU-04-01@1", string(iv.GUID)); err != nil && qda.ErrorCode(err) != qda.EConflict {
				t.Fatal(err)
			}
		}
	}
	p, err := s.Pair("P-04-1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Customers, " ") != "KU-04-01 KU-04-07" || len(p.Members) != 7 {
		t.Fatalf("pair %+v", p)
	}
	if p.Persons(0, 1) != 1 || p.Persons(1, 1) != 2 {
		t.Errorf("persons in wave 1: IFK %d, customers %d; want 1 and 2", p.Persons(0, 1), p.Persons(1, 1))
	}
	if m := p.MemberFor(0, 2, "KU-04-07"); m == nil || m.Customer != "KU-04-07" {
		t.Errorf("IFK about KU-04-07 in wave 2: %+v", m)
	}
	// A third IFK interview about KU-04-07 in wave 1 is refused.
	n := study.NewInterview{Guideline: "A.3.1", Role: "IFK", Case: "JC-04", Wave: 1, Interviewee: "IFK-04-02",
		Date: time.Date(2014, 5, 12, 0, 0, 0, 0, time.UTC), Attributes: map[string]string{"Kunde": "KU-04-07"}}
	dup, err := s.ImportProtocol(n, ifk, "Doppelt", "dup.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkPair("KU-04-01@1", string(dup.Interview.GUID)); qda.ErrorCode(err) != qda.EConflict ||
		!strings.Contains(err.Error(), "about the same customer") {
		t.Errorf("second IFK interview about KU-04-07: %v", err)
	}
	// The view has IFK and customer columns per customer and wave.
	v, err := s.PairView("P-04-1")
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range v.Columns {
		who := "-"
		if c.Member != nil {
			who = c.Member.Interviewee
		}
		cols = append(cols, fmt.Sprintf("%s/w%d/%s:%s", c.Customer, c.Wave, c.Role, who))
	}
	want := "KU-04-01/w1/IFK:IFK-04-02 KU-04-01/w1/KU:KU-04-01 KU-04-01/w2/IFK:IFK-04-02 KU-04-01/w2/KU:KU-04-01 " +
		"KU-04-07/w1/IFK:IFK-04-02 KU-04-07/w1/KU:KU-04-07 KU-04-07/w2/IFK:IFK-04-02 KU-04-07/w2/KU:-"
	if got := strings.Join(cols, " "); got != want {
		t.Errorf("columns\n got %s\nwant %s", got, want)
	}
}

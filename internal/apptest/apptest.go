// Package apptest holds the fixtures the use-case tests of internal/app and
// its feature packages share: projects opened through internal/wire in a
// temporary folder, deterministic GUIDs and clock, small guidelines.
package apptest

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/guidefmt"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// SeqIDs mints deterministic GUIDs.
type SeqIDs struct{ N int }

func (s *SeqIDs) NewGUID() (qda.GUID, error) {
	s.N++
	return qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", s.N)), nil
}

type FixedClock struct{}

func (FixedClock) Now() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }

// newService creates a project in a temporary folder with user as its
// first member and opens it as user.
func NewService(tb testing.TB, user string) *project.Project {
	tb.Helper()
	s := NewEmptyService(tb, user)
	if user != "" {
		AddMember(tb, s, user)
	}
	return s
}

// newEmptyService creates a project without members and opens it as user.
func NewEmptyService(tb testing.TB, user string) *project.Project {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "p")
	o := wire.Options{User: user, Clock: FixedClock{}, IDs: &SeqIDs{N: 1000}, Store: store.Options{NoBackup: true}}
	if err := wire.Init(dir, "Test", o); err != nil {
		tb.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// addMember adds a team member with every role (the first member of a
// project acts for their own addition).
func AddMember(tb testing.TB, s *project.Project, name string) *qda.User {
	tb.Helper()
	u, err := s.AddMember(members.NewMember{Name: name, Roles: qda.AllMemberRoles})
	if err != nil {
		tb.Fatalf("add member %s: %v", name, err)
	}
	return u
}

// guideline returns a small strategic-style guideline with themes 1 and 4.
func Guideline(key string, ns qda.GUID) *qda.Guideline {
	id := func(s string) qda.GUID { return qda.NameGUID(ns, s) }
	return &qda.Guideline{GUID: ns, Key: key, Title: "Leitfaden " + key, Level: qda.LevelStrategic, Wave: 1,
		Roles: []qda.Role{{Code: "GF", Label: "Geschäftsführung"}, {Code: "PL", Label: "Projektleitung"}},
		Sections: []qda.Section{
			{GUID: id("s1"), Number: "1.", Title: "Strategische Bedeutung", Questions: []qda.Question{
				{GUID: id("q11"), ID: "1.1", Text: "Was waren die Gründe für die Beteiligung?", Roles: []string{"GF", "PL"},
					Prompts: []qda.Prompt{{GUID: id("p1"), Text: "Welche Motive?"}}},
				{GUID: id("q12"), ID: "1.2", Text: "Welche Ziele werden verfolgt?", Roles: []string{"GF"}},
			}},
			{GUID: id("s4"), Number: "4.", Title: "Leistungen aus einer Hand", Questions: []qda.Question{
				{GUID: id("q41"), ID: "4.1", Text: "Wie arbeiten Leistung und Vermittlung zusammen?", Roles: []string{"PL"}},
			}},
		}}
}

const G1 = qda.GUID("11111111-1111-4111-8111-111111111111")

const G2 = qda.GUID("22222222-2222-4222-8222-222222222222")

func Ptr[T any](v T) *T { return &v }

// codedDoc sets up a guideline, a document and codings on two codes.
func CodedDoc(t *testing.T, s *project.Project) (*qda.Document, *qda.Code, *qda.Code) {
	t.Helper()
	if _, err := s.ImportGuideline(Guideline("A.1.1", G1), study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := s.AddDocument(study.NewDocument{Name: "Protokoll", Kind: qda.KindProtocol, Text: "Größe\r\nStraße 🙂 und Arbeitgeberservice.\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.ResolveCode("A.1.1:1.1")
	b, _ := s.ResolveCode("A.1.1:1.2")
	for _, n := range []coding.NewCoding{
		{Document: d.GUID, Start: 0, End: 5, Code: a.GUID},
		{Document: d.GUID, Start: 6, End: 12, Code: a.GUID},
		{Document: d.GUID, Start: 0, End: 5, Code: b.GUID}, // same range as the first: a duplicate after merge
		{Document: d.GUID, Start: 13, End: 14, Code: b.GUID},
	} {
		if _, err := s.AddCoding(n); err != nil {
			t.Fatal(err)
		}
	}
	return d, a, b
}

// siteAndGuideline prepares a case and the test guideline.
func SiteAndGuideline(t *testing.T, s *project.Project) {
	t.Helper()
	if _, err := s.ImportGuideline(Guideline("A.1.2", G1), study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAttributeDef(qda.AttributeDef{Name: "Umsetzungstyp", Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"1a", "1b", "2a", "2b"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC-07", Kind: qda.CaseJobCentre, Attributes: map[string]string{"Umsetzungstyp": "1b"}}); err != nil {
		t.Fatal(err)
	}
}

func NewIV(who string) study.NewInterview {
	return study.NewInterview{Guideline: "A.1.2", Role: "GF", Case: "JC-07", Interviewee: who, Consent: qda.Consent{Recording: true}}
}

// RetrievalFixture is a small project for retrieval, search and autocode:
// two protocols (GF of JC-07 in wave 1, PL of JC-12 in wave 2) with their
// template codings, a case report of JC-07, inductive codes Arbeitgeber >
// Direktakquise and Sonstiges, codings by mara (acting) and jonas.
type RetrievalFixture struct {
	S                  *project.Project
	GF, PL, Report     *qda.Document
	AG, Direkt, Other  *qda.Code
	Jonas              *qda.User
	JC07, JC12         *qda.Case
	Q11                *qda.Code
	AGCoding, DKCoding *qda.Coding
}

func NewRetrievalFixture(t *testing.T) *RetrievalFixture {
	t.Helper()
	s := NewService(t, "mara")
	SiteAndGuideline(t, s)
	f := &RetrievalFixture{S: s}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	f.JC12, err = s.AddCase(study.NewCase{Name: "JC-12", Kind: qda.CaseJobCentre})
	must(err)
	f.JC07, err = s.Case("JC-07")
	must(err)
	f.Jonas, err = s.AddMember(members.NewMember{Name: "jonas", Roles: qda.AllMemberRoles})
	must(err)
	gf, err := s.ImportProtocol(NewIV("GF-07"), []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Gespräch im Büro der Geschäftsführung."},
		{QuestionID: "1.1", Body: "Die Größe der Teams war entscheidend.\n\nAuch die Arbeitgeberansprache wurde neu geregelt."},
		{QuestionID: "1.2", Body: "Mehr Integrationen durch den Arbeitgeber-Service."},
	}, "Protokoll GF-07", "")
	must(err)
	pl := study.NewInterview{Guideline: "A.1.2", Role: "PL", Case: "JC-12", Wave: 2, Interviewee: "PL-12"}
	plp, err := s.ImportProtocol(pl, []qda.ProtocolBlock{
		{QuestionID: "1.1", Body: "Der Arbeitgeberservice arbeitet eng mit uns. Viele Vorschläge kamen vom Arbeitgeberservice."},
		{QuestionID: "1.2", Body: "Die Vermittlung ist schneller geworden."},
	}, "Protokoll PL-12", "")
	must(err)
	f.GF, f.PL = gf.Document, plp.Document
	f.Report, err = s.AddDocument(study.NewDocument{Name: "Fallbericht JC-07", Kind: qda.KindCaseReport, Case: f.JC07.GUID,
		Text: "Der Arbeitgeber ist zentral für die Vermittlung.\n\nDie Straße zum Jobcenter ist weit."})
	must(err)
	f.AG, err = s.AddCode(coding.NewCode{Name: "Arbeitgeber"})
	must(err)
	f.Direkt, err = s.AddCode(coding.NewCode{Name: "Direktakquise", Parent: f.AG.GUID})
	must(err)
	f.Other, err = s.AddCode(coding.NewCode{Name: "Sonstiges"})
	must(err)
	f.Q11, err = s.ResolveCode("A.1.2:1.1")
	must(err)
	code := func(d *qda.Document, c *qda.Code, phrase string, coder qda.GUID) *qda.Coding {
		t.Helper()
		_, text, _, err := s.DocumentWithText(d.GUID)
		must(err)
		i := strings.Index(text, phrase)
		if i < 0 {
			t.Fatalf("%q not in %s", phrase, d.Name)
		}
		start := qda.RuneLen(text[:i])
		cd, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: start, End: start + qda.RuneLen(phrase), Code: c.GUID, Coder: coder})
		must(err)
		return cd
	}
	f.AGCoding = code(f.GF, f.AG, "Arbeitgeberansprache", "")
	f.DKCoding = code(f.PL, f.Direkt, "Der Arbeitgeberservice arbeitet eng mit uns.", f.Jonas.GUID)
	code(f.Report, f.AG, "Der Arbeitgeber ist zentral", "")
	code(f.Report, f.Other, "Die Straße zum Jobcenter", f.Jonas.GUID)
	return f
}

// sampleGuideline parses one of the sample's guidelines.
func SampleGuideline(tb testing.TB, name string) *qda.Guideline {
	tb.Helper()
	data, err := fs.ReadFile(sampledata.FS, "guidelines/"+name)
	if err != nil {
		tb.Fatal(err)
	}
	g, err := guidefmt.Parse(bytes.NewReader(data), name, (&SeqIDs{N: 5000}).NewGUID)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

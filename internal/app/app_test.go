package app_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// seqIDs mints deterministic GUIDs.
type seqIDs struct{ n int }

func (s *seqIDs) NewGUID() (qda.GUID, error) {
	s.n++
	return qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", s.n)), nil
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }

// newService creates a project in a temporary folder with user as its
// first member and opens it as user.
func newService(tb testing.TB, user string) *app.Service {
	tb.Helper()
	s := newEmptyService(tb, user)
	if user != "" {
		addMember(tb, s, user)
	}
	return s
}

// newEmptyService creates a project without members and opens it as user.
func newEmptyService(tb testing.TB, user string) *app.Service {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "p")
	o := wire.Options{User: user, Clock: fixedClock{}, IDs: &seqIDs{n: 1000}, Store: store.Options{NoBackup: true}}
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
func addMember(tb testing.TB, s *app.Service, name string) *qda.User {
	tb.Helper()
	u, err := s.AddMember(app.NewMember{Name: name, Roles: qda.AllMemberRoles})
	if err != nil {
		tb.Fatalf("add member %s: %v", name, err)
	}
	return u
}

// guideline returns a small strategic-style guideline with themes 1 and 4.
func guideline(key string, ns qda.GUID) *qda.Guideline {
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

const g1 = qda.GUID("11111111-1111-4111-8111-111111111111")
const g2 = qda.GUID("22222222-2222-4222-8222-222222222222")

func TestService_ImportGuideline(t *testing.T) {
	s := newService(t, "anna")
	r, err := s.ImportGuideline(guideline("A.1.1", g1), app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// guideline + 2 themes + 3 questions
	if r.CodesAdded != 6 || r.Counts.Questions != 3 {
		t.Errorf("result %+v", r)
	}
	if _, err := s.ImportGuideline(guideline("A.1.1", g1), app.ImportOptions{}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("second import: %v, want conflict", err)
	}
	c, err := s.ResolveCode("A.1.1:1.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCode(c.GUID, app.CodeUpdate{Color: ptr("#123456")}); err != nil {
		t.Fatal(err)
	}
	r, err = s.ImportGuideline(guideline("A.1.1", g1), app.ImportOptions{Replace: true, Prompts: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.CodesAdded != 1 || r.CodesKept != 6 {
		t.Errorf("replace with prompts: %+v", r)
	}
	c2, _ := s.ResolveCode("A.1.1:1.1")
	if c2.GUID != c.GUID || c2.Color != "#123456" {
		t.Errorf("re-import lost the code's identity or colour: %+v", c2)
	}
	if _, err := s.ImportGuideline(guideline("A.1.1", g2), app.ImportOptions{}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("another guideline with the same key: %v", err)
	}
	info, _ := s.Info()
	if info.Guidelines != 1 || info.Questions != 3 || info.Codes != 7 {
		t.Errorf("info %+v", info)
	}
}

func TestService_ThemeCodes(t *testing.T) {
	s := newService(t, "anna")
	for _, g := range []*qda.Guideline{guideline("A.1.1", g1), guideline("A.1.2", g2)} {
		if _, err := s.ImportGuideline(g, app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	codes, err := s.ThemeCodes("4.")
	if err != nil {
		t.Fatal(err)
	}
	// per guideline: theme 4 and question 4.1
	if len(codes) != 4 {
		t.Errorf("theme 4 across guidelines: %d codes, want 4", len(codes))
	}
	seen := map[qda.GUID]bool{}
	for _, c := range codes {
		seen[c.Ref.Guideline] = true
	}
	if len(seen) != 2 {
		t.Errorf("theme 4 codes come from %d guidelines, want 2", len(seen))
	}
}

func ptr[T any](v T) *T { return &v }

// codedDoc sets up a guideline, a document and codings on two codes.
func codedDoc(t *testing.T, s *app.Service) (*qda.Document, *qda.Code, *qda.Code) {
	t.Helper()
	if _, err := s.ImportGuideline(guideline("A.1.1", g1), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := s.AddDocument(app.NewDocument{Name: "Protokoll", Kind: qda.KindProtocol, Text: "Größe\r\nStraße 🙂 und Arbeitgeberservice.\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.ResolveCode("A.1.1:1.1")
	b, _ := s.ResolveCode("A.1.1:1.2")
	for _, n := range []app.NewCoding{
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

func TestService_AddDocumentCanonical(t *testing.T) {
	s := newService(t, "anna")
	d, _, _ := codedDoc(t, s)
	_, text, cs, err := s.DocumentWithText(d.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if text != "Größe\nStraße 🙂 und Arbeitgeberservice.\n" || d.Length != 39 {
		t.Errorf("text %q length %d", text, d.Length)
	}
	segs, err := s.Segments(app.CodingFilter{Document: d.GUID})
	if err != nil || len(segs) != len(cs) || segs[0].Text != "Größe" || segs[3].Text != "🙂" {
		t.Errorf("segments %+v, %v", segs, err)
	}
	if _, err := s.AddCoding(app.NewCoding{Document: d.GUID, Start: 30, End: 99, Code: cs[0].Code}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("coding beyond the text: %v", err)
	}
}

func TestService_MergeCode(t *testing.T) {
	s := newService(t, "anna")
	_, a, b := codedDoc(t, s)
	r, err := s.MergeCode(b.GUID, a.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Moved != 1 || r.Duplicates != 1 {
		t.Errorf("merge result %+v", r)
	}
	segs, _ := s.Segments(app.CodingFilter{Code: a.GUID})
	if len(segs) != 3 {
		t.Errorf("target has %d codings, want 3", len(segs))
	}
	if _, err := s.ResolveCode(string(b.GUID)); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("merged code still exists: %v", err)
	}
	if rep, _ := s.Verify(); !rep.OK() {
		t.Errorf("verify after merge: %+v", rep.Findings)
	}
	info, _ := s.Info()
	if info.Commands < 2 {
		t.Errorf("no command records: %d", info.Commands)
	}
}

func TestService_CodeTreeEdits(t *testing.T) {
	s := newService(t, "anna")
	_, a, _ := codedDoc(t, s)
	ind, err := s.AddCode(app.NewCode{Name: "Vertrauen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode(app.NewCode{Name: "vertrauen"}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("duplicate sibling name: %v", err)
	}
	sub, err := s.AddCode(app.NewCode{Name: "Misstrauen", Parent: ind.GUID})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MoveCode(ind.GUID, sub.GUID); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("move below itself: %v", err)
	}
	if err := s.MoveCode(sub.GUID, ""); err != nil {
		t.Errorf("move to top: %v", err)
	}
	if _, err := s.DeleteCode(a.GUID, false); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("delete a code with codings: %v", err)
	}
	n, err := s.DeleteCode(a.GUID, true)
	if err != nil || n != 2 {
		t.Errorf("forced delete: %d, %v", n, err)
	}
	if _, err := s.UpdateCode(ind.GUID, app.CodeUpdate{Color: ptr("blue")}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("bad colour: %v", err)
	}
	if rep, _ := s.Verify(); !rep.OK() {
		t.Errorf("verify: %+v", rep.Findings)
	}
}

package exchange_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// openAt opens the project in dir as user, minting GUIDs from seq on (two
// copies of a project must not mint the same GUIDs, as random ones never do).
func openAt(tb testing.TB, dir, user string, seq int) *project.Project {
	tb.Helper()
	s, err := wire.Open(dir, wire.Options{User: user, Clock: apptest.FixedClock{}, IDs: &apptest.SeqIDs{N: seq}, Store: store.Options{NoBackup: true}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// baseProject builds a small project: a guideline with its codes, a case, an
// interview with its protocol (template codings by anna), a memo.
func baseProject(tb testing.TB) (dir string, doc qda.GUID, memo qda.GUID) {
	tb.Helper()
	dir = filepath.Join(tb.TempDir(), "base")
	if err := wire.Init(dir, "Team", wire.Options{Clock: apptest.FixedClock{}, IDs: &apptest.SeqIDs{N: 100}}); err != nil {
		tb.Fatal(err)
	}
	s, err := wire.Open(dir, wire.Options{User: "anna", Clock: apptest.FixedClock{}, IDs: &apptest.SeqIDs{N: 200}, Store: store.Options{NoBackup: true}})
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	apptest.AddMember(tb, s, "anna")
	if _, err := s.AddMember(members.NewMember{Name: "ben", FullName: "Ben Brösel", Roles: qda.AllMemberRoles}); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G1), study.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC Nord", Kind: qda.CaseJobCentre}); err != nil {
		tb.Fatal(err)
	}
	p, err := s.ImportProtocol(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC Nord", Interviewee: "GF-Nord",
		Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}, []qda.ProtocolBlock{
		{QuestionID: "1.1", Body: "Die Größe der Teams 🙂 zählt.\n\nStraße und Maß."},
		{QuestionID: "1.2", Body: "Ziele: Integration."},
	}, "Protokoll GF Nord", "test")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := s.AddMemo(coding.NewMemo{Title: "Beobachtung", Text: "Erste Fassung", Target: p.Document.GUID})
	if err != nil {
		tb.Fatal(err)
	}
	return dir, p.Document.GUID, m.GUID
}

// copyProject copies a closed project folder's database.
func copyProject(tb testing.TB, from string) string {
	tb.Helper()
	to := filepath.Join(tb.TempDir(), "copy")
	if err := os.MkdirAll(to, 0o755); err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(from, store.DBFile))
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(to, store.DBFile), data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return to
}

func codingsOf(tb testing.TB, s *project.Project, doc qda.GUID) []qda.Coding {
	tb.Helper()
	_, _, cs, err := s.DocumentWithText(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

func TestService_MergeProject(t *testing.T) {
	base, doc, memo := baseProject(t)
	other := copyProject(t, base)
	a := openAt(t, base, "anna", 2000)
	b := openAt(t, other, "ben", 3000)

	code, err := a.ResolveCode("A.1.1:1.1")
	if err != nil {
		t.Fatal(err)
	}
	// Both code the same passage, each as themselves.
	if _, err := a.AddCoding(coding.NewCoding{Document: doc, Start: 9, End: 37, Code: code.GUID}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddCoding(coding.NewCoding{Document: doc, Start: 9, End: 37, Code: code.GUID}); err != nil {
		t.Fatal(err)
	}
	// ben adds an interview; both edit the same memo; ben recolours a code.
	if _, err := b.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "PL", Case: "JC Nord", Interviewee: "PL-Nord",
		Date: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMemo(memo, "Beobachtung", "Annas Fassung"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.UpdateMemo(memo, "Beobachtung", "Bens Fassung"); err != nil {
		t.Fatal(err)
	}
	theme, err := b.ThemeCodes("4")
	if err != nil || len(theme) == 0 {
		t.Fatal(err)
	}
	if _, err := b.UpdateCode(theme[0].GUID, coding.CodeUpdate{Color: apptest.Ptr("#abcdef")}); err != nil {
		t.Fatal(err)
	}
	before := codingsOf(t, a, doc)

	snap, err := b.Snapshot(exchange.SnapshotOptions{History: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.MergeProject(snap, "copy of ben")
	if err != nil {
		t.Fatal(err)
	}
	after := codingsOf(t, a, doc)
	if len(after) != len(before)+1 {
		t.Errorf("codings %d before, %d after the merge; want one more (ben's)", len(before), len(after))
	}
	coders := map[qda.GUID]bool{}
	for _, c := range after {
		if c.Start == 9 && c.End == 37 {
			coders[c.Coder] = true
		}
	}
	if len(coders) != 2 {
		t.Errorf("the passage has codings of %d coders, want 2", len(coders))
	}
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].Entity != "memo" || rep.Conflicts[0].GUID != memo {
		t.Fatalf("conflicts %+v", rep.Conflicts)
	}
	if f := rep.Conflicts[0].Fields; len(f) == 0 || f[len(f)-1].Field != "text" || f[len(f)-1].Ours != "Annas Fassung" || f[len(f)-1].Theirs != "Bens Fassung" {
		t.Errorf("conflict fields %+v", rep.Conflicts[0].Fields)
	}
	if rep.Added["interview"] != 1 || rep.Added["coding"] != 1 || rep.Updated["code"] != 1 || rep.Added["memo"] != 0 {
		t.Errorf("report %+v", rep)
	}
	memos, _ := a.Memos()
	if len(memos) != 2 || memos[0].Text != "Annas Fassung" || memos[1].Text != "Bens Fassung" {
		t.Errorf("memos after the merge: %+v", memos)
	}
	if c, _ := a.ResolveCode(string(theme[0].GUID)); c.Color != "#abcdef" {
		t.Errorf("ben's colour not taken: %s", c.Color)
	}
	if ivs, _ := a.Interviews(); len(ivs) != 2 {
		t.Errorf("interviews %d", len(ivs))
	}
	if v, err := a.Verify(); err != nil || !v.OK() {
		t.Errorf("verify after merge: %v %+v", err, v)
	}

	// A second merge of the same state adds nothing and still reports the
	// open memo conflict, without a second copy of ben's version.
	rep2, err := a.MergeProject(snap, "copy of ben")
	if err != nil {
		t.Fatal(err)
	}
	if sum(rep2.Added)+sum(rep2.Updated)+sum(rep2.Removed) != 0 || len(rep2.Conflicts) != 1 {
		t.Errorf("second merge: %+v", rep2)
	}
	if ms, _ := a.Memos(); len(ms) != 2 {
		t.Errorf("memos after second merge %d", len(ms))
	}

	// The merge is one command (the second one changed nothing and is not
	// on the undo stack): undo takes it back whole.
	st, _ := a.UndoState()
	if st.Undo == nil || st.Undo.Kind != exchange.KindMerge {
		t.Fatalf("undo state %+v", st)
	}
	if _, err := a.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := codingsOf(t, a, doc); len(got) != len(before) {
		t.Errorf("after undo: %d codings, want %d", len(got), len(before))
	}
	if ivs, _ := a.Interviews(); len(ivs) != 1 {
		t.Errorf("after undo: %d interviews", len(ivs))
	}
}

func TestService_MergeFollowsChanges(t *testing.T) {
	base, doc, _ := baseProject(t)
	other := copyProject(t, base)
	a := openAt(t, base, "anna", 2000)
	b := openAt(t, other, "ben", 3000)
	cs := codingsOf(t, b, doc)
	if len(cs) == 0 {
		t.Fatal("no template codings")
	}
	// ben deletes a template coding and edits the text in front of all codings.
	if err := b.DeleteCoding(cs[0].GUID); err != nil {
		t.Fatal(err)
	}
	_, text, _, _ := b.DocumentWithText(doc)
	if _, err := b.EditText(doc, "Vorwort.\n\n"+text, false); err != nil {
		t.Fatal(err)
	}
	// anna codes something new meanwhile, on the old text.
	code, _ := a.ResolveCode("A.1.1:1.2")
	mine, err := a.AddCoding(coding.NewCoding{Document: doc, Start: 9, End: 14, Code: code.GUID})
	if err != nil {
		t.Fatal(err)
	}
	_, oldText, _, _ := a.DocumentWithText(doc)
	snap, _ := b.Snapshot(exchange.SnapshotOptions{History: true})
	rep, err := a.MergeProject(snap, "ben")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Conflicts) != 0 || rep.Removed["coding"] != 1 || rep.Updated["text"] != 1 {
		t.Errorf("report %+v", rep)
	}
	_, newText, got, _ := a.DocumentWithText(doc)
	if newText != "Vorwort.\n\n"+oldText {
		t.Errorf("text not taken: %q", newText)
	}
	for _, c := range got {
		if c.GUID == mine.GUID {
			if qda.Slice(newText, c.Start, c.End) != qda.Slice(oldText, 9, 14) {
				t.Errorf("anna's coding not re-anchored: %q", qda.Slice(newText, c.Start, c.End))
			}
		}
		if c.GUID == cs[0].GUID {
			t.Error("the coding ben deleted is still there")
		}
	}
	if v, err := a.Verify(); err != nil || !v.OK() {
		t.Errorf("verify after merge: %v %+v", err, v)
	}
}

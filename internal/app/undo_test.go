package app_test

import (
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

func TestService_UndoRedo(t *testing.T) {
	s := apptest.NewService(t, "anna")
	_, a, b := apptest.CodedDoc(t, s)
	count := func() int { i, _ := s.Info(); return i.Codings }
	codes := func() int { i, _ := s.Info(); return i.Codes }
	for _, tc := range []struct {
		name  string
		do    func() error
		check func() bool // true after do, false after undo
	}{
		{"add code", func() error { _, err := s.AddCode(coding.NewCode{Name: "Neu"}); return err }, func() bool { return codes() == 7 }},
		{"rename code", func() error {
			_, err := s.UpdateCode(a.GUID, coding.CodeUpdate{Name: apptest.Ptr("Umbenannt")})
			return err
		},
			func() bool { c, _ := s.ResolveCode(string(a.GUID)); return c.Name == "Umbenannt" }},
		{"merge codes", func() error { _, err := s.MergeCode(b.GUID, a.GUID); return err }, func() bool { return count() == 3 }},
		{"delete codings", func() error { _, err := s.DeleteCode(a.GUID, true); return err }, func() bool { return count() == 2 }},
	} {
		before := tc.check()
		if err := tc.do(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !tc.check() || before {
			t.Fatalf("%s: did not take effect", tc.name)
		}
		if _, err := s.Undo(); err != nil {
			t.Fatalf("undo %s: %v", tc.name, err)
		}
		if tc.check() {
			t.Errorf("undo %s: still in effect", tc.name)
		}
		if _, err := s.Redo(); err != nil {
			t.Fatalf("redo %s: %v", tc.name, err)
		}
		if !tc.check() {
			t.Errorf("redo %s: not in effect", tc.name)
		}
		if _, err := s.Undo(); err != nil {
			t.Fatalf("undo again %s: %v", tc.name, err)
		}
		if rep, _ := s.Verify(); !rep.OK() {
			t.Fatalf("verify after undo of %s: %+v", tc.name, rep.Findings)
		}
	}
	if _, err := s.Redo(); err != nil {
		t.Errorf("redo after undo: %v", err)
	}
}

func TestService_UndoSurvivesRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "anna", Clock: apptest.FixedClock{}, IDs: &apptest.SeqIDs{N: 5000}, Store: store.Options{NoBackup: true}}
	if err := wire.Init(dir, "T", o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	apptest.AddMember(t, s, "anna")
	apptest.AddMember(t, s, "ben")
	if _, err := s.AddCode(coding.NewCode{Name: "Vertrauen"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Another user's work in between is not undone by anna.
	o2 := o
	o2.User, o2.IDs = "ben", &apptest.SeqIDs{N: 6000}
	s2, err := wire.Open(dir, o2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.AddCode(coding.NewCode{Name: "Misstrauen"}); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	o.IDs = &apptest.SeqIDs{N: 7000}
	s3, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	st, err := s3.UndoState()
	if err != nil || st.Undo == nil || st.Undo.Kind != "code.add" {
		t.Fatalf("undo state after restart: %+v, %v", st, err)
	}
	if _, err := s3.Undo(); err != nil {
		t.Fatal(err)
	}
	codes, _ := s3.Codes()
	if len(codes) != 1 || codes[0].Name != "Misstrauen" {
		t.Errorf("codes after anna's undo: %+v", codes)
	}
	if _, err := s3.Undo(); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("second undo: %v, want nothing to undo", err)
	}
}

func TestService_UndoRefusesOverwritingLaterChange(t *testing.T) {
	s := apptest.NewService(t, "anna")
	c, err := s.AddCode(coding.NewCode{Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCode(c.GUID, coding.CodeUpdate{Name: apptest.Ptr("B")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil { // undo rename
		t.Fatal(err)
	}
	if _, err := s.UpdateCode(c.GUID, coding.CodeUpdate{Color: apptest.Ptr("#000000")}); err != nil { // new work clears redo
		t.Fatal(err)
	}
	if _, err := s.Redo(); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("redo after new work: %v", err)
	}
}
func TestService_RedoAcrossRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "mara", Store: store.Options{NoBackup: true}}
	wire.Init(dir, "T", o)
	s, _ := wire.Open(dir, o)
	apptest.AddMember(t, s, "mara")
	s.AddCode(coding.NewCode{Name: "V"})
	s.Close()
	s, _ = wire.Open(dir, o)
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, _ = wire.Open(dir, o)
	st, err := s.UndoState()
	if err != nil || st.Redo == nil {
		t.Fatalf("redo state after restart: %+v, %v", st, err)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
}

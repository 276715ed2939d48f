package privacy_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/store/zvalue"
	"github.com/protocoder/protocoder/internal/wire"
)

// openProject creates a project on disk with backups and mara as member.
func openProject(tb testing.TB) (*project.Project, string) {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "p")
	o := wire.Options{User: "mara", Clock: apptest.FixedClock{}, IDs: &apptest.SeqIDs{N: 1000}, Store: store.Options{}}
	if err := wire.Init(dir, "Test", o); err != nil {
		tb.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	apptest.AddMember(tb, s, "mara")
	s.SetKeyParams(cheapKey)
	return s, dir
}

// occurrences counts a text in every file below dir, in UTF-8 and UTF-16LE,
// in the clear or inside a compressed value of project.db or a backup.
func occurrences(tb testing.TB, dir, text string) map[string]int {
	tb.Helper()
	u16 := utf16.Encode([]rune(text))
	le := make([]byte, 0, 2*len(u16))
	for _, u := range u16 {
		le = append(le, byte(u), byte(u>>8))
	}
	out := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		b = zvalue.Reveal(b) // values are stored compressed
		if n := bytes.Count(b, []byte(text)) + bytes.Count(b, le); n > 0 {
			rel, _ := filepath.Rel(dir, path)
			out[rel] = n
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestService_AnonApplyErases(t *testing.T) {
	tests := []struct {
		name     string
		withKey  bool
		undoable bool
	}{
		{"key unlocked: sealed, undo with the key only", true, true},
		{"no key: erased, not undoable", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, dir := openProject(t)
			pass := []byte("correct horse battery")
			if tt.withKey {
				if err := s.InitKey(pass); err != nil {
					t.Fatal(err)
				}
			}
			res := slipProtocol(t, s)
			// An edit and a backup before the replacement: both hold the
			// name, in the log's images and in the backup's texts.
			if _, err := s.EditText(res.Document.GUID, "Nachtrag: Frau Westermann rief an.\n\n"+textOf(t, s, res.Document.GUID), false); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Backup(); err != nil {
				t.Fatal(err)
			}
			if got := occurrences(t, dir, "Westermann"); got[store.DBFile] == 0 {
				t.Fatalf("the canary is not in %s before the replacement (found in %v); the test checks nothing", store.DBFile, got)
			}
			ar, err := s.AnonApply(privacy.AnonApplyRequest{All: true})
			if err != nil {
				t.Fatal(err)
			}
			if ar.Undoable != tt.undoable {
				t.Errorf("undoable = %v, want %v", ar.Undoable, tt.undoable)
			}
			for _, canary := range []string{"Westermann", "Gisela Schubert", "info@example.de"} {
				if got := occurrences(t, dir, canary); len(got) > 0 {
					t.Errorf("%q is still on disk after anon apply: %v", canary, got)
				}
			}
			if r, err := s.Search(qda.SearchRequest{Query: "Westermann"}); err != nil || r.Total != 0 {
				t.Errorf("search still finds the name: %+v, %v", r, err)
			}
			if !tt.withKey {
				if _, err := s.Undo(); err == nil && strings.Contains(textOf(t, s, res.Document.GUID), "Westermann") {
					t.Fatal("undo brought the erased name back without a key")
				}
				return
			}
			s.LockKey()
			if _, err := s.Undo(); qda.ErrorCode(err) != qda.EProtected {
				t.Fatalf("undo with the key locked: %v, want %s", err, qda.EProtected)
			}
			if strings.Contains(textOf(t, s, res.Document.GUID), "Westermann") {
				t.Fatal("a refused undo changed the text")
			}
			if err := s.UnlockKey(pass); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Undo(); err != nil {
				t.Fatalf("undo with the key: %v", err)
			}
			if !strings.Contains(textOf(t, s, res.Document.GUID), "Frau Westermann rief an") {
				t.Errorf("undo did not restore the text: %q", textOf(t, s, res.Document.GUID))
			}
			if _, err := s.Redo(); err != nil {
				t.Fatalf("redo: %v", err)
			}
			if strings.Contains(textOf(t, s, res.Document.GUID), "Westermann") {
				t.Errorf("redo did not replace the name again: %q", textOf(t, s, res.Document.GUID))
			}
			for _, canary := range []string{"Westermann", "Gisela Schubert"} {
				if got := occurrences(t, dir, canary); len(got) > 0 {
					t.Errorf("%q is on disk after redo: %v", canary, got)
				}
			}
		})
	}
}

func textOf(tb testing.TB, s *project.Project, doc qda.GUID) string {
	tb.Helper()
	_, text, _, err := s.DocumentWithText(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return text
}

// TestService_RealNamesMoveIntoTheKey: a site's real name kept in the
// project file by an older version moves into the key when the key is
// created, and leaves no byte on disk.
func TestService_RealNamesMoveIntoTheKey(t *testing.T) {
	s, dir := openProject(t)
	real := "Jobcenter Kanarienstadt"
	c, err := s.AddCase(study.NewCase{Name: "JC-99", Kind: qda.CaseJobCentre})
	if err != nil {
		t.Fatal(err)
	}
	// As an older version wrote it.
	if err := s.Write("case.update", "old real name", func(tx app.Tx) error {
		cur, err := tx.Case(c.GUID)
		if err != nil {
			return err
		}
		cur.RealName = real
		return tx.PutCase(cur)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.RealNamesInProject(); n != 1 || occurrences(t, dir, real)[store.DBFile] == 0 {
		t.Fatalf("test premise: the real name is in the project file (%d)", n)
	}
	if err := s.InitKey([]byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.RealNamesInProject(); n != 0 {
		t.Errorf("%d real names still in the project", n)
	}
	if got := occurrences(t, dir, real); len(got) > 0 {
		t.Errorf("the real name is still on disk: %v", got)
	}
	entries, err := s.KeyEntries()
	if err != nil || len(entries) != 1 || entries[0].Real != real || entries[0].Pseudonym != "JC-99" {
		t.Errorf("key entries %+v, %v", entries, err)
	}
}

package wire_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/wire"
)

// countdown is a context that is cancelled after its Err was asked n
// times: a cancel in the middle of a task, without timing.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	c.n--
	if c.n < 0 {
		return context.Canceled
	}
	return nil
}

// files returns every file below dir (but skip) with its content's hash.
func files(t *testing.T, dir string, skip ...string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for _, s := range skip {
			if strings.HasPrefix(rel, s) {
				return nil
			}
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameFiles fails unless dir holds what before held, byte for byte.
func sameFiles(t *testing.T, dir string, before map[string][32]byte, skip ...string) {
	t.Helper()
	after := files(t, dir, skip...)
	for name, h := range after {
		if b, ok := before[name]; !ok {
			t.Errorf("new file after cancelling: %s", name)
		} else if b != h {
			t.Errorf("changed after cancelling: %s", name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			t.Errorf("removed after cancelling: %s", name)
		}
	}
}

// openCanary opens the canary project (two protocols, a recording,
// backups) for a cancelled task.
func openCanary(t *testing.T) (*project.Project, string) {
	t.Helper()
	dir, o := canaryProject(t, "Zyprotaxwunderblau")
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, dir
}

// TestCancel_leavesProjectUnchanged cancels each long task in its middle:
// it returns context.Canceled, the project's files are byte for byte what
// they were (a merge or import keeps the backup it took before it began,
// a full copy of the unchanged project), no temporary file is left and
// no command recorded.
func TestCancel_leavesProjectUnchanged(t *testing.T) {
	tests := []struct {
		name string
		// skip are the folders the task may write to before its first
		// check (the backup before a merge).
		skip []string
		run  func(t *testing.T, s *project.Project, out string, ctx context.Context) error
	}{
		{"folder import, inside the write at the third protocol", nil, func(t *testing.T, s *project.Project, _ string, ctx context.Context) error {
			var srcs []*app.SourceFile
			for _, who := range []string{"GF-20", "GF-21", "GF-22"} {
				srcs = append(srcs, &app.SourceFile{Path: who + ".md", Protocol: []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Antwort von " + who}},
					Meta: map[string]string{"guideline": "A.1.1", "role": "GF", "case": "JC-07", "interviewee": who}})
			}
			_, err := s.ImportProtocolSourcesContext(&countdown{ctx, 5}, srcs, study.NewInterview{})
			return err
		}},
		{"merge, between its steps", []string{"backups/"}, func(t *testing.T, s *project.Project, out string, ctx context.Context) error {
			other, _ := openCanary(t)
			if _, err := other.AddCase(study.NewCase{Name: "JC-99", Kind: qda.CaseJobCentre}); err != nil {
				t.Fatal(err)
			}
			snap, err := other.Snapshot(exchange.SnapshotOptions{History: true})
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.MergeProjectContext(&countdown{ctx, 6}, snap, "other")
			return err
		}},
		{"case report, before its commit", nil, func(t *testing.T, s *project.Project, _ string, ctx context.Context) error {
			_, err := s.GenerateReportContext(&countdown{ctx, 1}, analysis.ReportRequest{Case: "JC-07", Level: qda.LevelStrategic, Edited: analysis.ReportRefuse})
			return err
		}},
		{"QDPX export, while writing", nil, func(t *testing.T, s *project.Project, out string, ctx context.Context) error {
			_, err := (wire.Files{}).ExportQDPX(&countdown{ctx, 1}, s, filepath.Join(out, "p.qdpx"))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, dir := openCanary(t)
			out := t.TempDir()
			undo, err := s.UndoState()
			if err != nil {
				t.Fatal(err)
			}
			// The search index and the marker of a clean close are
			// derived: bleve merges its segments and the store stamps
			// its close on their own.
			skip := append([]string{"index/", "project.db.checked"}, tt.skip...)
			before := files(t, dir, skip...)
			err = tt.run(t, s, out, context.Background())
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
			if st, err := s.UndoState(); err != nil || st.Undo == nil || undo.Undo == nil || st.Undo.GUID != undo.Undo.GUID {
				t.Errorf("a command was recorded: %+v (before %+v, %v)", st.Undo, undo.Undo, err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			sameFiles(t, dir, before, skip...)
			if left, _ := os.ReadDir(out); len(left) > 0 {
				t.Errorf("left in the export folder: %v", left)
			}
		})
	}
}

// TestRestoreContext_cancel cancels a restore after the backup's copy:
// the project holds what it held, the copy is gone and no other file is
// new (the safety backup of the state before is, and the project file
// notes that backup).
func TestRestoreContext_cancel(t *testing.T) {
	dir, o := canaryProject(t, "Zyprotaxwunderblau")
	list, err := wire.Backups(dir)
	if err != nil || len(list) == 0 {
		t.Fatalf("backups %v %v", list, err)
	}
	content := func() string {
		s, err := wire.Open(dir, o)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		snap, err := s.Snapshot(exchange.SnapshotOptions{History: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(snap)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	was := content()
	skip := []string{"index/", "project.db", "backups/"}
	before := files(t, dir, skip...)
	_, err = wire.RestoreContext(&countdown{context.Background(), 1}, dir, list[len(list)-1].Name, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	sameFiles(t, dir, before, skip...)
	if _, err := os.Stat(filepath.Join(dir, "project.db.restore")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the restore's copy is left: %v", err)
	}
	if content() != was {
		t.Error("the project's content changed")
	}
}

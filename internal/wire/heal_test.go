package wire_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// healOptions are the options of the index healing tests.
func healOptions() wire.Options {
	return wire.Options{User: "anna", Clock: fixedClock{}, IDs: &seqIDs{n: 2000}, Store: store.Options{NoBackup: true}}
}

// healProject makes a project with two documents, the second holding the
// canary word, and returns its folder and a copy of its index folder taken
// before the second document was added.
func healProject(t *testing.T) (dir, before string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "p")
	o := healOptions()
	if err := initProject(t, dir, "Heilung", o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDocument(study.NewDocument{Name: "Konzept", Kind: qda.KindOther, Text: "Der Arbeitgeberservice berät Betriebe.\n"}); err != nil {
		t.Fatal(err)
	}
	before = filepath.Join(t.TempDir(), "index-before")
	if err := copyDir(filepath.Join(dir, store.IndexDir), before); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDocument(study.NewDocument{Name: "Bericht", Kind: qda.KindCaseReport, Text: "Herr " + canary + " machte Vorschläge.\n"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, before
}

// TestOpen_HealsIndex damages the index folder in each way a crash, a disk
// or a user can, and checks that wire.Open and Search give the right
// answers anyway (the index is detected as damaged or stale and rebuilt).
func TestOpen_HealsIndex(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, index, before string)
	}{
		{"deleted", func(t *testing.T, index, _ string) { must(t, os.RemoveAll(index)) }},
		{"emptied", func(t *testing.T, index, _ string) {
			must(t, os.RemoveAll(index))
			must(t, os.MkdirAll(index, 0o700))
		}},
		{"every file truncated", func(t *testing.T, index, _ string) {
			for _, f := range indexFiles(t, index) {
				st, err := os.Stat(f)
				must(t, err)
				must(t, os.Truncate(f, st.Size()/2))
			}
		}},
		{"segment contents overwritten", func(t *testing.T, index, _ string) {
			seg := largestSegment(t, index)
			b, err := os.ReadFile(seg)
			must(t, err)
			for i := len(b) / 3; i < len(b)/3+64 && i < len(b); i++ {
				b[i] ^= 0x5a
			}
			must(t, os.WriteFile(seg, b, 0o600))
		}},
		{"every file garbage", func(t *testing.T, index, _ string) {
			for i, f := range indexFiles(t, index) {
				st, err := os.Stat(f)
				must(t, err)
				must(t, os.WriteFile(f, bytes.Repeat([]byte{byte(i*37 + 11)}, int(st.Size())), 0o600))
			}
		}},
		{"stale: from before the last document", func(t *testing.T, index, before string) {
			must(t, os.RemoveAll(index))
			must(t, copyDir(before, index))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, before := healProject(t)
			tc.damage(t, filepath.Join(dir, store.IndexDir), before)
			s, err := wire.Open(dir, healOptions())
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer func() { _ = s.Close() }()
			if st := s.IndexStatus(); !st.Available {
				t.Fatalf("index status %+v", st)
			}
			for q, want := range map[string]string{canary: "Bericht", "Arbeitgeber": "Konzept", "Vorschlag": "Bericht"} {
				res, err := s.Search(qda.SearchRequest{Query: q})
				if err != nil {
					t.Fatalf("search %q: %v", q, err)
				}
				if res.Total != 1 || res.Hits[0].DocName != want {
					t.Errorf("search %q: %d hits %+v, want 1 in %s", q, res.Total, res.Hits, want)
				}
			}
			if st, err := s.IndexState(); err != nil || !st.Current {
				t.Errorf("after search: %+v, %v; want current", st, err)
			}
		})
	}
}

// TestOpen_IndexAheadOfRestoredStore restores a backup older than the
// index: the index knows a document the store no longer has, and search
// must not find it.
func TestOpen_IndexAheadOfRestoredStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := healOptions()
	must(t, initProject(t, dir, "Zurück", o))
	s, err := wire.Open(dir, o)
	must(t, err)
	_, err = s.AddDocument(study.NewDocument{Name: "Konzept", Kind: qda.KindOther, Text: "Der Arbeitgeberservice berät Betriebe.\n"})
	must(t, err)
	b, err := s.Backup()
	must(t, err)
	_, err = s.AddDocument(study.NewDocument{Name: "Bericht", Kind: qda.KindCaseReport, Text: "Herr " + canary + " machte Vorschläge.\n"})
	must(t, err)
	must(t, s.Close())
	if _, err := wire.Restore(dir, b.Name, o); err != nil {
		t.Fatal(err)
	}
	s, err = wire.Open(dir, o)
	must(t, err)
	defer func() { _ = s.Close() }()
	if res, err := s.Search(qda.SearchRequest{Query: canary}); err != nil || res.Total != 0 {
		t.Errorf("search for a document the restore removed: %+v, %v", res, err)
	}
	if res, err := s.Search(qda.SearchRequest{Query: "Arbeitgeber"}); err != nil || res.Total != 1 {
		t.Errorf("search Arbeitgeber: %+v, %v", res, err)
	}
}

// TestOpen_IndexUnavailable makes the index folder impossible to create:
// the project opens, search says it is unavailable and why, and every
// other use case works.
func TestOpen_IndexUnavailable(t *testing.T) {
	dir, _ := healProject(t)
	index := filepath.Join(dir, store.IndexDir)
	must(t, os.RemoveAll(index))
	must(t, os.WriteFile(index, []byte("not a folder"), 0o600))
	s, err := wire.Open(dir, healOptions())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer func() { _ = s.Close() }()
	_, err = s.Search(qda.SearchRequest{Query: canary})
	if qda.ErrorCode(err) != qda.EUnavailable || !strings.Contains(qda.ErrorMessage(err), "could not be opened") {
		t.Errorf("search without an index: %v", err)
	}
	if st := s.IndexStatus(); st.Available || st.Reason == "" {
		t.Errorf("status %+v", st)
	}
	if _, err := s.AddDocument(study.NewDocument{Name: "Neu", Kind: qda.KindOther, Text: "Noch ein Text.\n"}); err != nil {
		t.Fatalf("add document without an index: %v", err)
	}
	if in, err := s.Info(); err != nil || in.Documents != 3 {
		t.Errorf("info: %+v, %v", in, err)
	}
	if r, err := s.Verify(); err != nil || !r.OK() {
		t.Errorf("verify: %+v, %v", r, err)
	}
}

// TestService_StartIndexRepair rebuilds a deleted index in the background:
// meanwhile search reports that the index is being rebuilt.
func TestService_StartIndexRepair(t *testing.T) {
	dir, _ := healProject(t)
	must(t, os.RemoveAll(filepath.Join(dir, store.IndexDir)))
	s, err := wire.Open(dir, healOptions())
	must(t, err)
	defer func() { _ = s.Close() }()
	inProgress, release, finished := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	started := s.StartIndexRepair(func(done, total int) {
		if done == total {
			close(inProgress)
			<-release
		}
	}, func(rebuilt bool, err error) {
		if !rebuilt && err == nil {
			err = os.ErrInvalid
		}
		finished <- err
	})
	if !started {
		t.Fatal("repair did not start")
	}
	<-inProgress
	_, err = s.Search(qda.SearchRequest{Query: canary})
	if qda.ErrorCode(err) != qda.EUnavailable || !strings.Contains(qda.ErrorMessage(err), "being rebuilt (2 of 2") {
		t.Errorf("search during the rebuild: %v", err)
	}
	if st := s.IndexStatus(); !st.Rebuilding || st.Done != 2 || st.Total != 2 {
		t.Errorf("status during the rebuild: %+v", st)
	}
	if s.StartIndexRepair(nil, nil) {
		t.Error("a second repair started while the first runs")
	}
	close(release)
	if err := <-finished; err != nil {
		t.Fatalf("repair: %v", err)
	}
	if res, err := s.Search(qda.SearchRequest{Query: canary}); err != nil || res.Total != 1 {
		t.Errorf("search after the rebuild: %+v, %v", res, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// indexFiles lists the regular files below index, sorted.
func indexFiles(t *testing.T, index string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(index, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			out = append(out, p)
		}
		return err
	})
	must(t, err)
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("the index has no files")
	}
	return out
}

// largestSegment returns the index's largest segment file.
func largestSegment(t *testing.T, index string) string {
	t.Helper()
	best, size := "", int64(-1)
	for _, f := range indexFiles(t, index) {
		if st, err := os.Stat(f); err == nil && strings.HasSuffix(f, ".zap") && st.Size() > size {
			best, size = f, st.Size()
		}
	}
	if best == "" {
		t.Fatal("no segment file")
	}
	return best
}

// copyDir copies the folder src to dst.
func copyDir(src, dst string) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
}

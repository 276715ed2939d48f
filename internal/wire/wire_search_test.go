package wire_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

type seqIDs struct{ n int }

func (s *seqIDs) NewGUID() (qda.GUID, error) {
	s.n++
	return qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", s.n)), nil
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }

const canary = "Quorvexlimbantrudel"

func testGuideline() *qda.Guideline {
	ns := qda.GUID("11111111-1111-4111-8111-111111111111")
	id := func(s string) qda.GUID { return qda.NameGUID(ns, s) }
	return &qda.Guideline{GUID: ns, Key: "A.1.1", Title: "Leitfaden", Level: qda.LevelStrategic, Wave: 1,
		Roles: []qda.Role{{Code: "GF", Label: "Geschäftsführung"}},
		Sections: []qda.Section{{GUID: id("s1"), Number: "1.", Title: "Strategische Bedeutung", Questions: []qda.Question{
			{GUID: id("q11"), ID: "1.1", Text: "Was waren die Gründe?", Roles: []string{"GF"}},
		}}}}
}

func search(t *testing.T, s *project.Project, q string) *qda.SearchResult {
	t.Helper()
	res, err := s.Search(qda.SearchRequest{Query: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// waitUntil polls cond until it holds and reports whether it did; it
// gives up after a minute, which only a hung condition takes.
func waitUntil(cond func() bool) bool {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

func filesContaining(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed by a background merge meanwhile
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil && bytes.Contains(b, []byte(s)) {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpen_SearchIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "anna", Clock: fixedClock{}, IDs: &seqIDs{n: 1000}, Store: store.Options{NoBackup: true}}
	if err := initProject(t, dir, "Test", o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if _, err := s.ImportGuideline(testGuideline(), study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	text := "Der Arbeitgeberservice hilft sehr.\n\nHerr " + canary + " machte Vorschläge zur Größe.\n"
	d, err := s.AddDocument(study.NewDocument{Name: "Protokoll GF", Kind: qda.KindProtocol, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	// Found at once, without EnsureIndex: the app keeps the index in step.
	if res := search(t, s, "Service"); res.Total != 1 || res.Hits[0].Start != 0 || res.Hits[0].End != 34 {
		t.Fatalf("Service: %+v", res)
	}
	code, err := s.ResolveCode("A.1.1:1.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: 36, End: 50, Code: code.GUID}); err != nil {
		t.Fatal(err)
	}
	res := search(t, s, `code:"1.1"`)
	if res.Total != 1 || res.Hits[0].Start != 36 || res.Hits[0].Document != d.GUID {
		t.Fatalf(`code:"1.1": %+v`, res)
	}
	if st, err := s.IndexState(); err != nil || !st.Current {
		t.Errorf("index state %+v, %v; want current", st, err)
	}

	// Editing the canary out of the text removes it from the index files.
	// They hold it once scorch's persister has written the segment, in the
	// background after it became searchable (search/persist.go).
	if !waitUntil(func() bool { return len(filesContaining(t, wire.IndexFolder(dir), canary)) > 0 }) {
		t.Fatal("canary not found in the index before the edit")
	}
	edited := "Der Arbeitgeberservice hilft sehr.\n\nHerr X. machte Vorschläge zur Größe.\n"
	if _, err := s.EditText(d.GUID, edited, true); err != nil {
		t.Fatal(err)
	}
	if files := filesContaining(t, wire.IndexFolder(dir), canary); len(files) > 0 {
		t.Errorf("canary still in %v after the edit", files)
	}
	if res := search(t, s, "Vorschlag"); res.Total != 1 || res.Hits[0].Text != "Herr X. machte Vorschläge zur Größe." {
		t.Errorf("after edit: %+v", res)
	}

	// Without its folder the index is rebuilt by EnsureIndex.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, store.IndexDir)); err != nil {
		t.Fatal(err)
	}
	s, err = wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := s.IndexState(); err != nil || st.Current {
		t.Errorf("state of a new index %+v, %v; want not current", st, err)
	}
	calls := 0
	rebuilt, err := s.EnsureIndex(func(done, total int) { calls++ })
	if err != nil || !rebuilt || calls == 0 {
		t.Fatalf("EnsureIndex: rebuilt %v, err %v, %d progress calls", rebuilt, err, calls)
	}
	if res := search(t, s, `Arbeitgeber code:"1.1"`); res.Total != 0 {
		t.Errorf("coded passage does not mention Arbeitgeber, got %d hits", res.Total)
	}
	if res := search(t, s, `Größe code:"1.1"`); res.Total != 1 {
		t.Errorf("after rebuild: %+v", res)
	}
	if rebuilt, err := s.EnsureIndex(nil); err != nil || rebuilt {
		t.Errorf("second EnsureIndex: rebuilt %v, %v", rebuilt, err)
	}
}

//go:build unix

package torture

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestRestore_AfterCorruption overwrites a page of project.db's B+tree:
// every command then fails with a clear message that names the newest
// backup and how to restore it, 'backups' still lists them, and restoring
// the newest gives a project that opens and verifies.
func TestRestore_AfterCorruption(t *testing.T) {
	dir := sampleProject(t)
	if r := run(t, dir, "code", "add", "Vor dem Schaden"); r.code != 0 {
		t.Fatal(r)
	}
	path := filepath.Join(dir, "project.db")
	corruptTreePage(t, path)

	r := run(t, dir, "info")
	if r.code != 1 {
		t.Fatalf("info on a damaged project: %s", r)
	}
	var list []struct {
		Name string `json:"name"`
	}
	b := run(t, dir, "backups", "--json")
	if b.code != 0 || json.Unmarshal([]byte(b.stdout), &list) != nil || len(list) == 0 {
		t.Fatalf("backups of a damaged project: %s", b)
	}
	newest := list[0].Name
	for _, want := range []string{"project.db is damaged", "Page expected", newest, "restore " + newest} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("message lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := run(t, dir, "restore", newest); r.code != 0 || !strings.Contains(r.stdout, "damaged-") {
		t.Fatalf("restore: %s", r)
	}
	if r := run(t, dir, "verify"); r.code != 0 {
		t.Errorf("verify after the restore: %s", r)
	}
	if r := run(t, dir, "codes", "list"); r.code != 0 || !strings.Contains(r.stdout, "Vor dem Schaden") {
		t.Errorf("the newest backup lacks the last change: %s", r)
	}
	if r := run(t, dir, "search", "Arbeitgeber"); r.code != 0 {
		t.Errorf("search after the restore: %s", r)
	}
}

// corruptTreePage overwrites the last branch or leaf page of the bbolt
// file at path with garbage.
func corruptTreePage(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, size := -1, db.Info().PageSize
	err = db.View(func(tx *bolt.Tx) error {
		for i := 2; ; i++ {
			p, err := tx.Page(i)
			if err != nil || p == nil {
				return err
			}
			if p.Type == "branch" || p.Type == "leaf" {
				id = i
			}
		}
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil || id < 0 {
		t.Fatalf("no tree page found: %v", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := []byte(strings.Repeat("Schaden!", size/8))
	if _, err := f.WriteAt(junk, int64(id)*int64(size)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

package store

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// folderState maps every file under dir to its content's hash.
func folderState(tb testing.TB, dir string) map[string][32]byte {
	tb.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func sameState(tb testing.TB, before, after map[string][32]byte) {
	tb.Helper()
	for p, h := range after {
		if b, ok := before[p]; !ok {
			tb.Errorf("new file %s", p)
		} else if b != h {
			tb.Errorf("changed file %s", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			tb.Errorf("removed file %s", p)
		}
	}
}

func TestOpenReadOnly(t *testing.T) {
	db, dir := mustOpen(t, Options{})
	if err := db.Update(&qda.Command{Kind: "test"}, func(tx *Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := folderState(t, dir)
	ro, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.View(func(tx *Tx) error { _, err := tx.Project(); return err }); err != nil {
		t.Errorf("read: %v", err)
	}
	if err := ro.Update(&qda.Command{Kind: "test"}, func(tx *Tx) error { return nil }); err == nil {
		t.Error("a read-only project took a write")
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	sameState(t, before, folderState(t, dir))
}

func TestOpenReadOnly_OlderSchemaMigratesACopy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "old")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	copyTestFile(t, v1Fixture, filepath.Join(dir, DBFile))
	before := folderState(t, dir)
	db, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tmp := db.Dir()
	if db.MigratedFrom != 1 || tmp == dir {
		t.Errorf("MigratedFrom %d, dir %s", db.MigratedFrom, tmp)
	}
	err = db.View(func(tx *Tx) error {
		p, err := tx.Project()
		if err == nil && p.Name != "Altprojekt" {
			t.Errorf("project %+v", p)
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temporary copy left: %v", err)
	}
	sameState(t, before, folderState(t, dir))
}

func TestOpenReadOnly_AlreadyOpen(t *testing.T) {
	_, dir := mustOpen(t, Options{NoBackup: true})
	before := folderState(t, dir)
	if _, err := OpenReadOnly(dir, Options{LockTimeout: 50 * time.Millisecond}); qda.ErrorCode(err) != qda.EAlreadyOpen {
		t.Errorf("err %v", err)
	}
	sameState(t, before, folderState(t, dir))
}

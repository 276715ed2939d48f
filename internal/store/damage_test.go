package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// treePage returns the id and the page size of a branch or leaf page of
// the bbolt file at path: overwriting it damages the B+tree.
func treePage(t *testing.T, path string) (int64, int) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var id int64 = -1
	err = bdb.View(func(tx *bolt.Tx) error {
		for i := 2; ; i++ {
			p, err := tx.Page(i)
			if err != nil || p == nil {
				return err
			}
			if p.Type == "leaf" || p.Type == "branch" {
				id = int64(i)
			}
		}
	})
	if err != nil || id < 0 {
		t.Fatalf("no tree page: %v", err)
	}
	return id, bdb.Info().PageSize
}

// damagePage overwrites page id of the file at path with garbage.
func damagePage(t *testing.T, path string, id int64, size int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", size/4))
	if _, err := f.WriteAt(junk, id*int64(size)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOpen_DamagedFile overwrites a page of the B+tree: Open reports the
// damage and names the newest backup, and Restore of that backup gives a
// project that opens and checks clean, keeping the damaged file aside.
func TestOpen_DamagedFile(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	b, err := db.Backup("manual")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, DBFile)
	id, size := treePage(t, path)
	damagePage(t, path, id, size)

	_, err = Open(dir, Options{NoBackup: true})
	if !IsDamaged(err) {
		t.Fatalf("open of a damaged file: %v", err)
	}
	msg := qda.ErrorMessage(err)
	for _, want := range []string{DBFile, "damaged", b.Name, "restore"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	kept, err := Restore(dir, b.Name, Options{})
	if err != nil {
		t.Fatalf("restore over a damaged file: %v", err)
	}
	if !strings.HasPrefix(kept.Name, "damaged-") {
		t.Errorf("kept %+v", kept)
	}
	if _, err := os.Stat(kept.Path); err != nil {
		t.Errorf("damaged file not kept: %v", err)
	}
	if list, _ := Backups(dir); len(list) != 1 || list[0].Name != b.Name {
		t.Errorf("backups after restore: %+v (the damaged file must not be listed)", list)
	}
	db2, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatalf("open after restore: %v", err)
	}
	defer db2.Close()
	if err := checkPages(db2.bolt); err != nil {
		t.Errorf("restored file: %v", err)
	}
	_ = db2.View(func(tx *Tx) error {
		if n := tx.Counts().Documents; n != 1 {
			t.Errorf("after restore: %d documents, want 1", n)
		}
		return nil
	})
}

// TestOpen_DamagedWithoutBackups says so when there is nothing to restore.
func TestOpen_DamagedWithoutBackups(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	_ = db.Close()
	path := filepath.Join(dir, DBFile)
	id, size := treePage(t, path)
	damagePage(t, path, id, size)
	_, err := Open(dir, Options{NoBackup: true})
	if !IsDamaged(err) || !strings.Contains(qda.ErrorMessage(err), "no backups") {
		t.Errorf("open: %v", err)
	}
}

// TestOpen_BackupFails opens a project whose backup cannot be written (the
// backups folder is a file here; a full disk in real life): the project
// opens, and BackupErr says why there is no backup.
func TestOpen_BackupFails(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	_ = db.Close()
	backups := filepath.Join(dir, BackupsDir)
	if err := os.RemoveAll(backups); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(backups, []byte("in the way"), 0o600); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open without a possible backup: %v", err)
	}
	if db2.BackupErr == nil {
		t.Error("BackupErr not set")
	}
	_ = db2.View(func(tx *Tx) error {
		if n := tx.Counts().Documents; n != 1 {
			t.Errorf("%d documents, want 1", n)
		}
		return nil
	})
	_ = db2.Close()
}

// TestOpen_RemovesStaleTemps removes what a process killed while writing
// a backup or restoring left behind.
func TestOpen_RemovesStaleTemps(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	_ = db.Close()
	stale := []string{filepath.Join(dir, BackupsDir, "20261124T090000.000Z-s3-open.db.tmp"), filepath.Join(dir, DBFile+".restore")}
	for _, p := range stale {
		if err := os.WriteFile(p, []byte("halb"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db2, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	for _, p := range stale {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s still there: %v", p, err)
		}
	}
}

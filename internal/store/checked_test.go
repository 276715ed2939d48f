package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// TestOpen_CheckedMarker: Close records the file's state; a file changed
// behind the marker's back is checked on open; one whose damage hides
// from the marker (same size and time) opens, and verify's CheckFile or
// AlwaysCheck still find the damage.
func TestOpen_CheckedMarker(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	var err error
	if _, err := db.Backup("manual"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, CheckedFile)); err != nil {
		t.Fatalf("no marker after Close: %v", err)
	}
	path := filepath.Join(dir, DBFile)
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if !alreadyChecked(dir, raw) {
		t.Error("a cleanly closed file does not match its marker")
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CheckFile(); err != nil {
		t.Errorf("CheckFile of a sound file: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	id, size := treePage(t, path)
	damagePage(t, path, id, size)
	if _, err := Open(dir, Options{NoBackup: true}); !IsDamaged(err) {
		t.Fatalf("open of a file changed after the marker: %v, want damaged", err)
	}
	// Damage that keeps size and time (a failing disk) passes the marker.
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{NoBackup: true, AlwaysCheck: true}); !IsDamaged(err) {
		t.Fatalf("open with AlwaysCheck: %v, want damaged", err)
	}
	// Without it the damage shows when Open first reads the page, or
	// when verify checks the file.
	db, err = Open(dir, Options{NoBackup: true})
	if err == nil {
		defer db.Close()
		err = db.CheckFile()
	}
	if !IsDamaged(err) {
		t.Errorf("open and CheckFile: %v, want damaged", err)
	}
}

func TestOpen_MarkerMismatch(t *testing.T) {
	for _, tc := range []struct {
		name   string
		marker string
	}{
		{"garbage", "not json"},
		{"other txid", `{"txid":999999,"size":0,"mtime_ns":0}`},
		{"empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, dir := mustOpen(t, Options{NoBackup: true})
			if err := os.WriteFile(filepath.Join(dir, CheckedFile), []byte(tc.marker), 0o600); err != nil {
				t.Fatal(err)
			}
			if alreadyChecked(dir, db.bolt) {
				t.Errorf("marker %q matched", tc.marker)
			}
		})
	}
}

// TestTx_CountsCommands: the command count read from the bucket's
// sequence equals the records, also after failed writes.
func TestTx_CountsCommands(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	for i := 0; i < 3; i++ {
		err := db.Update(&qda.Command{Kind: "test.fail"}, func(tx *Tx) error { return errors.New("no") })
		if err == nil {
			t.Fatal("a failing write succeeded")
		}
		mustUpdate(t, db, "test.empty", func(tx *Tx) error { return nil })
	}
	_ = db.View(func(tx *Tx) error {
		n := 0
		_ = tx.Commands(0, func(*qda.Command) error { n++; return nil })
		if got := tx.Counts().Commands; got != n || n != 4 {
			t.Errorf("Counts().Commands = %d, records %d, want 4", got, n)
		}
		if got, want := tx.DocumentCount(), tx.Counts().Documents; got != want || got != 1 {
			t.Errorf("DocumentCount() = %d, Counts().Documents = %d, want 1", got, want)
		}
		return nil
	})
}

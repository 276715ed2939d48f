package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
	bolt "go.etcd.io/bbolt"
)

// countsOf returns the counts a transaction reports and those of a walk.
func countsOf(tb testing.TB, db *DB) (stored, walked Counts) {
	tb.Helper()
	err := db.View(func(tx *Tx) error {
		stored = tx.Counts()
		w := walkCounts(tx.tx)
		walked = Counts{Users: w["user"], Guidelines: w["guideline"], Codes: w["code"], Cases: w["case"],
			Interviews: w["interview"], Documents: w["document"], Codings: w["coding"], Memos: w["memo"], Commands: stored.Commands}
		if problems := tx.CheckCounts(); len(problems) > 0 {
			tb.Errorf("CheckCounts: %q", problems)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return stored, walked
}

// TestTx_Counts follows the stored counts through additions, changes,
// deletions, a failed write, an erasure and the rewrite of a backup.
func TestTx_Counts(t *testing.T) {
	db, dir := mustOpen(t, Options{})
	_, _, _, _, _, _, d, _, cd, m := sampleEntities()
	steps := []struct {
		name string
		do   func() error
		want func(c Counts) bool
	}{
		{"empty", func() error { return nil }, func(c Counts) bool { return c == Counts{} }},
		{"one of each", func() error { putAll(t, db); return nil }, func(c Counts) bool {
			return c.Users == 1 && c.Documents == 1 && c.Codings == 1 && c.Memos == 1 && c.Codes == 1
		}},
		{"a change is no new entity", func() error {
			return db.Update(&qda.Command{GUID: guid(901), Time: t0, Kind: "test.memo"}, func(tx *Tx) error {
				m2 := m
				m2.Text = "anders"
				return tx.PutMemo(&m2)
			})
		}, func(c Counts) bool { return c.Memos == 1 }},
		{"created and deleted in one command", func() error {
			return db.Update(&qda.Command{GUID: guid(902), Time: t0, Kind: "test.coding"}, func(tx *Tx) error {
				c2 := cd
				c2.GUID = guid(40)
				if err := tx.PutCoding(&c2); err != nil {
					return err
				}
				return tx.DeleteCoding(c2.GUID)
			})
		}, func(c Counts) bool { return c.Codings == 1 }},
		{"a failed write counts nothing", func() error {
			_ = db.Update(&qda.Command{GUID: guid(903), Time: t0, Kind: "test.fail"}, func(tx *Tx) error {
				if err := tx.DeleteCoding(cd.GUID); err != nil {
					return err
				}
				return qda.Errorf(qda.EInvalid, "refused")
			})
			return nil
		}, func(c Counts) bool { return c.Codings == 1 }},
		{"a backup to rewrite", func() error { _, err := db.Backup("test"); return err }, func(c Counts) bool { return c.Codings == 1 }},
		{"erase the document with its coding", func() error {
			_, err := db.Erase(&qda.Command{GUID: guid(904), Time: t0, Kind: "test.erase"},
				func(tx *Tx) error {
					if err := tx.DeleteCoding(cd.GUID); err != nil {
						return err
					}
					if err := tx.DeleteMemo(m.GUID); err != nil {
						return err
					}
					return tx.DeleteDocument(d.GUID)
				}, EraseSpec{Needles: []string{string(d.GUID)}})
			return err
		}, func(c Counts) bool { return c.Documents == 0 && c.Codings == 0 && c.Memos == 0 && c.Users == 1 }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		stored, walked := countsOf(t, db)
		if stored != walked || !st.want(stored) {
			t.Errorf("%s: stored %+v, walked %+v", st.name, stored, walked)
		}
	}
	// The rewritten backup's counts match what it holds.
	list, err := Backups(dir)
	if err != nil || len(list) == 0 {
		t.Fatalf("backups: %v, %d", err, len(list))
	}
	for _, b := range list {
		bdb, err := bolt.Open(b.Path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		_ = bdb.View(func(btx *bolt.Tx) error {
			if problems := (&Tx{tx: btx, codec: JSONCodec{}}).CheckCounts(); len(problems) > 0 {
				t.Errorf("backup %s: %q", b.Name, problems)
			}
			return nil
		})
		bdb.Close()
	}
}

// TestOpen_WritesMissingCounts: a file from before the counts record gets
// it at its next open, from a walk; until then Counts walks.
func TestOpen_WritesMissingCounts(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	if err := db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyCounts) }); err != nil {
		t.Fatal(err)
	}
	if stored, walked := countsOf(t, db); stored != walked || stored.Codings != 1 {
		t.Errorf("without the record: %+v, walked %+v", stored, walked)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		c, ok, err := readCounts(tx)
		if err != nil || !ok || c["coding"] != 1 || c["document"] != 1 {
			t.Errorf("after open: %v, %v, %v", c, ok, err)
		}
		return nil
	})
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		t.Fatal(err)
	}
}

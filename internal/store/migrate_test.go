package store

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

type boltTx = bolt.Tx

var update = flag.Bool("update", false, "rewrite testdata fixtures")

const v1Fixture = "testdata/schema-v1.db"

// writeV1Fixture writes a project as schema version 1 wrote it: the base
// buckets, no coding indexes.
func writeV1Fixture(tb testing.TB, path string) {
	tb.Helper()
	_ = os.Remove(path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	u, _, _, _, code, _, d, text, cd, _ := sampleEntities()
	d.Interview, d.Case = "", ""
	c := JSONCodec{}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].Apply(tx, c); err != nil {
			return err
		}
		if err := putSchema(tx, 1); err != nil {
			return err
		}
		for _, kv := range []struct {
			bucket []byte
			key    string
			v      any
		}{
			{bucketMeta, string(keyProject), qda.Project{GUID: guid(1), Name: "Altprojekt", Created: t0}},
			{bucketUsers, string(u.GUID), u},
			{bucketCodes, string(code.GUID), qda.Code{GUID: code.GUID, Name: code.Name, Color: code.Color}},
			{bucketDocuments, string(d.GUID), d},
			{bucketTexts, string(d.GUID), text},
			{bucketCodings, string(cd.GUID), cd},
		} {
			b, err := c.Encode(kv.v)
			if err != nil {
				return err
			}
			if err := tx.Bucket(kv.bucket).Put([]byte(kv.key), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestMigrate_FromV1Fixture(t *testing.T) {
	if *update {
		writeV1Fixture(t, v1Fixture)
	}
	dir := filepath.Join(t.TempDir(), "old")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	copyTestFile(t, v1Fixture, filepath.Join(dir, DBFile))
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open v1 project: %v", err)
	}
	defer db.Close()
	if db.MigratedFrom != 1 {
		t.Errorf("MigratedFrom = %d, want 1", db.MigratedFrom)
	}
	_, _, _, _, _, _, d, _, cd, _ := sampleEntities()
	err = db.View(func(tx *Tx) error {
		if v, _ := tx.SchemaVersion(); v != SchemaVersion {
			t.Errorf("schema after migration = %d, want %d", v, SchemaVersion)
		}
		cs, err := tx.CodingsOfDocument(d.GUID)
		if err != nil || len(cs) != 1 || cs[0].GUID != cd.GUID {
			t.Errorf("migrated coding index by document: %v, %v", cs, err)
		}
		if p, err := tx.CheckCodingIndexes(); err != nil || len(p) != 0 {
			t.Errorf("indexes after migration: %v, %v", p, err)
		}
		p, err := tx.Project()
		if err != nil || p.Name != "Altprojekt" {
			t.Errorf("project after migration: %+v, %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list, _ := Backups(dir)
	found := false
	for _, b := range list {
		found = found || strings.HasSuffix(b.Name, "pre-migration-v1.db")
	}
	if !found {
		t.Errorf("no pre-migration backup among %v", list)
	}
}

func copyTestFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatalf("fixture: %v (run go test -run TestMigrate -update to create it)", err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
}

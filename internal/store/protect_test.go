package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

func TestAEADCodec_RoundTrip(t *testing.T) {
	c, err := NewAEADCodec(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := c.Encode(map[string]string{"text": "Größe 🙂"})
	if err != nil {
		t.Fatal(err)
	}
	if sealed[0] != FormatAEAD || bytes.Contains(sealed, []byte("Gr")) {
		t.Errorf("not sealed: %x", sealed)
	}
	var m map[string]string
	if err := c.Decode(sealed, &m); err != nil || m["text"] != "Größe 🙂" {
		t.Errorf("decode: %v %v", m, err)
	}
	sealed[len(sealed)-1] ^= 1
	if err := c.Decode(sealed, &m); err == nil {
		t.Error("a tampered value decoded")
	}
	if _, err := c.Open([]byte{FormatJSON, '{', '}'}); err == nil {
		t.Error("a plain value opened in a protected project")
	}
}

func TestProtect_SealsAndCompacts(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	var docs int
	if err := db.View(func(tx *Tx) error { docs = tx.Counts().Documents; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	plain, _ := os.ReadFile(filepath.Join(dir, DBFile))
	if !bytes.Contains(zvalue.Reveal(plain), []byte("Testprojekt")) {
		t.Fatal("test premise: the plain file holds the project name")
	}
	pass := []byte("lange Passphrase")
	opts := Options{NoBackup: true, KDF: KDFParams{Time: 1, Memory: 64, Threads: 1}}
	rep, err := Protect(dir, pass, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Values == 0 {
		t.Errorf("report %+v", rep)
	}
	sealed, _ := os.ReadFile(filepath.Join(dir, DBFile))
	if bytes.Contains(zvalue.Reveal(sealed), []byte("Testprojekt")) {
		t.Error("the protected file holds plain text")
	}
	if _, err := Open(dir, opts); qda.ErrorCode(err) != qda.EProtected {
		t.Errorf("open without passphrase: %v", err)
	}
	opts.Passphrase = pass
	db2, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if !db2.Protected() {
		t.Error("not protected")
	}
	err = db2.View(func(tx *Tx) error {
		p, err := tx.Project()
		if err == nil && (p.Name != "Testprojekt" || tx.Counts().Documents != docs) {
			t.Errorf("project %+v, %d documents", p, tx.Counts().Documents)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before, after, err := db2.Compact()
	if err != nil || after <= 0 || before <= 0 {
		t.Errorf("compact: %d → %d, %v", before, after, err)
	}
	if err := db2.View(func(tx *Tx) error { _, err := tx.Project(); return err }); err != nil {
		t.Errorf("read after compaction: %v", err)
	}
}

// TestOpen_ProtectionHugeCost: a protection record tampered to ask for a
// huge Argon2id cost is refused before any key is derived.
func TestOpen_ProtectionHugeCost(t *testing.T) {
	tests := []struct {
		name   string
		params KDFParams
		want   string
	}{
		{"passes", KDFParams{Time: 1000, Memory: 64, Threads: 1}, "1000 Argon2id passes"},
		{"memory", KDFParams{Time: 1, Memory: 3 << 20, Threads: 1}, "3145728 KiB of Argon2id memory"},
		{"no passes", KDFParams{Time: 0, Memory: 64, Threads: 1}, "implausible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, dir := mustOpen(t, Options{NoBackup: true})
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			pass := []byte("lange Passphrase")
			opts := Options{NoBackup: true, KDF: KDFParams{Time: 1, Memory: 64, Threads: 1}}
			if _, err := Protect(dir, pass, opts); err != nil {
				t.Fatal(err)
			}
			bdb, err := bolt.Open(filepath.Join(dir, DBFile), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = bdb.Update(func(tx *bolt.Tx) error {
				m := tx.Bucket(bucketMeta)
				var pr protection
				if err := json.Unmarshal(m.Get(keyProtection), &pr); err != nil {
					return err
				}
				pr.Params = tt.params
				b, err := json.Marshal(pr)
				if err != nil {
					return err
				}
				return m.Put(keyProtection, b)
			})
			if cerr := bdb.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			opts.Passphrase = pass
			_, err = Open(dir, opts)
			if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

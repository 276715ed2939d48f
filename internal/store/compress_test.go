package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// longText is a protocol text long enough to be stored compressed.
func longText(marker string) string {
	return "Frau " + marker + " berichtet. " + strings.Repeat("Die Zusammenarbeit im Projektteam hat sich nach der Umstellung verbessert, sagt sie. ", 60)
}

func TestCodec_Seal(t *testing.T) {
	aead, err := NewAEADCodec(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	coding := []byte(`{"guid":"0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d","document":"5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f","start":4511,"end":4887,"code":"fb2569a7-1486-5661-b50e-b71edbcbefb6","coder":"22e28d69-4d3d-488a-8c49-52f4d935c15f","created":"2026-12-05T09:40:09.329460951Z"}`)
	text, _ := json.Marshal(longText("Westermann"))
	tests := []struct {
		name   string
		codec  Codec
		plain  []byte
		format byte
	}{
		{"a text, plain project", NewJSONCodec(), text, FormatText},
		{"a short text, plain project", NewJSONCodec(), []byte(`"kurz"`), FormatText},
		{"a text json.Marshal would write otherwise", NewJSONCodec(), bytes.Replace(text, []byte("Frau "), []byte(`Frau\/`), 1), FormatZstd},
		{"a coding, plain project", NewJSONCodec(), coding, FormatCoding},
		{"a coding with a time not in UTC", NewJSONCodec(), bytes.Replace(coding, []byte("Z\"}"), []byte("+01:00\"}"), 1), FormatZstd},
		{"a coding with a GUID in capitals", NewJSONCodec(), bytes.Replace(coding, []byte("0a1b2c3d"), []byte("0A1B2C3D"), 1), FormatZstd},
		{"the zero codec writes codings as JSON", JSONCodec{}, coding, FormatJSON},
		{"a text reference stays as it is", NewJSONCodec(), refOf(versionKey(text)), FormatJSON},
		{"the zero codec does not compress", JSONCodec{}, text, FormatJSON},
		{"a text, protected project", aead, text, FormatAEADText},
		{"a coding, protected project", aead, coding, FormatAEADCoding},
		{"a short text, protected project", aead, []byte(`"kurz"`), FormatAEADText},
		{"a short value, protected project", aead, []byte(`{"name":"kurz"}`), FormatAEAD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored, err := tt.codec.Seal(tt.plain)
			if err != nil {
				t.Fatal(err)
			}
			if stored[0] != tt.format {
				t.Fatalf("format %d, want %d", stored[0], tt.format)
			}
			if isCompressed(stored) && len(tt.plain) > zvalue.MinSize {
				if len(stored) >= len(tt.plain) {
					t.Errorf("compressed %d bytes to %d", len(tt.plain), len(stored))
				}
				if bytes.Contains(stored, []byte("Westermann")) {
					t.Error("the stored value holds the text in the clear")
				}
			}
			got, err := tt.codec.Open(stored)
			if err != nil || !bytes.Equal(got, tt.plain) {
				t.Errorf("open: %v, %.60q", err, got)
			}
		})
	}
}

func TestCodec_OpenRefuses(t *testing.T) {
	aead, _ := NewAEADCodec(bytes.Repeat([]byte{7}, 32))
	text, _ := json.Marshal(longText("x"))
	zstdValue, _ := NewJSONCodec().Seal(text)
	sealedZstd, _ := aead.Seal(text)
	// The format byte is authenticated: FormatAEADZstd relabelled as
	// FormatAEAD does not open.
	relabelled := append([]byte{FormatAEAD}, sealedZstd[1:]...)
	damaged := bytes.Clone(zstdValue)
	damaged[len(damaged)/2] ^= 0xff
	tests := []struct {
		name   string
		codec  Codec
		stored []byte
	}{
		{"a compressed value, zero codec", JSONCodec{}, zstdValue},
		{"a damaged compressed value", NewJSONCodec(), damaged},
		{"a compressed value that is no frame", NewJSONCodec(), []byte{FormatZstd, '{', '}'}},
		{"a sealed value, plain project", NewJSONCodec(), sealedZstd},
		{"a compressed value, protected project", aead, zstdValue},
		{"a relabelled sealed value", aead, relabelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := tt.codec.Open(tt.stored); err == nil {
				t.Errorf("opened: %.40q", got)
			}
		})
	}
}

// downgradeToV7 rewrites a closed project file as schema 7 wrote it:
// every value uncompressed (with the codec of the project, opts'
// passphrase for a protected one). It returns the plain values by bucket
// and key.
func downgradeToV7(tb testing.TB, dir string, opts Options) map[string][]byte {
	tb.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, DBFile), 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	o, err := unlockOptions(bdb, opts.withDefaults())
	if err != nil {
		tb.Fatal(err)
	}
	legacy := Codec(JSONCodec{})
	if a, ok := o.Codec.(*AEADCodec); ok {
		cp := *a
		cp.z = nil
		legacy = &cp
	}
	plain := map[string][]byte{}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range append(codecBuckets(), bucketMeta) {
			b := tx.Bucket(name)
			type kv struct{ k, v []byte }
			var puts []kv
			err := b.ForEach(func(k, v []byte) error {
				if len(v) == 0 || (bytes.Equal(name, bucketMeta) && !bytes.Equal(k, keyProject)) {
					return nil
				}
				p, err := o.Codec.Open(v)
				if err != nil {
					return fmt.Errorf("%s %q: %w", name, k, err)
				}
				plain[string(name)+"/"+string(k)] = bytes.Clone(p)
				old, err := legacy.Seal(p)
				puts = append(puts, kv{bytes.Clone(k), old})
				return err
			})
			if err != nil {
				return err
			}
			for _, p := range puts {
				if err := b.Put(p.k, p.v); err != nil {
					return err
				}
			}
		}
		// Schema 7's coding index keys: doc "/" coding, code "/" coding.
		for _, name := range [][]byte{bucketCodingsDoc, bucketCodingsCod} {
			b := tx.Bucket(name)
			var keys [][]byte
			if err := b.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil }); err != nil {
				return err
			}
			for _, k := range keys {
				if err := b.Delete(k); err != nil {
					return err
				}
				if err := b.Put([]byte(indexKeyText(k)), nil); err != nil {
					return err
				}
			}
		}
		return putSchema(tx, 7)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return plain
}

// storedValues returns the stored values of the codec's buckets by
// bucket and key.
func storedValues(tb testing.TB, db *DB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range append(codecBuckets(), bucketMeta) {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				if len(v) > 0 && (!bytes.Equal(name, bucketMeta) || bytes.Equal(k, keyProject)) {
					out[string(name)+"/"+string(k)] = bytes.Clone(v)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestMigrate_FromV7CompressesValues(t *testing.T) {
	pass := []byte("lange Passphrase")
	kdf := KDFParams{Time: 1, Memory: 64, Threads: 1}
	tests := []struct {
		name    string
		protect bool
	}{
		{"plain project", false},
		{"protected project", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{NoBackup: true, KDF: kdf}
			db, dir := mustOpen(t, opts)
			putAll(t, db)
			doc := qda.Document{GUID: guid(40), Name: "Protokoll lang", Kind: qda.KindOther, Created: t0, Modified: t0}
			text := longText("Westermann")
			putDocText(t, db, "protocol.import", &doc, text)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if tt.protect {
				if _, err := Protect(dir, pass, opts); err != nil {
					t.Fatal(err)
				}
				opts.Passphrase = pass
			}
			want := downgradeToV7(t, dir, opts)
			raw, _ := os.ReadFile(filepath.Join(dir, DBFile))
			if !tt.protect && !bytes.Contains(raw, []byte("Westermann")) {
				t.Fatal("test premise: the schema 7 file holds the text uncompressed")
			}

			opts.NoBackup = false
			db, err := Open(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.MigratedFrom != 7 {
				t.Errorf("MigratedFrom = %d, want 7", db.MigratedFrom)
			}
			stored := storedValues(t, db)
			if len(stored) != len(want) {
				t.Errorf("%d values after the migration, %d before", len(stored), len(want))
			}
			compressed := 0
			for k, v := range stored {
				got, err := db.opts.Codec.Open(v)
				if err != nil || !bytes.Equal(got, want[k]) {
					t.Errorf("%s: %v, %.60q, want %.60q", k, err, got, want[k])
				}
				if isCompressed(v) {
					compressed++
				}
			}
			for _, k := range []string{"textversions/", "codings/" + string(guid(21)), "guidelines/" + string(guid(13))} {
				found := false
				for sk, v := range stored {
					if strings.HasPrefix(sk, k) && isCompressed(v) {
						found = true
					}
				}
				if !found {
					t.Errorf("no compressed value %s…", k)
				}
			}
			if compressed < len(stored)/2 {
				t.Errorf("%d of %d values compressed", compressed, len(stored))
			}
			checkVersions(t, db)
			err = db.View(func(tx *Tx) error {
				if v, _ := tx.SchemaVersion(); v != SchemaVersion {
					t.Errorf("schema %d, want %d", v, SchemaVersion)
				}
				if got, err := tx.Text(doc.GUID); err != nil || got != text {
					t.Errorf("text: %v, %.40q", err, got)
				}
				if p := tx.CheckCounts(); len(p) > 0 {
					t.Errorf("counts: %v", p)
				}
				if p, err := tx.CheckCodingIndexes(); err != nil || len(p) > 0 {
					t.Errorf("coding indexes: %v %v", p, err)
				}
				if cs, err := tx.CodingsOfDocument(guid(20)); err != nil || len(cs) != 1 || cs[0].GUID != guid(21) {
					t.Errorf("codings of the document: %v %v", cs, err)
				}
				if n := tx.CodingCountOfCode(guid(18)); n != 1 {
					t.Errorf("%d codings of the code", n)
				}
				return tx.tx.Bucket(bucketCodingsDoc).ForEach(func(k, _ []byte) error {
					if len(k) != 33 {
						t.Errorf("index key %q not in the binary form", k)
					}
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			raw, _ = os.ReadFile(filepath.Join(dir, DBFile))
			if bytes.Contains(raw, []byte("Westermann")) {
				t.Error("the migrated file holds the text in the clear (not compressed, or a free page left)")
			}
			if !tt.protect && !bytes.Contains(zvalue.Reveal(raw), []byte("Westermann")) {
				t.Error("the migrated file does not hold the text compressed")
			}
			wantPreMigrationBackup(t, dir, 7)
		})
	}
}

// benchProject fills a project with docs documents of a long text each and
// perDoc codings on each, stored with codec, and returns it open.
func benchProject(b *testing.B, codec Codec, docs, perDoc int) (*DB, []qda.GUID) {
	b.Helper()
	db, _ := mustOpen(b, Options{NoBackup: true, NoSync: true, Codec: codec})
	putAll(b, db)
	var ids []qda.GUID
	for d := 0; d < docs; d++ {
		doc := qda.Document{GUID: guid(1000 + d), Name: fmt.Sprintf("Protokoll %d", d), Kind: qda.KindOther, Created: t0, Modified: t0}
		text := longText(fmt.Sprintf("Person %d", d)) + strings.Repeat(fmt.Sprintf("Absatz %d über die Arbeit. ", d), 200)
		doc.Length = qda.RuneLen(text)
		ids = append(ids, doc.GUID)
		mustUpdate(b, db, "protocol.import", func(tx *Tx) error {
			if err := tx.PutDocument(&doc); err != nil {
				return err
			}
			if err := tx.PutText(doc.GUID, text); err != nil {
				return err
			}
			for i := 0; i < perDoc; i++ {
				c := qda.Coding{GUID: qda.GUID(fmt.Sprintf("%08x-0000-4000-8000-%012d", 0x100+d, i)), Document: doc.GUID,
					Range: qda.Range{Start: i, End: i + 40}, Code: guid(18), Coder: guid(10), Created: t0.Add(time.Duration(i) * time.Millisecond)}
				if err := tx.PutCoding(&c); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return db, ids
}

// BenchmarkStoredValues compares reading texts and codings stored plain
// (as schema 7 did: JSONCodec{}) and compressed (NewJSONCodec).
func BenchmarkStoredValues(b *testing.B) {
	for _, c := range []struct {
		name  string
		codec Codec
	}{{"plain", JSONCodec{}}, {"compressed", NewJSONCodec()}} {
		db, ids := benchProject(b, c.codec, 40, 250)
		b.Run("texts/"+c.name, func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				err := db.View(func(tx *Tx) error {
					for _, id := range ids {
						text, err := tx.Text(id)
						if err != nil {
							return err
						}
						n += len(text)
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(n / b.N))
		})
		b.Run("codings/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				n := 0
				err := db.View(func(tx *Tx) error {
					return tx.EachCoding(func(*qda.Coding) error { n++; return nil })
				})
				if err != nil || n != 40*250+1 {
					b.Fatal(n, err)
				}
			}
		})
		b.Run("codingrefs/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				err := db.View(func(tx *Tx) error {
					return tx.EachCodingRef(func(*qda.CodingRef) error { return nil })
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("addcoding/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				cd := qda.Coding{GUID: qda.GUID(fmt.Sprintf("ffffffff-0000-4000-8000-%012d", i)), Document: ids[i%len(ids)],
					Range: qda.Range{Start: 5, End: 50}, Code: guid(18), Coder: guid(10), Created: t0}
				mustUpdate(b, db, "coding.add", func(tx *Tx) error { return tx.PutCoding(&cd) })
			}
		})
	}
}

func TestDB_CompactTrimsTheFile(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	if _, _, err := db.Compact(); err != nil {
		t.Fatal(err)
	}
	file, used, err := db.Usage()
	if err != nil {
		t.Fatal(err)
	}
	var hwm int64
	if err := db.bolt.View(func(tx *bolt.Tx) error { hwm = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	if file != hwm || used > file {
		t.Errorf("compacted file of %d bytes, pages up to %d, in use %d", file, hwm, used)
	}
	// bbolt grows the trimmed file again as it writes.
	doc := qda.Document{GUID: guid(40), Name: "Nach dem Kürzen", Kind: qda.KindOther, Created: t0, Modified: t0}
	text := longText("Nachher") + strings.Repeat("Noch ein Absatz mit neuen Wörtern. ", 3000)
	putDocText(t, db, "protocol.import", &doc, text)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(dir, Options{NoBackup: true, AlwaysCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	err = db2.View(func(tx *Tx) error {
		got, err := tx.Text(doc.GUID)
		if err != nil || got != text {
			t.Errorf("text after reopening: %v", err)
		}
		_, err = tx.Coding(guid(21))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIndexKey(t *testing.T) {
	doc, cd := string(guid(20)), string(guid(21))
	tests := []struct {
		name   string
		a, b   string
		binary bool
	}{
		{"canonical GUIDs", doc, cd, true},
		{"a GUID in capitals", "0A1B2C3D-0E1F-4A5B-8C7D-9E0F1A2B3C4D", cd, false},
		{"an id that is no GUID", "doc-1", cd, false},
		{"a coding id that is no GUID", doc, "c1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := indexKey(tt.a, tt.b)
			if binary := len(k) == 33 && k[0] == 0; binary != tt.binary {
				t.Fatalf("key %q: binary = %v, want %v", k, binary, tt.binary)
			}
			if got := indexKeyText(k); got != tt.a+"/"+tt.b {
				t.Errorf("as text %q", got)
			}
		})
	}
}

func TestIndexScan_BothForms(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	doc := string(guid(20))
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("scan"))
		if err != nil {
			return err
		}
		for _, k := range [][]byte{indexKey(doc, string(guid(31))), indexKey(doc, "alt-1"), indexKey(string(guid(22)), string(guid(32))), indexKey("x", "y")} {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		var got []string
		err = indexScan(b, doc, func(id string) error { got = append(got, id); return nil })
		if want := []string{string(guid(31)), "alt-1"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("scan %s: %v, %v, want %v", doc, got, err, want)
		}
		got = nil
		err = indexScan(b, "x", func(id string) error { got = append(got, id); return nil })
		if err != nil || len(got) != 1 || got[0] != "y" {
			t.Errorf("scan x: %v, %v", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

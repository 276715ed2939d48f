package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

func TestCodec_SealRecords(t *testing.T) {
	aead, err := NewAEADCodec(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, _, _, iv, d, _, _, _ := sampleEntities()
	full := iv
	full.Attributes = map[qda.GUID]string{guid(31): "Großstadt", guid(30): "ja", guid(32): ""}
	full.Consent = qda.Consent{Recording: true, DataProtection: true, InfoSheet: true}
	full.Recording = qda.RecordingState("deleted")
	full.Date = time.Date(2025, 3, 4, 0, 0, 0, 123, time.UTC)
	bare := iv
	bare.Interviewer, bare.Consent, bare.Level, bare.Role = "", qda.Consent{}, "", ""
	refused := iv
	refused.Consent.Refused = &qda.ConsentEvent{Date: t0, By: guid(10)}
	local := iv
	local.Date = time.Date(2025, 3, 4, 10, 0, 0, 0, time.FixedZone("MEZ", 3600))
	upper := iv
	upper.Case = "00000000-0000-4000-8000-00000000000A"
	zeroDate := iv
	zeroDate.Date = time.Time{}
	loose := d
	loose.Interview, loose.Case, loose.Source, loose.Kind = "", "", "protokolle/Protokoll 1.docx", qda.KindOther
	negative := d
	negative.Length = -3
	docLocal := d
	docLocal.Modified = d.Modified.In(time.FixedZone("MEZ", 3600))

	tests := []struct {
		name   string
		codec  Codec
		v      any
		format byte
	}{
		{"an interview", NewJSONCodec(), &iv, FormatInterview},
		{"an interview with every field", NewJSONCodec(), &full, FormatInterview},
		{"an interview with empty fields", NewJSONCodec(), &bare, FormatInterview},
		{"an interview with a zero date", NewJSONCodec(), &zeroDate, FormatInterview},
		{"a refused interview stays compressed JSON", NewJSONCodec(), &refused, FormatZstd},
		{"an interview dated outside UTC", NewJSONCodec(), &local, FormatZstd},
		{"an interview with a GUID in capitals", NewJSONCodec(), &upper, FormatZstd},
		{"a document", NewJSONCodec(), &d, FormatDocument},
		{"a document of no interview", NewJSONCodec(), &loose, FormatDocument},
		{"a document of negative length", NewJSONCodec(), &negative, FormatDocument},
		{"a document changed outside UTC", NewJSONCodec(), &docLocal, FormatZstd},
		{"the zero codec writes JSON", JSONCodec{}, &iv, FormatJSON},
		{"an interview, protected project", aead, &full, FormatAEADInterview},
		{"a document, protected project", aead, &loose, FormatAEADDocument},
		{"a refused interview, protected project", aead, &refused, FormatAEADZstd},
	}
	shared := newInterner()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := tt.codec.Encode(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if stored[0] != tt.format {
				t.Fatalf("format %d, want %d", stored[0], tt.format)
			}
			if got, err := tt.codec.Open(stored); err != nil || !bytes.Equal(got, plain) {
				t.Errorf("open: %v\n got %s\nwant %s", err, got, plain)
			}
			// decodeValue (the fast path of all, each and get) and
			// json.Unmarshal of the JSON agree.
			want := reflect.New(reflect.TypeOf(tt.v).Elem()).Interface()
			if err := json.Unmarshal(plain, want); err != nil {
				t.Fatal(err)
			}
			// all() decodes through an interner of its own per
			// goroutine, shared by many records.
			for _, in := range []*interner{nil, shared} {
				got := reflect.New(reflect.TypeOf(tt.v).Elem()).Interface()
				if err := decodeValueWith(tt.codec, stored, got, in); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("decoded (interner %v)\n %+v\nwant\n %+v", in != nil, got, want)
				}
			}
		})
	}
}

func TestCodec_OpenDamagedRecords(t *testing.T) {
	_, _, _, _, _, iv, d, _, _, _ := sampleEntities()
	for _, v := range []any{&iv, &d} {
		stored, err := NewJSONCodec().Encode(v)
		if err != nil {
			t.Fatal(err)
		}
		if !isRecord(stored) {
			t.Fatalf("%T not stored as a record", v)
		}
		for cut := 1; cut < len(stored); cut++ {
			if _, err := NewJSONCodec().Open(stored[:cut]); err == nil {
				t.Errorf("%T cut at %d of %d opens", v, cut, len(stored))
			}
		}
		longer := append(bytes.Clone(stored), 0)
		if _, err := NewJSONCodec().Open(longer); err == nil {
			t.Errorf("%T with a byte more opens", v)
		}
	}
}

func FuzzUnpackRecord(f *testing.F) {
	_, _, _, _, _, iv, d, _, _, _ := sampleEntities()
	iv.Attributes = map[qda.GUID]string{guid(30): "ja"}
	f.Add(appendInterview(nil, &iv), true)
	f.Add(appendDocument(nil, &d), false)
	f.Fuzz(func(t *testing.T, b []byte, interview bool) {
		form := packedDocument
		if interview {
			form = packedInterview
		}
		plain, err := recordJSON(form, b)
		if err != nil {
			return
		}
		// Whatever decodes is a value whose JSON packs to a record again.
		if f, again := packRecord(plain); again != nil && f != form {
			t.Errorf("form %d packs as %d", form, f)
		}
	})
}

// downgradeRecordsToV8 stores every interview and document of a closed
// project as schema 8 did (a zstd frame of the JSON) and sets schema 8.
func downgradeRecordsToV8(tb testing.TB, dir string) {
	tb.Helper()
	bdb, err := bolt.Open(dir+"/"+DBFile, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	z := zvalue.New()
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketInterviews, bucketDocuments} {
			b := tx.Bucket(name)
			old := map[string][]byte{}
			if err := b.ForEach(func(k, v []byte) error {
				plain, err := NewJSONCodec().Open(v)
				if err != nil {
					return err
				}
				frame, err := z.Pack(nil, plain)
				if err != nil || frame == nil {
					tb.Fatalf("test premise: %s %s packs as zstd (%v)", name, k, err)
				}
				old[string(k)] = append([]byte{FormatZstd}, frame...)
				return nil
			}); err != nil {
				return err
			}
			for k, v := range old {
				if err := b.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		return putSchema(tx, 8)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestMigrate_FromV8StoresRecords(t *testing.T) {
	opts := Options{NoBackup: true}
	db, dir := mustOpen(t, opts)
	putAll(t, db)
	_, _, _, _, _, iv, d, _, _, _ := sampleEntities()
	refused := iv
	refused.GUID = guid(41)
	refused.Consent.Refused = &qda.ConsentEvent{Date: t0, By: guid(10), Reason: "keine Zeit"}
	mustUpdate(t, db, "test.refuse", func(tx *Tx) error { return tx.PutInterview(&refused) })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	downgradeRecordsToV8(t, dir)

	opts.NoBackup = false
	db, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		// A migrated project is backed up before the migration and once
		// after it, not again when it closes unchanged.
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		list, err := Backups(dir)
		if err != nil {
			t.Fatal(err)
		}
		var reasons []string
		for _, b := range list {
			reasons = append(reasons, b.Reason)
		}
		if !reflect.DeepEqual(reasons, []string{"open", "pre-migration-v8"}) {
			t.Errorf("backups %v, want one after the migration and one before", reasons)
		}
	}()
	if db.MigratedFrom != 8 {
		t.Errorf("MigratedFrom = %d, want 8", db.MigratedFrom)
	}
	stored := storedValues(t, db)
	for k, want := range map[string]byte{
		"interviews/" + string(iv.GUID):      FormatInterview,
		"interviews/" + string(refused.GUID): FormatZstd,
		"documents/" + string(d.GUID):        FormatDocument,
	} {
		if v := stored[k]; len(v) == 0 || v[0] != want {
			t.Errorf("%s: format %v, want %d", k, v[:min(len(v), 1)], want)
		}
	}
	err = db.View(func(tx *Tx) error {
		if v, _ := tx.SchemaVersion(); v != SchemaVersion {
			t.Errorf("schema %d, want %d", v, SchemaVersion)
		}
		ivs, err := tx.Interviews()
		if err != nil || len(ivs) != 2 {
			t.Fatalf("interviews: %v %d", err, len(ivs))
		}
		for _, got := range ivs {
			want := iv
			if got.GUID == refused.GUID {
				want = refused
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("interview\n %+v\nwant\n %+v", got, want)
			}
		}
		got, err := tx.Document(d.GUID)
		if err != nil || !reflect.DeepEqual(*got, d) {
			t.Errorf("document: %v\n %+v\nwant\n %+v", err, got, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

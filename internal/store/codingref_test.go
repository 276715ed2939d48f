package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestTx_EachCodingRef(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	_, _, _, _, code, _, d, _, cd, _ := sampleEntities()
	// More codings of the same document and code, one with a memo full
	// of escapes.
	mustUpdate(t, db, "test.codings", func(tx *Tx) error {
		for i := 2; i < 6; i++ {
			c := cd
			c.GUID, c.Start, c.End, c.Memo = guid(100+i), i, i+1, ""
			switch i {
			case 3:
				c.Memo = "Zeile\n\"zitiert\" \\ ä"
			case 4:
				c.Origin = qda.OriginAuto
			case 5: // stored as JSON: no stamp
				c.Created = c.Created.In(time.FixedZone("CET", 3600))
			}
			if err := tx.PutCoding(&c); err != nil {
				return err
			}
		}
		return nil
	})
	_ = db.View(func(tx *Tx) error {
		var want, got []qda.CodingRef
		if err := tx.EachCoding(func(c *qda.Coding) error {
			want = append(want, qda.CodingRef{GUID: c.GUID, Document: c.Document, Code: c.Code, Coder: c.Coder, Range: c.Range,
				Stamp: qda.StampOf(c)})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := tx.EachCodingRef(func(r *qda.CodingRef) error { got = append(got, *r); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 5 || len(got) != len(want) {
			t.Fatalf("%d refs, want %d (5)", len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("ref %d = %+v, want %+v", i, got[i], want[i])
			}
		}
		if n := tx.CodingCountsByCode(); len(n) != 1 || n[code.GUID] != 5 || n[code.GUID] != tx.CodingCountOfCode(code.GUID) {
			t.Errorf("CodingCountsByCode() = %v, want %s: 5", n, code.GUID)
		}
		// The stamps tell time and origin, and send whoever shows a memo
		// to the coding.
		full := 0
		for i := range got {
			var c qda.Coding
			if got[i].Stamp.Fill(&c) {
				full++
			}
		}
		if full != 2 {
			t.Errorf("%d stamps tell all, want 2 (not the two with a memo, not the JSON coding's)", full)
		}
		if got[0].Document != d.GUID {
			t.Errorf("document %s, want %s", got[0].Document, d.GUID)
		}
		return nil
	})
}

// FuzzCodingRef: whenever the ref reader accepts a value, the full decoder
// reads the same document, code, coder and range from it.
func FuzzCodingRef(f *testing.F) {
	raw, _ := json.Marshal(qda.Coding{GUID: guid(1), Document: guid(2), Range: qda.Range{Start: 3, End: 9}, Code: guid(3),
		Coder: guid(4), Created: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Memo: "a\nb", Origin: qda.OriginAuto})
	f.Add(raw)
	f.Add([]byte(`{"code":"a","code":"b","start":-1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r qda.CodingRef
		if !fastCodingRef(b, &r, func(b []byte) qda.GUID { return qda.GUID(b) }) {
			return
		}
		var c qda.Coding
		if err := json.Unmarshal(b, &c); err != nil {
			// The ref reader skips fields it does not need without
			// validating them; it must still agree on the fields it reads.
			var refOnly struct {
				Document, Code, Coder qda.GUID
				Start, End            int
			}
			if json.Unmarshal(b, &refOnly) != nil {
				return
			}
			c = qda.Coding{Document: refOnly.Document, Code: refOnly.Code, Coder: refOnly.Coder, Range: qda.Range{Start: refOnly.Start, End: refOnly.End}}
		}
		if want := (qda.CodingRef{Document: c.Document, Code: c.Code, Coder: c.Coder, Range: c.Range}); r != want {
			t.Fatalf("ref of %s = %+v, full decode %+v", b, r, want)
		}
	})
}

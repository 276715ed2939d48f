package store

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestTx_PutCoding(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	_, _, _, _, code, _, d, _, cd, _ := sampleEntities()
	short := d
	short.Length = 3
	coding := func(n, start, end int) *qda.Coding {
		c := cd
		c.GUID, c.Range = guid(n), qda.Range{Start: start, End: end}
		return &c
	}
	for _, tc := range []struct {
		name    string
		fn      func(tx *Tx) error
		wantErr string // empty: succeeds
	}{
		{"several in one document", func(tx *Tx) error {
			for i := 0; i < 3; i++ {
				if err := tx.PutCoding(coding(60+i, i, d.Length)); err != nil {
					return err
				}
			}
			return nil
		}, ""},
		// The length checked is the document's as the transaction has
		// it, also when it changes between two codings.
		{"the document shortened in between", func(tx *Tx) error {
			if err := tx.PutCoding(coding(70, 0, 5)); err != nil {
				return err
			}
			if err := tx.PutDocument(&short); err != nil {
				return err
			}
			return tx.PutCoding(coding(71, 0, 5))
		}, "inside a text of 3 characters"},
		{"an unknown document", func(tx *Tx) error {
			c := coding(72, 0, 1)
			c.Document = guid(99)
			return tx.PutCoding(c)
		}, "document " + string(guid(99)) + " does not exist"},
		{"an unknown code", func(tx *Tx) error {
			c := coding(73, 0, 1)
			c.Code = guid(98)
			return tx.PutCoding(c)
		}, "code " + string(guid(98)) + " does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.Update(&qda.Command{GUID: guid(902), Time: t0, Kind: "test.coding"}, tc.fn)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
	_ = db.View(func(tx *Tx) error {
		got, err := tx.CodingsOfDocument(d.GUID)
		if err != nil || len(got) != 4 { // the sample's and the first case's three
			t.Errorf("%d codings of the document (%v), want 4", len(got), err)
		}
		if refs, err := tx.CodingsOfCode(code.GUID); err != nil || len(refs) != 4 {
			t.Errorf("%d codings of the code (%v), want 4", len(refs), err)
		}
		return nil
	})
}

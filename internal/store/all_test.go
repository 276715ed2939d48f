package store

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
	bolt "go.etcd.io/bbolt"
)

// TestTx_Interviews reads buckets small enough for one goroutine and large
// enough for several (all): every entity comes back, in key order, and a
// damaged value fails the read with its key, wherever it lies.
func TestTx_Interviews(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Log("one core: the parallel decoding is not exercised")
	}
	for _, tc := range []struct {
		name    string
		n       int
		damaged int // index of a damaged value, -1 for none
	}{
		{"a few", 3, -1},
		{"several goroutines' worth", 4*parallelDecodeMin + 7, -1},
		{"damaged in the last part", 4*parallelDecodeMin + 7, 4*parallelDecodeMin + 3},
		{"damaged in the first part", 4*parallelDecodeMin + 7, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := mustOpen(t, Options{NoBackup: true})
			_, _, _, _, _, iv, _, _, _, _ := sampleEntities()
			ids := make([]qda.GUID, tc.n)
			mustUpdate(t, db, "test.put", func(tx *Tx) error {
				for i := range tc.n {
					v := iv
					v.GUID = qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
					v.Interviewee = fmt.Sprintf("GF-%05d", i)
					ids[i] = v.GUID
					if err := tx.PutInterview(&v); err != nil {
						return err
					}
				}
				return nil
			})
			if tc.damaged >= 0 {
				err := db.bolt.Update(func(tx *bolt.Tx) error {
					return tx.Bucket(entityBuckets["interview"]).Put([]byte(ids[tc.damaged]), []byte{FormatJSON, '{', 'x'})
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			var got []qda.Interview
			err := db.View(func(tx *Tx) (err error) { got, err = tx.Interviews(); return err })
			if tc.damaged >= 0 {
				if err == nil || !strings.Contains(err.Error(), string(ids[tc.damaged])) {
					t.Fatalf("a damaged value read as %v, want an error naming %s", err, ids[tc.damaged])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.n {
				t.Fatalf("%d interviews, want %d", len(got), tc.n)
			}
			for i := range got {
				if got[i].GUID != ids[i] || got[i].Interviewee != fmt.Sprintf("GF-%05d", i) {
					t.Fatalf("interview %d is %s %q, want %s", i, got[i].GUID, got[i].Interviewee, ids[i])
				}
			}
		})
	}
}

// TestTx_InterviewsInAChange reads a large bucket inside the transaction
// that changes it, where the committed count that sizes all's result is no
// longer the number of entities: more and fewer.
func TestTx_InterviewsInAChange(t *testing.T) {
	n := 4*parallelDecodeMin + 7
	for _, tc := range []struct {
		name        string
		added, gone int
	}{
		{"some added", 300, 0},
		{"some deleted", 0, 300},
		{"added and deleted", 40, 2500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := mustOpen(t, Options{NoBackup: true})
			_, _, _, _, _, iv, _, _, _, _ := sampleEntities()
			put := func(tx *Tx, i int) error {
				v := iv
				v.GUID = qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
				v.Interviewee = fmt.Sprintf("GF-%05d", i)
				return tx.PutInterview(&v)
			}
			mustUpdate(t, db, "test.put", func(tx *Tx) error {
				for i := range n {
					if err := put(tx, i); err != nil {
						return err
					}
				}
				return nil
			})
			mustUpdate(t, db, "test.change", func(tx *Tx) error {
				for i := range tc.added {
					if err := put(tx, n+i); err != nil {
						return err
					}
				}
				for i := range tc.gone {
					if err := tx.DeleteInterview(qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))); err != nil {
						return err
					}
				}
				got, err := tx.Interviews()
				if err != nil {
					return err
				}
				if want := n + tc.added - tc.gone; len(got) != want {
					t.Fatalf("%d interviews, want %d", len(got), want)
				}
				for j, v := range got {
					if i := tc.gone + j; v.Interviewee != fmt.Sprintf("GF-%05d", i) {
						t.Fatalf("interview %d is %q, want GF-%05d", j, v.Interviewee, i)
					}
				}
				return nil
			})
		})
	}
}

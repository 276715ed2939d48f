package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// testSeal stands in for the pseudonym key: it reverses the bytes, which
// is enough to hide the canary and to be opened again.
func testSeal(plain []byte) ([]byte, error) {
	out := make([]byte, len(plain))
	for i, b := range plain {
		out[len(plain)-1-i] = b
	}
	return json.Marshal(out)
}

// anonymiseSecret replaces the canary in the secret document's text.
func anonymiseSecret(db *DB) (EraseReport, error) {
	cmd := &qda.Command{GUID: guid(902), Time: t0, Kind: "anon.replace"}
	return db.Erase(cmd, func(tx *Tx) error { return tx.PutText(guid(30), "Herr [Person 1] sagte etwas.") }, EraseSpec{
		Needles: []string{canary},
		Derived: true,
		Seal:    testSeal,
	})
}

func TestDB_AnonymiseFinishesAfterCrash(t *testing.T) {
	tests := []struct {
		step        string
		backupKept  bool // the backup was rewritten (first run), not deleted (resumed)
		commandSeal bool
	}{
		{"", true, true},
		{"erase:committed", false, true},
		{"compact:written", false, true},
		{"erase:compacted", false, true},
		{"erase:backups", true, true},
	}
	for _, tt := range tests {
		t.Run("crash at "+tt.step, func(t *testing.T) {
			dir := canaryProject(t)
			db, err := Open(dir, Options{NoBackup: true, fault: crashAt(tt.step)})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := anonymiseSecret(db)
			if tt.step == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.BackupsRewritten) != 1 || len(rep.BackupsDeleted) != 0 {
					t.Errorf("backups: %+v", rep)
				}
			} else if !errors.Is(err, errCrash) {
				t.Fatalf("anonymise: %v, want the simulated crash", err)
			}
			ops, _ := db.Pending()
			for _, op := range ops {
				if strings.Contains(strings.Join(op.Needles, " "), canary) {
					t.Errorf("the pending record keeps the replaced text: %+v", op)
				}
			}
			crash(db)

			db, err = Open(dir, Options{NoBackup: true})
			if err != nil {
				t.Fatalf("open after the crash: %v", err)
			}
			defer db.Close()
			var hits []string
			for _, h := range canaryFiles(t, dir) {
				if !strings.HasPrefix(h, "recordings") { // audio is not anonymised
					hits = append(hits, h)
				}
			}
			if len(hits) > 0 {
				t.Errorf("replaced text still on disk after the next open: %v", hits)
			}
			if ops, err := db.Pending(); err != nil || len(ops) > 0 {
				t.Errorf("pending after open: %+v, %v", ops, err)
			}
			var sealed bool
			err = db.View(func(tx *Tx) error {
				text, err := tx.Text(guid(30))
				if err != nil || text != "Herr [Person 1] sagte etwas." {
					t.Errorf("text %q, %v", text, err)
				}
				return tx.Commands(1, func(c *qda.Command) error {
					for _, ch := range c.Changes {
						sealed = sealed || (c.GUID == guid(902) && ch.Sealed && ch.Before != nil)
					}
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			if sealed != tt.commandSeal {
				t.Errorf("the command's before-image sealed = %v", sealed)
			}
			if list, _ := Backups(dir); (len(list) > 0) != tt.backupKept {
				t.Errorf("backups after the next open: %d, kept want %v", len(list), tt.backupKept)
			}
		})
	}
}

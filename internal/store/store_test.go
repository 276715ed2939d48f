package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// guid returns a deterministic valid GUID for test entity n.
func guid(n int) qda.GUID {
	return qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", n))
}

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// mustOpen creates a project in a temporary folder and opens it; the store
// is closed when the test ends.
func mustOpen(tb testing.TB, opts Options) (*DB, string) {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "proj")
	if err := Init(dir, qda.Project{GUID: guid(1), Name: "Testprojekt", Created: t0}, opts); err != nil {
		tb.Fatalf("init: %v", err)
	}
	db, err := Open(dir, opts)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db, dir
}

// mustUpdate runs fn as a command and fails the test on error.
func mustUpdate(tb testing.TB, db *DB, kind string, fn func(tx *Tx) error) *qda.Command {
	tb.Helper()
	cmd := &qda.Command{GUID: guid(900), Time: t0, Kind: kind}
	if err := db.Update(cmd, fn); err != nil {
		tb.Fatalf("update %s: %v", kind, err)
	}
	return cmd
}

// putDocText writes a document with its text (and length) as one command
// of kind and fails the test on error.
func putDocText(tb testing.TB, db *DB, kind string, doc *qda.Document, text string) *qda.Command {
	tb.Helper()
	doc.Length = qda.RuneLen(text)
	return mustUpdate(tb, db, kind, func(tx *Tx) error {
		if err := tx.PutDocument(doc); err != nil {
			return err
		}
		return tx.PutText(doc.GUID, text)
	})
}

// sampleEntities returns one of each entity, consistent with each other.
func sampleEntities() (qda.User, qda.AttributeDef, qda.Case, qda.Guideline, qda.Code, qda.Interview, qda.Document, string, qda.Coding, qda.Memo) {
	u := qda.User{GUID: guid(10), Name: "anna", FullName: "Anna Beispiel", Roles: []qda.MemberRole{qda.MemberInterviewer, qda.MemberCoder}, Created: t0}
	ad := qda.AttributeDef{GUID: guid(11), Name: "Umsetzungstyp", Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"1a", "1b", "2a", "2b"}}
	c := qda.Case{GUID: guid(12), Name: "JC-07", Kind: qda.CaseJobCentre, Attributes: map[qda.GUID]string{guid(11): "1b"}, RealName: "geheim"}
	g := qda.Guideline{GUID: guid(13), Key: "A.1.1", Title: "Regionaldirektion", Level: qda.LevelStrategic, Wave: 1,
		Preamble: []string{"Vorbemerkung."}, Roles: []qda.Role{{Code: "GF", Label: "Geschäftsführung"}},
		Sections: []qda.Section{{GUID: guid(14), Number: "1.", Title: "Strategie", Questions: []qda.Question{{
			GUID: guid(15), ID: "1.1", Text: "Was waren die Gründe?", Roles: []string{"GF"},
			Prompts: []qda.Prompt{{GUID: guid(16), Text: "Welche Motive?", Prompts: []qda.Prompt{{GUID: guid(17), Text: "Nachfrage"}}}}}}}}}
	code := qda.Code{GUID: guid(18), Name: "1.1 Gründe", Color: "#e6194b", Ref: &qda.QuestionRef{Guideline: guid(13), Kind: qda.RefQuestion, Target: guid(15), Theme: "1", QuestionID: "1.1"}}
	iv := qda.Interview{GUID: guid(19), Guideline: guid(13), Level: qda.LevelStrategic, Wave: 1, Case: guid(12), Role: "GF",
		Interviewee: "GF-01", Interviewer: guid(10), Date: t0, Consent: qda.Consent{Recording: true}, Status: qda.StatusDraft}
	text := "Größe, Straße und 🙂 – Arbeitgeberservice.\nZweiter Absatz."
	d := qda.Document{GUID: guid(20), Name: "Protokoll GF-01", Kind: qda.KindProtocol, Interview: guid(19), Case: guid(12), Length: qda.RuneLen(text), Created: t0, Modified: t0}
	cd := qda.Coding{GUID: guid(21), Document: guid(20), Range: qda.Range{Start: 0, End: 5}, Code: guid(18), Coder: guid(10), Created: t0, Memo: "passt"}
	m := qda.Memo{GUID: guid(22), Title: "Notiz", Text: "Text", Author: guid(10), Target: guid(20), Created: t0, Modified: t0}
	return u, ad, c, g, code, iv, d, text, cd, m
}

func putAll(tb testing.TB, db *DB) {
	tb.Helper()
	u, ad, c, g, code, iv, d, text, cd, m := sampleEntities()
	mustUpdate(tb, db, "test.put", func(tx *Tx) error {
		for _, f := range []func() error{
			func() error { return tx.PutUser(&u) }, func() error { return tx.PutAttributeDef(&ad) },
			func() error { return tx.PutCase(&c) }, func() error { return tx.PutGuideline(&g) },
			func() error { return tx.PutCode(&code) }, func() error { return tx.PutInterview(&iv) },
			func() error { return tx.PutDocument(&d) }, func() error { return tx.PutText(d.GUID, text) },
			func() error { return tx.PutCoding(&cd) }, func() error { return tx.PutMemo(&m) },
		} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestTx_RoundTrip(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	u, ad, c, g, code, iv, d, text, cd, m := sampleEntities()
	err := db.View(func(tx *Tx) error {
		for _, tc := range []struct {
			name string
			get  func() (any, error)
			want any
		}{
			{"user", func() (any, error) { return tx.User(u.GUID) }, &u},
			{"attribute", func() (any, error) { return tx.AttributeDef(ad.GUID) }, &ad},
			{"case", func() (any, error) { return tx.Case(c.GUID) }, &c},
			{"guideline", func() (any, error) { return tx.Guideline(g.GUID) }, &g},
			{"code", func() (any, error) { return tx.Code(code.GUID) }, &code},
			{"interview", func() (any, error) { return tx.Interview(iv.GUID) }, &iv},
			{"document", func() (any, error) { return tx.Document(d.GUID) }, &d},
			{"text", func() (any, error) { s, err := tx.Text(d.GUID); return &s, err }, &text},
			{"coding", func() (any, error) { return tx.Coding(cd.GUID) }, &cd},
			{"memo", func() (any, error) { return tx.Memo(m.GUID) }, &m},
		} {
			got, err := tc.get()
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: round trip\n got %+v\nwant %+v", tc.name, got, tc.want)
			}
		}
		byDoc, err := tx.CodingsOfDocument(d.GUID)
		if err != nil || len(byDoc) != 1 || byDoc[0].GUID != cd.GUID {
			t.Errorf("CodingsOfDocument = %v, %v", byDoc, err)
		}
		byCode, err := tx.CodingsOfCode(code.GUID)
		if err != nil || len(byCode) != 1 {
			t.Errorf("CodingsOfCode = %v, %v", byCode, err)
		}
		if n := tx.Counts(); n.Codings != 1 || n.Documents != 1 || n.Guidelines != 1 || n.Commands != 1 {
			t.Errorf("Counts = %+v", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDB_UpdateFailureWritesNothing(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	u, _, _, _, _, _, _, _, _, _ := sampleEntities()
	for _, tc := range []struct {
		name string
		fn   func(tx *Tx) error
	}{
		{"callback error", func(tx *Tx) error {
			if err := tx.PutUser(&u); err != nil {
				return err
			}
			return errors.New("boom")
		}},
		{"invalid entity after a valid one", func(tx *Tx) error {
			if err := tx.PutUser(&u); err != nil {
				return err
			}
			return tx.PutCode(&qda.Code{GUID: guid(50), Name: "x", Color: "red"})
		}},
		{"coding outside its text", func(tx *Tx) error {
			if err := tx.PutUser(&u); err != nil {
				return err
			}
			return tx.PutCoding(&qda.Coding{GUID: guid(51), Document: guid(20), Code: guid(18), Coder: u.GUID, Range: qda.Range{Start: 0, End: 3}})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := &qda.Command{GUID: guid(901), Time: t0, Kind: "test.fail"}
			if err := db.Update(cmd, tc.fn); err == nil {
				t.Fatal("Update succeeded, want an error")
			}
			_ = db.View(func(tx *Tx) error {
				if n := tx.Counts(); n.Users != 0 || n.Commands != 0 || n.Codes != 0 || n.Codings != 0 {
					t.Errorf("after a failed update: counts %+v, want all zero", n)
				}
				return nil
			})
		})
	}
}

func TestDB_CommandRecordsChanges(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	_, _, _, _, _, _, _, _, cd, _ := sampleEntities()
	mustUpdate(t, db, "coding.delete", func(tx *Tx) error { return tx.DeleteCoding(cd.GUID) })
	var cmds []qda.Command
	_ = db.View(func(tx *Tx) error {
		return tx.Commands(0, func(c *qda.Command) error { cmds = append(cmds, *c); return nil })
	})
	if len(cmds) != 2 {
		t.Fatalf("got %d commands, want 2", len(cmds))
	}
	del := cmds[1]
	if del.Seq != 2 || del.Kind != "coding.delete" || len(del.Changes) != 1 || del.Changes[0].After != nil || del.Changes[0].Before == nil {
		t.Fatalf("delete command = %+v", del)
	}
	// Undo by applying the before images restores the coding and its indexes.
	mustUpdate(t, db, "undo", func(tx *Tx) error { return tx.ApplyImages(del.Changes, true) })
	_ = db.View(func(tx *Tx) error {
		if cs, err := tx.CodingsOfDocument(cd.Document); err != nil || len(cs) != 1 {
			t.Errorf("after undo: %v, %v", cs, err)
		}
		if p, err := tx.CheckCodingIndexes(); err != nil || len(p) != 0 {
			t.Errorf("indexes after undo: %v, %v", p, err)
		}
		return nil
	})
}

func TestOpen_AlreadyOpen(t *testing.T) {
	// The first handle keeps the lock, so the second Open gives up after
	// its LockTimeout whatever the load (were the timeout ignored, the test
	// would hang until go test's -timeout).
	_, dir := mustOpen(t, Options{NoBackup: true})
	_, err := Open(dir, Options{NoBackup: true, LockTimeout: 300 * time.Millisecond})
	if qda.ErrorCode(err) != qda.EAlreadyOpen {
		t.Fatalf("second Open: %v, want %s", err, qda.EAlreadyOpen)
	}
	if !strings.Contains(err.Error(), "already open") {
		t.Errorf("message %q does not say 'already open'", err)
	}
}

func TestInit_Refuses(t *testing.T) {
	_, dir := mustOpen(t, Options{NoBackup: true})
	if err := Init(dir, qda.Project{GUID: guid(2), Name: "x"}, Options{}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("Init over a project: %v, want conflict", err)
	}
	if err := Init(t.TempDir(), qda.Project{GUID: "nope", Name: "x"}, Options{}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("Init with a bad project: %v, want invalid", err)
	}
	if _, err := Open(t.TempDir(), Options{}); qda.ErrorCode(err) != qda.ENotProject {
		t.Errorf("Open of an empty folder: %v, want not_project", err)
	}
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	if err := db.bolt.Update(func(tx *boltTx) error { return putSchema(tx, SchemaVersion+1) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(dir, Options{NoBackup: true}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer schema: %v", err)
	}
}

func TestDB_BackupsRotate(t *testing.T) {
	now := t0
	clock := func() time.Time { now = now.Add(time.Second); return now }
	db, dir := mustOpen(t, Options{Now: clock})
	for i := 0; i < 8; i++ {
		mustUpdate(t, db, "test.user", func(tx *Tx) error {
			return tx.PutUser(&qda.User{GUID: guid(100 + i), Name: fmt.Sprintf("u%d", i), Roles: []qda.MemberRole{qda.MemberCoder}, Created: t0})
		})
		if _, err := db.Backup("manual"); err != nil {
			t.Fatal(err)
		}
	}
	list, err := Backups(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != qda.DefaultBackupKeep {
		t.Fatalf("%d backups, want %d", len(list), qda.DefaultBackupKeep)
	}
	if list[0].Seq != 8 || list[len(list)-1].Seq != 4 {
		t.Errorf("kept seqs %d..%d, want 8..4", list[0].Seq, list[len(list)-1].Seq)
	}
	// An unchanged project is not backed up again on close and reopen.
	db.Close()
	db2, err := Open(dir, Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	after, _ := Backups(dir)
	if after[0].Name != list[0].Name {
		t.Errorf("reopening an unchanged project wrote backup %s", after[0].Name)
	}
}

func TestRestore(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	mustUpdate(t, db, "test.user", func(tx *Tx) error {
		return tx.PutUser(&qda.User{GUID: guid(100), Name: "a", Roles: []qda.MemberRole{qda.MemberCoder}, Created: t0})
	})
	b, err := db.Backup("manual")
	if err != nil {
		t.Fatal(err)
	}
	mustUpdate(t, db, "test.user", func(tx *Tx) error {
		return tx.PutUser(&qda.User{GUID: guid(101), Name: "b", Roles: []qda.MemberRole{qda.MemberCoder}, Created: t0})
	})
	if _, err := Restore(dir, b.Name, Options{LockTimeout: 200 * time.Millisecond}); qda.ErrorCode(err) != qda.EAlreadyOpen {
		t.Fatalf("Restore while open: %v", err)
	}
	db.Close()
	if _, err := Restore(dir, "missing.db", Options{}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("Restore of a missing backup: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o600)
	if _, err := Restore(dir, junk, Options{}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("Restore of junk: %v", err)
	}
	safety, err := Restore(dir, b.Name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db2, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	_ = db2.View(func(tx *Tx) error {
		if n := tx.Counts().Users; n != 1 {
			t.Errorf("after restore: %d users, want 1", n)
		}
		return nil
	})
	if _, err := os.Stat(safety.Path); err != nil {
		t.Errorf("safety backup missing: %v", err)
	}
}

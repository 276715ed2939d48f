package store

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// canary is the text the tests erase or encrypt; no file of the project
// may hold it afterwards.
const canary = "Kanarienvogel-Westermann-4711"

// errCrash is what the fault hook returns to stop an operation as a
// crash would.
var errCrash = errors.New("simulated crash")

// crash abandons db as a killed process would: no backup, no clean-up;
// the kernel releases the locks.
func crash(db *DB) {
	_ = db.bolt.Close()
	db.lock.release()
}

// crashAt returns a fault hook that stops the operation at step.
func crashAt(step string) func(string) error {
	return func(s string) error {
		if s == step {
			return errCrash
		}
		return nil
	}
}

// canaryProject makes a project whose document "secret" holds the canary,
// beside a document "kept" without it; a backup, a recording and an index
// file hold the canary too. It returns the folder, closed.
func canaryProject(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "proj")
	if err := Init(dir, qda.Project{GUID: guid(1), Name: "Testprojekt", Created: t0}, Options{}); err != nil {
		tb.Fatal(err)
	}
	db, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		tb.Fatal(err)
	}
	putAll(tb, db)
	secret := qda.Document{GUID: guid(30), Name: "secret", Kind: qda.KindProtocol, Interview: guid(19), Case: guid(12), Created: t0, Modified: t0}
	kept := qda.Document{GUID: guid(31), Name: "kept", Kind: qda.KindOther, Created: t0, Modified: t0}
	// Long enough to be stored compressed: the scans must find it inside
	// the frames (canaryFiles).
	text := "Herr " + canary + " sagte etwas. " + strings.Repeat("Danach ging es um die Arbeit im Projektteam. ", 8)
	secret.Length = qda.RuneLen(text)
	kept.Length = qda.RuneLen("bleibt")
	mustUpdate(tb, db, "test.docs", func(tx *Tx) error {
		if err := tx.PutDocument(&secret); err != nil {
			return err
		}
		if err := tx.PutText(secret.GUID, text); err != nil {
			return err
		}
		if err := tx.PutDocument(&kept); err != nil {
			return err
		}
		return tx.PutText(kept.GUID, "bleibt")
	})
	if _, err := db.Backup("test"); err != nil {
		tb.Fatal(err)
	}
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	for _, f := range []string{filepath.Join("recordings", string(guid(19))+".wav"), filepath.Join(IndexDir, "seg1.zap")} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("RIFF "+canary), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	if n := canaryFiles(tb, dir); len(n) < 4 {
		tb.Fatalf("test premise: the canary is in project.db, a backup, a recording and the index, found in %v", n)
	}
	if raw, err := os.ReadFile(filepath.Join(dir, DBFile)); err != nil || bytes.Contains(raw, []byte(canary)) {
		tb.Fatalf("test premise: project.db holds the canary compressed only, so that canaryFiles must look inside the frames (%v)", err)
	}
	return dir
}

// canaryFiles returns the project's files that hold the canary, in the
// clear or inside a compressed value.
func canaryFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(zvalue.Reveal(b), []byte(canary)) {
			rel, _ := filepath.Rel(dir, p)
			hits = append(hits, rel)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return hits
}

// eraseSecret erases the canary document as a purge would.
func eraseSecret(db *DB) (EraseReport, error) {
	cmd := &qda.Command{GUID: guid(901), Time: t0, Kind: "purge"}
	return db.Erase(cmd, func(tx *Tx) error { return tx.DeleteDocument(guid(30)) }, EraseSpec{
		Needles: []string{string(guid(30))},
		Files:   []string{filepath.Join("recordings", string(guid(19))+".wav")},
		Derived: true,
	})
}

func TestDB_EraseFinishesAfterCrash(t *testing.T) {
	for _, step := range []string{"", "erase:committed", "compact:written", "erase:compacted", "erase:backups"} {
		t.Run("crash at "+step, func(t *testing.T) {
			dir := canaryProject(t)
			db, err := Open(dir, Options{NoBackup: true, fault: crashAt(step)})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := eraseSecret(db)
			if step == "" {
				if err != nil {
					t.Fatal(err)
				}
				if ops, _ := db.Pending(); len(ops) != 1 || rep.Pending != ops[0].ID {
					t.Errorf("pending after a derived erasure: %+v, report %q", ops, rep.Pending)
				}
				// The caller never got to clean the index: a crash now.
			} else if !errors.Is(err, errCrash) {
				t.Fatalf("erase: %v, want the simulated crash", err)
			}
			crash(db)

			var told []string
			db, err = Open(dir, Options{NoBackup: true, OnPending: func(kind string) { told = append(told, kind) }})
			if err != nil {
				t.Fatalf("open after the crash: %v", err)
			}
			defer db.Close()
			if len(told) != 1 || told[0] != OpErase {
				t.Errorf("OnPending heard %q, want [erase]", told)
			}
			if hits := canaryFiles(t, dir); len(hits) > 0 {
				t.Errorf("erased text still on disk after the next open: %v", hits)
			}
			if ops, err := db.Pending(); err != nil || len(ops) > 0 {
				t.Errorf("pending after open: %+v, %v", ops, err)
			}
			err = db.View(func(tx *Tx) error {
				if _, err := tx.Document(guid(30)); qda.ErrorCode(err) != qda.ENotFound {
					t.Errorf("erased document: %v", err)
				}
				_, err := tx.Document(guid(31))
				return err
			})
			if err != nil {
				t.Errorf("kept document: %v", err)
			}
			list, _ := Backups(dir)
			if len(list) == 0 {
				t.Error("the backup was deleted instead of rewritten")
			}
		})
	}
}

func TestDB_EraseWithoutDerivedFinishes(t *testing.T) {
	dir := canaryProject(t)
	db, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cmd := &qda.Command{GUID: guid(901), Time: t0, Kind: "purge"}
	rep, err := db.Erase(cmd, func(tx *Tx) error { return tx.DeleteDocument(guid(30)) }, EraseSpec{
		Needles: []string{string(guid(30))}, Files: []string{filepath.Join("recordings", string(guid(19))+".wav")}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pending != "" || rep.FilesShredded != 1 || len(rep.BackupsRewritten) != 1 || rep.Scrubbed == 0 {
		t.Errorf("report %+v", rep)
	}
	if ops, _ := db.Pending(); len(ops) > 0 {
		t.Errorf("pending: %+v", ops)
	}
	// Only the index (which the caller did not say it would clean) holds
	// the canary; everything the store owns is clean.
	if hits := canaryFiles(t, dir); len(hits) != 1 || hits[0] != filepath.Join(IndexDir, "seg1.zap") {
		t.Errorf("canary in %v, want only the index file", hits)
	}
	if _, err := db.Erase(cmd, func(tx *Tx) error { return nil }, EraseSpec{Files: []string{"../outside"}}); qda.ErrorCode(err) != qda.EInternal {
		t.Errorf("a file outside the project: %v", err)
	}
}

func TestProtect_FinishesAfterCrash(t *testing.T) {
	pass := []byte("lange Passphrase")
	kdf := KDFParams{Time: 1, Memory: 64, Threads: 1}
	for _, tc := range []struct {
		step      string
		protected bool // whether the crash came after the swap
	}{
		{"", true},
		{"protect:written", false},
		{"protect:swapped", true},
		{"protect:cleaned", true},
	} {
		t.Run("crash at "+tc.step, func(t *testing.T) {
			dir := canaryProject(t)
			_ = os.RemoveAll(filepath.Join(dir, "recordings")) // not protect's business
			_, err := Protect(dir, pass, Options{KDF: kdf, fault: crashAt(tc.step)})
			if tc.step == "" && err != nil {
				t.Fatal(err)
			} else if tc.step != "" && !errors.Is(err, errCrash) {
				t.Fatalf("protect: %v, want the simulated crash", err)
			}
			if !tc.protected {
				if _, err := os.Stat(filepath.Join(dir, DBFile+".protect")); err == nil {
					t.Error("the sealed file was left beside the project")
				}
				db, err := Open(dir, Options{NoBackup: true})
				if err != nil {
					t.Fatalf("open of the still plain project: %v", err)
				}
				if db.Protected() {
					t.Error("protected, though the swap never happened")
				}
				_ = db.Close()
				return
			}
			// Without the passphrase the project does not open, but the
			// plain copies go all the same.
			if _, err := Open(dir, Options{NoBackup: true}); qda.ErrorCode(err) != qda.EProtected {
				t.Errorf("open without passphrase: %v", err)
			}
			if hits := canaryFiles(t, dir); len(hits) > 0 {
				t.Errorf("plain text on disk after the next open: %v", hits)
			}
			db, err := Open(dir, Options{Passphrase: pass})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if ops, err := db.Pending(); err != nil || len(ops) > 0 {
				t.Errorf("pending: %+v, %v", ops, err)
			}
			if err := db.View(func(tx *Tx) error { _, err := tx.Document(guid(30)); return err }); err != nil {
				t.Errorf("the protected project lost a document: %v", err)
			}
		})
	}
}

// TestOpen_WaiterGetsTheReplacedFile: a process that waits for the project
// while another one replaces project.db (compaction, protect, restore)
// must open and write the new file: its confirmed edit must be there
// afterwards.
func TestOpen_WaiterGetsTheReplacedFile(t *testing.T) {
	pass := []byte("lange Passphrase")
	kdf := KDFParams{Time: 1, Memory: 64, Threads: 1}
	for _, op := range []string{"compact", "protect", "restore"} {
		t.Run(op, func(t *testing.T) {
			dir := canaryProject(t)
			_ = os.RemoveAll(filepath.Join(dir, "recordings"))
			_ = os.RemoveAll(filepath.Join(dir, IndexDir))
			list, err := Backups(dir)
			if err != nil || len(list) == 0 {
				t.Fatalf("backups: %v, %v", list, err)
			}
			waiting := make(chan struct{}, 1)
			done := make(chan error, 1)
			waiterOpts := Options{NoBackup: true, LockTimeout: time.Hour, Passphrase: pass, fault: func(step string) error {
				if step == "lock:busy" {
					waiting <- struct{}{}
				}
				return nil
			}}
			race := qda.User{GUID: guid(77), Name: "RACE", Roles: []qda.MemberRole{qda.MemberCoder}, Created: t0}
			startWaiter := func() {
				go func() {
					db, err := Open(dir, waiterOpts)
					if err != nil {
						done <- err
						return
					}
					err = db.Update(&qda.Command{GUID: guid(902), Time: t0, Kind: "user.add"}, func(tx *Tx) error { return tx.PutUser(&race) })
					if cerr := db.Close(); err == nil {
						err = cerr
					}
					done <- err
				}()
				<-waiting // the waiter is blocked on the lock now
			}
			// The operation holds the project when the waiter comes, and
			// replaces project.db while it waits.
			hook := func(at string) func(string) error {
				return func(step string) error {
					if step == at {
						startWaiter()
					}
					return nil
				}
			}
			switch op {
			case "compact":
				db, err := Open(dir, Options{NoBackup: true, fault: hook("compact:written")})
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := db.Compact(); err != nil {
					t.Fatal(err)
				}
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
			case "protect":
				if _, err := Protect(dir, pass, Options{KDF: kdf, fault: hook("protect:written")}); err != nil {
					t.Fatal(err)
				}
			case "restore":
				if _, err := Restore(dir, list[0].Name, Options{fault: hook("restore:copied")}); err != nil {
					t.Fatal(err)
				}
			}
			if err := <-done; err != nil {
				t.Fatalf("the waiting process: %v", err)
			}
			db, err := Open(dir, Options{NoBackup: true, Passphrase: pass})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.View(func(tx *Tx) error { _, err := tx.User(race.GUID); return err }); err != nil {
				t.Errorf("the waiting process's confirmed edit is lost: %v", err)
			}
			if op == "protect" {
				if !db.Protected() {
					t.Error("not protected")
				}
				if hits := canaryFiles(t, dir); len(hits) > 0 {
					t.Errorf("plain text in a protected project: %v", hits)
				}
			}
		})
	}
}

func TestOpen_AlreadyOpenNamesTheHolder(t *testing.T) {
	_, dir := mustOpen(t, Options{NoBackup: true})
	_, err := Open(dir, Options{NoBackup: true, LockTimeout: time.Millisecond})
	if qda.ErrorCode(err) != qda.EAlreadyOpen {
		t.Fatalf("second open: %v", err)
	}
	if want := "pid " + strconv.Itoa(os.Getpid()); !bytes.Contains([]byte(err.Error()), []byte(want)) {
		t.Errorf("message %q does not name the holder (%s)", err, want)
	}
}

func TestUnprotect_FinishesAfterCrash(t *testing.T) {
	pass := []byte("lange Passphrase")
	kdf := KDFParams{Time: 1, Memory: 64, Threads: 1}
	for _, tc := range []struct {
		step  string
		plain bool // whether the crash came after the swap
	}{
		{"", true},
		{"unprotect:written", false},
		{"unprotect:swapped", true},
	} {
		t.Run("crash at "+tc.step, func(t *testing.T) {
			dir := canaryProject(t)
			if _, err := Protect(dir, pass, Options{KDF: kdf}); err != nil {
				t.Fatal(err)
			}
			rep, err := Unprotect(dir, pass, Options{fault: crashAt(tc.step)})
			if tc.step == "" {
				if err != nil {
					t.Fatal(err)
				}
				if rep.Values == 0 || rep.Backup == "" || len(rep.BackupsDeleted) == 0 {
					t.Errorf("report %+v", rep)
				}
			} else if !errors.Is(err, errCrash) {
				t.Fatalf("unprotect: %v, want the simulated crash", err)
			}
			if _, err := os.Stat(filepath.Join(dir, DBFile+".unprotect")); err == nil {
				t.Error("the decrypted file was left beside the project")
			}
			if !tc.plain {
				if _, err := Open(dir, Options{NoBackup: true}); qda.ErrorCode(err) != qda.EProtected {
					t.Errorf("still protected, but open without passphrase: %v", err)
				}
				return
			}
			db, err := Open(dir, Options{NoBackup: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.Protected() {
				t.Error("still protected")
			}
			if err := db.View(func(tx *Tx) error { _, err := tx.Document(guid(30)); return err }); err != nil {
				t.Errorf("a document was lost: %v", err)
			}
			list, _ := Backups(dir)
			for _, b := range list {
				if isProtectedFile(b.Path) {
					t.Errorf("encrypted backup %s kept after unprotect", b.Name)
				}
			}
			if ops, _ := db.Pending(); len(ops) > 0 {
				t.Errorf("pending: %+v", ops)
			}
		})
	}
	dir := canaryProject(t)
	if _, err := Unprotect(dir, pass, Options{}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("unprotect of a plain project: %v", err)
	}
}

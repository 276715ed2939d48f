package wire

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// TestStoreAdapter_Update refuses commands that name no member, as the last
// guard behind the app's resolution of the acting member.
func TestStoreAdapter_Update(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if err := Init(dir, "Guard", Options{}); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	a := storeAdapter{db}
	defer a.Close()
	const (
		mara = qda.GUID("00000000-0000-4000-8000-000000000001")
		old  = qda.GUID("00000000-0000-4000-8000-000000000002")
	)
	put := func(u qda.User) func(app.Tx) error { return func(tx app.Tx) error { return tx.PutUser(&u) } }
	tests := []struct {
		name string
		user qda.GUID
		fn   func(app.Tx) error
		ok   bool
	}{
		{"no user", "", func(app.Tx) error { return nil }, false},
		{"unknown user", mara, func(app.Tx) error { return nil }, false},
		{"member added in the same command", mara, put(qda.User{GUID: mara, Name: "mara", Roles: []qda.MemberRole{qda.MemberLead}}), true},
		{"member", mara, func(app.Tx) error { return nil }, true},
		{"placeholder", old, put(qda.User{GUID: old, Name: "unrecorded", Placeholder: true}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := a.Update(&qda.Command{GUID: "00000000-0000-4000-8000-000000000009", Kind: "test", User: tt.user}, tt.fn)
			if (err == nil) != tt.ok {
				t.Errorf("Update by %q: %v, want ok %v", tt.user, err, tt.ok)
			}
		})
	}
}

// TestService_VerifyFindsCommandsWithoutMember: a command that names no
// member (written past the guard, e.g. by an old or foreign program) is a
// verify finding.
func TestService_VerifyFindsCommandsWithoutMember(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if err := Init(dir, "Verify", Options{}); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(&qda.Command{GUID: "00000000-0000-4000-8000-000000000009", Kind: "test", User: ""}, func(*store.Tx) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	s := project.New(app.Config{Store: storeAdapter{db}})
	defer s.Close()
	r, err := s.Verify()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range r.Findings {
		found = found || f.Kind == "command.user"
	}
	if !found || r.Checked["commands"] != 1 {
		t.Errorf("verify: %+v", r)
	}
}

// TestService_VerifyChecksTextVersions: verify reports a text version that
// a text and the command log refer to but the file lost.
func TestService_VerifyChecksTextVersions(t *testing.T) {
	const mara = qda.GUID("00000000-0000-4000-8000-000000000001")
	doc := qda.Document{GUID: "00000000-0000-4000-8000-000000000003", Name: "Notiz", Kind: qda.KindOther, Length: 5}
	tests := []struct {
		name string
		lose bool
	}{
		{"sound", false},
		{"version lost", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			if err := Init(dir, "Verify", Options{}); err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(dir, store.Options{NoBackup: true})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(&qda.Command{GUID: "00000000-0000-4000-8000-000000000009", Kind: "test", User: mara}, func(tx *store.Tx) error {
				if err := tx.PutUser(&qda.User{GUID: mara, Name: "mara", Roles: []qda.MemberRole{qda.MemberLead}}); err != nil {
					return err
				}
				if err := tx.PutDocument(&doc); err != nil {
					return err
				}
				return tx.PutText(doc.GUID, "Hallo")
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if tt.lose {
				loseTextVersions(t, filepath.Join(dir, store.DBFile))
			}
			if db, err = store.Open(dir, store.Options{NoBackup: true}); err != nil {
				t.Fatal(err)
			}
			s := project.New(app.Config{Store: storeAdapter{db}})
			defer s.Close()
			r, err := s.Verify()
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range r.Findings {
				if f.Kind == "text.version" {
					n++
				}
			}
			// The live text and the command's after image refer to it.
			if want := map[bool]int{false: 0, true: 2}[tt.lose]; n != want {
				t.Errorf("%d text.version findings, want %d: %+v", n, want, r.Findings)
			}
		})
	}
}

// loseTextVersions empties the bucket of text versions of a closed file.
func loseTextVersions(tb testing.TB, path string) {
	tb.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("textversions")); err != nil {
			return err
		}
		_, err := tx.CreateBucket([]byte("textversions"))
		return err
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
}

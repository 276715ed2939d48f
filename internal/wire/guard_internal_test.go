package wire

import (
	"path/filepath"
	"testing"

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

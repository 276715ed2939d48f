package exchange_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/store/zvalue"
	"github.com/protocoder/protocoder/internal/wire"
)

// TestService_GUIDOfAnotherKindRefused: a guideline whose GUID is an
// existing code's GUID is refused; the code and its codings stay as they
// were.
func TestService_GUIDOfAnotherKindRefused(t *testing.T) {
	s := apptest.NewService(t, "anna")
	c, err := s.AddCode(coding.NewCode{Name: "Motive"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportGuideline(apptest.Guideline("A.1.1", c.GUID), study.ImportOptions{})
	if qda.ErrorCode(err) != qda.EConflict || !strings.Contains(err.Error(), "guideline") || !strings.Contains(err.Error(), "code") {
		t.Fatalf("import: %v", err)
	}
	if gs, _ := s.Guidelines(); len(gs) != 0 {
		t.Errorf("guidelines after the refused import: %d", len(gs))
	}
	codes, err := s.Codes()
	if err != nil || len(codes) != 1 || codes[0].GUID != c.GUID || codes[0].Name != "Motive" || codes[0].Ref != nil {
		t.Errorf("codes after the refused import: %+v %v", codes, err)
	}
	if rep, err := s.Verify(); err != nil || !rep.OK() {
		t.Errorf("verify: %+v %v", rep, err)
	}
}

// TestService_VerifyFindsSharedGUID: a memo stored (by an older version)
// under a code's GUID is reported by verify.
func TestService_VerifyFindsSharedGUID(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "anna", Clock: apptest.FixedClock{}, IDs: &apptest.SeqIDs{N: 1000}, Store: store.Options{NoBackup: true}}
	if err := wire.Init(dir, "Test", o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	apptest.AddMember(t, s, "anna")
	c, err := s.AddCode(coding.NewCode{Name: "Motive"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.AddMemo(coding.NewMemo{Title: "Notiz", Text: "Text"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(filepath.Join(dir, store.DBFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("memos"))
		// The memo as JSON (the store may keep it compressed), under the
		// code's GUID, stored as plain JSON (which the store reads too).
		v := b.Get([]byte(m.GUID))
		plain := v[1:]
		if v[0] == store.FormatZstd {
			var err error
			if plain, err = zvalue.New().Unpack(nil, plain); err != nil {
				return err
			}
		}
		v = append([]byte{store.FormatJSON}, bytes.ReplaceAll(plain, []byte(m.GUID), []byte(c.GUID))...)
		if err := b.Delete([]byte(m.GUID)); err != nil {
			return err
		}
		return b.Put([]byte(c.GUID), v)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	s, err = wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.Verify()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Kind == "guid.shared" && f.Entity == string(c.GUID) && strings.Contains(f.Message, "code, memo")
	}
	if !found {
		t.Errorf("findings %+v", rep.Findings)
	}
}

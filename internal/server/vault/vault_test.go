package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func dir(t *testing.T) *Dir {
	t.Helper()
	d, err := OpenDir(filepath.Join(t.TempDir(), "keys"), true)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSeal_Open(t *testing.T) {
	k, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewDataKey()
	sealed, err := Seal(k, []byte("Frau Westermann"), []byte("p\x00document/d"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Westermann")) {
		t.Fatal("sealed in the clear")
	}
	for _, tc := range []struct {
		name     string
		key, aad []byte
		ok       bool
	}{
		{"right key", k, []byte("p\x00document/d"), true},
		{"other key", other, []byte("p\x00document/d"), false},
		{"other scope", k, []byte("p\x00document/e"), false},
		{"short key", k[:16], []byte("p\x00document/d"), false},
	} {
		got, err := Open(tc.key, sealed, tc.aad)
		if tc.ok != (err == nil) || (tc.ok && string(got) != "Frau Westermann") {
			t.Errorf("%s: %q, %v", tc.name, got, err)
		}
	}
}

func TestDir_Rotation(t *testing.T) {
	const p = "00000000-0000-4000-8000-000000000001"
	d := dir(t)
	k1, err := d.Create(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Create(p, false); err == nil {
		t.Error("a second key for the project")
	}
	dk, _ := NewDataKey()
	w1, _ := k1.Wrap(dk, []byte("aad"))
	// A rotation the database never took is dropped.
	if _, err := d.Prepare(p); err != nil {
		t.Fatal(err)
	}
	got, err := d.Load(p, k1.ID)
	if err != nil || !bytes.Equal(got.ID, k1.ID) {
		t.Fatalf("Load after an uncommitted rotation: %v", err)
	}
	if _, err := os.Stat(filepath.Join(d.Path(), p+".next")); !os.IsNotExist(err) {
		t.Errorf("the dropped .next is still there: %v", err)
	}
	// A rotation the database took, interrupted before Commit, is
	// finished by Load.
	k2, err := d.Prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err = d.Load(p, k2.ID)
	if err != nil || !bytes.Equal(got.ID, k2.ID) {
		t.Fatalf("Load after a committed rotation: %v", err)
	}
	if _, err := got.Unwrap(w1, []byte("aad")); err == nil {
		t.Error("the new project key opens what the old one wrapped")
	}
	if _, err := d.Load(p, k1.ID); !errors.Is(err, ErrNoKey) {
		t.Errorf("the old key is still there: %v", err)
	}
	// Finishing twice (a reader finished it first) keeps the new key.
	k3, _ := d.Prepare(p)
	for i := 0; i < 2; i++ {
		if got, err := d.Load(p, k3.ID); err != nil || !bytes.Equal(got.ID, k3.ID) {
			t.Errorf("Load #%d after the rotation committed: %v", i+1, err)
		}
	}
	files, _ := os.ReadDir(d.Path())
	if len(files) != 1 {
		t.Errorf("%d files in the key folder, want 1", len(files))
	}
}

func TestOpenDir_Errors(t *testing.T) {
	if _, err := OpenDir("", false); err == nil {
		t.Error("no folder accepted")
	}
	open := t.TempDir()
	if err := os.Chmod(open, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDir(open, false); err == nil {
		t.Error("a folder others may read accepted")
	}
	if _, err := OpenDir(filepath.Join(open, "missing"), false); err == nil {
		t.Error("a missing folder accepted without create")
	}
}

package keyfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// cheap keeps the tests fast; real keys use DefaultParams.
var cheap = Params{Time: 1, Memory: 64, Threads: 1}

func TestKey_CreateAddOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", FileName)
	k, err := Create(path, []byte("correct horse battery"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Add(Entry{Real: "Gisela Westermann", Pseudonym: "Person A"}); err != nil {
		t.Fatal(err)
	}
	if err := k.Add(Entry{Real: "gisela westermann", Pseudonym: "Person B"}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("duplicate real name: %v", err)
	}
	if err := k.Add(Entry{Real: "Bochum", Pseudonym: "Stadt B", Kind: "place"}); err != nil {
		t.Fatal(err)
	}
	if err := k.Save(); err != nil {
		t.Fatal(err)
	}
	k.Close()
	raw, _ := os.ReadFile(path)
	for _, plain := range []string{"Westermann", "Bochum", "Person A", "Stadt B"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("key file holds %q in plain text", plain)
		}
	}
	k2, err := Open(path, []byte("correct horse battery"))
	if err != nil {
		t.Fatal(err)
	}
	defer k2.Close()
	if len(k2.Entries) != 2 || k2.Entries[0].Real != "Bochum" {
		t.Errorf("entries: %+v", k2.Entries)
	}
	if e, ok := k2.Lookup("GISELA WESTERMANN"); !ok || e.Pseudonym != "Person A" || e.Kind != "person" {
		t.Errorf("lookup: %+v %v", e, ok)
	}
}

func TestKey_Open_WrongPassphrase(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	k, err := Create(path, []byte("correct horse battery"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	_ = k.Add(Entry{Real: "Kowalski", Pseudonym: "Person K"})
	if err := k.Save(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	st0, _ := os.Stat(path)
	_, err = Open(path, []byte("wrong horse battery"))
	if !errors.Is(err, ErrWrongPassphrase) || qda.ErrorCode(err) != qda.EInvalid {
		t.Fatalf("wrong passphrase: %v", err)
	}
	after, _ := os.ReadFile(path)
	st1, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !st0.ModTime().Equal(st1.ModTime()) {
		t.Error("a wrong passphrase changed the key file")
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Error("a temporary file was left behind")
	}
}

func TestKey_Open_Tampered(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	k, err := Create(path, []byte("correct horse battery"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	k.Close()
	raw, _ := os.ReadFile(path)
	// Changing the authenticated header (cheaper parameters) must fail.
	bad := bytes.Replace(raw, []byte(`"time": 1`), []byte(`"time": 2`), 1)
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, []byte("correct horse battery")); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("tampered header opened: %v", err)
	}
}

func TestCreate_Refuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if _, err := Create(path, []byte("short"), cheap); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("short passphrase: %v", err)
	}
	if _, err := Create(path, []byte("long enough pass"), cheap); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(path, []byte("long enough pass"), cheap); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("second create: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none"), []byte("x")); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("missing key: %v", err)
	}
}

// TestKey_Open_HugeCost: a key file whose header asks for a huge Argon2id
// cost is refused before any key is derived.
func TestKey_Open_HugeCost(t *testing.T) {
	tests := []struct{ name, from, to, want string }{
		{"passes", `"time": 1`, `"time": 1000`, "1000 Argon2id passes"},
		{"memory", `"memory_kib": 64`, `"memory_kib": 3145728`, "3145728 KiB of Argon2id memory"},
		{"lanes", `"threads": 1`, `"threads": 255`, "255 Argon2id lanes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			k, err := Create(path, []byte("correct horse battery"), cheap)
			if err != nil {
				t.Fatal(err)
			}
			k.Close()
			raw, _ := os.ReadFile(path)
			bad := bytes.Replace(raw, []byte(tt.from), []byte(tt.to), 1)
			if bytes.Equal(bad, raw) {
				t.Fatalf("test premise: %s not in %s", tt.from, raw)
			}
			if err := os.WriteFile(path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = Open(path, []byte("correct horse battery"))
			if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrWrongPassphrase) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Create(filepath.Join(t.TempDir(), FileName), []byte("correct horse battery"), Params{Time: 100, Memory: 64, Threads: 1}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("create with a huge cost: %v", err)
	}
}

func TestKey_SealImage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", FileName)
	pass := []byte("correct horse battery")
	k, err := Create(path, pass, Params{Time: 1, Memory: 64, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	image := []byte(`"Termin mit Frau Westermann"`)
	sealed, err := k.SealImage(image)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Westermann")) || !json.Valid(sealed) {
		t.Fatalf("sealed image %s: holds the name or is not JSON", sealed)
	}
	k.Close()
	// The sealing key was saved with the key: a new session opens the image.
	k2, err := Open(path, pass)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		sealed []byte
		ok     bool
	}{
		{"sealed by this key", sealed, true},
		{"not JSON", []byte("xyz"), false},
		{"too short", []byte(`"AAAA"`), false},
		{"tampered", append(append([]byte{}, sealed[:len(sealed)-3]...), []byte(`A="`)...), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k2.OpenImage(tt.sealed)
			if (err == nil) != tt.ok {
				t.Fatalf("OpenImage: %v", err)
			}
			if tt.ok && !bytes.Equal(got, image) {
				t.Errorf("OpenImage = %s, want %s", got, image)
			}
		})
	}
}

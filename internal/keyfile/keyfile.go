// Package keyfile keeps a project's pseudonym key — real names of
// interviewees, colleagues, sites and places mapped to their pseudonyms —
// in its own file under <project>/keys/, encrypted with a passphrase of its
// own: the key is derived with Argon2id and the entries are sealed with
// XChaCha20-Poly1305 (golang.org/x/crypto). Only those who know the
// passphrase can open it; a wrong passphrase is a clear error and never
// changes the file. The project store, its backups and exports never hold
// the key's contents.
package keyfile

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/protocoder/protocoder/internal/qda"
)

// FileName is the key file's name inside the project's keys folder.
const FileName = "pseudonyms.key"

// Path returns the key file of a project folder.
func Path(project string) string { return filepath.Join(project, "keys", FileName) }

// Params are the Argon2id cost parameters.
type Params struct {
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
}

// DefaultParams follow the RFC 9106 second recommendation (64 MiB, three
// passes), scaled to two lanes for laptops.
var DefaultParams = Params{Time: 3, Memory: 64 * 1024, Threads: 2}

// Derive turns a passphrase into a 32-byte key with Argon2id.
func Derive(pass, salt []byte, p Params) []byte {
	return argon2.IDKey(pass, salt, p.Time, p.Memory, p.Threads, chacha20poly1305.KeySize)
}

// Entry is one line of the key.
type Entry struct {
	// Real is the real name as it may appear in texts.
	Real string `json:"real"`
	// Pseudonym replaces it.
	Pseudonym string `json:"pseudonym"`
	// Kind is person, place or org.
	Kind string `json:"kind"`
	// Note is an optional remark (e.g. the role).
	Note string `json:"note,omitempty"`
	// Added is when the entry was added.
	Added time.Time `json:"added"`
}

// header is the unencrypted part of the file; it is authenticated as the
// AEAD's additional data.
type header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	KDF     string `json:"kdf"`
	Params  Params `json:"params"`
	Salt    []byte `json:"salt"`
	AEAD    string `json:"aead"`
}

type file struct {
	Header header `json:"header"`
	Nonce  []byte `json:"nonce"`
	Sealed []byte `json:"sealed"`
}

type payload struct {
	Entries []Entry `json:"entries"`
	// Seal is the key that seals command images holding real names (see
	// SealImage); created at the first use.
	Seal []byte `json:"seal,omitempty"`
}

// ErrWrongPassphrase is returned (wrapped in a qda.Error) when the
// passphrase does not open the key.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// wrongPassphrase is a qda.Error that also matches ErrWrongPassphrase.
type wrongPassphrase struct{ err error }

func (w wrongPassphrase) Error() string   { return w.err.Error() }
func (w wrongPassphrase) Unwrap() []error { return []error{w.err, ErrWrongPassphrase} }

// Key is an open pseudonym key. It holds the derived key in memory until
// Close.
type Key struct {
	path    string
	hdr     header
	derived []byte
	// Entries are the key's lines, sorted by real name.
	Entries []Entry
	// seal seals command images (see SealImage); nil until first used.
	seal []byte
}

// Exists reports whether a key file exists at path.
func Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// Create makes a new, empty key file at path; it fails if one exists.
func Create(path string, pass []byte, p Params) (*Key, error) {
	if Exists(path) {
		return nil, qda.Errorf(qda.EConflict, "a pseudonym key exists already at %s", path)
	}
	if err := checkPassphrase(pass); err != nil {
		return nil, err
	}
	if err := qda.CheckKDFCost("the new pseudonym key", p.Time, p.Memory, p.Threads); err != nil {
		return nil, err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	hdr := header{Format: "protocoder-pseudonym-key", Version: 1, KDF: "argon2id", Params: p, Salt: salt, AEAD: "xchacha20poly1305"}
	k := &Key{path: path, hdr: hdr, derived: Derive(pass, salt, p)}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create keys folder: %w", err)
	}
	return k, k.Save()
}

// checkPassphrase rejects passphrases too short to protect real names.
func checkPassphrase(pass []byte) error {
	if len(bytes.TrimSpace(pass)) < 8 {
		return qda.Errorf(qda.EInvalid, "the passphrase must have at least 8 characters")
	}
	return nil
}

// Open reads and decrypts the key file. A wrong passphrase returns an
// error wrapping ErrWrongPassphrase; nothing is written either way.
func Open(path string, pass []byte) (*Key, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, qda.Errorf(qda.ENotFound, "there is no pseudonym key yet (create one with 'key init')")
	} else if err != nil {
		return nil, fmt.Errorf("read pseudonym key: %w", err)
	}
	var f file
	if err := json.Unmarshal(raw, &f); err != nil || f.Header.Format != "protocoder-pseudonym-key" {
		return nil, qda.Errorf(qda.EInvalid, "%s is not a protocoder pseudonym key", path)
	}
	if f.Header.Version != 1 || f.Header.KDF != "argon2id" || f.Header.AEAD != "xchacha20poly1305" {
		return nil, qda.Errorf(qda.EUnsupported, "%s uses an unknown key format (version %d)", path, f.Header.Version)
	}
	p := f.Header.Params
	if err := qda.CheckKDFCost(path, p.Time, p.Memory, p.Threads); err != nil {
		return nil, err
	}
	if len(f.Header.Salt) < 8 || len(f.Header.Salt) > 64 {
		return nil, qda.Errorf(qda.EInvalid, "%s has a salt of %d bytes (8 to 64 expected)", path, len(f.Header.Salt))
	}
	k := &Key{path: path, hdr: f.Header, derived: Derive(pass, f.Header.Salt, p)}
	plain, err := k.open(f.Nonce, f.Sealed)
	if err != nil {
		k.Close()
		return nil, wrongPassphrase{qda.Errorf(qda.EInvalid, "the passphrase does not open the pseudonym key (wrong passphrase); nothing was changed")}
	}
	var pl payload
	if err := json.Unmarshal(plain, &pl); err != nil {
		k.Close()
		return nil, qda.Errorf(qda.EInvalid, "the pseudonym key is damaged: %v", err)
	}
	k.Entries, k.seal = pl.Entries, pl.Seal
	if k.seal != nil && len(k.seal) != chacha20poly1305.KeySize {
		k.Close()
		return nil, qda.Errorf(qda.EInvalid, "the pseudonym key is damaged: its sealing key has %d bytes", len(k.seal))
	}
	return k, nil
}

func (k *Key) aad() []byte {
	b, _ := json.Marshal(k.hdr)
	return b
}

func (k *Key) open(nonce, sealed []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(k.derived)
	if err != nil {
		return nil, err
	}
	if len(nonce) != aead.NonceSize() {
		return nil, errors.New("bad nonce")
	}
	return aead.Open(nil, nonce, sealed, k.aad())
}

// Save encrypts the entries with a fresh nonce and replaces the file
// atomically (write to a temporary file, sync, rename).
func (k *Key) Save() error {
	if k.derived == nil {
		return qda.Errorf(qda.EInternal, "the pseudonym key is closed")
	}
	plain, err := json.Marshal(payload{Entries: k.Entries, Seal: k.seal})
	if err != nil {
		return err
	}
	aead, err := chacha20poly1305.NewX(k.derived)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	out, err := json.MarshalIndent(file{Header: k.hdr, Nonce: nonce, Sealed: aead.Seal(nil, nonce, plain, k.aad())}, "", "  ")
	if err != nil {
		return err
	}
	clear(plain)
	tmp := k.path + ".tmp"
	if err := writeSync(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write pseudonym key: %w", err)
	}
	if err := os.Rename(tmp, k.path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write pseudonym key: %w", err)
	}
	return nil
}

func writeSync(path string, b []byte) error {
	return writeFileSync(path, b, os.O_CREATE|os.O_TRUNC|os.O_WRONLY)
}

// CopyFile copies the key file at path, still encrypted, to dst, which
// must not exist yet, and syncs the copy.
func CopyFile(path, dst string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read pseudonym key: %w", err)
	}
	return writeFileSync(dst, b, os.O_CREATE|os.O_EXCL|os.O_WRONLY)
}

func writeFileSync(path string, b []byte, flag int) error {
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Add adds an entry (not saved until Save). Real names are unique
// (case-insensitively); a pseudonym may stand for several spellings.
func (k *Key) Add(e Entry) error {
	e.Real, e.Pseudonym, e.Kind = strings.TrimSpace(e.Real), strings.TrimSpace(e.Pseudonym), strings.TrimSpace(e.Kind)
	if e.Real == "" || e.Pseudonym == "" {
		return qda.Errorf(qda.EInvalid, "a key entry needs a real name and a pseudonym")
	}
	switch e.Kind {
	case "":
		e.Kind = "person"
	case "person", "place", "org":
	default:
		return qda.Errorf(qda.EInvalid, "unknown kind %q (person, place or org)", e.Kind)
	}
	for _, x := range k.Entries {
		if strings.EqualFold(x.Real, e.Real) {
			return qda.Errorf(qda.EConflict, "the key already maps this real name (to %s)", x.Pseudonym)
		}
	}
	k.Entries = append(k.Entries, e)
	sort.SliceStable(k.Entries, func(i, j int) bool { return strings.ToLower(k.Entries[i].Real) < strings.ToLower(k.Entries[j].Real) })
	return nil
}

// Lookup returns the entry for a real name, case-insensitively.
func (k *Key) Lookup(real string) (Entry, bool) {
	for _, x := range k.Entries {
		if strings.EqualFold(x.Real, strings.TrimSpace(real)) {
			return x, true
		}
	}
	return Entry{}, false
}

// Close forgets the derived key and the entries.
func (k *Key) Close() {
	clear(k.derived)
	clear(k.seal)
	k.derived, k.seal = nil, nil
	k.Entries = nil
}

// imageAAD binds sealed images to their purpose.
var imageAAD = []byte("protocoder-sealed-image-v1")

// SealImage encrypts a command's change image (JSON) so that only a holder
// of this key can read it again: the command log keeps what an
// anonymisation replaced this way, for undo. The result is a JSON string
// (base64 of nonce and ciphertext), so the log stays JSON. The sealing key
// is created and saved in the key file at the first use.
func (k *Key) SealImage(plain []byte) ([]byte, error) {
	if k.derived == nil {
		return nil, qda.Errorf(qda.EInternal, "the pseudonym key is closed")
	}
	if k.seal == nil {
		seal := make([]byte, chacha20poly1305.KeySize)
		if _, err := rand.Read(seal); err != nil {
			return nil, err
		}
		k.seal = seal
		if err := k.Save(); err != nil {
			k.seal = nil
			return nil, err
		}
	}
	aead, err := chacha20poly1305.NewX(k.seal)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return json.Marshal(aead.Seal(nonce, nonce, plain, imageAAD))
}

// OpenImage decrypts an image sealed by SealImage.
func (k *Key) OpenImage(sealed []byte) ([]byte, error) {
	if k.seal == nil {
		return nil, qda.Errorf(qda.EInvalid, "this pseudonym key has never sealed anything; the image was sealed by another key")
	}
	var raw []byte
	if err := json.Unmarshal(sealed, &raw); err != nil {
		return nil, qda.Errorf(qda.EInvalid, "a sealed image is damaged: %v", err)
	}
	aead, err := chacha20poly1305.NewX(k.seal)
	if err != nil {
		return nil, err
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return nil, qda.Errorf(qda.EInvalid, "a sealed image is too short")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], imageAAD)
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "a sealed image does not open with this project's pseudonym key (another key, or damaged)")
	}
	return plain, nil
}

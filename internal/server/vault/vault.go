// Package vault is the team server's encryption at rest (docs/team.md,
// "Data protection on the server"): every image the server keeps is
// sealed with AES-256-GCM under a data key of its scope (one per document,
// one per interview, one per other entity), each data key is wrapped by
// the project key, and the project key lives in a file of the key folder
// outside the database (--key-dir), one file per project.
//
// A purge deletes the wrapped data keys of what it purges and rotates the
// project key: the remaining data keys are wrapped anew and the old key
// file is overwritten and removed. Copies of the old wrapped keys in
// PostgreSQL's WAL, dead tuples or a backup are then of no use: the key
// that unwraps them is gone.
//
// Rotation is crash-safe: the new key is written to <project>.next first,
// the database records the new key's id in the transaction that re-wraps
// the data keys, and only then is the old file shredded and the new one
// renamed into place. Load finishes or drops a half-done rotation by
// comparing the ids with the one the database holds. One process at a
// time uses a key folder (the caller serialises Load and Prepare).
package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/shred"
)

// KeyLen is the length of every key: AES-256.
const KeyLen = 32

// IDLen is the length of a project key's id.
const IDLen = 16

// ErrNoKey says the key folder has no key with the id the database names.
var ErrNoKey = errors.New("no project key")

// Key is a project key: it wraps the project's data keys.
type Key struct {
	ID  []byte
	key []byte
}

// NewDataKey returns a fresh random data key.
func NewDataKey() ([]byte, error) {
	k := make([]byte, KeyLen)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("make a data key: %w", err)
	}
	return k, nil
}

// Seal encrypts plain with key (AES-256-GCM, a random nonce in front),
// binding it to aad.
func Seal(key, plain, aad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plain)+g.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plain, aad), nil
}

// Open decrypts what Seal made with key and aad.
func Open(key, sealed, aad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize()+g.Overhead() {
		return nil, errors.New("vault: a sealed value is too short")
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], aad)
	if err != nil {
		return nil, errors.New("vault: a sealed value does not open with its key (wrong key or damaged)")
	}
	return plain, nil
}

func gcm(key []byte) (cipher.AEAD, error) {
	if len(key) != KeyLen {
		return nil, fmt.Errorf("vault: a key of %d bytes, want %d", len(key), KeyLen)
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// Wrap encrypts a data key with the project key, bound to aad (project
// and scope).
func (k *Key) Wrap(dataKey, aad []byte) ([]byte, error) { return Seal(k.key, dataKey, aad) }

// Unwrap decrypts a wrapped data key.
func (k *Key) Unwrap(wrapped, aad []byte) ([]byte, error) {
	dk, err := Open(k.key, wrapped, aad)
	if err != nil {
		return nil, fmt.Errorf("unwrap a data key: %w", err)
	}
	return dk, nil
}

func newKey() (*Key, error) {
	k := &Key{ID: make([]byte, IDLen), key: make([]byte, KeyLen)}
	if _, err := rand.Read(k.ID); err != nil {
		return nil, err
	}
	if _, err := rand.Read(k.key); err != nil {
		return nil, err
	}
	return k, nil
}

// Dir is the key folder: <dir>/<project>.key holds a project's key,
// <dir>/<project>.next the next one during a rotation.
type Dir struct {
	path string
}

// OpenDir returns the key folder at path, creating it (mode 0700) when
// create is set. It refuses a folder others may read.
func OpenDir(path string, create bool) (*Dir, error) {
	if path == "" {
		return nil, errors.New("no key folder: give --key-dir DIR or set PROTOCODER_KEY_DIR (the project keys live there, outside the database)")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if create {
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return nil, fmt.Errorf("key folder %s: %w", abs, err)
		}
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("key folder %s: %w (protocoder-server init --key-dir creates it)", abs, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("key folder %s is not a folder", abs)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key folder %s is readable by others (mode %v): chmod 700 it", abs, fi.Mode().Perm())
	}
	return &Dir{path: abs}, nil
}

// Path is the folder's path.
func (d *Dir) Path() string { return d.path }

func (d *Dir) file(project, ext string) (string, error) {
	if project == "" || strings.ContainsAny(project, `/\.`) {
		return "", fmt.Errorf("vault: bad project id %q", project)
	}
	return filepath.Join(d.path, project+ext), nil
}

type keyFile struct {
	ID  string `json:"id"`
	Key string `json:"key"`
}

func (d *Dir) read(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var kf keyFile
	if err := json.Unmarshal(b, &kf); err != nil {
		return nil, fmt.Errorf("key file %s is damaged: %w", path, err)
	}
	id, err1 := base64.StdEncoding.DecodeString(kf.ID)
	key, err2 := base64.StdEncoding.DecodeString(kf.Key)
	if err1 != nil || err2 != nil || len(id) != IDLen || len(key) != KeyLen {
		return nil, fmt.Errorf("key file %s is damaged", path)
	}
	return &Key{ID: id, key: key}, nil
}

// write writes k to path (mode 0600), synced, with the folder synced too.
func (d *Dir) write(path string, k *Key) error {
	b, _ := json.Marshal(keyFile{ID: base64.StdEncoding.EncodeToString(k.ID), Key: base64.StdEncoding.EncodeToString(k.key)})
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		_ = shred.File(tmp)
		return fmt.Errorf("write key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		_ = shred.File(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return d.syncDir()
}

func (d *Dir) syncDir() error {
	f, err := os.Open(d.path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Create makes a new project key for project. An existing key file is
// replaced only when replace is set (the database names no key yet, so
// nothing is wrapped by it).
func (d *Dir) Create(project string, replace bool) (*Key, error) {
	path, err := d.file(project, ".key")
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil && !replace {
		return nil, fmt.Errorf("the key folder has a key for project %s already", project)
	}
	k, err := newKey()
	if err != nil {
		return nil, err
	}
	if err := d.write(path, k); err != nil {
		return nil, err
	}
	return k, nil
}

// Load returns the project key whose id is id (the one the database
// records), finishing a rotation that wrote it as .next, or dropping one
// that the database never took.
func (d *Dir) Load(project string, id []byte) (*Key, error) {
	path, err := d.file(project, ".key")
	if err != nil {
		return nil, err
	}
	next := strings.TrimSuffix(path, ".key") + ".next"
	cur, curErr := d.read(path)
	nk, nextErr := d.read(next)
	switch {
	case curErr == nil && bytes.Equal(cur.ID, id):
		if nextErr == nil || !errors.Is(nextErr, fs.ErrNotExist) {
			// A rotation that did not commit: its key wraps nothing.
			if err := shred.File(next); err != nil {
				return nil, err
			}
		}
		return cur, nil
	case nextErr == nil && bytes.Equal(nk.ID, id):
		// The database took the new key; finish the rotation.
		if err := d.finish(path, next); err != nil {
			return nil, err
		}
		return nk, nil
	case curErr != nil && !errors.Is(curErr, fs.ErrNotExist):
		return nil, curErr
	}
	return nil, fmt.Errorf("the key folder %s has no key for project %s with the id the database names: %w (was the server started with another --key-dir?)", d.path, project, ErrNoKey)
}

// Prepare writes a new key for project as <project>.next: the caller
// re-wraps the data keys with it and records its id in the database in one
// transaction, then calls Load with the id the database holds afterwards,
// which finishes the rotation (the old key overwritten and removed, the
// new one in its place) or drops it (the transaction did not commit).
// Deciding by the database's id, never by the transaction's outcome as the
// caller saw it, keeps a commit whose answer was lost from losing its key.
func (d *Dir) Prepare(project string) (*Key, error) {
	path, err := d.file(project, ".next")
	if err != nil {
		return nil, err
	}
	k, err := newKey()
	if err != nil {
		return nil, err
	}
	if err := d.write(path, k); err != nil {
		return nil, err
	}
	return k, nil
}

func (d *Dir) finish(path, next string) error {
	if err := shred.File(path); err != nil {
		return fmt.Errorf("destroy the old project key: %w", err)
	}
	if err := os.Rename(next, path); err != nil {
		return fmt.Errorf("put the new project key in place: %w", err)
	}
	return d.syncDir()
}

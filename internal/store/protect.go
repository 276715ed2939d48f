package store

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// ProtectReport tells what Protect did.
type ProtectReport struct {
	// Values counts the values sealed.
	Values int `json:"values"`
	// BackupsDeleted names the plain-text backups removed; a new,
	// encrypted backup is written in their place.
	BackupsDeleted []string `json:"backups_deleted,omitempty"`
	// Backup is the new, encrypted backup.
	Backup string `json:"backup"`
	// IndexRemoved is set when the on-disk search index was deleted (a
	// protected project keeps its index in memory only).
	IndexRemoved bool `json:"index_removed"`
}

// Protect encrypts an existing project at rest: every bbolt value is
// sealed with XChaCha20-Poly1305 under a key derived from pass with
// Argon2id (opts.KDF, default DefaultKDF). The sealed copy is written to a
// new file that replaces project.db atomically while the project stays
// locked; the plain-text backups are deleted and one encrypted backup is
// written; the on-disk search index is deleted. Afterwards the project
// opens only with opts.Passphrase = pass.
func Protect(dir string, pass []byte, opts Options) (ProtectReport, error) {
	var rep ProtectReport
	if len(pass) < 8 {
		return rep, qda.Errorf(qda.EInvalid, "the passphrase must have at least 8 characters")
	}
	o := opts.withDefaults()
	o.NoBackup, o.Passphrase = true, nil
	if !IsProject(dir) {
		return rep, qda.Errorf(qda.ENotProject, "%s is not a protocoder project (no %s)", dir, DBFile)
	}
	// The project stays locked from here to the end: no other process
	// opens the plain file after the swap, or the new one before its
	// plain copies are gone.
	lk, err := lockProject(dir, o)
	if err != nil {
		return rep, err
	}
	defer lk.release()
	db, err := openLocked(dir, o, lk)
	if qda.ErrorCode(err) == qda.EProtected {
		return rep, qda.Errorf(qda.EConflict, "the project is protected already")
	} else if err != nil {
		return rep, err
	}
	kdf := o.KDF
	if kdf.Time == 0 {
		kdf = DefaultKDF
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		_ = db.bolt.Close()
		return rep, err
	}
	codec, err := deriveCodec(pass, salt, kdf)
	if err != nil {
		_ = db.bolt.Close()
		return rep, err
	}
	op, err := newPendingOp(OpProtect, o.Now())
	if err != nil {
		_ = db.bolt.Close()
		return rep, err
	}
	path := filepath.Join(dir, DBFile)
	tmp := path + ".protect"
	dst, n, err := sealInto(db.bolt, tmp, codec, protection{KDF: "argon2id", Params: kdf, Salt: salt}, op, o)
	if err == nil {
		err = o.atStep("protect:sealed")
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	cerr := db.bolt.Close()
	if dst != nil {
		if derr := dst.Close(); cerr == nil {
			cerr = derr
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		return rep, fmt.Errorf("protect: %w", err)
	}
	if cerr != nil {
		return rep, cerr
	}
	rep.Values = n
	if err := syncDir(dir); err != nil {
		return rep, err
	}
	if err := o.atStep("protect:swapped"); err != nil {
		return rep, err
	}
	return finishProtect(dir, pass, opts, rep, lk)
}

// sealInto copies every bucket of src into a new file, sealing each
// encoded value, and adds the protection record.
func sealInto(src *bolt.DB, tmp string, codec *AEADCodec, pr protection, op PendingOp, o Options) (*bolt.DB, int, error) {
	_ = os.Remove(tmp)
	check, err := codec.Seal([]byte(checkPlain))
	if err != nil {
		return nil, 0, err
	}
	pr.Check = check
	rec, err := json.Marshal(pr)
	if err != nil {
		return nil, 0, err
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: o.LockTimeout, NoSync: true})
	if err != nil {
		return nil, 0, err
	}
	n := 0
	err = src.View(func(stx *bolt.Tx) error {
		return dst.Update(func(dtx *bolt.Tx) error {
			return stx.ForEach(func(name []byte, sb *bolt.Bucket) error {
				db, err := dtx.CreateBucket(name)
				if err != nil {
					return err
				}
				if err := db.SetSequence(sb.Sequence()); err != nil {
					return err
				}
				err = sb.ForEach(func(k, v []byte) error {
					if v == nil {
						return fmt.Errorf("bucket %s holds a nested bucket, which Protect does not handle", name)
					}
					out := v
					if len(v) > 0 && v[0] == FormatJSON {
						if out, err = codec.Seal(v[1:]); err != nil {
							return err
						}
						n++
					} else if string(name) == string(bucketMeta) && string(k) == string(keyPending) {
						return nil // no operation is pending on an open project
					} else if len(v) > 0 && !(string(name) == string(bucketMeta) && string(k) == string(keySchema)) {
						return fmt.Errorf("bucket %s holds a value of unknown format %d", name, v[0])
					}
					return db.Put(k, out)
				})
				if err != nil {
					return err
				}
				if string(name) == string(bucketMeta) {
					if err := db.Put(keyProtection, rec); err != nil {
						return err
					}
					// The sealed file's first promise: its plain copies go.
					return addPending(dtx, op)
				}
				return nil
			})
		})
	})
	if err == nil {
		err = dst.Sync()
	}
	if err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return nil, 0, err
	}
	return dst, n, nil
}

// finishProtect replaces the plain-text backups by an encrypted one and
// removes the on-disk index, under the caller's lock. The open clears the
// pending record once the plain copies are gone (finishProtectPending):
// the same code finishes a protect interrupted by a crash.
func finishProtect(dir string, pass []byte, opts Options, rep ProtectReport, lk *projectLock) (ProtectReport, error) {
	var err error
	if rep.BackupsDeleted, rep.IndexRemoved, err = removePlainCopies(dir); err != nil {
		return rep, err
	}
	if err := opts.atStep("protect:cleaned"); err != nil {
		return rep, err
	}
	o := opts.withDefaults()
	o.NoBackup, o.Passphrase = true, pass
	db, err := openLocked(dir, o, lk)
	if err != nil {
		return rep, err
	}
	b, err := db.Backup("protect")
	rep.Backup = b.Name
	if cerr := db.closeKeepLock(); err == nil {
		err = cerr
	}
	return rep, err
}

// removePlainCopies deletes what holds a protected project's content in
// the clear: every backup that is not itself protected, leftovers of
// interrupted backups, and the on-disk search index (a protected project
// keeps its index in memory).
func removePlainCopies(dir string) (deleted []string, indexRemoved bool, err error) {
	list, err := Backups(dir)
	if err != nil {
		return nil, false, err
	}
	for _, b := range list {
		if isProtectedFile(b.Path) {
			continue
		}
		if err := os.Remove(b.Path); err != nil {
			return deleted, false, fmt.Errorf("delete plain-text backup %s: %w", b.Name, err)
		}
		deleted = append(deleted, b.Name)
	}
	for _, pat := range []string{"*.tmp", "*.compact", "*.bad"} {
		tmps, _ := filepath.Glob(filepath.Join(dir, BackupsDir, pat))
		for _, t := range tmps {
			if err := os.Remove(t); err != nil {
				return deleted, false, fmt.Errorf("delete %s: %w", filepath.Base(t), err)
			}
			deleted = append(deleted, filepath.Base(t))
		}
	}
	if err := syncDir(filepath.Join(dir, BackupsDir)); err != nil && !os.IsNotExist(err) {
		return deleted, false, err
	}
	entries, err := os.ReadDir(filepath.Join(dir, IndexDir))
	if err != nil && !os.IsNotExist(err) {
		return deleted, false, err
	}
	if len(entries) > 0 {
		if err := removeIndexDir(dir); err != nil {
			return deleted, false, err
		}
		indexRemoved = true
	}
	return deleted, indexRemoved, nil
}

// isProtectedFile reports whether the bbolt file at path carries a
// protection record. A file that does not open counts as not protected.
func isProtectedFile(path string) bool {
	bdb, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return false
	}
	defer bdb.Close()
	ok := false
	_ = bdb.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			ok = m.Get(keyProtection) != nil
		}
		return nil
	})
	return ok
}

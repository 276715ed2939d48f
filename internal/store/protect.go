package store

import (
	"bytes"
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
	// The project stays locked from here to the end: no other process
	// opens the plain file after the swap, or the new one before its
	// plain copies are gone.
	lk, db, err := lockAndOpen(dir, o)
	defer lk.release()
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
	tmp := filepath.Join(dir, DBFile) + ".protect"
	rep.Values, err = swapIn(db, tmp, "protect", o, func() (*bolt.DB, int, error) {
		return sealInto(db.bolt, tmp, codec, protection{KDF: "argon2id", Params: kdf, Salt: salt}, op, o)
	})
	if err != nil {
		return rep, err
	}
	return finishProtect(dir, pass, opts, rep, lk)
}

// swapIn writes a new project file at tmp with write (from db's open
// file), renames it over project.db while the caller holds the project's
// lock, and closes both files. what names the operation in errors and in
// the fault hook's steps (what+":written", what+":swapped"). It returns
// write's count.
func swapIn(db *DB, tmp, what string, o Options, write func() (*bolt.DB, int, error)) (int, error) {
	dst, n, err := write()
	if err == nil {
		err = o.atStep(what + ":written")
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(db.dir, DBFile))
	}
	cerr := db.bolt.Close()
	if dst != nil {
		if derr := dst.Close(); cerr == nil {
			cerr = derr
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if cerr != nil {
		return 0, cerr
	}
	if err := syncDir(db.dir); err != nil {
		return 0, err
	}
	return n, o.atStep(what + ":swapped")
}

// sealInto copies every bucket of src into a new file, sealing each
// encoded value, and adds the protection record and op.
func sealInto(src *bolt.DB, tmp string, codec *AEADCodec, pr protection, op PendingOp, o Options) (*bolt.DB, int, error) {
	check, err := codec.Seal([]byte(checkPlain))
	if err != nil {
		return nil, 0, err
	}
	pr.Check = check
	rec, err := json.Marshal(pr)
	if err != nil {
		return nil, 0, err
	}
	plain := NewJSONCodec()
	seal := func(v []byte) ([]byte, error) {
		p, err := plain.Open(v)
		if err != nil {
			return nil, err
		}
		return codec.Seal(p)
	}
	return transcodeInto(src, tmp, seal, codec, func(meta *bolt.Bucket) error {
		if err := meta.Put(keyProtection, rec); err != nil {
			return err
		}
		// The sealed file's first promise: its plain copies go.
		return addPendingTo(meta, op)
	}, o)
}

// unsealInto copies every bucket of src into a new file, opening each
// sealed value, without the protection record, and adds op.
func unsealInto(src *bolt.DB, tmp string, codec Codec, op PendingOp, o Options) (*bolt.DB, int, error) {
	target := NewJSONCodec()
	unseal := func(v []byte) ([]byte, error) {
		plain, err := codec.Open(v)
		if err != nil {
			return nil, err
		}
		return target.Seal(plain)
	}
	return transcodeInto(src, tmp, unseal, target, func(meta *bolt.Bucket) error { return addPendingTo(meta, op) }, o)
}

// transcodeInto copies every bucket of src into a new, locked file at tmp,
// passing each encoded value through conv, and lets meta add to the meta
// bucket. The schema version is copied as it is; the protection record
// and pending operations are not copied. The text versions get the keys
// of target, the new file's codec. It returns the new file and the number
// of values converted.
func transcodeInto(src *bolt.DB, tmp string, conv func([]byte) ([]byte, error), target Codec, meta func(*bolt.Bucket) error, o Options) (*bolt.DB, int, error) {
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: o.LockTimeout, NoSync: true})
	if err != nil {
		return nil, 0, err
	}
	n := 0
	err = src.View(func(stx *bolt.Tx) error {
		return dst.Update(func(dtx *bolt.Tx) error {
			err := stx.ForEach(func(name []byte, sb *bolt.Bucket) error {
				db, err := dtx.CreateBucket(name)
				if err != nil {
					return err
				}
				if err := db.SetSequence(sb.Sequence()); err != nil {
					return err
				}
				db.FillPercent = 1.0 // copied in key order
				isMeta := bytes.Equal(name, bucketMeta)
				err = sb.ForEach(func(k, v []byte) error {
					switch {
					case v == nil:
						return fmt.Errorf("bucket %s holds a nested bucket, which protect does not handle", name)
					case isMeta && (bytes.Equal(k, keyPending) || bytes.Equal(k, keyProtection)):
						return nil
					case isMeta && (bytes.Equal(k, keySchema) || bytes.Equal(k, keyCounts)), len(v) == 0:
						// Not encoded: the schema version and the entity
						// counts (numbers, no content).
						return db.Put(k, v)
					}
					out, err := conv(v)
					if err != nil {
						return fmt.Errorf("bucket %s key %q: %w", name, k, err)
					}
					n++
					return db.Put(k, out)
				})
				if err != nil {
					return err
				}
				if isMeta {
					return meta(db)
				}
				return nil
			})
			if err != nil {
				return err
			}
			return rekeyTextVersions(dtx, target)
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

// UnprotectReport tells what Unprotect did.
type UnprotectReport struct {
	// Values counts the values decrypted.
	Values int `json:"values"`
	// BackupsDeleted names the encrypted backups removed; a plain one is
	// written in their place.
	BackupsDeleted []string `json:"backups_deleted,omitempty"`
	// Backup is the new, plain backup.
	Backup string `json:"backup"`
}

// Unprotect removes a project's encryption at rest: every value is
// decrypted into a new file that replaces project.db while the project
// stays locked; the encrypted backups are replaced by one plain backup.
// The search index is kept on disk again from the next open. A crash after
// the swap is finished by the next open (OpUnprotect).
func Unprotect(dir string, pass []byte, opts Options) (UnprotectReport, error) {
	var rep UnprotectReport
	o := opts.withDefaults()
	o.NoBackup, o.Passphrase = true, pass
	lk, db, err := lockAndOpen(dir, o)
	defer lk.release()
	if err != nil {
		return rep, err
	}
	if !db.Protected() {
		_ = db.bolt.Close()
		return rep, qda.Errorf(qda.EConflict, "the project is not protected")
	}
	op, err := newPendingOp(OpUnprotect, o.Now())
	if err != nil {
		_ = db.bolt.Close()
		return rep, err
	}
	tmp := filepath.Join(dir, DBFile) + ".unprotect"
	rep.Values, err = swapIn(db, tmp, "unprotect", o, func() (*bolt.DB, int, error) {
		return unsealInto(db.bolt, tmp, db.opts.Codec, op, o)
	})
	if err != nil {
		return rep, err
	}
	if rep.BackupsDeleted, err = removeProtectedBackups(dir); err != nil {
		return rep, err
	}
	o.Passphrase = nil
	db, err = openLocked(dir, o, lk)
	if err != nil {
		return rep, err
	}
	b, err := db.Backup("unprotect")
	rep.Backup = b.Name
	if cerr := db.closeKeepLock(); err == nil {
		err = cerr
	}
	return rep, err
}

// removeProtectedBackups deletes the backups that are encrypted: after
// Unprotect nobody should need the old passphrase to restore.
func removeProtectedBackups(dir string) ([]string, error) {
	list, err := Backups(dir)
	if err != nil {
		return nil, err
	}
	var deleted []string
	for _, b := range list {
		if !isProtectedFile(b.Path) {
			continue
		}
		if err := os.Remove(b.Path); err != nil {
			return deleted, fmt.Errorf("delete encrypted backup %s: %w", b.Name, err)
		}
		deleted = append(deleted, b.Name)
	}
	return deleted, syncDir(filepath.Join(dir, BackupsDir))
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

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/protocoder/protocoder/internal/qda"
)

// OpenReadOnly opens the project in dir for reading only, as the source
// of a merge: the file is opened with bbolt's ReadOnly option (a shared
// lock, so no process writes it meanwhile) and nothing in the folder is
// written: no backup, no migration, no check stamp, no clean-up of
// temporary files. A file of an older schema is copied to a temporary
// folder and the copy is migrated and opened instead (Close removes it);
// a file of a newer schema is refused. Writes on the returned DB fail.
func OpenReadOnly(dir string, opts Options) (db *DB, err error) {
	opts = opts.withDefaults()
	opts.NoBackup = true
	path := filepath.Join(dir, DBFile)
	if !IsProject(dir) {
		return nil, notProject(dir)
	}
	lk, err := readLock(dir, opts)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			lk.release()
		}
	}()
	bdb, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: opts.LockTimeout})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, alreadyOpen(dir)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrInvalidMapping):
		return nil, damaged(dir, err)
	case err != nil:
		return nil, qda.Errorf(qda.EInvalid, "cannot open the project file %s: %v", path, err)
	}
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged(dir, fmt.Errorf("%v", r))
		}
		if err != nil {
			closeQuietly(bdb)
		}
	}()
	if err := checkPages(bdb); err != nil {
		return nil, damaged(dir, err)
	}
	var pending []PendingOp
	if err := bdb.View(func(btx *bolt.Tx) (err error) { pending, err = readPending(btx); return err }); err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, qda.Errorf(qda.EConflict, "the project %s has an interrupted %s; open it once with protocoder to finish it, then try again", dir, pending[0].Kind)
	}
	if opts, err = unlockOptions(bdb, opts); err != nil {
		return nil, err
	}
	var v int
	if err := bdb.View(func(tx *bolt.Tx) (err error) { v, err = schemaVersion(tx); return err }); err != nil {
		return nil, qda.Errorf(qda.EUnsupported, "cannot read the schema version of %s: %v", dir, err)
	}
	switch {
	case v > SchemaVersion:
		return nil, qda.Errorf(qda.EUnsupported, "the project %s was written by a newer protocoder (schema %d, this one knows %d)", dir, v, SchemaVersion)
	case v < SchemaVersion:
		db, err := migratedCopy(dir, bdb, opts)
		if err == nil {
			lk.release() // the source is copied: it is no longer read
		}
		return db, err
	}
	return &DB{bolt: bdb, dir: dir, opts: opts, readOnly: true, lock: lk}, nil
}

// readLock takes the lock on dir's LockFile as Open does, but without
// creating or writing the file (it is opened read-only); a project of a
// protocoder from before the lock file has none, and bbolt's own shared
// lock on the project file then keeps writers out. The lock may be nil.
func readLock(dir string, opts Options) (*projectLock, error) {
	lk, err := lockAt(dir, opts, true)
	if errors.Is(err, errLocked) {
		return nil, alreadyOpen(dir)
	}
	return lk, err
}

// migratedCopy copies the read-only file bdb of an older schema into a
// temporary folder and opens the copy, which Open migrates. bdb is closed.
func migratedCopy(dir string, bdb *bolt.DB, opts Options) (*DB, error) {
	tmp, err := os.MkdirTemp("", "protocoder-source-")
	if err != nil {
		return nil, fmt.Errorf("copy the older project %s: %w", dir, err)
	}
	fail := func(err error) (*DB, error) {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(tmp, DBFile), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fail(fmt.Errorf("copy the older project %s: %w", dir, err))
	}
	err = bdb.View(func(tx *bolt.Tx) error { _, err := tx.WriteTo(f); return err })
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(fmt.Errorf("copy the older project %s: %w", dir, err))
	}
	db, err := Open(tmp, opts)
	if err != nil {
		return fail(err)
	}
	db.tempDir = tmp
	return db, nil
}

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/protocoder/protocoder/internal/qda"
)

// Names inside a project folder (see docs/architecture.md).
const (
	DBFile     = "project.db"
	IndexDir   = "index"
	BackupsDir = "backups"
	KeysDir    = "keys"
)

// DefaultLockTimeout is how long Open waits for another process to release
// the project before it gives up with an "already open" error.
const DefaultLockTimeout = 1500 * time.Millisecond

// Options configure Open and Init.
type Options struct {
	// LockTimeout bounds the wait for the file lock; 0 means the default.
	LockTimeout time.Duration
	// Codec encodes values; nil means NewJSONCodec().
	Codec Codec
	// Now returns the current time; nil means time.Now. Used for backup names.
	Now func() time.Time
	// NoBackup disables the backups taken on open and close (tests, tools
	// that only read).
	NoBackup bool
	// Passphrase opens a protected (encrypted) project; ignored for
	// others. See Protect.
	Passphrase []byte
	// KDF sets the Argon2id cost for Protect; zero means DefaultKDF.
	KDF KDFParams
	// AlwaysCheck runs the page check on open even when the file is
	// unchanged since it last passed (see CheckedFile).
	AlwaysCheck bool
	// NoSync skips fsync on commit; only for benchmarks and bulk tools that
	// take a backup afterwards.
	NoSync bool
	// OnPending, if set, is called with the kind of each interrupted
	// operation (OpErase, OpProtect) before Open finishes it, so that a
	// user interface can say why the open takes long.
	OnPending func(kind string)

	// fault, when set (tests only), is called at each step of the
	// multi-file operations; an error stops the operation there, as a
	// crash would.
	fault func(step string) error
}

// pending reports an interrupted operation about to be finished.
func (o Options) pending(kind string) {
	if o.OnPending != nil {
		o.OnPending(kind)
	}
}

// atStep calls the fault hook of tests.
func (o Options) atStep(step string) error {
	if o.fault == nil {
		return nil
	}
	return o.fault(step)
}

func (o Options) withDefaults() Options {
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.Codec == nil {
		o.Codec = NewJSONCodec()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// DB is an open project store. It holds the project file's lock until Close.
type DB struct {
	// mu guards bolt, which Compact replaces by the compacted file.
	mu   sync.RWMutex
	bolt *bolt.DB
	dir  string
	opts Options
	// lock is the held lock on LockFile; Close releases it.
	lock *projectLock
	// MigratedFrom is the schema version the file had when opened.
	MigratedFrom int
	// BackupErr is why the backup on open could not be written (a full
	// disk, a read-only backups folder); the project opens anyway, and the
	// caller should warn.
	BackupErr error
	// backedUp is 1 + the command sequence number of the newest backup
	// this handle wrote of the current schema (0: none), so that a
	// migrated project is backed up once after the migration, not again
	// at close.
	backedUp atomic.Uint64
	// readOnly is set by OpenReadOnly: Close writes nothing.
	readOnly bool
	// tempDir is the temporary folder of a migrated copy (OpenReadOnly);
	// Close removes it.
	tempDir string
}

// IsProject reports whether dir holds a project file.
func IsProject(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, DBFile))
	return err == nil && st.Mode().IsRegular()
}

// Init creates a new project in dir (created if missing) with the folder
// layout and an empty store at the current schema. It fails if dir already
// holds a project. The store file appears only when it is complete.
func Init(dir string, p qda.Project, opts Options) error {
	opts = opts.withDefaults()
	if IsProject(dir) {
		return qda.Errorf(qda.EConflict, "%s already holds a project", dir)
	}
	if err := p.Validate(); err != nil {
		return err
	}
	for _, sub := range []string{"", IndexDir, BackupsDir, KeysDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return fmt.Errorf("create project folder: %w", err)
		}
	}
	lk, err := acquireLock(dir, opts)
	if errors.Is(err, errLocked) {
		return alreadyOpen(dir)
	} else if err != nil {
		return err
	}
	defer lk.release()
	if IsProject(dir) { // made by another process while we waited
		return qda.Errorf(qda.EConflict, "%s already holds a project", dir)
	}
	tmp := filepath.Join(dir, DBFile+".init")
	_ = os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: opts.LockTimeout})
	if err != nil {
		return fmt.Errorf("create project file: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := migrate(tx, opts.Codec); err != nil {
			return err
		}
		v, err := opts.Codec.Encode(&p)
		if err != nil {
			return err
		}
		if err := writeCounts(tx, map[string]int{}); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyProject, v)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("initialise project: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, DBFile)); err != nil {
		return fmt.Errorf("initialise project: %w", err)
	}
	return syncDir(dir)
}

// Open opens the project in dir, migrating its schema if needed, and takes
// a backup (unless disabled). A second process gets an "already open" error
// after the lock timeout.
func Open(dir string, opts Options) (*DB, error) {
	lk, db, err := lockAndOpen(dir, opts.withDefaults())
	if err != nil {
		lk.release()
		return nil, err
	}
	return db, nil
}

// notProject is the error for a folder without a project file.
func notProject(dir string) error {
	return qda.Errorf(qda.ENotProject, "%s is not a protocoder project (no %s)", dir, DBFile)
}

// lockAndOpen checks that dir holds a project, locks it and opens it. The
// lock is returned whenever it was taken, with an error of the open too:
// releasing it is the caller's (the returned DB's Close releases it as
// well, for callers that keep the DB).
func lockAndOpen(dir string, opts Options) (*projectLock, *DB, error) {
	if !IsProject(dir) {
		return nil, nil, notProject(dir)
	}
	lk, err := lockProject(dir, opts)
	if err != nil {
		return nil, nil, err
	}
	db, err := openLocked(dir, opts, lk)
	return lk, db, err
}

// lockProject takes the project's lock for Open and the operations that
// replace files, with the user's messages for its failures.
func lockProject(dir string, opts Options) (*projectLock, error) {
	lk, err := acquireLock(dir, opts)
	if errors.Is(err, errLocked) {
		return nil, alreadyOpen(dir)
	} else if errors.Is(err, os.ErrPermission) {
		return nil, qda.Errorf(qda.EInvalid, "cannot open the project file %s for writing: permission denied (the project folder is read-only or belongs to another user)", filepath.Join(dir, DBFile))
	} else if err != nil {
		return nil, err
	}
	return lk, nil
}

// openLocked opens the project while the caller holds its lock, which the
// returned DB then owns (Close releases it). On error the lock stays with
// the caller.
func openLocked(dir string, opts Options, lk *projectLock) (*DB, error) {
	path := filepath.Join(dir, DBFile)
	bdb, err := openBolt(dir, path, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		// Only a protocoder from before project.lock holds project.db's
		// own lock without holding project.lock.
		return nil, alreadyOpen(dir)
	} else if IsDamaged(err) {
		return nil, err
	} else if errors.Is(err, os.ErrPermission) {
		return nil, qda.Errorf(qda.EInvalid, "cannot open the project file %s for writing: permission denied (the project folder is read-only or belongs to another user)", path)
	} else if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "cannot open the project file %s: %v", path, err)
	}
	db, err := setUp(dir, bdb, opts)
	if err != nil {
		closeQuietly(bdb)
		return nil, err
	}
	db.lock = lk
	return db, nil
}

// setUp unlocks, backs up and migrates the opened file. A panic inside
// bbolt (a damaged page the open check skipped, see CheckedFile) becomes
// a damage error.
func setUp(dir string, bdb *bolt.DB, opts Options) (db *DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			cause := fmt.Errorf("%v", r)
			if cerr := checkPages(bdb); cerr != nil {
				cause = fmt.Errorf("%v; %v", r, cerr)
			}
			db, err = nil, damaged(dir, cause)
		}
	}()
	if err := finishProtectPending(dir, bdb, opts); err != nil {
		return nil, err
	}
	if opts, err = unlockOptions(bdb, opts); err != nil {
		return nil, err
	}
	db = &DB{bolt: bdb, dir: dir, opts: opts}
	// Finishing an erasure compacts: from here on the file is db.bolt,
	// which the caller's bdb may no longer be.
	opened := db
	defer func() {
		if err != nil && opened.bolt != bdb {
			closeQuietly(opened.bolt)
		}
	}()
	removeStaleTemps(dir)
	if err := db.finishPending(); err != nil {
		return nil, err
	}
	if err := db.backupBeforeMigration(); err != nil {
		return nil, err
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		from, err := migrate(tx, opts.Codec)
		db.MigratedFrom = from
		return err
	})
	if err != nil {
		return nil, qda.Errorf(qda.EUnsupported, "cannot open %s: %v", dir, err)
	}
	if db.MigratedFrom > 0 && db.MigratedFrom < utf8TextsSchema {
		// The migrations to text versions, to compressed values and
		// to texts as UTF-8 rewrite the largest values in one
		// transaction, which cannot reuse the pages it frees: the file
		// grows by their size. Compacting once gives the space back.
		if _, _, err := db.Compact(); err != nil {
			return nil, fmt.Errorf("compact after the migration to schema %d: %w", SchemaVersion, err)
		}
	}
	if err := db.ensureCounts(); err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if !opts.NoBackup {
		if _, err := db.backupIfChanged("open"); err != nil {
			db.BackupErr = err
		}
	}
	return db, nil
}

// Dir returns the project folder.
func (db *DB) Dir() string { return db.dir }

// Close takes a backup (unless disabled) and releases the project.
func (db *DB) Close() error {
	defer db.lock.release()
	return db.closeKeepLock()
}

// closeKeepLock is Close without releasing the project's lock: for the
// operations that close and reopen the store while the project must stay
// theirs from start to end.
func (db *DB) closeKeepLock() error {
	var berr error
	if !db.opts.NoBackup {
		_, berr = db.backupIfChanged("close")
	}
	st, serr := fileState(db.bolt)
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close project: %w", err)
	}
	if serr == nil && !db.readOnly {
		// bbolt's Close writes nothing, so the state read before it is
		// the state of the closed file.
		markChecked(db.dir, st)
	}
	if db.tempDir != "" {
		if err := os.RemoveAll(db.tempDir); err != nil && berr == nil {
			berr = fmt.Errorf("remove the temporary copy: %w", err)
		}
	}
	return berr
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(tx *Tx) error) (err error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	defer db.recoverDamage(&err)
	return db.bolt.View(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx, codec: db.opts.Codec})
	})
}

// Update runs fn in a read-write transaction and records cmd, with the
// changes fn made, in the same transaction. If fn or the recording fails,
// nothing is written. cmd.Seq is set on success.
func (db *DB) Update(cmd *qda.Command, fn func(tx *Tx) error) (err error) {
	if cmd == nil || cmd.Kind == "" {
		return qda.Errorf(qda.EInternal, "a write needs a command record")
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	defer db.recoverDamage(&err)
	return db.bolt.Update(func(btx *bolt.Tx) error {
		tx := &Tx{tx: btx, codec: db.opts.Codec, writable: true}
		if err := fn(tx); err != nil {
			return err
		}
		cmd.Changes = tx.changes
		return tx.putCommand(cmd)
	})
}

// UpdateMany is Update for several commands in one transaction (a page of
// commands pulled from the team server, applied with one fsync): fn(i, tx)
// makes cmds[i]'s changes, recorded with it. If one fails, nothing is
// written.
func (db *DB) UpdateMany(cmds []*qda.Command, fn func(i int, tx *Tx) error) (err error) {
	for _, cmd := range cmds {
		if cmd == nil || cmd.Kind == "" {
			return qda.Errorf(qda.EInternal, "a write needs a command record")
		}
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	defer db.recoverDamage(&err)
	return db.bolt.Update(func(btx *bolt.Tx) error {
		for i, cmd := range cmds {
			tx := &Tx{tx: btx, codec: db.opts.Codec, writable: true}
			if err := fn(i, tx); err != nil {
				return err
			}
			cmd.Changes = tx.changes
			if err := tx.putCommand(cmd); err != nil {
				return err
			}
		}
		return nil
	})
}

// syncDir fsyncs a directory so a rename in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// backupBeforeMigration copies an older-schema file into the backups folder
// before it is migrated, so a migration can always be undone by restoring.
func (db *DB) backupBeforeMigration() error {
	var v int
	if err := db.bolt.View(func(tx *bolt.Tx) (err error) { v, err = schemaVersion(tx); return err }); err != nil {
		return qda.Errorf(qda.EUnsupported, "cannot read the schema version of %s: %v", db.dir, err)
	}
	if v == 0 || v >= SchemaVersion {
		return nil
	}
	_, err := db.backup(fmt.Sprintf("pre-migration-v%d", v))
	return err
}

// Usage returns the size of the project file and the bytes its pages in
// use take: without free pages and without the room bbolt allocates ahead
// when the file grows (in steps of up to 16 MiB), which a compaction
// gives back.
func (db *DB) Usage() (file, used int64, err error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	// Not db.bolt.Path(): after a compaction that is the name the
	// compacted file had before it replaced project.db.
	st, err := os.Stat(filepath.Join(db.dir, DBFile))
	if err != nil {
		return 0, 0, fmt.Errorf("size of the project file: %w", err)
	}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		s := db.bolt.Stats()
		used = tx.Size() - int64(s.FreePageN+s.PendingPageN)*int64(db.bolt.Info().PageSize)
		return nil
	})
	return st.Size(), used, err
}

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/protocoder/protocoder/internal/qda"
)

// maxCheckErrors bounds the problems a damage report lists.
const maxCheckErrors = 3

// openBolt opens the project file and checks its page structure (bbolt's
// Tx.Check: every page reachable or free, no page claimed twice, keys in
// order), so that a damaged file is reported on open with the way out
// (restore a backup) instead of crashing the app later. A panic inside
// bbolt, which some damaged pages cause, is turned into the same error.
// The check is skipped when the file is unchanged since it last passed or
// was closed cleanly (see CheckedFile); damage that appears later is
// still caught by recoverDamage and by verify.
func openBolt(dir, path string, opts Options) (bdb *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged(dir, fmt.Errorf("%v", r))
		}
		if err != nil && bdb != nil {
			closeQuietly(bdb)
			bdb = nil
		}
	}()
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, NoSync: opts.NoSync})
	switch {
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrInvalidMapping):
		return nil, damaged(dir, err)
	case err != nil:
		return nil, err
	}
	if opts.AlwaysCheck || !alreadyChecked(dir, bdb) {
		if err := checkPages(bdb); err != nil {
			return bdb, damaged(dir, err)
		}
		if st, err := fileState(bdb); err == nil {
			markChecked(dir, st)
		}
	}
	return bdb, nil
}

// checkPages runs bbolt's consistency check and returns its first problems.
func checkPages(bdb *bolt.DB) error {
	var probs []string
	err := bdb.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			if len(probs) < maxCheckErrors {
				probs = append(probs, strings.TrimPrefix(e.Error(), "panic: "))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "; "))
	}
	return nil
}

// closeQuietly closes a bbolt file that may be damaged.
func closeQuietly(bdb *bolt.DB) {
	defer func() { _ = recover() }()
	_ = bdb.Close()
}

// damaged is the error for a project file that bbolt cannot read. It
// names the newest backup and how to restore it.
func damaged(dir string, cause error) error {
	path := filepath.Join(dir, DBFile)
	list, _ := Backups(dir)
	if len(list) == 0 {
		return qda.Errorf(qda.EDamaged, "the project file %s is damaged (%v), and the project has no backups in %s",
			path, cause, filepath.Join(dir, BackupsDir))
	}
	return qda.Errorf(qda.EDamaged, "the project file %s is damaged (%v). The newest backup is %s (%s); restore it with: protocoder-cli -p %s restore %s (other backups: protocoder-cli -p %s backups)",
		path, cause, list[0].Name, list[0].Time.Local().Format("2006-01-02 15:04"), dir, list[0].Name, dir)
}

// recoverDamage turns a panic inside a transaction into a damage error
// when the file's check finds problems; other panics (bugs) go on.
func (db *DB) recoverDamage(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if cerr := checkPages(db.bolt); cerr != nil {
		*err = damaged(db.dir, fmt.Errorf("%v; %v", r, cerr))
		return
	}
	panic(r)
}

// IsDamaged reports whether err says the project file is damaged (so a
// backup should be restored).
func IsDamaged(err error) bool { return qda.ErrorCode(err) == qda.EDamaged }

// restoreDamaged replaces a project file that does not open by the backup
// src, under the caller's lock on the project: it keeps the damaged file
// in the backups folder as damaged-TIME.db.bad (not a backup: never
// listed, restored or rotated) and puts the backup in place with an atomic
// rename. The returned Backup describes the kept file.
func restoreDamaged(projectDir, src string, opts Options) (Backup, error) {
	dst := filepath.Join(projectDir, DBFile)
	dir := filepath.Join(projectDir, BackupsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Backup{}, fmt.Errorf("restore: %w", err)
	}
	kept := Backup{Time: opts.Now().UTC(), Reason: "damaged"}
	kept.Name = "damaged-" + kept.Time.Format(backupTimeLayout) + ".db.bad"
	kept.Path = filepath.Join(dir, kept.Name)
	if err := copyFile(dst, kept.Path); err != nil {
		return Backup{}, fmt.Errorf("restore: keep the damaged file: %w", err)
	}
	tmp := dst + ".restore"
	err := copyFile(src, tmp)
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return Backup{}, fmt.Errorf("restore %s: %w", filepath.Base(src), err)
	}
	return kept, syncDir(projectDir)
}

// removeStaleTemps deletes what a process killed while writing a backup,
// restoring, compacting or protecting left behind: backups/*.db.tmp and
// *.db.compact, project.db.restore, .compact, .protect, .unprotect and
// .init. Call it
// only while holding the project's lock (then no other process is writing
// them).
func removeStaleTemps(dir string) {
	tmps, _ := filepath.Glob(filepath.Join(dir, BackupsDir, "*.db.tmp"))
	compacts, _ := filepath.Glob(filepath.Join(dir, BackupsDir, "*.db.compact"))
	tmps = append(tmps, compacts...)
	for _, ext := range []string{".restore", ".compact", ".protect", ".unprotect", ".init"} {
		tmps = append(tmps, filepath.Join(dir, DBFile+ext))
	}
	for _, p := range tmps {
		_ = os.Remove(p)
	}
}

package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Irrevocable erasure
//
// bbolt frees the pages of deleted values but leaves their bytes in the
// file until the pages are reused, and every backup (Tx.WriteTo) copies
// those free pages too. Erase therefore (1) deletes in one transaction and
// scrubs the change images of every command record that held the erased
// content, recording its own command without images; (2) compacts the
// file into a new one that holds only live pages and atomically replaces
// project.db with it, keeping the file lock throughout (the new file is
// opened and locked before the rename, the old handle closed after); and
// (3) does the same to every backup: erase, scrub, compact, replace — or
// delete a backup that cannot be rewritten.

// EraseReport tells what Erase did beyond the transaction.
type EraseReport struct {
	// Scrubbed counts the command records whose images were removed.
	Scrubbed int `json:"scrubbed"`
	// SizeBefore and SizeAfter are project.db's sizes around compaction.
	SizeBefore int64 `json:"size_before"`
	SizeAfter  int64 `json:"size_after"`
	// BackupsRewritten and BackupsDeleted name the backups rewritten
	// without the content, or deleted because they could not be.
	BackupsRewritten []string `json:"backups_rewritten,omitempty"`
	BackupsDeleted   []string `json:"backups_deleted,omitempty"`
}

// Erase runs fn in a read-write transaction like Update, records cmd with
// the keys but not the images of fn's changes, removes the images that
// scrub selects from every earlier command record, and then compacts the
// store file and every backup so no byte of the erased content remains.
// fn also runs on each backup (which may lack some entities: it must
// tolerate not-found).
func (db *DB) Erase(cmd *qda.Command, fn func(tx *Tx) error, scrub func(*qda.Change) bool) (EraseReport, error) {
	var rep EraseReport
	if cmd == nil || cmd.Kind == "" {
		return rep, qda.Errorf(qda.EInternal, "an erasure needs a command record")
	}
	db.mu.RLock()
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		tx := &Tx{tx: btx, codec: db.opts.Codec, writable: true}
		if err := fn(tx); err != nil {
			return err
		}
		n, err := scrubCommands(btx, db.opts.Codec, scrub)
		if err != nil {
			return err
		}
		rep.Scrubbed = n
		cmd.Changes = nil
		for _, c := range tx.changes {
			cmd.Changes = append(cmd.Changes, qda.Change{Entity: c.Entity, Key: c.Key})
		}
		return tx.putCommand(cmd)
	})
	db.mu.RUnlock()
	if err != nil {
		return rep, err
	}
	if rep.SizeBefore, rep.SizeAfter, err = db.Compact(); err != nil {
		return rep, err
	}
	rep.BackupsRewritten, rep.BackupsDeleted, err = db.eraseInBackups(fn, scrub)
	return rep, err
}

// scrubCommands clears the images scrub selects in every command record
// and returns how many records changed.
func scrubCommands(btx *bolt.Tx, codec Codec, scrub func(*qda.Change) bool) (int, error) {
	b := btx.Bucket(bucketCommands)
	if b == nil || scrub == nil {
		return 0, nil
	}
	type update struct{ k, v []byte }
	var ups []update
	err := b.ForEach(func(k, v []byte) error {
		var cmd qda.Command
		if err := codec.Decode(v, &cmd); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		changed := false
		for i := range cmd.Changes {
			c := &cmd.Changes[i]
			if (c.Before != nil || c.After != nil) && scrub(c) {
				c.Before, c.After = nil, nil
				changed = true
			}
		}
		if !changed {
			return nil
		}
		enc, err := codec.Encode(&cmd)
		if err != nil {
			return err
		}
		ups = append(ups, update{bytes.Clone(k), enc})
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, u := range ups {
		if err := b.Put(u.k, u.v); err != nil {
			return 0, err
		}
	}
	return len(ups), nil
}

// Compact rewrites the store file with only its live pages and replaces
// it atomically, keeping the project locked throughout. It returns the
// file's size before and after.
func (db *DB) Compact() (before, after int64, err error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	path := filepath.Join(db.dir, DBFile)
	if st, err := os.Stat(path); err == nil {
		before = st.Size()
	}
	dst, err := compactInto(db.bolt, path+".compact", db.opts.LockTimeout)
	if err != nil {
		return before, 0, err
	}
	if err := os.Rename(path+".compact", path); err != nil {
		_ = dst.Close()
		_ = os.Remove(path + ".compact")
		return before, 0, fmt.Errorf("compact: %w", err)
	}
	dst.NoSync = db.opts.NoSync
	old := db.bolt
	db.bolt = dst
	if err := old.Close(); err != nil {
		return before, 0, fmt.Errorf("compact: close the old file: %w", err)
	}
	if st, err := os.Stat(path); err == nil {
		after = st.Size()
	}
	return before, after, syncDir(db.dir)
}

// compactInto copies src's live data into a new, locked file at tmp.
func compactInto(src *bolt.DB, tmp string, timeout time.Duration) (*bolt.DB, error) {
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: timeout, NoSync: true})
	if err != nil {
		return nil, fmt.Errorf("compact: %w", err)
	}
	if err := bolt.Compact(dst, src, 32<<20); err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return nil, fmt.Errorf("compact: %w", err)
	}
	if err := dst.Sync(); err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return nil, fmt.Errorf("compact: %w", err)
	}
	return dst, nil
}

// eraseInBackups applies fn and scrub to every backup and compacts it in
// place; a backup that cannot be rewritten is deleted.
func (db *DB) eraseInBackups(fn func(tx *Tx) error, scrub func(*qda.Change) bool) (rewritten, deleted []string, err error) {
	list, err := Backups(db.dir)
	if err != nil {
		return nil, nil, err
	}
	for _, b := range list {
		if rerr := rewriteBackup(b.Path, db.opts, fn, scrub); rerr != nil {
			if err := os.Remove(b.Path); err != nil {
				return rewritten, deleted, fmt.Errorf("delete backup %s: %w", b.Name, err)
			}
			deleted = append(deleted, b.Name)
			continue
		}
		rewritten = append(rewritten, b.Name)
	}
	// Leftovers of interrupted backups may hold old bytes as well.
	tmps, _ := filepath.Glob(filepath.Join(db.dir, BackupsDir, "*.tmp"))
	for _, t := range tmps {
		if os.Remove(t) == nil {
			deleted = append(deleted, filepath.Base(t))
		}
	}
	return rewritten, deleted, syncDir(filepath.Join(db.dir, BackupsDir))
}

// rewriteBackup erases in one backup file and compacts it in place.
func rewriteBackup(path string, opts Options, fn func(tx *Tx) error, scrub func(*qda.Change) bool) error {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout})
	if err != nil {
		return err
	}
	err = bdb.Update(func(btx *bolt.Tx) error {
		if _, err := migrate(btx, opts.Codec); err != nil {
			return err
		}
		if err := fn(&Tx{tx: btx, codec: opts.Codec, writable: true}); err != nil {
			return err
		}
		_, err := scrubCommands(btx, opts.Codec, scrub)
		return err
	})
	if err != nil {
		_ = bdb.Close()
		return err
	}
	dst, err := compactInto(bdb, path+".compact", opts.LockTimeout)
	cerr := bdb.Close()
	if err != nil {
		return err
	}
	if cerr != nil {
		_ = dst.Close()
		return cerr
	}
	if err := dst.Close(); err != nil {
		return err
	}
	return os.Rename(path+".compact", path)
}

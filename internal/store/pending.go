package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Operations that always finish
//
// Erasure and protection change more than project.db: backups, the search
// index and recordings hold copies of what the user was told is erased or
// encrypted. Each such operation writes a pending-operation record in the
// same commit that makes its first promise (the erasing transaction; the
// sealed file that replaces project.db) and removes the record only when
// every file has been dealt with. Every Open finishes the pending
// operations it finds before anything else, so a crash at any step ends,
// at the next open, where the operation would have ended.
//
// The records sit in bucketMeta under keyPending as plain JSON, not
// through the codec: they must be readable before a protected project is
// unlocked (a protect interrupted after its swap leaves plain-text backups
// that must go even if nobody knows the passphrase), and they hold no
// content, only ids.

// keyPending is the meta key of the pending-operation records.
var keyPending = []byte("pending")

// Kinds of pending operations.
const (
	// OpErase is an erasure (purge): compaction, backups, files and the
	// search index still to be cleaned.
	OpErase = "erase"
	// OpProtect is an encryption at rest whose plain-text backups and
	// search index are still to be deleted.
	OpProtect = "protect"
	// OpUnprotect is a decryption whose encrypted backups are still to be
	// deleted.
	OpUnprotect = "unprotect"
)

// PendingOp is an operation that has made its first commit and has not
// finished every file yet.
type PendingOp struct {
	// ID identifies the record.
	ID string `json:"id"`
	// Kind is OpErase or OpProtect.
	Kind string `json:"kind"`
	// Started is when the operation made its first commit.
	Started time.Time `json:"started"`
	// Command is the erasing command's sequence number (OpErase).
	Command uint64 `json:"command,omitempty"`
	// Needles are the ids of the erased aggregates (interviews,
	// documents): an entity or command image that mentions one is erased
	// or scrubbed in the backups (OpErase).
	Needles []string `json:"needles,omitempty"`
	// Files are project-relative files to overwrite and delete (OpErase:
	// recordings of erased interviews).
	Files []string `json:"files,omitempty"`
	// Derived is set while derived data (the search index) may still hold
	// erased content; the caller clears it with FinishErase after
	// rebuilding the index, or the next open deletes the index folder.
	Derived bool `json:"derived,omitempty"`
	// Anonymise marks an anonymising erasure (EraseSpec.Seal): it keeps no
	// needles (they are real names), so a resumed one deletes every
	// backup rather than search them.
	Anonymise bool `json:"anonymise,omitempty"`
	// BackupsDone is set once an anonymisation has dealt with the
	// backups, so a resumed one leaves them as they are.
	BackupsDone bool `json:"backups_done,omitempty"`
}

func newPendingOp(kind string, now time.Time) (PendingOp, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return PendingOp{}, err
	}
	return PendingOp{ID: hex.EncodeToString(b), Kind: kind, Started: now.UTC()}, nil
}

// readPending returns the pending operations recorded in btx.
func readPending(btx *bolt.Tx) ([]PendingOp, error) {
	m := btx.Bucket(bucketMeta)
	if m == nil {
		return nil, nil
	}
	v := m.Get(keyPending)
	if v == nil {
		return nil, nil
	}
	var ops []PendingOp
	if err := json.Unmarshal(v, &ops); err != nil {
		return nil, qda.Errorf(qda.EDamaged, "the record of pending operations does not decode: %v", err)
	}
	return ops, nil
}

// writePending replaces the pending-operation records in btx.
func writePending(btx *bolt.Tx, ops []PendingOp) error {
	m := btx.Bucket(bucketMeta)
	if len(ops) == 0 {
		return m.Delete(keyPending)
	}
	v, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	return m.Put(keyPending, v)
}

// addPending appends op to the records in btx.
func addPending(btx *bolt.Tx, op PendingOp) error {
	ops, err := readPending(btx)
	if err != nil {
		return err
	}
	return writePending(btx, append(ops, op))
}

// markBackupsDone records in bdb that op has dealt with the backups.
func markBackupsDone(bdb *bolt.DB, id string) error {
	return bdb.Update(func(btx *bolt.Tx) error {
		ops, err := readPending(btx)
		if err != nil {
			return err
		}
		for i := range ops {
			if ops[i].ID == id {
				ops[i].BackupsDone = true
			}
		}
		return writePending(btx, ops)
	})
}

// addPendingTo writes op as the only record into a new file's meta bucket.
func addPendingTo(meta *bolt.Bucket, op PendingOp) error {
	v, err := json.Marshal([]PendingOp{op})
	if err != nil {
		return err
	}
	return meta.Put(keyPending, v)
}

// removePending deletes the record id from bdb in its own transaction.
func removePending(bdb *bolt.DB, id string) error {
	return bdb.Update(func(btx *bolt.Tx) error {
		ops, err := readPending(btx)
		if err != nil {
			return err
		}
		kept := ops[:0]
		for _, op := range ops {
			if op.ID != id {
				kept = append(kept, op)
			}
		}
		return writePending(btx, kept)
	})
}

// Pending returns the operations that have not finished (verify reports
// them; after a successful Open there are none).
func (db *DB) Pending() ([]PendingOp, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	var ops []PendingOp
	err := db.bolt.View(func(btx *bolt.Tx) (err error) { ops, err = readPending(btx); return err })
	return ops, err
}

// finishProtectPending finishes an interrupted protect or unprotect on the
// opened, not yet unlocked file: it needs no key, only file deletions.
func finishProtectPending(dir string, bdb *bolt.DB, opts Options) error {
	var ops []PendingOp
	if err := bdb.View(func(btx *bolt.Tx) (err error) { ops, err = readPending(btx); return err }); err != nil {
		return err
	}
	for _, op := range ops {
		var err error
		switch op.Kind {
		case OpProtect:
			opts.pending(op.Kind)
			_, _, err = removePlainCopies(dir)
		case OpUnprotect:
			opts.pending(op.Kind)
			_, err = removeProtectedBackups(dir)
		default:
			continue
		}
		if err == nil {
			err = removePending(bdb, op.ID)
		}
		if err != nil {
			return fmt.Errorf("finish the interrupted %s: %w", op.Kind, err)
		}
	}
	return nil
}

// finishPending finishes the interrupted erasures of an opened store.
func (db *DB) finishPending() error {
	ops, err := db.Pending()
	if err != nil {
		return err
	}
	for _, op := range ops {
		if op.Kind != OpErase {
			continue
		}
		db.opts.pending(op.Kind)
		if op.Derived {
			// The index is closed while the store opens: delete it, and
			// it is rebuilt from the store (a derived cache).
			if err := removeIndexDir(db.dir); err != nil {
				return fmt.Errorf("finish the interrupted erasure: %w", err)
			}
		}
		finish := db.finishErase
		if op.Anonymise {
			finish = func(op PendingOp) (EraseReport, error) { return db.finishAnonymise(op, nil) }
		}
		if _, err := finish(op); err != nil {
			return fmt.Errorf("finish the interrupted erasure: %w", err)
		}
		if err := db.FinishErase(op.ID); err != nil {
			return err
		}
	}
	return nil
}

// removeIndexDir deletes the project's search index folder and leaves an
// empty one.
func removeIndexDir(dir string) error {
	p := filepath.Join(dir, IndexDir)
	if err := os.RemoveAll(p); err != nil {
		return fmt.Errorf("delete the search index: %w", err)
	}
	return os.MkdirAll(p, 0o700)
}

package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/shred"
)

// Irrevocable erasure
//
// bbolt frees the pages of deleted values but leaves their bytes in the
// file until the pages are reused, and every backup (Tx.WriteTo) copies
// those free pages too. Erase therefore (1) deletes in one transaction,
// scrubs the change images of every command record that held the erased
// content, records its own command without images and a pending-operation
// record (see pending.go); (2) compacts the file into a new one that holds
// only live pages and atomically replaces project.db with it, under the
// project's lock; (3) does the same to every backup — erase, scrub,
// compact, replace — or deletes a backup that cannot be rewritten; (4)
// overwrites and deletes the files named in the spec (recordings); and
// (5) removes the pending record, or leaves it to the caller who still has
// derived data to clean (FinishErase). A crash after (1) is finished by
// the next Open, which repeats (2) to (4) and deletes the search index.

// EraseSpec says what an erasure must clean beyond the transaction.
type EraseSpec struct {
	// Needles are the ids of the erased aggregates (interviews,
	// documents). In the command log and in the backups, every change
	// image and every entity of an owned kind (codings, memos, summaries,
	// texts, …) that mentions one is scrubbed or deleted.
	Needles []string
	// Files are project-relative paths to overwrite and delete.
	Files []string
	// Derived keeps the pending record after Erase returns: the caller
	// removes the erased content from derived data (rebuilds the search
	// index) and then calls FinishErase with EraseReport.Pending. Until
	// then, an Open deletes the index folder.
	Derived bool
	// Seal, when set, makes the erasure an anonymisation: Needles are the
	// replaced texts (real names), fn replaces them in the live texts, and
	// no entity is deleted for mentioning one. The command keeps its
	// images, and every image in the log that holds a needle, the
	// command's own before-images among them, is sealed with Seal (only a
	// holder of the pseudonym key can undo). In a backup, the entities the
	// command changed are set to its after-images where the backup holds
	// exactly the before-image, images are sealed alike, and a backup that
	// still holds a needle anywhere is deleted. The pending record keeps no
	// needles; a resumed anonymisation deletes every backup.
	Seal func([]byte) ([]byte, error)
}

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
	// FilesShredded counts the spec's files overwritten and deleted.
	FilesShredded int `json:"files_shredded"`
	// Pending is the pending record to pass to FinishErase (spec.Derived).
	Pending string `json:"pending,omitempty"`
	// NeedlesKept counts an anonymisation's texts that live entities
	// still hold (kept by the user elsewhere), which are not erased.
	NeedlesKept int `json:"needles_kept,omitempty"`
}

// Erase runs fn in a read-write transaction like Update, records cmd with
// the keys but not the images of fn's changes, removes from every earlier
// command record the images that hold erased content (see EraseSpec), and
// then compacts the store file and every backup so no byte of the erased
// content remains, and shreds spec.Files. In the backups the erasure is
// repeated from the command's keys and spec.Needles.
func (db *DB) Erase(cmd *qda.Command, fn func(tx *Tx) error, spec EraseSpec) (EraseReport, error) {
	var rep EraseReport
	if cmd == nil || cmd.Kind == "" {
		return rep, qda.Errorf(qda.EInternal, "an erasure needs a command record")
	}
	for _, f := range spec.Files {
		if !filepath.IsLocal(f) {
			return rep, qda.Errorf(qda.EInternal, "an erasure names a file outside the project: %s", f)
		}
	}
	op, err := newPendingOp(OpErase, db.opts.Now())
	if err != nil {
		return rep, err
	}
	op.Needles, op.Files, op.Derived = spec.Needles, spec.Files, spec.Derived
	var plain []qda.Change // an anonymisation's images before sealing
	if spec.Seal != nil {
		op.Needles, op.Anonymise = nil, true
		spec.Seal = sealMemo(spec.Seal)
	}
	db.mu.RLock()
	err = db.bolt.Update(func(btx *bolt.Tx) error {
		tx := &Tx{tx: btx, codec: db.opts.Codec, writable: true}
		if err := fn(tx); err != nil {
			return err
		}
		if spec.Seal != nil {
			needles, err := erasedNeedles(btx, db.opts.Codec, spec.Needles)
			if err != nil {
				return err
			}
			rep.NeedlesKept = len(spec.Needles) - len(needles)
			spec.Needles = needles
			n, err := sealCommands(btx, db.opts.Codec, textMatcher(spec.Needles), spec.Seal)
			if err != nil {
				return err
			}
			rep.Scrubbed = n
			plain = tx.changes
			if cmd.Changes, err = sealChanges(tx.changes, textMatcher(spec.Needles), spec.Seal); err != nil {
				return err
			}
			if err := tx.putCommand(cmd); err != nil {
				return err
			}
			op.Command = cmd.Seq
			return addPending(btx, op)
		}
		keys := make([]qda.Change, 0, len(tx.changes))
		for _, c := range tx.changes {
			keys = append(keys, qda.Change{Entity: c.Entity, Key: c.Key})
		}
		n, err := scrubCommands(btx, db.opts.Codec, eraseMatcher(keys, spec.Needles))
		if err != nil {
			return err
		}
		rep.Scrubbed = n
		cmd.Changes = keys
		if err := tx.putCommand(cmd); err != nil {
			return err
		}
		op.Command = cmd.Seq
		return addPending(btx, op)
	})
	db.mu.RUnlock()
	if err != nil {
		return rep, err
	}
	if err := db.opts.atStep("erase:committed"); err != nil {
		return rep, err
	}
	var fin EraseReport
	if spec.Seal != nil {
		fin, err = db.finishAnonymise(op, &anonBackups{plain: plain, needles: spec.Needles, seal: spec.Seal})
	} else {
		fin, err = db.finishErase(op)
	}
	fin.Scrubbed, fin.NeedlesKept = rep.Scrubbed, rep.NeedlesKept
	if err != nil {
		return fin, err
	}
	if spec.Derived {
		fin.Pending = op.ID
		return fin, nil
	}
	return fin, db.FinishErase(op.ID)
}

// FinishErase removes the pending record of an erasure whose derived data
// the caller has cleaned.
func (db *DB) FinishErase(id string) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if err := removePending(db.bolt, id); err != nil {
		return fmt.Errorf("erase: remove the pending record: %w", err)
	}
	return nil
}

// finishErase does an erasure's steps after its transaction: compaction,
// backups, files. Each step can be repeated.
func (db *DB) finishErase(op PendingOp) (EraseReport, error) {
	var rep EraseReport
	var keys []qda.Change
	err := db.View(func(tx *Tx) error {
		return tx.Commands(op.Command, func(c *qda.Command) error {
			if c.Seq == op.Command {
				keys = c.Changes
			}
			return errStopCommands
		})
	})
	if err != nil && err != errStopCommands {
		return rep, fmt.Errorf("read the erasing command: %w", err)
	}
	if rep.SizeBefore, rep.SizeAfter, err = db.Compact(); err != nil {
		return rep, err
	}
	if err := db.opts.atStep("erase:compacted"); err != nil {
		return rep, err
	}
	rep.BackupsRewritten, rep.BackupsDeleted, err = db.eraseInBackups(keys, op.Needles)
	if err != nil {
		return rep, err
	}
	if err := db.opts.atStep("erase:backups"); err != nil {
		return rep, err
	}
	for _, f := range op.Files {
		path := filepath.Join(db.dir, f)
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := shred.File(path); err != nil {
			return rep, fmt.Errorf("erase %s: %w", f, err)
		}
		rep.FilesShredded++
	}
	return rep, nil
}

// errStopCommands ends a walk of the command log early.
var errStopCommands = errors.New("stop")

// eraseMatcher selects the change images that hold erased content: those
// of the erased entities and every one that mentions an erased aggregate.
func eraseMatcher(keys []qda.Change, needles []string) func(*qda.Change) bool {
	erased := make(map[string]bool, len(keys))
	for _, k := range keys {
		erased[k.Entity+"\x00"+k.Key] = true
	}
	ns := make([][]byte, len(needles))
	for i, n := range needles {
		ns[i] = []byte(n)
	}
	return func(c *qda.Change) bool {
		if erased[c.Entity+"\x00"+c.Key] {
			return true
		}
		for _, n := range ns {
			if bytes.Contains([]byte(c.Key), n) || bytes.Contains(c.Before, n) || bytes.Contains(c.After, n) {
				return true
			}
		}
		return false
	}
}

// ownedKinds are the entity kinds that belong to an interview or a
// document: in a backup, every one that mentions an erased aggregate is
// deleted with it.
var ownedKinds = []string{"interview", "document", "text", "coding", "memo", "summary", "anonignore"}

// eraseEntities repeats an erasure in a backup: it deletes the entities
// the erasing command deleted and every entity of an owned kind that
// mentions one of the needles. Missing entities are fine (a backup may
// predate them).
func eraseEntities(tx *Tx, keys []qda.Change, needles []string) error {
	for _, k := range keys {
		if err := tx.deleteEntity(k.Entity, k.Key); err != nil {
			return err
		}
	}
	if len(needles) == 0 {
		return nil
	}
	ns := make([][]byte, len(needles))
	for i, n := range needles {
		ns[i] = []byte(n)
	}
	mentions := func(k, plain []byte) bool {
		for _, n := range ns {
			if bytes.Contains(k, n) || bytes.Contains(plain, n) {
				return true
			}
		}
		return false
	}
	for _, kind := range ownedKinds {
		var hit []string
		err := tx.tx.Bucket(entityBuckets[kind]).ForEach(func(k, v []byte) error {
			plain, err := tx.codec.Open(v)
			if err == nil && kind == "text" && isTextRef(plain) {
				plain, err = tx.versions().resolve(plain)
			}
			if err != nil {
				return fmt.Errorf("%s %s: %w", kind, k, err)
			}
			if mentions(k, plain) {
				hit = append(hit, string(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range hit {
			if err := tx.deleteEntity(kind, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteEntity deletes one entity with what hangs on it (a document's
// text and codings, a coding's index entries); a missing one is fine.
func (t *Tx) deleteEntity(kind, key string) error {
	var err error
	switch kind {
	case "document":
		err = t.DeleteDocument(qda.GUID(key))
	case "coding":
		err = t.DeleteCoding(qda.GUID(key))
	default:
		if _, ok := entityBuckets[kind]; !ok {
			return qda.Errorf(qda.EInvalid, "an erasure names unknown entity kind %q", kind)
		}
		err = t.del(kind, key)
	}
	if qda.ErrorCode(err) == qda.ENotFound {
		return nil
	}
	return err
}

// scrubCommands clears the images scrub selects in every command record
// and returns how many records changed.
func scrubCommands(btx *bolt.Tx, codec Codec, scrub func(*qda.Change) bool) (int, error) {
	if scrub == nil {
		return 0, nil
	}
	return editCommands(btx, codec, func(c *qda.Change) (bool, error) {
		if (c.Before == nil && c.After == nil) || !scrub(c) {
			return false, nil
		}
		c.Before, c.After = nil, nil
		return true, nil
	})
}

// editCommands calls edit for every change of every command record (with
// its text images inline) and stores the records in which it changed
// something; it returns how many. Then it deletes the text versions that
// nothing refers to any more, so that a scrubbed or sealed image leaves no
// plain version behind.
func editCommands(btx *bolt.Tx, codec Codec, edit func(*qda.Change) (bool, error)) (int, error) {
	b := btx.Bucket(bucketCommands)
	if b == nil {
		return 0, nil
	}
	vs := versions{btx: btx, codec: codec}
	type update struct {
		k   []byte
		cmd qda.Command
	}
	var ups []update
	err := b.ForEach(func(k, v []byte) error {
		var cmd qda.Command
		if err := vs.decodeCommand(v, &cmd); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		changed := false
		for i := range cmd.Changes {
			ok, err := edit(&cmd.Changes[i])
			if err != nil {
				return err
			}
			changed = changed || ok
		}
		if !changed {
			return nil
		}
		ups = append(ups, update{bytes.Clone(k), cmd})
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, u := range ups {
		enc, err := vs.encodeCommand(&u.cmd)
		if err != nil {
			return 0, fmt.Errorf("command %x: %w", u.k, err)
		}
		if err := b.Put(u.k, enc); err != nil {
			return 0, err
		}
	}
	if _, err := collectTextVersions(btx, codec); err != nil {
		return 0, err
	}
	return len(ups), nil
}

// eraseInBackups repeats the erasure in every backup and compacts it in
// place; a backup that cannot be rewritten is deleted.
func (db *DB) eraseInBackups(keys []qda.Change, needles []string) (rewritten, deleted []string, err error) {
	list, err := Backups(db.dir)
	if err != nil {
		return nil, nil, err
	}
	for _, b := range list {
		if rerr := rewriteBackup(b.Path, db.opts, keys, needles); rerr != nil {
			if err := os.Remove(b.Path); err != nil {
				return rewritten, deleted, fmt.Errorf("delete backup %s: %w", b.Name, err)
			}
			deleted = append(deleted, b.Name)
			continue
		}
		rewritten = append(rewritten, b.Name)
	}
	deleted = append(deleted, removeBackupLeftovers(db.dir)...)
	return rewritten, deleted, syncDir(filepath.Join(db.dir, BackupsDir))
}

// rewriteBackup erases in one backup file and compacts it in place.
func rewriteBackup(path string, opts Options, keys []qda.Change, needles []string) error {
	return editBackup(path, opts, func(btx *bolt.Tx) error {
		tx := &Tx{tx: btx, codec: opts.Codec, writable: true}
		if err := eraseEntities(tx, keys, needles); err != nil {
			return err
		}
		// No command is recorded in a backup: its counts follow here.
		if err := tx.flushCounts(); err != nil {
			return err
		}
		_, err := scrubCommands(btx, opts.Codec, eraseMatcher(keys, needles))
		return err
	})
}

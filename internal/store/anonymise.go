package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Anonymising erasure
//
// An anonymisation replaces real names in texts. It is an erasure (see
// erase.go) whose needles are the replaced names: after its transaction no
// byte of a replaced name may stay in the project folder, except where the
// user kept it (findings left as they are). Unlike a purge it keeps the
// command log's images, so the replacement can be undone, but every image
// that holds a needle is sealed with the pseudonym key (EraseSpec.Seal).

// textMatcher selects the change images that hold one of the needles.
func textMatcher(needles []string) func(*qda.Change) bool {
	ns := make([][]byte, 0, len(needles))
	for _, n := range needles {
		if n != "" {
			ns = append(ns, []byte(n))
		}
	}
	return func(c *qda.Change) bool {
		if c.Sealed {
			return false
		}
		for _, n := range ns {
			if bytes.Contains(c.Before, n) || bytes.Contains(c.After, n) || bytes.Contains([]byte(c.Key), n) {
				return true
			}
		}
		return false
	}
}

// sealChange seals both images of c.
func sealChange(c *qda.Change, seal func([]byte) ([]byte, error)) error {
	for _, img := range []*[]byte{(*[]byte)(&c.Before), (*[]byte)(&c.After)} {
		if *img == nil {
			continue
		}
		s, err := seal(*img)
		if err != nil {
			return fmt.Errorf("seal a command image: %w", err)
		}
		*img = s
	}
	c.Sealed = true
	return nil
}

// sealChanges returns a copy of changes with the images match selects
// sealed.
func sealChanges(changes []qda.Change, match func(*qda.Change) bool, seal func([]byte) ([]byte, error)) ([]qda.Change, error) {
	out := make([]qda.Change, len(changes))
	copy(out, changes)
	for i := range out {
		if match(&out[i]) {
			if err := sealChange(&out[i], seal); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// sealCommands seals the images match selects in every command record and
// returns how many records changed.
func sealCommands(btx *bolt.Tx, codec Codec, match func(*qda.Change) bool, seal func([]byte) ([]byte, error)) (int, error) {
	return editCommands(btx, codec, func(c *qda.Change) (bool, error) {
		if !match(c) {
			return false, nil
		}
		return true, sealChange(c, seal)
	})
}

// anonBackups is what a first run of an anonymisation knows for the
// backups; a resumed one knows none of it.
type anonBackups struct {
	plain   []qda.Change // the command's images before sealing
	needles []string
	seal    func([]byte) ([]byte, error)
}

// finishAnonymise does an anonymisation's steps after its transaction:
// compaction, then the backups — rewritten when b is given, else deleted.
func (db *DB) finishAnonymise(op PendingOp, b *anonBackups) (EraseReport, error) {
	var rep EraseReport
	var err error
	if rep.SizeBefore, rep.SizeAfter, err = db.Compact(); err != nil {
		return rep, err
	}
	if err := db.opts.atStep("erase:compacted"); err != nil {
		return rep, err
	}
	if op.BackupsDone {
		return rep, nil
	}
	list, err := Backups(db.dir)
	if err != nil {
		return rep, err
	}
	for _, bk := range list {
		if b != nil {
			if rerr := anonymiseBackup(bk.Path, db.opts, b); rerr == nil {
				rep.BackupsRewritten = append(rep.BackupsRewritten, bk.Name)
				continue
			}
		}
		if err := os.Remove(bk.Path); err != nil {
			return rep, fmt.Errorf("delete backup %s: %w", bk.Name, err)
		}
		rep.BackupsDeleted = append(rep.BackupsDeleted, bk.Name)
	}
	rep.BackupsDeleted = append(rep.BackupsDeleted, removeBackupLeftovers(db.dir)...)
	if err := syncDir(filepath.Join(db.dir, BackupsDir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return rep, err
	}
	db.mu.RLock()
	err = markBackupsDone(db.bolt, op.ID)
	db.mu.RUnlock()
	if err != nil {
		return rep, fmt.Errorf("anonymise: record the backups as done: %w", err)
	}
	if err := db.opts.atStep("erase:backups"); err != nil {
		return rep, err
	}
	return rep, nil
}

// errStillHolds refuses to keep a backup that holds an erased text.
var errStillHolds = errors.New("the backup still holds replaced text")

// anonymiseBackup repeats an anonymisation in one backup: the entities the
// command changed get its after-images where the backup holds exactly the
// before-image, command images holding a needle are sealed, and the file is
// compacted in place. A backup that still holds a needle afterwards (its
// texts were older than the anonymised ones) is refused, and the caller
// deletes it.
func anonymiseBackup(path string, opts Options, b *anonBackups) error {
	match := textMatcher(b.needles)
	return editBackup(path, opts, func(btx *bolt.Tx) error {
		tx := &Tx{tx: btx, codec: opts.Codec, writable: true}
		var apply []qda.Change
		for _, c := range b.plain {
			cur, err := tx.getRaw(c.Entity, c.Key)
			if err != nil {
				return err
			}
			if bytes.Equal(cur, c.Before) {
				apply = append(apply, c)
			}
		}
		if err := tx.ApplyImages(apply, false); err != nil {
			return err
		}
		if err := tx.flushCounts(); err != nil { // no command in a backup
			return err
		}
		if _, err := sealCommands(btx, opts.Codec, match, b.seal); err != nil {
			return err
		}
		if holds, err := holdsNeedle(btx, opts.Codec, b.needles); err != nil {
			return err
		} else if holds {
			return errStillHolds
		}
		return nil
	})
}

// foundNeedles returns the needles that a key or (decoded) value of any
// bucket holds. With liveOnly, the command log and the text versions are
// skipped and the live texts are read through their references: what live
// entities hold.
func foundNeedles(btx *bolt.Tx, codec Codec, needles []string, liveOnly bool) (map[string]bool, error) {
	found := map[string]bool{}
	check := func(b []byte) {
		for _, n := range needles {
			if n != "" && !found[n] && bytes.Contains(b, []byte(n)) {
				found[n] = true
			}
		}
	}
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			check(k)
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					return walk(sub)
				}
				return nil
			}
			plain, err := codec.Open(v)
			if err != nil {
				// Not a codec value (an index entry, a sequence): look
				// at the raw bytes.
				plain = v
			}
			check(plain)
			return nil
		})
	}
	vs := versions{btx: btx, codec: codec}
	err := btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		switch {
		case !liveOnly:
			return walk(b)
		case bytes.Equal(name, bucketCommands), bytes.Equal(name, bucketTextVersions):
			return nil
		case bytes.Equal(name, bucketTexts):
			return b.ForEach(func(k, v []byte) error {
				check(k)
				plain, err := codec.Open(v)
				if err != nil {
					return fmt.Errorf("text %s: %w", k, err)
				}
				if isTextRef(plain) {
					if plain, err = vs.resolve(plain); err != nil {
						return fmt.Errorf("text %s: %w", k, err)
					}
				}
				check(plain)
				return nil
			})
		}
		return walk(b)
	})
	return found, err
}

// holdsNeedle reports whether any bucket holds one of the needles.
func holdsNeedle(btx *bolt.Tx, codec Codec, needles []string) (bool, error) {
	found, err := foundNeedles(btx, codec, needles, false)
	return len(found) > 0, err
}

// erasedNeedles returns the needles no live entity holds any more (the
// command log aside): only those are erased from the log and the backups;
// a text the user kept elsewhere (a finding left as it is, a final
// protocol) stays where it is.
func erasedNeedles(btx *bolt.Tx, codec Codec, needles []string) ([]string, error) {
	found, err := foundNeedles(btx, codec, needles, true)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range needles {
		if n != "" && !found[n] && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

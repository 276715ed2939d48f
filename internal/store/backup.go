package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Backup describes one backup file in the project's backups folder.
type Backup struct {
	// Name is the file name, e.g. "20261124T170102.123Z-s42-open.db".
	Name string `json:"name"`
	// Path is the full path.
	Path string `json:"path"`
	// Time is when the backup was taken.
	Time time.Time `json:"time"`
	// Seq is the newest command in the backup.
	Seq uint64 `json:"seq"`
	// Reason says why it was taken: open, close, manual, restore, …
	Reason string `json:"reason"`
	// Size is the file size in bytes.
	Size int64 `json:"size"`
}

const backupTimeLayout = "20060102T150405.000Z"

// Backup writes a consistent copy of the project now and rotates old ones.
func (db *DB) Backup(reason string) (Backup, error) {
	b, err := db.backup(reason)
	if err == nil {
		db.backedUp.Store(b.Seq + 1)
	}
	return b, err
}

// backupIfChanged writes a backup unless the newest one already holds the
// current state (same newest command and schema: not a backup from before
// this open's migration), so that opening and closing a project without
// changes does not rotate useful backups away.
func (db *DB) backupIfChanged(reason string) (*Backup, error) {
	var seq uint64
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketCommands).Sequence()
		return nil
	}); err != nil {
		return nil, err
	}
	list, err := Backups(db.dir)
	if err != nil {
		return nil, err
	}
	if len(list) > 0 && list[0].Seq == seq && (db.MigratedFrom == SchemaVersion || db.backedUp.Load() == seq+1) {
		return nil, nil
	}
	b, err := db.Backup(reason)
	return &b, err
}

func (db *DB) backup(reason string) (Backup, error) {
	dir := filepath.Join(db.dir, BackupsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Backup{}, fmt.Errorf("create backups folder: %w", err)
	}
	var b Backup
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b = Backup{Time: db.opts.Now().UTC(), Seq: tx.Bucket(bucketCommands).Sequence(), Reason: reason}
		b.Name = fmt.Sprintf("%s-s%d-%s.db", b.Time.Format(backupTimeLayout), b.Seq, reason)
		b.Path = filepath.Join(dir, b.Name)
		tmp := b.Path + ".tmp"
		f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		n, err := tx.WriteTo(f)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(tmp)
			return err
		}
		b.Size = n
		return os.Rename(tmp, b.Path)
	})
	if err != nil {
		return Backup{}, fmt.Errorf("write backup: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return Backup{}, err
	}
	keep := qda.DefaultBackupKeep
	_ = db.View(func(tx *Tx) error {
		if p, err := tx.Project(); err == nil {
			keep = p.Keep()
		}
		return nil
	})
	return b, rotate(db.dir, keep)
}

// rotate deletes all but the newest keep backups.
func rotate(projectDir string, keep int) error {
	list, err := Backups(projectDir)
	if err != nil {
		return err
	}
	for i := keep; i < len(list); i++ {
		if err := os.Remove(list[i].Path); err != nil {
			return fmt.Errorf("rotate backups: %w", err)
		}
	}
	return nil
}

// Backups lists the project's backups, newest first.
func Backups(projectDir string) ([]Backup, error) {
	dir := filepath.Join(projectDir, BackupsDir)
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []Backup
	for _, e := range ents {
		b, ok := parseBackupName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		b.Path = filepath.Join(dir, e.Name())
		if info, err := e.Info(); err == nil {
			b.Size = info.Size()
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

func parseBackupName(name string) (Backup, bool) {
	base, ok := strings.CutSuffix(name, ".db")
	if !ok {
		return Backup{}, false
	}
	parts := strings.SplitN(base, "-", 3)
	if len(parts) != 3 || !strings.HasPrefix(parts[1], "s") {
		return Backup{}, false
	}
	t, err := time.Parse(backupTimeLayout, parts[0])
	if err != nil {
		return Backup{}, false
	}
	seq, err := strconv.ParseUint(parts[1][1:], 10, 64)
	if err != nil {
		return Backup{}, false
	}
	return Backup{Name: name, Time: t, Seq: seq, Reason: parts[2]}, true
}

// Restore replaces the project's store with a backup, given by name or path.
// It first opens the project (so it fails if another process holds it),
// checks that the backup opens and is a project, and backs up the current
// state; the replacement is an atomic rename. A project file too damaged to
// open is kept as damaged-TIME.db.bad in the backups folder instead.
func Restore(projectDir, backup string, opts Options) (Backup, error) {
	return RestoreContext(context.Background(), projectDir, backup, opts)
}

// RestoreContext is Restore, cancelled through ctx until the backup's
// copy replaces the project file: a cancelled restore leaves the project
// file as it was and removes its temporary copy (the safety backup of
// the state before, a full copy of it, stays).
func RestoreContext(ctx context.Context, projectDir, backup string, opts Options) (Backup, error) {
	opts = opts.withDefaults()
	src := backup
	if !strings.ContainsRune(backup, os.PathSeparator) {
		src = filepath.Join(projectDir, BackupsDir, backup)
	}
	if err := checkBackupFile(src); err != nil {
		return Backup{}, err
	}
	o := opts
	o.NoBackup = true
	// The project stays locked until the backup is in place: a process
	// waiting for it opens the restored file, never the replaced one.
	lk, db, err := lockAndOpen(projectDir, o)
	defer lk.release()
	if IsDamaged(err) {
		return restoreDamaged(projectDir, src, opts)
	} else if err != nil {
		return Backup{}, err
	}
	safety, err := db.backup("before-restore")
	if err != nil {
		_ = db.bolt.Close()
		return Backup{}, err
	}
	dst := filepath.Join(projectDir, DBFile)
	tmp := dst + ".restore"
	err = ctx.Err()
	if err == nil {
		err = copyFile(src, tmp)
	}
	if err == nil {
		err = o.atStep("restore:copied")
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		// Rename while the lock is still held, so no other process opens the
		// file in between.
		err = os.Rename(tmp, dst)
	}
	cerr := db.bolt.Close()
	if err != nil {
		_ = os.Remove(tmp)
		return Backup{}, fmt.Errorf("restore %s: %w", filepath.Base(src), err)
	}
	if cerr != nil {
		return Backup{}, cerr
	}
	return safety, syncDir(projectDir)
}

// checkBackupFile opens a backup read-only and checks it holds a project.
func checkBackupFile(path string) error {
	if _, err := os.Stat(path); err != nil {
		return qda.Errorf(qda.ENotFound, "backup %s does not exist", path)
	}
	bdb, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return qda.Errorf(qda.EInvalid, "backup %s does not open: %v", path, err)
	}
	defer bdb.Close()
	if err := checkPages(bdb); err != nil {
		return qda.Errorf(qda.EInvalid, "backup %s is damaged: %v", path, err)
	}
	return bdb.View(func(tx *bolt.Tx) error {
		v, err := schemaVersion(tx)
		if err != nil || v == 0 || tx.Bucket(bucketMeta).Get(keyProject) == nil {
			return qda.Errorf(qda.EInvalid, "backup %s is not a protocoder project", path)
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

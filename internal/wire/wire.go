// Package wire is the composition root shared by the two binaries: it opens
// a project folder with the bbolt store (and, as they land, the search index
// and other adapters) and hands a project.Project to the CLI or the GUI. It is
// the only package besides cmd/ that knows every adapter.
package wire

import (
	"context"
	"log/slog"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// Options configure Open and Init.
type Options struct {
	// User names the acting member (recorded on every command): --user,
	// $PROTOCODER_USER or the GUI's choice.
	User string
	// UserFallback ($USER) acts only when User is empty and it names a
	// member.
	UserFallback string
	// Log receives diagnostics; nil discards them.
	Log *slog.Logger
	// Clock and IDs override the real ones (tests); by default new GUIDs
	// are ClusterIDs'.
	Clock app.Clock
	IDs   app.IDSource
	// Store passes options to the bbolt store.
	Store store.Options
	// NoIndex opens the project without its search index, for bulk
	// builds that rebuild the index once at the end (the index is a cache
	// and catches up by itself when opened normally later).
	NoIndex bool
}

// Init creates a new, empty project folder.
func Init(dir, name string, o Options) error {
	ids := o.IDs
	if ids == nil {
		ids = NewClusterIDs()
	}
	clock := o.Clock
	if clock == nil {
		clock = app.SystemClock{}
	}
	id, err := ids.NewGUID()
	if err != nil {
		return err
	}
	if err := store.Init(dir, qda.Project{GUID: id, Name: name, Created: clock.Now().UTC()}, o.Store); err != nil || len(o.Store.Passphrase) == 0 {
		return err
	}
	// Protected from the start: encrypt the new, still empty project.
	_, err = store.Protect(dir, o.Store.Passphrase, o.Store)
	return err
}

// InitReplica creates an empty project folder for a replica of a team
// project: its project record is the server's (GUID, name, creation time),
// so every replica's record and exports are the same.
func InitReplica(dir string, p qda.Project, o Options) error {
	if err := store.Init(dir, p, o.Store); err != nil || len(o.Store.Passphrase) == 0 {
		return err
	}
	_, err := store.Protect(dir, o.Store.Passphrase, o.Store)
	return err
}

// Open opens the project in dir and returns a Service on it; Close the
// Service to release the project.
func Open(dir string, o Options) (*project.Project, error) {
	so := o.Store
	if so.Now == nil && o.Clock != nil {
		so.Now = o.Clock.Now
	}
	db, err := store.Open(dir, so)
	if err != nil {
		return nil, err
	}
	if db.BackupErr != nil && o.Log != nil {
		o.Log.Warn("no backup was written on opening the project", "err", db.BackupErr)
	}
	// The index is a cache: a project whose index cannot be opened still
	// opens, without search (the reason is logged).
	var index app.Index
	var ierr error
	if !o.NoIndex {
		index, ierr = openIndexOf(db, dir)
	}
	if ierr != nil && o.Log != nil {
		o.Log.Warn("search index unavailable", "err", ierr)
	}
	ids := o.IDs
	if ids == nil {
		ids = NewClusterIDs()
	}
	return project.New(app.Config{Store: storeAdapter{db}, Index: index, IndexErr: ierr, Clock: o.Clock, IDs: ids, Log: o.Log, UserName: o.User, UserFallback: o.UserFallback,
		Files: FileReader{}}), nil
}

// Restore replaces the project's store with a backup after backing up the
// current state.
func Restore(dir, backup string, o Options) (app.BackupInfo, error) {
	return RestoreContext(context.Background(), dir, backup, o)
}

// RestoreContext is Restore, cancelled through ctx before the backup
// replaces the project file (see store.RestoreContext).
func RestoreContext(ctx context.Context, dir, backup string, o Options) (app.BackupInfo, error) {
	b, err := store.RestoreContext(ctx, dir, backup, o.Store)
	return backupInfo(b), err
}

// storeAdapter makes *store.DB an app.Store.
type storeAdapter struct{ db *store.DB }

func (a storeAdapter) View(fn func(app.Tx) error) error {
	return a.db.View(func(tx *store.Tx) error { return fn(txAdapter{tx}) })
}

// Update runs fn and records cmd; it refuses a command whose user is not a
// member of the project (a last guard: the app resolves the acting member
// before it writes).
func (a storeAdapter) Update(cmd *qda.Command, fn func(app.Tx) error) error {
	return a.db.Update(cmd, func(tx *store.Tx) error {
		if err := fn(txAdapter{tx}); err != nil {
			return err
		}
		return checkCommandUser(tx, cmd)
	})
}

// UpdateMany records several commands in one transaction (app.BatchStore),
// each checked like Update's.
func (a storeAdapter) UpdateMany(cmds []*qda.Command, fn func(int, app.Tx) error) error {
	return a.db.UpdateMany(cmds, func(i int, tx *store.Tx) error {
		if err := fn(i, txAdapter{tx}); err != nil {
			return err
		}
		return checkCommandUser(tx, cmds[i])
	})
}

// checkCommandUser refuses a command without a user or with one that is no
// member (or a placeholder of old commands).
func checkCommandUser(tx *store.Tx, cmd *qda.Command) error {
	if cmd.User == "" {
		return qda.Errorf(qda.EInternal, "command %s has no user", cmd.Kind)
	}
	u, err := tx.User(cmd.User)
	if err != nil {
		return qda.Errorf(qda.EInternal, "the user %s of command %s is not a member: %v", cmd.User, cmd.Kind, err)
	}
	if u.Placeholder {
		return qda.Errorf(qda.EInternal, "command %s names the placeholder member %s", cmd.Kind, u.Name)
	}
	return nil
}

func (a storeAdapter) Backup(reason string) (app.BackupInfo, error) {
	b, err := a.db.Backup(reason)
	return backupInfo(b), err
}

func (a storeAdapter) Backups() ([]app.BackupInfo, error) {
	list, err := store.Backups(a.db.Dir())
	out := make([]app.BackupInfo, len(list))
	for i, b := range list {
		out[i] = backupInfo(b)
	}
	return out, err
}

func (a storeAdapter) Close() error { return a.db.Close() }

// CheckFile runs the project file's page check (for verify).
func (a storeAdapter) CheckFile() error { return a.db.CheckFile() }

// CheckTextVersions checks the references to text versions (for verify).
func (a storeAdapter) CheckTextVersions() ([]string, error) { return a.db.CheckTextVersions() }

func backupInfo(b store.Backup) app.BackupInfo {
	return app.BackupInfo{Name: b.Name, Path: b.Path, Time: b.Time.Format(time.RFC3339), Seq: b.Seq, Reason: b.Reason, Size: b.Size}
}

// txAdapter adds the app's view of the counts to *store.Tx.
type txAdapter struct{ *store.Tx }

func (t txAdapter) EntityCounts() app.Counts { return app.Counts(t.Counts()) }

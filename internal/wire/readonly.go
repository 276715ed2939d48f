package wire

import (
	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// OpenReadOnly opens the project in dir for reading only (the source of a
// merge, see store.OpenReadOnly): without the search index, and with a
// store that refuses writes and backups and has no folder, so that the
// Service touches nothing in dir (no recordings, no keys).
func OpenReadOnly(dir string, o Options) (*project.Project, error) {
	db, err := store.OpenReadOnly(dir, o.Store)
	if err != nil {
		return nil, err
	}
	return project.New(app.Config{Store: readOnlyStore{db: db, dir: dir}, Clock: o.Clock, IDs: o.IDs, Log: o.Log}), nil
}

// readOnlyStore is an app.Store on a project opened read-only.
type readOnlyStore struct {
	db  *store.DB
	dir string
}

func (a readOnlyStore) View(fn func(app.Tx) error) error {
	return a.db.View(func(tx *store.Tx) error { return fn(txAdapter{tx}) })
}

func (a readOnlyStore) Update(*qda.Command, func(app.Tx) error) error {
	return qda.Errorf(qda.EUnsupported, "the project %s is open read-only", a.dir)
}

func (a readOnlyStore) Backup(string) (app.BackupInfo, error) {
	return app.BackupInfo{}, qda.Errorf(qda.EUnsupported, "the project %s is open read-only", a.dir)
}

func (a readOnlyStore) Backups() ([]app.BackupInfo, error) { return Backups(a.dir) }

func (a readOnlyStore) Close() error { return a.db.Close() }

func (a readOnlyStore) CheckFile() error { return a.db.CheckFile() }

func (a readOnlyStore) CheckTextVersions() ([]string, error) { return a.db.CheckTextVersions() }

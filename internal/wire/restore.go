package wire

import (
	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// RestoreNewest restores the newest backup of the project in dir that
// opens and holds a project, trying older ones if the newest is damaged too,
// and returns the restored backup's name. It is the way out when dir's
// project file is damaged (the damaged file is kept in the backups folder).
func RestoreNewest(dir string, o Options) (string, error) {
	list, err := store.Backups(dir)
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "", qda.Errorf(qda.ENotFound, "the project %s has no backups to restore", dir)
	}
	var first error
	for _, b := range list {
		_, err := store.Restore(dir, b.Name, o.Store)
		if err == nil {
			return b.Name, nil
		}
		if first == nil {
			first = err
		}
		if qda.ErrorCode(err) != qda.EInvalid {
			break // not a damaged backup: trying older ones will not help
		}
	}
	return "", first
}

// Backups lists the backups of the project in dir, newest first, without
// opening the project (so it works when the project file is damaged).
func Backups(dir string) ([]app.BackupInfo, error) {
	if !store.IsProject(dir) {
		return nil, qda.Errorf(qda.ENotProject, "%s is not a protocoder project (no %s)", dir, store.DBFile)
	}
	list, err := store.Backups(dir)
	out := make([]app.BackupInfo, len(list))
	for i, b := range list {
		out[i] = backupInfo(b)
	}
	return out, err
}

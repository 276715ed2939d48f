package store

import (
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// editBackup migrates one backup file, runs edit in a transaction on it and
// compacts it in place, so no page keeps what edit removed.
func editBackup(path string, opts Options, edit func(btx *bolt.Tx) error) error {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout})
	if err != nil {
		return err
	}
	err = bdb.Update(func(btx *bolt.Tx) error {
		if _, err := migrate(btx, opts.Codec); err != nil {
			return err
		}
		return edit(btx)
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

// removeBackupLeftovers deletes what interrupted backups or rewrites left
// in the backups folder (they may hold old bytes too) and names them.
func removeBackupLeftovers(dir string) []string {
	var deleted []string
	for _, pat := range []string{"*.tmp", "*.compact", "*.bad"} {
		tmps, _ := filepath.Glob(filepath.Join(dir, BackupsDir, pat))
		for _, t := range tmps {
			if os.Remove(t) == nil {
				deleted = append(deleted, filepath.Base(t))
			}
		}
	}
	return deleted
}

package store

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

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
	if err := db.opts.atStep("compact:written"); err != nil {
		_ = dst.Close()
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
	trimToPages(dst, tmp)
	return dst, nil
}

// trimToPages cuts the file at path, open as db, to the pages it uses:
// bbolt grows a file in steps of up to 16 MiB ahead of its content, which
// a compacted copy does not need (bbolt grows it again when it writes).
// A failure leaves the file as it was, which is as good.
func trimToPages(db *bolt.DB, path string) {
	var size int64
	if db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }) != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() <= size {
		return
	}
	if f.Truncate(size) == nil {
		_ = f.Sync()
	}
}

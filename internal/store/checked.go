package store

import (
	"encoding/json"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// CheckedFile is the marker, beside the project file, that records the
// state in which the project file last passed the page check or was
// closed cleanly. Deleting it only makes the next open check again.
const CheckedFile = DBFile + ".checked"

// checkedState identifies one state of the project file: bbolt's
// transaction id (every commit raises it) with the file's size and
// modification time (any other write changes them).
type checkedState struct {
	TxID  int   `json:"txid"`
	Size  int64 `json:"size"`
	MTime int64 `json:"mtime_ns"`
}

// fileState returns the state of the open project file.
func fileState(bdb *bolt.DB) (checkedState, error) {
	var s checkedState
	if err := bdb.View(func(tx *bolt.Tx) error { s.TxID = int(tx.ID()); return nil }); err != nil {
		return s, err
	}
	st, err := os.Stat(bdb.Path())
	if err != nil {
		return s, err
	}
	s.Size, s.MTime = st.Size(), st.ModTime().UnixNano()
	return s, nil
}

// alreadyChecked reports whether the project file is in the state the
// marker records: then the page check, which reads every page (seconds
// and the whole file in memory for a large project), can be skipped. A
// file restored, copied over, changed by another program or left by a
// crash after a write does not match and is checked.
func alreadyChecked(dir string, bdb *bolt.DB) bool {
	b, err := os.ReadFile(filepath.Join(dir, CheckedFile))
	if err != nil {
		return false
	}
	var want checkedState
	if json.Unmarshal(b, &want) != nil {
		return false
	}
	got, err := fileState(bdb)
	return err == nil && got == want
}

// markChecked records the current state of the project file as checked.
// It writes through a temporary file and a rename; a marker that is lost
// only costs a check on the next open.
func markChecked(dir string, s checkedState) {
	b, err := json.Marshal(s)
	if err != nil {
		return
	}
	path := filepath.Join(dir, CheckedFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
	}
}

// CheckFile runs bbolt's page check on the open project file (every page
// reachable or free, none claimed twice, keys in order) and returns its
// first problems. verify calls it: the check on open is skipped for a
// file unchanged since it last passed.
func (db *DB) CheckFile() error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if err := checkPages(db.bolt); err != nil {
		return damaged(db.dir, err)
	}
	if st, err := fileState(db.bolt); err == nil {
		markChecked(db.dir, st)
	}
	return nil
}

// Package shred deletes files so that their content does not stay in the
// project folder: overwrite, sync, remove. Standard library only; used by
// the store (erasure) and the app (recordings).
package shred

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
)

// File overwrites the regular file at path with random bytes, syncs it and
// removes it. A missing file is fine; anything but a regular file (a
// symbolic link, a device, a FIFO) is removed without being written to.
// (On copy-on-write or flash storage the old blocks may survive the
// overwrite; the folder holds no trace afterwards.)
func File(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if st.Mode().IsRegular() {
		if err := overwrite(path); err != nil {
			return fmt.Errorf("overwrite %s: %w", path, err)
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func overwrite(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err == nil && st.Mode().IsRegular() {
		_, err = io.CopyN(f, rand.Reader, st.Size())
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

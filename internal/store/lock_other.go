//go:build !unix

package store

import "os"

// tryLock relies on bbolt's own lock of project.db where flock is not
// available (bbolt locks with LockFileEx on Windows).
func tryLock(f *os.File) error { return nil }

func unlock(f *os.File) {}

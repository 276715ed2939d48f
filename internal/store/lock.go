package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// LockFile is the file a process locks while it has the project open. It is
// created once and never renamed, replaced or deleted, so a lock on it
// cannot be swapped away: compaction, protect and restore rename new files
// over project.db, and a process that waited for the project then opens
// the new file, never the replaced one (bbolt's own lock sits on
// project.db and moves with it).
const LockFile = "project.lock"

// errLocked is returned by acquireLock when another process holds the lock.
var errLocked = errors.New("the project is open in another process")

// projectLock is a held lock on a project's LockFile.
type projectLock struct {
	f *os.File
}

// lockPollInterval is how often acquireLock retries a held lock.
const lockPollInterval = 25 * time.Millisecond

// acquireLock takes the exclusive lock on dir's LockFile (creating the file
// if needed), waiting up to opts.LockTimeout for another process to
// release it. It then writes the holder's process id into the file, for
// the message a waiting process shows.
func acquireLock(dir string, opts Options) (*projectLock, error) {
	return lockAt(dir, opts, false)
}

// lockAt takes the lock on dir's LockFile. readOnly opens the file for
// reading only, neither creating nor writing it, and returns a nil lock
// when there is no lock file (a project of a protocoder from before it).
func lockAt(dir string, opts Options, readOnly bool) (*projectLock, error) {
	path := filepath.Join(dir, LockFile)
	deadline := time.Now().Add(opts.LockTimeout)
	told := false
	for {
		var f *os.File
		var err error
		if readOnly {
			f, err = os.Open(path)
			if errors.Is(err, os.ErrNotExist) {
				return nil, nil
			}
		} else {
			f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		}
		if err != nil {
			return nil, fmt.Errorf("open the project lock %s: %w", path, err)
		}
		for {
			err = tryLock(f)
			if !errors.Is(err, errLocked) || !time.Now().Before(deadline) {
				break
			}
			if !told {
				told = true
				if err := opts.atStep("lock:busy"); err != nil {
					_ = f.Close()
					return nil, err
				}
			}
			time.Sleep(lockPollInterval)
		}
		if err != nil {
			_ = f.Close()
			if errors.Is(err, errLocked) {
				return nil, errLocked
			}
			return nil, fmt.Errorf("lock the project %s: %w", dir, err)
		}
		// Someone may have deleted the lock file while we waited (a user
		// tidying the folder): then we hold a lock on a file no other
		// process will find. Start again.
		same, err := samePath(f, path)
		if err != nil || !same {
			unlock(f)
			_ = f.Close()
			if err != nil {
				return nil, fmt.Errorf("check the project lock %s: %w", path, err)
			}
			continue
		}
		if !readOnly {
			writeHolder(f)
		}
		return &projectLock{f: f}, nil
	}
}

// samePath reports whether the open file f is still the file at path.
func samePath(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// writeHolder records the holding process in the lock file.
func writeHolder(f *os.File) {
	host, _ := os.Hostname()
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d on %s\n", os.Getpid(), host)), 0)
	}
}

// lockHolder returns who holds dir's lock as recorded in the lock file
// ("pid 1234 on host"), or "" when unknown.
func lockHolder(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil || len(b) > 200 {
		return ""
	}
	s := strings.TrimSpace(string(b))
	if f := strings.Fields(s); len(f) < 2 || f[0] != "pid" {
		return ""
	} else if _, err := strconv.Atoi(f[1]); err != nil {
		return ""
	}
	return s
}

// alreadyOpen is the error for a project another process holds.
func alreadyOpen(dir string) error {
	if h := lockHolder(dir); h != "" {
		return qda.Errorf(qda.EAlreadyOpen, "the project %s is already open in another protocoder process (%s)", dir, h)
	}
	return qda.Errorf(qda.EAlreadyOpen, "the project %s is already open in another protocoder process", dir)
}

// release gives the lock up. The file stays.
func (l *projectLock) release() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	_ = l.f.Close()
	l.f = nil
}

//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRecordingAttach_FIFO: a named pipe is refused at once; nothing waits
// for a writer while the project is locked.
func TestRecordingAttach_FIFO(t *testing.T) {
	dir := sampleCopy(t)
	id := draftInterview(t, dir)
	fifo := filepath.Join(t.TempDir(), "pipe.wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	code, _, stderr := run(t, "", "-p", dir, "recording", "attach", id, fifo)
	if code == 0 || !strings.Contains(stderr, "not a regular file (a named pipe)") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestRecordingAttach_StaleFIFO: a named pipe where an unfinished copy
// would be is removed at open without being opened.
func TestRecordingAttach_StaleFIFO(t *testing.T) {
	dir := sampleCopy(t)
	id := draftInterview(t, dir)
	recs := filepath.Join(dir, "recordings")
	if err := os.MkdirAll(recs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(recs, id+".tmp"), 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	runOK(t, "-p", dir, "verify")
	if m, _ := filepath.Glob(filepath.Join(recs, "*")); len(m) != 0 {
		t.Errorf("left: %v", m)
	}
}

//go:build unix

package cli

import (
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

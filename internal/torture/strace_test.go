//go:build linux

package torture

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Fault injection from outside the process: strace stops the CLI at a
// chosen system call on a chosen file (-P PATH), with SIGKILL (a crash at
// exactly that step) or with a delay (so that another process surely
// comes while the step is pending). Only system calls on the named paths
// count, so the step is the same in every run, whatever thread Go runs it
// on.

// injection is a step of a multi-file operation and what strace does there.
type injection struct {
	calls  string   // system calls, as a strace regular expression: /^rename, /^unlink
	paths  []string // absolute paths the call must name
	action string   // strace inject action: signal=SIGKILL, delay_enter=US
}

const (
	callRename = "/^rename"
	callUnlink = "/^unlink"
	killAction = "signal=SIGKILL"
)

var (
	straceOnce sync.Once
	straceErr  error
)

// needStrace skips the test when strace is missing or cannot trace here
// (no ptrace in the container).
func needStrace(t testing.TB) {
	t.Helper()
	straceOnce.Do(func() {
		if _, err := exec.LookPath("strace"); err != nil {
			straceErr = err
			return
		}
		if out, err := exec.Command("strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=none", "true").CombinedOutput(); err != nil {
			straceErr = &exec.Error{Name: "strace", Err: errString(strings.TrimSpace(string(out)))}
		}
	})
	if straceErr != nil {
		t.Skipf("fault injection needs strace (apt-get install strace; make torture installs it): %v", straceErr)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// traced is a CLI process started under strace.
type traced struct {
	cmd      *exec.Cmd
	out, err bytes.Buffer
	done     chan struct{}
	res      killResult
}

// startTraced starts protocoder-cli on dir with args under strace doing inj.
func startTraced(t testing.TB, dir string, inj injection, args ...string) *traced {
	t.Helper()
	sargs := []string{"-f", "-qq", "-o", "/dev/null", "-e", "trace=" + inj.calls, "-e", "inject=" + inj.calls + ":" + inj.action}
	for _, p := range inj.paths {
		sargs = append(sargs, "-P", p)
	}
	sargs = append(sargs, cliBin, "-p", dir)
	tr := &traced{cmd: exec.Command("strace", append(sargs, args...)...), done: make(chan struct{})}
	tr.cmd.Env = cliEnv()
	tr.cmd.Stdout, tr.cmd.Stderr = &tr.out, &tr.err
	if err := tr.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := tr.cmd.Wait()
		tr.res.exitOK = err == nil
		if ee, ok := err.(*exec.ExitError); ok {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && (ws.Signal() == syscall.SIGKILL || ws.ExitStatus() == 128+int(syscall.SIGKILL)) {
				tr.res.killed = true
			}
		}
		close(tr.done)
	}()
	return tr
}

// wait waits for the process and returns what it left.
func (tr *traced) wait(t testing.TB) killResult {
	t.Helper()
	<-tr.done
	tr.res.stdout, tr.res.stderr = tr.out.String(), tr.err.String()
	if panicked(tr.res.stderr) {
		t.Errorf("protocoder-cli %v panicked:\n%s", tr.cmd.Args, tr.res.stderr)
	}
	return tr.res
}

// ended reports whether the process has ended.
func (tr *traced) ended() bool {
	select {
	case <-tr.done:
		return true
	default:
		return false
	}
}

// runTraced runs protocoder-cli under strace doing inj to the end.
func runTraced(t testing.TB, dir string, inj injection, args ...string) killResult {
	t.Helper()
	return startTraced(t, dir, inj, args...).wait(t)
}

// lockHolder returns the content of the project's lock file (the holder's
// process id).
func lockHolder(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "project.lock"))
	return string(b)
}

// waitForLock waits until a process other than the one recorded in before
// holds dir's lock, or tr has ended. It reports whether tr still runs.
func waitForLock(dir, before string, tr *traced) bool {
	for !tr.ended() {
		if h := lockHolder(dir); h != before && strings.HasPrefix(h, "pid ") {
			return true
		}
		time.Sleep(2 * time.Millisecond)
	}
	return false
}

// backupPaths returns the project's backup files, oldest first (their
// names start with the time).
func backupPaths(t testing.TB, dir string) []string {
	t.Helper()
	list, err := filepath.Glob(filepath.Join(dir, "backups", "*.db"))
	if err != nil || len(list) == 0 {
		t.Fatalf("no backups in %s: %v", dir, err)
	}
	return list
}

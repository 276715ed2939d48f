//go:build unix

package torture

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// figures are what a torture run counts.
type figures struct {
	cycles       int            // runs of the CLI
	kills        int            // runs ended by SIGKILL
	byOp         map[string]int // kills by operation
	idleKills    int            // kills that hit a batch that had finished its input
	finished     int            // runs that ended before the kill
	rebuildKills int            // kills during 'index rebuild'
	confirmed    int            // commands the CLI reported as committed
	lost         int            // of those, missing afterwards (must be 0)
	unconfirmed  int            // committed commands whose report the kill cut off
	openFails    int            // projects that did not open after a kill (must be 0)
	verifyFails  int            // projects whose verify found problems (must be 0)
	indexStale   int            // kills after which the index was behind or unreadable
	indexHealed  int            // of those, brought up to date by the next search
	opErrors     int            // commands that failed (must be 0)
	temps        int            // half-written backup files left by kills (removed on the next open)
	canaryScans  int            // folder scans for the canaries of committed purges
	canaryBytes  int64          // canary bytes they found (must be 0)
	plainScans   int            // folder scans of the protected project
	plainBytes   int64          // plain-text bytes they found (must be 0)
	recTemps     int            // recordings/*.tmp left after a kill and the next open
}

// TestTorture_KillAndRecover runs protocoder-cli doing every mutating
// operation (imports, codings, code edits and memos, recode, autocode,
// merge, undo/redo, purge, restore, recording attach/delete, protect),
// kills it with SIGKILL at random moments and checks after each kill that
// the project opens and verifies, that every command reported as committed
// is there, that nothing the cycle did not touch changed (so every edit
// confirmed in earlier cycles is still there, each coding with its code),
// that the index is current or brought up to date by the next search, that
// no byte of a purged interview's canary is left in any file of the
// folder, and, once protected, that no file holds plain text.
// -torture.kills sets the number of kills (make torture: 100).
func TestTorture_KillAndRecover(t *testing.T) {
	want := *flagKills
	if want <= 0 {
		want = 5
	}
	seed := *flagSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (repeat with -torture.seed=%d)", seed, seed)
	tt := newTorturer(t, rand.New(rand.NewPCG(seed, 0x70726f746f)), want)
	began := time.Now()
	for tt.f.kills < want && !t.Failed() {
		tt.cycle()
	}
	tt.finish()
	f := &tt.f
	t.Logf("torture: %d kills (%d while idle, %d during index rebuild), %d runs finished before the kill, %d cycles in %v",
		f.kills, f.idleKills, f.rebuildKills, f.finished, f.cycles, time.Since(began).Round(time.Millisecond))
	t.Logf("torture: kills by operation %v", f.byOp)
	t.Logf("torture: commands confirmed %d, lost %d, committed without confirmation %d, failed %d",
		f.confirmed, f.lost, f.unconfirmed, f.opErrors)
	t.Logf("torture: projects failing to open %d, failing verify %d; index behind after a kill %d, brought up to date by search %d; half-written backups removed %d",
		f.openFails, f.verifyFails, f.indexStale, f.indexHealed, f.temps)
	t.Logf("torture: canary bytes after purges %d (%d scans), plain-text bytes after protect %d (%d scans), recording temp files left %d",
		f.canaryBytes, f.canaryScans, f.plainBytes, f.plainScans, f.recTemps)
	sn := tt.sn
	t.Logf("torture: project now %d commands, %d documents, %d codings, %d codes, protected %v", sn.commands, len(sn.docs), len(sn.codings), len(sn.codes), tt.protected)
	totals.add(func(tl *tally) {
		for k, v := range f.byOp {
			tl.kills[k] += v
		}
		tl.confirmed += f.confirmed
		tl.lost += f.lost
		tl.canaryScans += f.canaryScans
		tl.canaryBytes += f.canaryBytes
		tl.plainScans += f.plainScans
		tl.plainBytes += f.plainBytes
		tl.openFails += f.openFails
	})
}

// killDelay picks when to kill: a third early (opening, first commands),
// the rest anywhere in a run of up to 1.5 s.
func killDelay(rng *rand.Rand) time.Duration {
	if rng.IntN(3) == 0 {
		return time.Duration(rng.IntN(60)) * time.Millisecond
	}
	return time.Duration(60+rng.IntN(1500)) * time.Millisecond
}

// killResult is what a killed (or finished) run left.
type killResult struct {
	stdout, stderr string
	killed, exitOK bool
}

// runKill starts protocoder-cli on dir with args, feeds it stdin (kept
// open, so a batch waits for more), and kills it with SIGKILL after delay
// unless it ended before.
func runKill(t *testing.T, dir string, stdin []byte, delay time.Duration, args ...string) killResult {
	t.Helper()
	cmd := exec.Command(cliBin, append([]string{"-p", dir}, args...)...)
	cmd.Env = cliEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	var w io.WriteCloser
	if stdin != nil {
		var err error
		if w, err = cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if w != nil {
		go func() { _, _ = w.Write(stdin) }()
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var res killResult
	select {
	case err := <-done:
		res.exitOK = err == nil
	case <-time.After(delay):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := <-done
		res.killed = true
		if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			res.killed, res.exitOK = false, err == nil
		}
	}
	if w != nil {
		_ = w.Close()
	}
	res.stdout, res.stderr = out.String(), errb.String()
	if panicked(res.stderr) {
		t.Errorf("protocoder-cli %v panicked:\n%s", args, res.stderr)
	}
	return res
}

// recover checks the project after a kill: it opens and verifies, and the
// index is current or brought up to date by a search, which finds token
// (the newest confirmed import's unique word). It returns the project's
// snapshot.
//
// A protected project keeps its index in memory only ('index verify' has
// nothing on disk to compare): its index checks are left out.
func (f *figures) recover(t *testing.T, dir, token string) *snapshot {
	t.Helper()
	r := run(t, dir, "verify")
	switch r.code {
	case 0:
	case 3:
		f.verifyFails++
		t.Errorf("verify after kill %d found problems:\n%s", f.kills, r)
	default:
		f.openFails++
		t.Fatalf("project does not open after kill %d:\n%s", f.kills, r)
	}
	protected, err := isProtected(dir)
	if err != nil {
		f.openFails++
		t.Fatalf("after kill %d: %v", f.kills, err)
	}
	if protected {
		// no index on disk
	} else if r := run(t, dir, "index", "verify"); r.code == 3 {
		f.indexStale++
		defer func() {
			if !t.Failed() {
				f.indexHealed++
			}
		}()
	} else if r.code != 0 {
		t.Errorf("index verify after kill %d:\n%s", f.kills, r)
	}
	q := token
	if q == "" {
		q = "Arbeitgeber"
	}
	if r := run(t, dir, "search", "--limit", "1", q); r.code != 0 || strings.HasPrefix(lastLine(r.stdout), "0 passage") {
		t.Errorf("search %q after kill %d finds nothing:\n%s", q, f.kills, r)
	}
	if r := run(t, dir, "index", "verify"); r.code != 0 && !protected {
		t.Errorf("index not current after a search (kill %d):\n%s", f.kills, r)
	}
	sn, err := readSnapshot(dir)
	if err != nil {
		f.openFails++
		t.Fatalf("after kill %d: %v", f.kills, err)
	}
	return sn
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// tempFiles lists half-written files a kill can leave in the project.
func tempFiles(dir string) []string {
	tmps, _ := filepath.Glob(filepath.Join(dir, "backups", "*.tmp"))
	more, _ := filepath.Glob(filepath.Join(dir, "*.restore"))
	return append(tmps, more...)
}

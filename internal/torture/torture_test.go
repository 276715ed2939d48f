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
	cycles       int // runs of the CLI
	kills        int // runs ended by SIGKILL
	idleKills    int // kills that hit a batch that had finished its input
	finished     int // runs that ended before the kill
	rebuildKills int // kills during 'index rebuild'
	confirmed    int // commands the CLI reported as committed
	lost         int // of those, missing afterwards (must be 0)
	unconfirmed  int // committed commands whose report the kill cut off
	openFails    int // projects that did not open after a kill (must be 0)
	verifyFails  int // projects whose verify found problems (must be 0)
	indexStale   int // kills after which the index was behind or unreadable
	indexHealed  int // of those, brought up to date by the next search
	opErrors     int // commands that failed (must be 0)
	temps        int // half-written backup files left by kills (removed on the next open)
}

// TestTorture_KillAndRecover runs protocoder-cli doing bulk imports,
// codings and code edits, kills it with SIGKILL at random moments and
// checks after each kill that the project opens and verifies, that every
// command reported as committed is there and that the index is current or
// brought up to date by the next search. -torture.kills sets the number of
// kills (make torture: 100).
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
	rng := rand.New(rand.NewPCG(seed, 0x70726f746f))
	dir := sampleProject(t)
	pl, err := newPlanner(rng, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sn := mustSnapshot(t, dir)
	var f figures
	began := time.Now()
	for f.kills < want && !t.Failed() {
		f.cycles++
		var ops []*op
		var res killResult
		delay := killDelay(rng)
		switch mode := rng.IntN(100); {
		case mode < 8:
			res = runKill(t, dir, nil, delay, "index", "rebuild")
			if res.killed {
				f.rebuildKills++
			}
		case mode < 25:
			mk := pl.docImport
			if mode < 16 {
				mk = pl.protoImport
			}
			o, err := mk(4 + rng.IntN(5))
			if err != nil {
				t.Fatal(err)
			}
			ops = []*op{o}
			res = runKill(t, dir, nil, delay, strings.Fields(o.line)...)
			parseOutput(ops, res.stdout, false, res.exitOK)
		default:
			if ops, err = pl.plan(sn, 60); err != nil {
				t.Fatal(err)
			}
			var in bytes.Buffer
			for _, o := range ops {
				in.WriteString(o.line + "\n")
			}
			res = runKill(t, dir, in.Bytes(), delay, "batch")
			parseOutput(ops, res.stdout, true, false)
			if res.killed && ops[len(ops)-1].done {
				f.idleKills++
			}
		}
		if res.killed {
			f.kills++
		} else {
			f.finished++
			if !res.exitOK {
				t.Errorf("run ended without the kill and failed:\n%s", res.stderr)
			}
		}
		f.temps += len(tempFiles(dir))
		for _, e := range countErrors(ops) {
			f.opErrors++
			t.Errorf("command failed: %s", e)
		}
		after := f.recover(t, dir, lastToken(ops))
		if left := tempFiles(dir); len(left) > 0 {
			t.Errorf("cycle %d: temporary files not cleaned up: %v", f.cycles, left)
		}
		lost, unconf := checkOps(ops, after)
		conf := 0
		for _, o := range ops {
			conf += o.commands()
		}
		f.confirmed += conf
		f.lost += len(lost)
		f.unconfirmed += unconf
		for _, l := range lost {
			t.Errorf("cycle %d (kill after %v): committed command lost: %s", f.cycles, delay, l)
		}
		if after.commands-sn.commands < conf {
			t.Errorf("cycle %d: %d commands added, but %d were confirmed", f.cycles, after.commands-sn.commands, conf)
		}
		sn = after
	}
	t.Logf("torture: %d kills (%d while idle, %d during index rebuild), %d runs finished before the kill, %d cycles in %v",
		f.kills, f.idleKills, f.rebuildKills, f.finished, f.cycles, time.Since(began).Round(time.Millisecond))
	t.Logf("torture: commands confirmed %d, lost %d, committed without confirmation %d, failed %d",
		f.confirmed, f.lost, f.unconfirmed, f.opErrors)
	t.Logf("torture: projects failing to open %d, failing verify %d; index behind after a kill %d, brought up to date by search %d; half-written backups removed %d",
		f.openFails, f.verifyFails, f.indexStale, f.indexHealed, f.temps)
	t.Logf("torture: project now %d commands, %d documents, %d codings, %d codes", sn.commands, len(sn.docs), len(sn.codings), len(sn.codes))
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
	cmd := exec.Command(cliBin, append([]string{"--user", "torture", "-p", dir}, args...)...)
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
	if r := run(t, dir, "index", "verify"); r.code == 3 {
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
	if r := run(t, dir, "index", "verify"); r.code != 0 {
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

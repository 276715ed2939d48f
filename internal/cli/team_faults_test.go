package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server/pgtest"
	"github.com/protocoder/protocoder/internal/wire"
)

// buildTool builds a command of this module (CGO_ENABLED=0) into dir.
func buildTool(t *testing.T, dir, name string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", out, "./cmd/"+name)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, b)
	}
	return out
}

// proc is a running subprocess whose output lines can be waited for.
type proc struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []string
	more  chan struct{} // closed and replaced whenever a line arrives
	done  chan struct{}
	err   error
}

func start(t *testing.T, env []string, name string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(name, args...), more: make(chan struct{}), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, r := range []io.Reader{stdout, stderr} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(r)
			for sc.Scan() {
				p.mu.Lock()
				p.lines = append(p.lines, sc.Text())
				close(p.more)
				p.more = make(chan struct{})
				p.mu.Unlock()
			}
		}()
	}
	go func() {
		wg.Wait()
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitFor waits until a line holds s and returns it; it fails when the
// process ends first.
func (p *proc) waitFor(t *testing.T, s string) string {
	t.Helper()
	for {
		p.mu.Lock()
		for _, l := range p.lines {
			if strings.Contains(l, s) {
				p.mu.Unlock()
				return l
			}
		}
		more := p.more
		p.mu.Unlock()
		select {
		case <-more:
		case <-p.done:
			p.mu.Lock()
			defer p.mu.Unlock()
			for _, l := range p.lines {
				if strings.Contains(l, s) {
					return l
				}
			}
			t.Fatalf("%s ended (%v) without saying %q:\n%s", filepath.Base(p.cmd.Path), p.err, s, strings.Join(p.lines, "\n"))
		}
	}
}

// kill9 kills the process with SIGKILL and waits until it is gone.
func (p *proc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

// wait waits for the process to end and returns its exit code.
func (p *proc) wait() int {
	<-p.done
	return p.cmd.ProcessState.ExitCode()
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// localLog returns the GUIDs of a replica's command log, in order.
func localLog(t *testing.T, dir, user string) []qda.GUID {
	t.Helper()
	p, err := wire.Open(dir, wire.Options{User: user, NoIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var out []qda.GUID
	err = p.View(func(tx app.Tx) error {
		return tx.Commands(1, func(c *qda.Command) error { out = append(out, c.GUID); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func noDuplicates(t *testing.T, what string, ids []qda.GUID) {
	t.Helper()
	seen := map[qda.GUID]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("%s holds command %s twice", what, id)
		}
		seen[id] = true
	}
}

// TestTeam_Faults kills, with SIGKILL, the real server process (on a
// PostgreSQL cluster) inside a push's transaction and again after the push
// committed but before its answer, and a laptop's protocoder-cli sync
// after it applied a pulled page but before it recorded its cursor. Each
// holds at a named point (--fault-hold, $PROTOCODER_FAULT_HOLD) and says
// so; the test waits for that line, kills, and syncs again: every replica
// ends with every command exactly once, none lost.
func TestTeam_Faults(t *testing.T) {
	c := pgtest.Start(t)
	bin := t.TempDir()
	srvBin, cliBin := buildTool(t, bin, "protocoder-server"), buildTool(t, bin, "protocoder-cli")
	keys := filepath.Join(t.TempDir(), "keys")
	env := []string{"PROTOCODER_DB=" + c.URL, "PROTOCODER_KEY_DIR=" + keys}
	admin := func(stdin string, args ...string) {
		t.Helper()
		cmd := exec.Command(srvBin, args...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdin = strings.NewReader(stdin)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("protocoder-server %v: %v\n%s", args, err, b)
		}
	}
	admin("", "init")
	admin("pw-of-lea-long\n", "user", "add", "lea", "--role", "lead")
	admin("pw-of-ben-long\n", "user", "add", "ben", "--role", "coder")
	admin("", "project", "create", "ejo")

	serve := func(listen, hold string) (*proc, string) {
		args := []string{"serve", "--listen", listen}
		if hold != "" {
			args = append(args, "--fault-hold", hold)
		}
		p := start(t, env, srvBin, args...)
		addr := strings.TrimPrefix(p.waitFor(t, "listening on "), "listening on ")
		return p, strings.TrimSpace(addr)
	}
	srv, base := serve("127.0.0.1:0", "push:deciding")
	listen := strings.TrimPrefix(base, "http://")
	root := t.TempDir()
	lea, ben := filepath.Join(root, "lea"), filepath.Join(root, "ben")
	laptop := func(user string, hold string, args ...string) *proc {
		e := []string{"PROTOCODER_PASSWORD=pw-of-" + user + "-long", "PROTOCODER_USER=" + user}
		if hold != "" {
			e = append(e, "PROTOCODER_FAULT_HOLD="+hold)
		}
		return start(t, e, cliBin, args...)
	}
	for _, l := range [][2]string{{"lea", lea}, {"ben", ben}} {
		if p := laptop(l[0], "", "team", "clone", base+"/ejo", l[1], "--user", l[0]); p.wait() != 0 {
			t.Fatalf("clone: %s", p.output())
		}
	}
	codes := func(user, dir string, from, n int) {
		t.Helper()
		for i := from; i < from+n; i++ {
			mustRunAs(t, user, "-p", dir, "--user", user, "code", "add", fmt.Sprintf("%s-%02d", user, i))
		}
	}

	// 1. The server dies inside the push's transaction: nothing of it is
	// in the log; the next sync pushes it all.
	codes("ben", ben, 0, 3)
	run := laptop("ben", "", "-p", ben, "sync", "--json")
	srv.waitFor(t, "fault-hold: holding at push:deciding")
	srv.kill9(t)
	if code := run.wait(); code == 0 {
		t.Fatalf("ben's sync went through a killed server:\n%s", run.output())
	}
	if n := countCodeAdds(t, c.URL); n != 0 {
		t.Fatalf("the log holds %d of the commands whose push died in its transaction", n)
	}
	srv, _ = serve(listen, "push:appended")
	// 2. The server dies after the push committed, before it answered:
	// the next push is a repetition, recognised by GUID.
	codes("ben", ben, 3, 2)
	run = laptop("ben", "", "-p", ben, "sync", "--json")
	srv.waitFor(t, "fault-hold: holding at push:appended")
	srv.kill9(t)
	if code := run.wait(); code == 0 {
		t.Fatalf("ben's sync went through a killed server:\n%s", run.output())
	}
	if n := countCodeAdds(t, c.URL); n != 5 {
		t.Fatalf("the log holds %d commands of the push that died before its answer, want 5", n)
	}
	srv, _ = serve(listen, "")
	var r struct {
		Pushed, Pulled int
		Refused        []any
	}
	if err := json.Unmarshal([]byte(mustRunAs(t, "ben", "-p", ben, "sync", "--json")), &r); err != nil || r.Pushed != 0 || len(r.Refused) != 0 {
		t.Fatalf("ben's sync after the crashes: %+v, %v (want the 5 commands repeated, none new)", r, err)
	}
	if n := countCodeAdds(t, c.URL); n != 5 {
		t.Fatalf("the log holds %d of ben's commands, want 5", n)
	}
	// 3. A laptop dies after applying a pulled page, before it recorded
	// its cursor: the next sync applies nothing twice.
	codes("lea", lea, 0, 4)
	mustRunAs(t, "lea", "-p", lea, "sync")
	run = laptop("ben", "pull:applied", "-p", ben, "sync", "--json")
	run.waitFor(t, "fault-hold: holding at pull:applied")
	run.kill9(t)
	if err := json.Unmarshal([]byte(mustRunAs(t, "ben", "-p", ben, "sync", "--json")), &r); err != nil || r.Pushed != 0 || r.Pulled != 0 || len(r.Refused) != 0 {
		t.Errorf("ben's sync after his laptop died: %+v, %v (want nothing pushed or pulled: the page was applied)", r, err)
	}
	mustRunAs(t, "lea", "-p", lea, "sync")
	srv.kill9(t) // the replicas are checked offline

	want := []string{"ben-00", "ben-01", "ben-02", "ben-03", "ben-04", "lea-00", "lea-01", "lea-02", "lea-03"}
	for _, l := range [][2]string{{"lea", lea}, {"ben", ben}} {
		var cs []struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal([]byte(mustRunAs(t, l[0], "-p", l[1], "--user", l[0], "codes", "list", "--json")), &cs); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Name)
		}
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s's codes: %v, want %v", l[0], got, want)
		}
		noDuplicates(t, l[0]+"'s log", localLog(t, l[1], l[0]))
	}
	if !bytesEqual(exportQDPX(t, "lea", lea), exportQDPX(t, "ben", ben)) {
		t.Error("lea's and ben's exports differ")
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// countCodeAdds counts the code.add commands in the server's database.
func countCodeAdds(t *testing.T, url string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM commands WHERE kind = 'code.add'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

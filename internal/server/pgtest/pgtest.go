// Package pgtest starts throwaway PostgreSQL clusters for tests: initdb and
// pg_ctl in a temporary folder, listening on a free loopback port (and a
// socket in that folder), as the unprivileged user postgres when the tests
// run as root (PostgreSQL refuses to run as root). The cluster is stopped
// and its folder removed when the test ends. When PostgreSQL cannot be
// started at all the test is skipped with a loud message saying so.
package pgtest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// binDir finds the folder of initdb and pg_ctl: $PATH, then Debian's
// /usr/lib/postgresql/<version>/bin (newest first).
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin (install Debian's postgresql package: make test does)")
}

// Cluster is a running throwaway cluster.
type Cluster struct {
	// URL connects to its database postgres as the superuser postgres.
	URL string
	// Dir is the folder the cluster lives in (data/ is its data directory).
	Dir string
	run func(args ...string) ([]byte, error)
	bin string
}

// Start starts a cluster for tb, or skips tb loudly when PostgreSQL cannot
// be started on this machine.
func Start(tb testing.TB) *Cluster {
	tb.Helper()
	c, err := start()
	if err != nil {
		msg := fmt.Sprintf("\n!!!!!!!!\n!!! POSTGRESQL COULD NOT BE STARTED: %s was SKIPPED, the team server's PostgreSQL store is NOT tested here.\n!!! reason: %v\n!!!!!!!!", tb.Name(), err)
		fmt.Fprintln(os.Stderr, msg)
		tb.Skip(msg)
	}
	tb.Cleanup(func() {
		if out, err := c.run(filepath.Join(c.bin, "pg_ctl"), "-D", filepath.Join(c.Dir, "data"), "-m", "immediate", "-w", "stop"); err != nil {
			tb.Logf("pg_ctl stop: %v\n%s", err, out)
		}
		if err := os.RemoveAll(c.Dir); err != nil {
			tb.Logf("remove the cluster: %v", err)
		}
	})
	return c
}

func start() (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "protocoder-pgtest-")
	if err != nil {
		return nil, err
	}
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.Bytes(), err
	}
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, and there is no user postgres to run the cluster as: %w", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root without runuser: %w", err)
		}
		plain := run
		run = func(args ...string) ([]byte, error) {
			return plain(append([]string{runuser, "-u", "postgres", "--"}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := run(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	var lastErr error
	for try := 0; try < 5; try++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", port, dir)
		out, err := run(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start")
		if err == nil {
			return &Cluster{URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), Dir: dir, run: run, bin: bin}, nil
		}
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		lastErr = fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	_ = os.RemoveAll(dir)
	return nil, lastErr
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// CreateDB creates a fresh database in the cluster and returns its URL.
func (c *Cluster) CreateDB(tb testing.TB, name string) string {
	tb.Helper()
	out, err := c.run(filepath.Join(c.bin, "createdb"), "-h", c.Dir, "-p", portOf(c.URL), "-U", "postgres", name)
	if err != nil {
		tb.Fatalf("createdb %s: %v\n%s", name, err, out)
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%s/%s?sslmode=disable", portOf(c.URL), name)
}

func portOf(url string) string {
	var port int
	_, _ = fmt.Sscanf(url[len("postgres://postgres@127.0.0.1:"):], "%d", &port)
	return strconv.Itoa(port)
}

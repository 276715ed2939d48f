//go:build unix

package torture

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	flagKills = flag.Int("torture.kills", 0, "kills of the torture test (0: the short form)")
	flagSeed  = flag.Uint64("torture.seed", 0, "random seed of the torture test (0: from the clock)")
)

// cliBin is the protocoder-cli binary built for this test run; workDir
// holds it and the sample project template.
var cliBin, workDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "protocoder-torture-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	workDir = dir
	cliBin = filepath.Join(dir, "protocoder-cli")
	code := 1
	if err := buildCLI(cliBin); err != nil {
		fmt.Fprintln(os.Stderr, err)
	} else {
		code = m.Run()
		if *flagKills > 0 {
			totals.print(os.Stdout)
		}
	}
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildCLI builds cmd/protocoder-cli (without cgo) into bin.
func buildCLI(bin string) error {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/protocoder-cli")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build protocoder-cli: %v\n%s", err, out)
	}
	return nil
}

// result is what one run of the CLI produced.
type result struct {
	stdout, stderr string
	code           int
	maxRSS         int64 // peak memory of the process in bytes
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs protocoder-cli on the project dir (none when empty) with args.
func run(t testing.TB, dir string, args ...string) result {
	t.Helper()
	return runIn(t, dir, nil, args...)
}

// runIn is run with standard input.
func runIn(t testing.TB, dir string, stdin []byte, args ...string) result {
	t.Helper()
	if dir != "" {
		args = append([]string{"-p", dir}, args...)
	}
	cmd := exec.Command(cliBin, args...)
	cmd.Env = cliEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var peak int64
	err := cmd.Start()
	if err == nil {
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { peak = watchPeak(cmd.Process.Pid, stop); close(done) }()
		err = cmd.Wait()
		close(stop)
		<-done
	}
	r := result{stdout: out.String(), stderr: errb.String(), maxRSS: peak}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run protocoder-cli %v: %v", args, err)
	}
	if panicked(r.stderr) {
		t.Errorf("protocoder-cli %v panicked:\n%s", args, r.stderr)
	}
	return r
}

// actingUser is the team member of the sample project (sampledata/users.csv)
// the CLI acts as.
const actingUser = "mara"

// passphrase opens the projects the torture protects. Every run of the CLI
// has it in $PROTOCODER_PASSPHRASE; a project that is not protected
// ignores it.
const passphrase = "Folter-Passphrase-2026"

// cliEnv is the environment of the CLI: the test's, without a default
// project, acting as actingUser, with the passphrase of protected projects.
func cliEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PROTOCODER_") {
			env = append(env, kv)
		}
	}
	return append(env, "PROTOCODER_USER="+actingUser, "PROTOCODER_PASSPHRASE="+passphrase)
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// sampleProject returns a fresh copy of the sample project in a folder of
// t's own.
func sampleProject(t testing.TB) string {
	t.Helper()
	templateOnce.Do(func() {
		templateDir = filepath.Join(workDir, "sample")
		cmd := exec.Command(cliBin, "sample", templateDir)
		cmd.Env = cliEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			templateErr = fmt.Errorf("sample: %v\n%s", err, out)
			return
		}
		// The tests act as "torture": the sample's lead adds them.
		cmd = exec.Command(cliBin, "-p", templateDir, "--user", "mara", "member", "add", "torture", "--roles", "lead,interviewer,coder,dpo")
		cmd.Env = cliEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			templateErr = fmt.Errorf("member add: %v\n%s", err, out)
		}
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	dst := filepath.Join(t.TempDir(), "project")
	if err := copyTree(templateDir, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// copyTree copies the folder src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
}

// repoFile is the path of a file in the repository.
func repoFile(rel string) string { return filepath.Join("..", "..", filepath.FromSlash(rel)) }

// watchPeak samples the peak resident memory (VmHWM) of process pid until
// stop is closed, and returns the last value seen (0 where /proc is
// missing). The rusage of a child is no use here: on Linux it includes the
// memory of the parent it was forked from.
func watchPeak(pid int, stop <-chan struct{}) int64 {
	var peak int64
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	for {
		if b, err := os.ReadFile(path); err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
					kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
					peak = max(peak, kb*1024)
				}
			}
		}
		select {
		case <-stop:
			return peak
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// panicked reports whether stderr holds a Go panic (not a message that
// quotes one).
func panicked(stderr string) bool {
	return strings.HasPrefix(stderr, "panic: ") || strings.Contains(stderr, "\npanic: ") || strings.Contains(stderr, "\ngoroutine ")
}

package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the CLI in-process and returns its exit code, stdout and stderr.
func run(tb testing.TB, stdin string, args ...string) (int, string, string) {
	tb.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "USER" {
				return "tester"
			}
			return ""
		}}
	code := Main(args, e)
	return code, out.String(), errb.String()
}

// newProject runs init in a temporary folder, with $USER "tester" as the
// first member, and returns the folder.
func newProject(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "p")
	if code, _, stderr := run(tb, "", "init", dir, "--member", "tester", "--roles", "lead,interviewer,coder,dpo"); code != 0 {
		tb.Fatalf("init: exit %d: %s", code, stderr)
	}
	return dir
}

func TestMain_InitInfo(t *testing.T) {
	dir := newProject(t)
	code, out, stderr := run(t, "", "-p", dir, "info", "--json")
	if code != 0 {
		t.Fatalf("info: exit %d: %s", code, stderr)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("info --json is not JSON: %v\n%s", err, out)
	}
	for _, f := range []string{"guidelines", "questions", "codes", "cases", "interviews", "documents", "codings", "memos"} {
		v, ok := m[f].(float64)
		if !ok || v != 0 {
			t.Errorf("field %s = %v, want integer 0", f, m[f])
		}
	}
	if v, _ := m["schema_version"].(float64); v < 1 {
		t.Errorf("schema_version = %v", m["schema_version"])
	}
}

func TestMain_Errors(t *testing.T) {
	dir := newProject(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"init over a project", []string{"init", dir}, ExitError, "already holds a project"},
		{"no project", []string{"info"}, ExitUsage, "no project"},
		{"not a project", []string{"-p", t.TempDir(), "info"}, ExitError, "not a protocoder project"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"bad flag", []string{"-p", dir, "info", "--nope"}, ExitUsage, "not defined"},
		{"restore missing", []string{"-p", dir, "restore", "nope.db"}, ExitError, "does not exist"},
		{"init without folder", []string{"init"}, ExitUsage, "exactly one folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d containing %q", code, stderr, tc.code, tc.msg)
			}
		})
	}
}

func TestMain_HelpOnEveryCommand(t *testing.T) {
	for _, c := range registry {
		args := append(strings.Fields(c.name), "--help")
		code, out, _ := run(t, "", args...)
		if code != 0 || !strings.Contains(out, "usage: protocoder-cli "+c.name) {
			t.Errorf("%s --help: exit %d, output %q", c.name, code, out)
		}
	}
}

func TestMain_VerifyBackupRestore(t *testing.T) {
	dir := newProject(t)
	if code, out, _ := run(t, "", "-p", dir, "verify"); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("verify: exit %d: %s", code, out)
	}
	code, out, stderr := run(t, "", "-p", dir, "backup")
	if code != 0 {
		t.Fatalf("backup: %d %s", code, stderr)
	}
	name := filepath.Base(strings.TrimSpace(out))
	code, out, _ = run(t, "", "-p", dir, "backups", "--json")
	if code != 0 || !strings.Contains(out, name) {
		t.Fatalf("backups does not list %s: %s", name, out)
	}
	if code, out, stderr = run(t, "", "-p", dir, "restore", name); code != 0 || !strings.Contains(out, "restored") {
		t.Fatalf("restore: exit %d %s %s", code, out, stderr)
	}
}

func TestMain_Batch(t *testing.T) {
	dir := newProject(t)
	code, out, _ := run(t, "info --json\n# a comment\n\nverify\nnope\n", "-p", dir, "batch")
	if code == 0 {
		t.Errorf("batch with an unknown command exited 0")
	}
	if n := strings.Count(out, "# ok"); n != 2 {
		t.Errorf("%d ok lines, want 2:\n%s", n, out)
	}
	if !strings.Contains(out, "# error:") {
		t.Errorf("no error line:\n%s", out)
	}
}

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  bool
	}{
		{`code add "Größe der Teams" --color '#ff0000'`, []string{"code", "add", "Größe der Teams", "--color", "#ff0000"}, false},
		{`a\ b c # comment`, []string{"a b", "c"}, false},
		{`"unterminated`, nil, true},
		{``, nil, false},
	} {
		got, err := splitWords(tc.in)
		if (err != nil) != tc.err || strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("splitWords(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// buildCLI builds protocoder-cli into a temporary folder.
func buildCLI(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "protocoder-cli")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/protocoder/protocoder/cmd/protocoder-cli")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build protocoder-cli: %v\n%s", err, out)
	}
	return bin
}

func TestProcess_SecondProcessGetsAlreadyOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	dir := newProject(t)
	holder := exec.Command(bin, "-p", dir, "batch")
	stdin, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	hout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = holder.Process.Kill(); _ = holder.Wait() })
	// Wait until the holder has the project open: its first command answers.
	if _, err := stdin.Write([]byte("info\n")); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(hout)
	for sc.Scan() && sc.Text() != "# ok" {
	}
	if sc.Text() != "# ok" {
		t.Fatalf("holder did not answer: %v", sc.Err())
	}
	// The holder keeps the project open until its input ends, so the
	// second process meets the lock whatever the load; it gives up after
	// the store's lock timeout (were it to wait for the holder, the test
	// would hang until go test's -timeout).
	second := exec.Command(bin, "-p", dir, "info")
	out, err := second.CombinedOutput()
	if err == nil {
		t.Fatalf("second process succeeded: %s", out)
	}
	if !strings.Contains(string(out), "already open") {
		t.Errorf("second process said %q, want 'already open'", out)
	}
	stdin.Close()
	for sc.Scan() {
	}
	if err := holder.Wait(); err != nil {
		t.Errorf("holder: %v", err)
	}
}

// TestMain_cancelled: a long command cancelled (Ctrl+C) before it commits
// says so and changes nothing.
func TestMain_cancelled(t *testing.T) {
	dir := newProject(t)
	other := newProject(t)
	if code, _, stderr := run(t, "", "-p", other, "case", "add", "JC-99"); code != 0 {
		t.Fatalf("case add: %s", stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: ctx,
		Getenv: func(k string) string {
			if k == "USER" {
				return "tester"
			}
			return ""
		}}
	code := Main([]string{"-p", dir, "merge", other}, e)
	if code != ExitError || !strings.Contains(errb.String(), "cancelled; nothing was changed") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
	if _, stdout, _ := run(t, "", "-p", dir, "case", "list"); strings.Contains(stdout, "JC-99") {
		t.Errorf("the cancelled merge brought JC-99 in:\n%s", stdout)
	}
}

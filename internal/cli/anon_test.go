package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// sampleOnce builds the sample project once per test binary; sampleCopy
// hands each test its own copy.
var sampleOnce struct {
	sync.Once
	dir string
	err string
}

func sampleCopy(t *testing.T) string {
	t.Helper()
	sampleOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "h6-sample-")
		if err != nil {
			sampleOnce.err = err.Error()
			return
		}
		sampleOnce.dir = filepath.Join(tmp, "s")
		if code, _, stderr := run(t, "", "sample", sampleOnce.dir); code != 0 {
			sampleOnce.err = stderr
			return
		}
		// The tests act as $USER "tester": the sample's lead adds them.
		if code, _, stderr := run(t, "", "-p", sampleOnce.dir, "--user", "mara", "member", "add", "tester", "--roles", "lead,interviewer,coder,dpo"); code != 0 {
			sampleOnce.err = stderr
		}
	})
	if sampleOnce.err != "" {
		t.Fatalf("sample: %s", sampleOnce.err)
	}
	dst := filepath.Join(t.TempDir(), "s")
	err := filepath.WalkDir(sampleOnce.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sampleOnce.dir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestMain_AnonSample checks the sample's planted slips, replaces one by a
// pseudonym from the key, ignores one, and reads the audit log.
func TestMain_AnonSample(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "anon", "check", "--json")
	if code != ExitFindings {
		t.Fatalf("anon check: exit %d: %s", code, stderr)
	}
	var fs []anonJSON
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, f := range fs {
		texts = append(texts, f.Text)
	}
	if got := strings.Join(texts, "|"); !strings.Contains(got, "Westermann") || !strings.Contains(got, "Bochum") ||
		!strings.Contains(got, "Kowalski") || !strings.Contains(got, "Gartenstraße 12") || len(fs) != 4 {
		t.Fatalf("findings %q", got)
	}
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("Schutz der Befragten 2014\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr = run(t, "", "-p", dir, "key", "init", "--passphrase-file", pass); code != 0 || strings.Contains(out+stderr, "Schutz") {
		t.Fatalf("key init: %d %s %s", code, out, stderr)
	}
	if code, _, stderr = run(t, "", "-p", dir, "key", "add", "Westermann", "Person W", "--passphrase-file", pass); code != 0 {
		t.Fatalf("key add: %d %s", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	_ = os.WriteFile(bad, []byte("falsch falsch falsch"), 0o600)
	keyBefore, _ := os.ReadFile(filepath.Join(dir, "keys", "pseudonyms.key"))
	if code, _, stderr = run(t, "", "-p", dir, "key", "list", "--passphrase-file", bad); code != ExitError || !strings.Contains(stderr, "wrong passphrase") {
		t.Errorf("wrong passphrase: %d %s", code, stderr)
	}
	if keyAfter, _ := os.ReadFile(filepath.Join(dir, "keys", "pseudonyms.key")); string(keyAfter) != string(keyBefore) {
		t.Error("a wrong passphrase changed the key file")
	}
	if code, out, _ = run(t, "", "-p", dir, "key", "list", "--passphrase-file", pass); code != 0 || !strings.Contains(out, "Westermann") {
		t.Errorf("key list: %d %s", code, out)
	}
	var westermann, bochum string
	for _, f := range fs {
		switch f.Text {
		case "Westermann":
			westermann = f.ID
		case "Bochum":
			bochum = f.ID
		}
	}
	code, out, stderr = run(t, "", "-p", dir, "anon", "apply", westermann, "--passphrase-file", pass)
	if code != 0 || !strings.Contains(out, "replaced 1") {
		t.Fatalf("anon apply: %d %s %s", code, out, stderr)
	}
	if code, _, _ = run(t, "", "-p", dir, "anon", "ignore", bochum); code != ExitUsage {
		t.Errorf("ignore without reason: %d", code)
	}
	if code, _, stderr = run(t, "", "-p", dir, "anon", "ignore", bochum, "--reason", "Testlauf"); code != 0 {
		t.Fatalf("anon ignore: %d %s", code, stderr)
	}
	code, out, _ = run(t, "", "-p", dir, "anon", "check", "--passphrase-file", pass)
	if code != ExitFindings || strings.Contains(out, "Westermann") || strings.Contains(out, "Bochum") || !strings.Contains(out, "Kowalski") {
		t.Errorf("check after apply/ignore: %d %s", code, out)
	}
	code, out, _ = run(t, "", "-p", dir, "audit", "list", "--json", "--kind", "anon.")
	var log []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &log) != nil || len(log) != 2 {
		t.Fatalf("audit: %d %s", code, out)
	}
	if strings.Contains(out, "Westermann") || strings.Contains(out, "Schutz") {
		t.Errorf("the audit log shows a real name or the passphrase: %s", out)
	}
	if code, _, _ = run(t, "", "-p", dir, "purge", "--all"); code != ExitUsage {
		t.Errorf("purge --all without --confirm: %d", code)
	}
}

func TestMain_RecordingLifecycle(t *testing.T) {
	dir := sampleCopy(t)
	code, out, _ := run(t, "", "-p", dir, "interview", "list", "--json")
	var ivs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &ivs) != nil {
		t.Fatalf("interview list: %d %s", code, out)
	}
	var id string
	for _, iv := range ivs {
		if iv["status"] == "draft" {
			id, _ = iv["guid"].(string)
			break
		}
	}
	if id == "" {
		t.Skip("no draft interview in the sample")
	}
	rec := filepath.Join(t.TempDir(), "a.mp3")
	_ = os.WriteFile(rec, []byte("ID3 fake audio"), 0o600)
	if code, _, stderr := run(t, "", "-p", dir, "recording", "attach", id, rec); code != 0 {
		t.Fatalf("attach: %d %s", code, stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "recordings", id+".mp3")); len(m) != 1 {
		t.Fatalf("recording not copied: %v", m)
	}
	code, out, stderr := run(t, "y\n", "-p", dir, "interview", "set-status", id, "complete")
	if code != 0 || !strings.Contains(out, "Delete it irrevocably now?") || !strings.Contains(out, "recording deleted") {
		t.Fatalf("set-status: %d %s %s", code, out, stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "recordings", "*")); len(m) != 0 {
		t.Errorf("recording left: %v", m)
	}
	code, out, _ = run(t, "", "-p", dir, "audit", "list", "--kind", "recording.")
	if code != 0 || !strings.Contains(out, "recording.delete") || !strings.Contains(out, "tester") {
		t.Errorf("audit: %s", out)
	}
}

// runEnv is run with extra environment variables.
func runEnv(tb testing.TB, env map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	var out, errb strings.Builder
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "USER" {
				return "tester"
			}
			return env[k]
		}}
	code := Main(args, e)
	return code, out.String(), errb.String()
}

func TestMain_Protect(t *testing.T) {
	dir := newProject(t)
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("Schutz der Befragten\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", "-p", dir, "protect", "--passphrase-file", pass)
	if code != 0 || !strings.Contains(out, "project encrypted") || strings.Contains(out+stderr, "Schutz") {
		t.Fatalf("protect: %d %s %s", code, out, stderr)
	}
	if code, _, stderr = run(t, "", "-p", dir, "info"); code != ExitError || !strings.Contains(stderr, "encrypted") {
		t.Errorf("info without passphrase: %d %s", code, stderr)
	}
	if code, _, stderr = runEnv(t, map[string]string{envProjectPass: "falsch falsch"}, "-p", dir, "info"); code != ExitError || !strings.Contains(stderr, "wrong passphrase") {
		t.Errorf("info with a wrong passphrase: %d %s", code, stderr)
	}
	if code, out, stderr = runEnv(t, map[string]string{envProjectPassFile: pass}, "-p", dir, "info", "--json"); code != 0 {
		t.Errorf("info with the passphrase: %d %s %s", code, out, stderr)
	}
	if code, _, stderr = runEnv(t, map[string]string{envProjectPass: "falsch falsch"}, "-p", dir, "unprotect"); code != ExitError || !strings.Contains(stderr, "wrong passphrase") {
		t.Errorf("unprotect with a wrong passphrase: %d %s", code, stderr)
	}
	if code, out, stderr = runEnv(t, map[string]string{envProjectPassFile: pass}, "-p", dir, "unprotect"); code != 0 || !strings.Contains(out, "project decrypted") {
		t.Fatalf("unprotect: %d %s %s", code, out, stderr)
	}
	if code, out, stderr = run(t, "", "-p", dir, "info"); code != 0 {
		t.Errorf("info after unprotect, without passphrase: %d %s %s", code, out, stderr)
	}
	if code, _, stderr = run(t, "", "-p", dir, "unprotect", "--passphrase-file", pass); code != ExitError || !strings.Contains(stderr, "not protected") {
		t.Errorf("unprotect of a plain project: %d %s", code, stderr)
	}
}

// TestMain_AnonApplyLeavesNoTrace is the acceptance of anonymisation as
// erasure: after anon apply, a replaced name is in no file of the project
// folder (UTF-8 or UTF-16LE); undo needs the key's passphrase.
func TestMain_AnonApplyLeavesNoTrace(t *testing.T) {
	dir := sampleCopy(t)
	canary := "Westermann"
	count := func() int {
		n := 0
		le := []byte{}
		for _, r := range canary {
			le = append(le, byte(r), 0)
		}
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err == nil {
				b = zvalue.Reveal(b) // values are stored compressed
				n += strings.Count(string(b), canary) + strings.Count(string(b), string(le))
			}
			return err
		})
		return n
	}
	if code, _, stderr := run(t, "", "-p", dir, "backup"); code != 0 {
		t.Fatalf("backup: %d %s", code, stderr)
	}
	if count() == 0 {
		t.Fatal("the sample holds no canary; the test checks nothing")
	}
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("Schutz der Befragten 2014\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "", "-p", dir, "key", "init", "--passphrase-file", pass); code != 0 {
		t.Fatalf("key init: %d %s", code, stderr)
	}
	code, out, stderr := run(t, "", "-p", dir, "anon", "apply", "--all", "--passphrase-file", pass)
	if code != 0 || !strings.Contains(out, "erased from the disk") || !strings.Contains(out, "undo needs the pseudonym key") {
		t.Fatalf("anon apply: %d %s %s", code, out, stderr)
	}
	if n := count(); n != 0 {
		t.Fatalf("%q occurs %d times in the project folder after anon apply", canary, n)
	}
	if code, _, stderr = run(t, "", "-p", dir, "undo"); code == 0 || !strings.Contains(stderr, "pseudonym key") {
		t.Errorf("undo without the key: %d %s", code, stderr)
	}
	if code, out, stderr = run(t, "", "-p", dir, "undo", "--passphrase-file", pass); code != 0 {
		t.Fatalf("undo with the key: %d %s %s", code, out, stderr)
	}
	if count() == 0 {
		t.Error("undo did not bring the name back")
	}
	if code, out, stderr = run(t, "", "-p", dir, "redo", "--passphrase-file", pass); code != 0 {
		t.Fatalf("redo with the key: %d %s %s", code, out, stderr)
	}
	if n := count(); n != 0 {
		t.Errorf("%q occurs %d times in the project folder after redo", canary, n)
	}
}

// TestMain_CaseRealName: a site's real name goes into the pseudonym key
// only, and needs its passphrase.
func TestMain_CaseRealName(t *testing.T) {
	dir := newProject(t)
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("Schutz der Befragten 2014\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	real := "Jobcenter Kanarienstadt"
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no key yet", []string{"case", "add", "JC-98", "--real-name", real, "--passphrase-file", pass}, ExitError},
		{"no passphrase", []string{"case", "add", "JC-98", "--real-name", real}, ExitUsage},
		{"with the key", []string{"case", "add", "JC-98", "--real-name", real, "--passphrase-file", pass}, 0},
	}
	for i, tt := range tests {
		if i == 1 {
			if code, _, stderr := run(t, "", "-p", dir, "key", "init", "--passphrase-file", pass); code != 0 {
				t.Fatalf("key init: %d %s", code, stderr)
			}
		}
		if code, _, stderr := run(t, "", append([]string{"-p", dir}, tt.args...)...); code != tt.code {
			t.Errorf("%s: exit %d, want %d: %s", tt.name, code, tt.code, stderr)
		}
	}
	db, err := os.ReadFile(filepath.Join(dir, "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(zvalue.Reveal(db)), real) {
		t.Error("project.db holds the real name")
	}
	if code, out, _ := run(t, "", "-p", dir, "key", "list", "--passphrase-file", pass); code != 0 || !strings.Contains(out, real) || !strings.Contains(out, "JC-98") {
		t.Errorf("key list: %d %s", code, out)
	}
	if code, out, _ := run(t, "", "-p", dir, "case", "list"); code != 0 || strings.Count(out, "JC-98") != 1 {
		t.Errorf("case list: %d %s", code, out)
	}
}

// TestMain_PurgeAllTakesTheKey: at the end of the study the key leaves the
// project with the protocols, copied out or destroyed; without a choice
// nothing is purged.
func TestMain_PurgeAllTakesTheKey(t *testing.T) {
	tests := []struct {
		name   string
		flags  []string
		code   int
		keyOut bool
	}{
		{"no choice", nil, ExitError, false},
		{"export inside the project", []string{"--export-key", "INSIDE"}, ExitError, false},
		{"export", []string{"--export-key", "OUT"}, 0, true},
		{"destroy", []string{"--destroy-key"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sampleCopy(t)
			pass := filepath.Join(t.TempDir(), "pass")
			if err := os.WriteFile(pass, []byte("Schutz der Befragten 2014\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := run(t, "", "-p", dir, "key", "init", "--passphrase-file", pass); code != 0 {
				t.Fatalf("key init: %d %s", code, stderr)
			}
			out := filepath.Join(t.TempDir(), "key-copy")
			var flags []string
			for _, f := range tt.flags {
				switch f {
				case "OUT":
					f = out
				case "INSIDE":
					f = filepath.Join(dir, "key-copy")
				}
				flags = append(flags, f)
			}
			code, stdout, stderr := run(t, "", append([]string{"-p", dir, "purge", "--all", "--confirm"}, flags...)...)
			if code != tt.code {
				t.Fatalf("purge: exit %d, want %d: %s %s", code, tt.code, stdout, stderr)
			}
			_, keyErr := os.Stat(filepath.Join(dir, "keys", "pseudonyms.key"))
			if keyGone := os.IsNotExist(keyErr); keyGone != (tt.code == 0) {
				t.Errorf("key in the project gone = %v after exit %d", keyGone, code)
			}
			if _, err := os.Stat(out); (err == nil) != tt.keyOut {
				t.Errorf("key copy outside: %v, want %v", err, tt.keyOut)
			}
			if tt.code != 0 && strings.Contains(stdout, "purged") {
				t.Errorf("refused purge purged: %s", stdout)
			}
		})
	}
}

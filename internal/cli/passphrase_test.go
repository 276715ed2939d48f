package cli

import (
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hashFolder maps every file under dir to its content's hash.
func hashFolder(tb testing.TB, dir string) map[string][32]byte {
	tb.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestMain_RestoreAndMergeProtected: restore and merge take a protected
// project's passphrase from the environment like every other command, and
// merge leaves its source folder untouched.
func TestMain_RestoreAndMergeProtected(t *testing.T) {
	dir := newProject(t)
	runOK(t, "-p", dir, "code", "add", "Vorher")
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("Schutz der Befragten\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runOK(t, "-p", dir, "protect", "--passphrase-file", pass)
	env := map[string]string{envProjectPassFile: pass}
	ok := func(args ...string) string {
		t.Helper()
		code, out, stderr := runEnv(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	var list []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(ok("-p", dir, "backups", "--json")), &list); err != nil || len(list) == 0 {
		t.Fatalf("backups: %v %v", list, err)
	}
	if out := ok("-p", dir, "restore", list[0].Name); !strings.Contains(out, "restored") {
		t.Errorf("restore: %s", out)
	}

	src := filepath.Join(t.TempDir(), "copy")
	if err := os.MkdirAll(src, 0o700); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "project.db"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	ok("-p", src, "code", "add", "Dort")
	before := hashFolder(t, src)
	ok("-p", dir, "merge", src)
	if out := ok("-p", dir, "codes", "list"); !strings.Contains(out, "Dort") || !strings.Contains(out, "Vorher") {
		t.Errorf("codes after merge:\n%s", out)
	}
	after := hashFolder(t, src)
	for p, h := range after {
		if b, ok := before[p]; !ok || b != h {
			t.Errorf("merge wrote %s in its source", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("merge removed files of its source: %d → %d", len(before), len(after))
	}
}

//go:build unix

package torture

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the user a root test runs the CLI as, so that file permissions
// apply to it.
const nobody = 65534

// TestBadInput_ReadOnlyProject makes the project folder read-only: an
// import fails with a clear message, nothing panics, and the project is
// unchanged and opens again once it is writable.
func TestBadInput_ReadOnlyProject(t *testing.T) {
	base, err := os.MkdirTemp("", "protocoder-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = chmodTree(base, true); _ = os.RemoveAll(base) })
	dir := filepath.Join(base, "project")
	if err := copyTree(sampleProject(t), dir); err != nil {
		t.Fatal(err)
	}
	before := run(t, dir, "info", "--json")
	doc := writeFile(t, base, "neu.txt", []byte("Ein neuer Text über den Arbeitgeberservice.\n"))
	if err := chmodTree(base, false); err != nil {
		t.Fatal(err)
	}
	asUser := os.Geteuid() == 0
	if asUser {
		// root ignores permissions: run the CLI as nobody, which needs to
		// reach the binary.
		if err := os.Chmod(workDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(cliBin, "-p", dir, "document", "import", doc)
	cmd.Env = cliEnv()
	if asUser {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok {
		if asUser && err != nil {
			t.Skipf("cannot run the CLI as user %d: %v", nobody, err)
		}
		t.Fatalf("import into a read-only project: %v\n%s", err, errb.String())
	}
	msg := errb.String()
	if ee.ExitCode() != 1 || strings.Contains(msg, "panic") || !strings.Contains(msg, "read-only") ||
		!strings.Contains(msg, dir) {
		t.Errorf("import into a read-only project: exit %d\n%s", ee.ExitCode(), msg)
	}
	if err := chmodTree(base, true); err != nil {
		t.Fatal(err)
	}
	if after := run(t, dir, "info", "--json"); after.code != 0 || after.stdout != before.stdout {
		t.Errorf("project changed or does not open:\nbefore %s\nafter %s", before.stdout, after)
	}
	if r := run(t, dir, "verify"); r.code != 0 {
		t.Errorf("verify: %s", r)
	}
}

// chmodTree makes the tree at root writable for its owner only, or
// read-only (and readable) for everyone.
func chmodTree(root string, writable bool) error {
	return filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		mode := os.FileMode(0o444)
		if info.IsDir() {
			mode = 0o555
		}
		if writable {
			mode |= 0o200
		}
		return os.Chmod(p, mode)
	})
}

// TestBadInput_FullDisk imports into a project on a small tmpfs that is
// full: the import fails with a message naming the file and the reason,
// the project is unchanged and opens and verifies on the full disk, and
// works again once there is room. It needs root (mount); otherwise it is
// skipped.
func TestBadInput_FullDisk(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "klein")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("no small file system for a full disk: mount tmpfs needs root (%v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	dir := filepath.Join(mnt, "project")
	if err := copyTree(sampleProject(t), dir); err != nil {
		t.Fatal(err)
	}
	// Register the acting user now, so that the failing imports have
	// nothing else to write.
	if r := run(t, dir, "code", "add", "Vorab"); r.code != 0 {
		t.Fatal(r)
	}
	before := run(t, dir, "info", "--json")
	files := t.TempDir()
	// Random words: the store compresses its values, and a repeated
	// sentence of 2 MiB would fit into a few free pages.
	big := writeFile(t, files, "gross.txt", randomWords(1, 2<<20))
	proto := writeFile(t, files, "gross.md", append([]byte("---\nguideline: A.2.1\nrole: IFK-Projektteam\ncase: JC-02\nwave: 1\ninterviewee: VOLL-1\n---\n\n## Notizen\n\n"),
		randomWords(2, 2<<20)...))
	filler := fillDisk(t, mnt)

	for _, args := range [][]string{{"document", "import", big}, {"protocol", "import", proto}} {
		r := run(t, dir, args...)
		if r.code != 1 || !strings.Contains(r.stderr, filepath.Base(args[2])) || !strings.Contains(r.stderr, "no space left on device") {
			t.Errorf("%s on a full disk: %s", strings.Join(args[:2], " "), r)
		}
		if after := run(t, dir, "info", "--json"); after.code != 0 || after.stdout != before.stdout {
			t.Errorf("after %s: project changed or does not open:\nbefore %s\nafter %s", args[0], before.stdout, after)
		}
	}
	if r := run(t, dir, "verify"); r.code != 0 {
		t.Errorf("verify on the full disk: %s", r)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "verify"); r.code != 0 {
		t.Errorf("verify after freeing space: %s", r)
	}
	small := writeFile(t, files, "klein.txt", []byte("Ein kleiner Text über den Arbeitgeberservice.\n"))
	if r := run(t, dir, "document", "import", small); r.code != 0 {
		t.Errorf("import after freeing space: %s", r)
	}
}

// randomWords returns about size bytes of lines of random lowercase words
// (seeded): text that compresses to more than half its size.
func randomWords(seed uint64, size int) []byte {
	rng := rand.New(rand.NewPCG(seed, 26))
	out := make([]byte, 0, size+100)
	for line := 0; len(out) < size; line++ {
		for w := 0; w < 10; w++ {
			for n := 3 + rng.IntN(9); n > 0; n-- {
				out = append(out, byte('a'+rng.IntN(26)))
			}
			out = append(out, ' ')
		}
		out = append(out, '.', '\n', '\n')
	}
	return out
}

// fillDisk fills the file system at mnt but for 16 KiB and returns the
// filler file.
func fillDisk(t *testing.T, mnt string) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(mnt, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	p := filepath.Join(mnt, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for n := int64(0); n < free-16<<10; n += int64(len(chunk)) {
		if _, err := f.Write(chunk[:min(int64(len(chunk)), free-16<<10-n)]); err != nil {
			break
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain_OverlongInput(t *testing.T) {
	dir := newProject(t)
	code, out, stderr := run(t, "info\n"+strings.Repeat("x", maxBatchLine+1)+"\ninfo\n", "-p", dir, "batch")
	if code == 0 || !strings.Contains(stderr, "standard input:2: the command line is longer than 16 MiB") ||
		strings.Contains(stderr, "bufio") || strings.Count(out, "# ok") != 1 {
		t.Errorf("batch: exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = run(t, "", "-p", dir, "code", "add", strings.Repeat("Ä", 501))
	if code == 0 || !strings.Contains(stderr, "has 501 characters; at most 500 are allowed") {
		t.Errorf("long code name: exit %d %s", code, stderr)
	}
	runOK(t, "-p", dir, "code", "add", strings.Repeat("Ä", 500))
	plan := filepath.Join(t.TempDir(), "plan.csv")
	if err := os.WriteFile(plan, []byte("level,case,wave,role,planned\nstrategic,JC-07,1,GF,1\nstrategic,"+strings.Repeat("c", 600)+",1,GF,1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "", "-p", dir, "plan", "import", plan)
	if code == 0 || !strings.Contains(stderr, "line 3: the case") || !strings.Contains(stderr, "600 characters") {
		t.Errorf("plan: exit %d %s", code, stderr)
	}
}

package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/cli.md")

// TestReference keeps docs/cli.md equal to the commands' own help.
func TestReference(t *testing.T) {
	var b bytes.Buffer
	WriteReference(&b)
	path := filepath.Join("..", "..", "docs", "cli.md")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		t.Errorf("docs/cli.md is out of date: run go test ./internal/cli -run TestReference -update")
	}
	if code, out, _ := run(t, "", "reference"); code != 0 || out != b.String() {
		t.Errorf("protocoder-cli reference: exit %d, output differs from WriteReference", code)
	}
}

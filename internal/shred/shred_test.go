package shred

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	secret := bytes.Repeat([]byte("Westermann "), 1000)
	tests := []struct {
		name  string
		setup func(tb testing.TB) string
	}{
		{"regular file", func(tb testing.TB) string {
			p := filepath.Join(dir, "rec.wav")
			if err := os.WriteFile(p, secret, 0o600); err != nil {
				tb.Fatal(err)
			}
			return p
		}},
		{"missing file", func(tb testing.TB) string { return filepath.Join(dir, "none") }},
		{"symbolic link: the target is not written", func(tb testing.TB) string {
			target := filepath.Join(dir, "target")
			if err := os.WriteFile(target, secret, 0o600); err != nil {
				tb.Fatal(err)
			}
			p := filepath.Join(dir, "link")
			if err := os.Symlink(target, p); err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() {
				b, err := os.ReadFile(target)
				if err != nil || !bytes.Equal(b, secret) {
					tb.Errorf("the link's target changed: %v", err)
				}
			})
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.setup(t)
			if err := File(p); err != nil {
				t.Fatalf("File: %v", err)
			}
			if _, err := os.Lstat(p); !os.IsNotExist(err) {
				t.Errorf("%s still exists (%v)", p, err)
			}
		})
	}
}

package device

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/audio"
)

// TestDevice_Open checks what Open answers whether or not the machine has
// a sound card: a format it cannot play is reported as such without
// touching the device; a playable file gives a track or, without a usable
// output, a DeviceError — never anything else, never a hang.
func TestDevice_Open(t *testing.T) {
	dir := t.TempDir()
	m4a := filepath.Join(dir, "a.m4a")
	if err := os.WriteFile(m4a, []byte("\x00\x00\x00\x20ftypM4A "), 0o600); err != nil {
		t.Fatal(err)
	}
	d := New()
	if _, err := d.Open(m4a); !audio.IsUnsupported(err) {
		t.Errorf("m4a: %v, want an UnsupportedError", err)
	}
	wav := filepath.Join(dir, "b.wav")
	data := []byte("RIFF\x2c\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00\x40\x1f\x00\x00\x00\x7d\x00\x00\x04\x00\x10\x00data\x08\x00\x00\x00\x01\x00\x01\x00\x02\x00\x02\x00")
	if err := os.WriteFile(wav, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second open reuses the context (or its error)
		tr, err := d.Open(wav)
		switch {
		case audio.IsDevice(err):
			t.Logf("no audio output here: %v", err)
		case err != nil:
			t.Fatalf("wav: %v", err)
		default:
			if tr.Duration() <= 0 {
				t.Errorf("duration %v", tr.Duration())
			}
			if err := tr.Close(); err != nil {
				t.Error(err)
			}
		}
	}
}

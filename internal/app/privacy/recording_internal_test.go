package privacy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestIsMedia(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"wav", "RIFF\x24\x00\x00\x00WAVEfmt ", true},
		{"avi", "RIFF\x24\x00\x00\x00AVI LIST", true},
		{"mp3 id3", "ID3\x04\x00\x00\x00\x00\x00\x00", true},
		{"mp3 frame", "\xFF\xFB\x90\x64\x00", true},
		{"aac adts", "\xFF\xF1\x50\x80\x02\x1F\xFC", true},
		{"ogg", "OggS\x00\x02\x00\x00", true},
		{"flac", "fLaC\x00\x00\x00\x22", true},
		{"m4a", "\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", true},
		{"mov", "\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", true},
		{"3gp", "\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x00", true},
		{"mkv", "\x1A\x45\xDF\xA3\x01\x00\x00\x00", true},
		{"wma", "\x30\x26\xB2\x75\x8E\x66\xCF\x11\xA6\xD9", true},
		{"amr", "#!AMR\n", true},
		{"text", "Interview mit GF-07", false},
		{"pdf", "%PDF-1.7", false},
		{"zip", "PK\x03\x04", false},
		{"jpeg", "\xFF\xD8\xFF\xE0", false},
		{"empty", "", false},
		{"zeros", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", false},
	}
	for _, tt := range tests {
		if got := IsMedia([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: IsMedia = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCopyNew_Limit: a file longer than the limit (one that grew after it
// was checked) is refused while it is copied.
func TestCopyNew_Limit(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "x.tmp")
	_, err := copyNew(strings.NewReader(strings.Repeat("a", 101)), "src.wav", dst, 100)
	if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), "grew beyond the limit of 100") {
		t.Errorf("err %v", err)
	}
	if err := os.Remove(dst); err != nil {
		t.Fatal(err)
	}
	n, err := copyNew(strings.NewReader(strings.Repeat("a", 100)), "src.wav", dst, 100)
	if err != nil || n != 100 {
		t.Errorf("exactly the limit: %d %v", n, err)
	}
}

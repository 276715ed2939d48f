package audio

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeWAV writes a 16-bit PCM stereo WAV of n frames at rate: a ramp on
// the left channel, silence on the right.
func writeWAV(tb testing.TB, dir string, rate, n int) string {
	tb.Helper()
	data := make([]byte, 4*n)
	for i := range n {
		binary.LittleEndian.PutUint16(data[4*i:], uint16(int16(i%1000)))
	}
	var h []byte
	h = append(h, "RIFF"...)
	h = binary.LittleEndian.AppendUint32(h, uint32(36+len(data)))
	h = append(h, "WAVEfmt "...)
	h = binary.LittleEndian.AppendUint32(h, 16)
	h = binary.LittleEndian.AppendUint16(h, 1) // PCM
	h = binary.LittleEndian.AppendUint16(h, 2)
	h = binary.LittleEndian.AppendUint32(h, uint32(rate))
	h = binary.LittleEndian.AppendUint32(h, uint32(rate*4))
	h = binary.LittleEndian.AppendUint16(h, 4)
	h = binary.LittleEndian.AppendUint16(h, 16)
	h = append(h, "data"...)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(data)))
	path := filepath.Join(dir, "rec.wav")
	if err := os.WriteFile(path, append(h, data...), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// frames reads s to its end and returns the number of frames.
func frames(tb testing.TB, s *Stream) int {
	tb.Helper()
	b, err := io.ReadAll(s)
	if err != nil {
		tb.Fatal(err)
	}
	if len(b)%BytesPerFrame != 0 {
		tb.Fatalf("%d bytes: not whole frames", len(b))
	}
	return len(b) / BytesPerFrame
}

func TestStream_Read(t *testing.T) {
	const rate, n = 8000, 16000 // 2 s
	tests := []struct {
		name    string
		outRate int
		speed   float64
		want    int // output frames, ±2
	}{
		{"same rate", 8000, 1, 16000},
		{"upsampled", 16000, 1, 32000},
		{"faster", 8000, 1.5, 10667},
		{"slower", 8000, 0.75, 21333},
		{"clamped", 8000, 10, 8000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenStream(writeWAV(t, t.TempDir(), rate, n), tt.outRate)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if d := s.Duration(); d != 2*time.Second {
				t.Errorf("duration %v, want 2s", d)
			}
			s.SetSpeed(tt.speed)
			if got := frames(t, s); got < tt.want-2 || got > tt.want+2 {
				t.Errorf("%d frames, want %d", got, tt.want)
			}
			if p := s.Position(); p != 2*time.Second {
				t.Errorf("position at the end %v, want 2s", p)
			}
		})
	}
}

func TestStream_ReadValues(t *testing.T) {
	s, err := OpenStream(writeWAV(t, t.TempDir(), 8000, 100), 8000)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := make([]byte, 4*BytesPerFrame)
	if _, err := io.ReadFull(s, b); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		l := math.Float32frombits(binary.LittleEndian.Uint32(b[i*BytesPerFrame:]))
		r := math.Float32frombits(binary.LittleEndian.Uint32(b[i*BytesPerFrame+4:]))
		if want := float32(i) / 32768; math.Abs(float64(l-want)) > 1e-4 || r != 0 {
			t.Errorf("frame %d = (%v, %v), want (%v, 0)", i, l, r, want)
		}
	}
}

func TestStream_SeekTo(t *testing.T) {
	const rate = 8000
	tests := []struct {
		name   string
		to     time.Duration
		wantAt time.Duration
		rest   int
	}{
		{"middle", 500 * time.Millisecond, 500 * time.Millisecond, 4000},
		{"before start", -time.Second, 0, 8000},
		{"after end", 5 * time.Second, time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenStream(writeWAV(t, t.TempDir(), rate, rate), rate)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			frames(t, s) // to the end first
			if err := s.SeekTo(tt.to); err != nil {
				t.Fatal(err)
			}
			if p := s.Position(); p != tt.wantAt {
				t.Errorf("position %v, want %v", p, tt.wantAt)
			}
			if got := frames(t, s); got < tt.rest-1 || got > tt.rest+1 {
				t.Errorf("%d frames after the seek, want %d", got, tt.rest)
			}
		})
	}
}

func TestOpenStream_Errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name        string
		path        string
		unsupported bool
	}{
		{"m4a", write("a.m4a", []byte("\x00\x00\x00\x20ftypM4A ")), true},
		{"opus", write("a.opus", []byte("OggS")), true},
		{"damaged wav", write("b.wav", []byte("RIFF\x00\x00\x00\x00WAVEjunk")), true},
		{"mp3 that is none", write("c.mp3", []byte("not an mp3 at all, just text")), true},
		{"missing", filepath.Join(dir, "none.wav"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenStream(tt.path, 48000)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			if IsUnsupported(err) != tt.unsupported {
				t.Errorf("IsUnsupported(%v) = %v", err, !tt.unsupported)
			}
			var u *UnsupportedError
			if errors.As(err, &u) && u.Path != tt.path {
				t.Errorf("error names %q", u.Path)
			}
		})
	}
}

func TestClampSpeed(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{{1, 1}, {0.75, 0.75}, {0, 1}, {-1, 1}, {math.NaN(), 1}, {0.1, MinSpeed}, {9, MaxSpeed}} {
		if got := ClampSpeed(tt.in); got != tt.want {
			t.Errorf("ClampSpeed(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

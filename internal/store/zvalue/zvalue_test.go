package zvalue

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"testing"
)

// dict1SHA256 pins the dictionary: files hold frames that name it by ID,
// so it must never change (a new one gets a new ID, see gendict.go).
const dict1SHA256 = "274992ef1646de5d4d92c6dbc951891e1c6f91fcbf944a4cb20243a263a0fa1e"

func TestDict1_Unchanged(t *testing.T) {
	sum := sha256.Sum256(dict1)
	if got := hex.EncodeToString(sum[:]); got != dict1SHA256 {
		t.Fatalf("dict1.zdict changed (sha256 %s): files written with it would no longer open; add a new dictionary with a new ID instead", got)
	}
}

const coding = `{"guid":"0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d","document":"5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f","start":4511,"end":4887,"code":"fb2569a7-1486-5661-b50e-b71edbcbefb6","coder":"22e28d69-4d3d-488a-8c49-52f4d935c15f","created":"2026-12-05T09:40:09.329460951Z"}`

func germanText(n int) string {
	s := "Die Befragte schildert, wie die Zusammenarbeit im Projektteam nach der Umstellung gelaufen ist, und nennt Beispiele. "
	return `"` + strings.Repeat(s, n/len(s)+1)[:n] + `"`
}

func TestPacker_Pack(t *testing.T) {
	random := make([]byte, 4000)
	_, _ = rand.Read(random)
	tests := []struct {
		name   string
		plain  []byte
		packed bool
	}{
		{"coding record, with the dictionary", []byte(coding), true},
		{"long text, without", []byte(germanText(40000)), true},
		{"text just above the dictionary's limit", []byte(germanText(SmallMax + 1)), true},
		{"too small to gain", []byte(`{"textversion":"ab"}`), false},
		{"random bytes do not get smaller", random, false},
		{"empty", nil, false},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame, err := p.Pack([]byte{9}, tt.plain)
			if err != nil {
				t.Fatal(err)
			}
			if (frame != nil) != tt.packed {
				t.Fatalf("packed = %v, want %v", frame != nil, tt.packed)
			}
			if frame == nil {
				return
			}
			if frame[0] != 9 || !IsFrame(frame[1:]) || len(frame) >= len(tt.plain)+1 {
				t.Fatalf("frame of %d bytes for %d: % x", len(frame), len(tt.plain), frame[:min(len(frame), 8)])
			}
			got, err := p.Unpack(nil, frame[1:])
			if err != nil || !bytes.Equal(got, tt.plain) {
				t.Fatalf("round trip: %v, %.60q", err, got)
			}
		})
	}
}

func TestPacker_PackSmallRecordsWell(t *testing.T) {
	frame, err := New().Pack(nil, []byte(coding))
	if err != nil || frame == nil {
		t.Fatal(err)
	}
	// Four random GUIDs are most of what is left (about 18 bytes each).
	if len(frame) > len(coding)*6/10 {
		t.Errorf("a coding of %d bytes packs to %d", len(coding), len(frame))
	}
}

func TestPacker_Unpack(t *testing.T) {
	p := New()
	frame, _ := p.Pack(nil, []byte(coding))
	tests := []struct {
		name  string
		frame []byte
	}{
		{"not a frame", []byte(coding)},
		{"cut short", frame[:len(frame)/2]},
		{"damaged", append(append([]byte(nil), frame[:8]...), bytes.Repeat([]byte{0xff}, len(frame)-8)...)},
		{"one byte changed", flip(frame, len(frame)/2)},
		{"last byte changed (the checksum)", flip(frame, len(frame)-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := p.Unpack(nil, tt.frame); err == nil {
				t.Errorf("no error, got %.40q", got)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x10
	return c
}

func TestPacker_Concurrent(t *testing.T) {
	p := New()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			plain := []byte(germanText(1000 + 3000*i))
			for j := 0; j < 20; j++ {
				f, err := p.Pack(nil, plain)
				if err == nil {
					var got []byte
					got, err = p.Unpack(nil, f)
					if err == nil && !bytes.Equal(got, plain) {
						err = errRoundTrip
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

var errRoundTrip = bytesError("round trip differs")

type bytesError string

func (e bytesError) Error() string { return string(e) }

func TestReveal(t *testing.T) {
	const secret = "Kanarienvogel-Westermann-4711"
	text := []byte(germanText(3000)[:1500] + secret + germanText(3000)[:1500])
	p := New()
	frame, err := p.Pack(nil, text)
	if err != nil || frame == nil {
		t.Fatalf("pack: %v", err)
	}
	if bytes.Contains(frame, []byte(secret)) {
		t.Fatal("test premise: the frame does not hold the secret in the clear")
	}
	junk := bytes.Repeat([]byte{0, 7, 0x28}, 300)
	small, _ := p.Pack(nil, []byte(strings.Replace(coding, "2026", secret, 1)))
	cut := len(frame) * 3 / 4
	tests := []struct {
		name string
		file []byte
		want bool
	}{
		{"in the clear", bytes.Join([][]byte{junk, text, junk}, nil), true},
		{"a frame between page bytes", bytes.Join([][]byte{junk, frame, junk}, nil), true},
		{"a frame at the end", append(append([]byte(nil), junk...), frame...), true},
		{"a small frame with the dictionary", bytes.Join([][]byte{junk, small, junk}, nil), true},
		{"a frame, then the rest of its page with a false magic number", bytes.Join([][]byte{frame, Magic, junk}, nil), true},
		// A block is decoded whole or not at all: a frame cut inside its
		// only block (part of a free page reused) yields nothing. Erasure
		// compacts the file and its backups, so no free page is left to
		// hold such a remnant.
		{"a frame cut inside its only block", bytes.Join([][]byte{junk, frame[:cut], bytes.Repeat([]byte{0xee}, 500)}, nil), false},
		{"two frames, the secret in the second", bytes.Join([][]byte{mustPack(t, p, germanText(2000)), junk, frame}, nil), true},
		{"no secret", bytes.Join([][]byte{junk, mustPack(t, p, germanText(5000)), junk}, nil), false},
		{"nothing", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bytes.Contains(Reveal(tt.file), []byte(secret)); got != tt.want {
				t.Errorf("found = %v, want %v", got, tt.want)
			}
		})
	}
}

func mustPack(tb testing.TB, p *Packer, s string) []byte {
	tb.Helper()
	f, err := p.Pack(nil, []byte(s))
	if err != nil || f == nil {
		tb.Fatalf("pack: %v", err)
	}
	return f
}

func BenchmarkPacker(b *testing.B) {
	p := New()
	for _, c := range []struct {
		name  string
		plain []byte
	}{{"coding", []byte(coding)}, {"text", []byte(germanText(18000))}} {
		frame := mustPack(b, p, string(c.plain))
		b.Run("pack/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.plain)))
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf, _ = p.Pack(buf[:0], c.plain)
			}
		})
		b.Run("unpack/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.plain)))
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf, _ = p.Unpack(buf[:0], frame)
			}
		})
	}
}

package audio

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"
	"time"
)

// BytesPerFrame is the size of one output frame: two float32 samples.
const BytesPerFrame = 8

// Stream is a decoded recording as an io.Reader of 32-bit float,
// little-endian, stereo frames at the output rate, resampled by linear
// interpolation for the playback speed. It is safe for concurrent use:
// the device reads it on its own goroutine while the UI seeks.
type Stream struct {
	mu      sync.Mutex
	src     source
	rate    int // the source's frames per second
	outRate int // the device's frames per second
	speed   float64
	frames  int // the source's length in frames

	// The interpolation runs between cur (source frame idx) and next
	// (idx+1) at the fraction frac.
	cur, next [2]float64
	idx       int
	frac      float64
	primed    bool
	ended     bool // no frame after next
	err       error

	chunk []([2]float64) // decoded frames not yet used
	off   int            // the first unused one in chunk
}

func newStream(src source, rate, outRate int) *Stream {
	return &Stream{src: src, rate: rate, outRate: outRate, speed: 1, frames: src.Len(), chunk: make([][2]float64, 0, 2048)}
}

// Rate returns the source's frames per second.
func (s *Stream) Rate() int { return s.rate }

// Duration is the recording's length.
func (s *Stream) Duration() time.Duration { return frameTime(s.frames, s.rate) }

// Position is the point in the recording the next Read starts from.
func (s *Stream) Position() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.positionLocked()
}

func (s *Stream) positionLocked() time.Duration {
	if s.ended && !s.primed {
		return s.Duration()
	}
	return time.Duration((float64(s.idx) + s.frac) / float64(s.rate) * float64(time.Second))
}

// Speed returns the playback speed.
func (s *Stream) Speed() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.speed
}

// SetSpeed sets the playback speed (clamped to MinSpeed…MaxSpeed).
func (s *Stream) SetSpeed(f float64) {
	s.mu.Lock()
	s.speed = ClampSpeed(f)
	s.mu.Unlock()
}

// SeekTo moves the stream to d, clamped to the recording.
func (s *Stream) SeekTo(d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := int(math.Round(d.Seconds() * float64(s.rate)))
	n = max(0, min(s.frames, n))
	if err := s.safeSeek(n); err != nil {
		return fmt.Errorf("seek in the recording: %w", err)
	}
	s.idx, s.frac, s.primed, s.ended, s.err = n, 0, false, false, nil
	s.chunk, s.off = s.chunk[:0], 0
	return nil
}

// Close releases the decoder and the file.
func (s *Stream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.src.Close()
}

// Read implements io.Reader: it fills p with whole frames and returns
// io.EOF after the recording's end.
func (s *Stream) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	if !s.primed {
		if !s.prime() {
			return 0, s.endErr()
		}
	}
	step := s.speed * float64(s.rate) / float64(s.outRate)
	n := 0
	for n+BytesPerFrame <= len(p) {
		if s.ended && s.frac > 0 {
			break
		}
		for ch := range 2 {
			v := s.cur[ch]*(1-s.frac) + s.next[ch]*s.frac
			binary.LittleEndian.PutUint32(p[n+4*ch:], math.Float32bits(float32(v)))
		}
		n += BytesPerFrame
		s.frac += step
		for s.frac >= 1 {
			s.frac--
			if s.ended {
				s.frac, s.primed = 0, false
				s.idx = s.frames
				return n, nil
			}
			s.cur, s.idx = s.next, s.idx+1
			f, ok := s.frame()
			if !ok {
				s.ended, s.next = true, s.cur
				continue
			}
			s.next = f
		}
	}
	if n == 0 {
		s.primed = false
		s.idx, s.frac = s.frames, 0
		return 0, s.endErr()
	}
	return n, nil
}

// endErr is the error at the end: the decoder's, or io.EOF.
func (s *Stream) endErr() error {
	if s.err != nil {
		return s.err
	}
	s.ended = true
	return io.EOF
}

// prime reads the first two frames after a seek.
func (s *Stream) prime() bool {
	if s.ended {
		return false
	}
	f, ok := s.frame()
	if !ok {
		s.ended = true
		return false
	}
	s.cur = f
	if g, ok := s.frame(); ok {
		s.next = g
	} else {
		s.next, s.ended = f, true
	}
	s.primed = true
	return true
}

// frame returns the next decoded frame.
func (s *Stream) frame() ([2]float64, bool) {
	if s.off >= len(s.chunk) {
		s.chunk = s.chunk[:cap(s.chunk)]
		k, _ := s.safeStream(s.chunk)
		s.chunk, s.off = s.chunk[:k], 0
		if k == 0 {
			if err := s.src.Err(); err != nil {
				s.err = fmt.Errorf("decode the recording: %w", err)
			}
			return [2]float64{}, false
		}
	}
	f := s.chunk[s.off]
	s.off++
	return f, true
}

// safeStream and safeSeek turn a decoder's panic on a damaged file into
// an error: the device reads on its own goroutine, where a panic would end
// the program.
func (s *Stream) safeStream(buf [][2]float64) (n int, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s.err = fmt.Errorf("decode the recording: %v", r)
			n, ok = 0, false
		}
	}()
	return s.src.Stream(buf)
}

func (s *Stream) safeSeek(n int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return s.src.Seek(n)
}

func frameTime(n, rate int) time.Duration {
	if rate <= 0 {
		return 0
	}
	return time.Duration(float64(n) / float64(rate) * float64(time.Second))
}

// Seek implements io.Seeker for the device's player, which calls it to
// drop its buffer: only Seek(0, io.SeekCurrent) is supported, which keeps
// the position (move with SeekTo).
func (s *Stream) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekCurrent {
		return 0, fmt.Errorf("audio: seek with SeekTo")
	}
	return 0, nil
}

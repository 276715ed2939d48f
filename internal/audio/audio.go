// Package audio decodes recordings and turns them into the sample stream an
// audio device plays: 32-bit float, little-endian, stereo, at the device's
// rate, with a playback speed. It is pure Go; the device itself lives in
// internal/audio/device (oto, cgo with ALSA on Linux), so that this package
// and the views that use its Track interface are tested without a sound
// card.
//
// Playable are MP3 (go-mp3), WAV (PCM), Ogg Vorbis and FLAC (the decoders
// of gopxl/beep). Other formats a recording may have (m4a, aac, wma, amr,
// opus, video files …) give an *UnsupportedError; the recording can still
// be attached and deleted, just not played here.
//
// Speed: the stream resamples the source by linear interpolation with the
// step speed × source rate ÷ device rate. Slower or faster playback thus
// also lowers or raises the pitch, like a tape; for following speech
// between 0.75× and 1.5× this is enough, and it needs no extra library.
package audio

import (
	"errors"
	"fmt"

	"os"
	"path/filepath"
	"strings"
	"time"
)

// Track is a recording opened for playing.
type Track interface {
	// Play starts or resumes playing; Pause stops it where it is.
	Play()
	Pause()
	// Playing reports whether the track is playing (false after its end).
	Playing() bool
	// Position is the point of the recording being heard.
	Position() time.Duration
	// Duration is the recording's length.
	Duration() time.Duration
	// Seek moves to d (clamped to the recording).
	Seek(d time.Duration) error
	// SetSpeed sets the playback speed (clamped to MinSpeed…MaxSpeed).
	SetSpeed(f float64)
	// Speed returns the playback speed.
	Speed() float64
	// Close stops playing and releases the file.
	Close() error
}

// Opener opens recordings for playing on an audio device.
type Opener interface {
	// Open opens the recording at path. An *UnsupportedError says the
	// format cannot be played; a *DeviceError that there is no usable
	// audio device.
	Open(path string) (Track, error)
}

// The range of playback speeds.
const (
	MinSpeed = 0.5
	MaxSpeed = 2.0
)

// ClampSpeed limits f to MinSpeed…MaxSpeed (1 for a non-positive f).
func ClampSpeed(f float64) float64 {
	if f <= 0 || f != f {
		return 1
	}
	return max(MinSpeed, min(MaxSpeed, f))
}

// UnsupportedError says that a recording's format cannot be played.
type UnsupportedError struct {
	Path   string
	Format string // the extension without the dot, or a description
	Err    error  // the decoder's error, if it tried
}

func (e *UnsupportedError) Error() string {
	msg := fmt.Sprintf("%s cannot be played here (format %s); play it with another program", filepath.Base(e.Path), e.Format)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *UnsupportedError) Unwrap() error { return e.Err }

// DeviceError says that no audio device could be opened.
type DeviceError struct{ Err error }

func (e *DeviceError) Error() string {
	return "no audio output could be opened: " + e.Err.Error()
}

func (e *DeviceError) Unwrap() error { return e.Err }

// IsUnsupported reports whether err says a format cannot be played.
func IsUnsupported(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u)
}

// IsDevice reports whether err says there is no audio device.
func IsDevice(err error) bool {
	var d *DeviceError
	return errors.As(err, &d)
}

// Playable are the extensions of the formats this package decodes.
var Playable = []string{".mp3", ".wav", ".ogg", ".oga", ".flac"}

// CanPlay reports whether a file's extension is one of Playable.
func CanPlay(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, p := range Playable {
		if ext == p {
			return true
		}
	}
	return false
}

// OpenStream opens and decodes the recording at path for a device playing
// at outRate frames per second.
func OpenStream(path string, outRate int) (*Stream, error) {
	if !CanPlay(path) {
		return nil, &UnsupportedError{Path: path, Format: strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the recording: %w", err)
	}
	src, rate, err := decode(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return newStream(src, rate, outRate), nil
}

// source is what the stream reads: beep's StreamSeekCloser.
type source interface {
	Stream(samples [][2]float64) (n int, ok bool)
	Err() error
	Len() int
	Position() int
	Seek(p int) error
	Close() error
}

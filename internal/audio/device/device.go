//go:build cgo || darwin || windows

// Package device plays recordings on the computer's audio output with
// oto (github.com/ebitengine/oto/v3; on Linux through ALSA, which needs
// cgo and the ALSA headers to build; a Linux build without cgo gets a
// Device that says it has no audio output). Only cmd/protocoder uses it;
// the views get it as an audio.Opener, so they are tested without it.
package device

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"

	"github.com/protocoder/protocoder/internal/audio"
)

// Rate is the output's frames per second.
const Rate = 48000

// openTimeout bounds the wait for the audio device: a sound server that
// does not answer makes the player report "no audio output", never hang.
const openTimeout = 5 * time.Second

// Device opens the audio output on first use. oto allows one context per
// process: a Device is made once, in main, and a failed open is reported
// again on every later Open (the program must be restarted to retry).
type Device struct {
	once sync.Once
	ctx  *oto.Context
	err  error
}

// New returns a Device; nothing is opened yet.
func New() *Device { return &Device{} }

func (d *Device) open() {
	type result struct {
		ctx *oto.Context
		err error
	}
	done := make(chan result, 1)
	go func() {
		ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: Rate, ChannelCount: 2,
			Format: oto.FormatFloat32LE, BufferSize: 100 * time.Millisecond})
		if err == nil {
			<-ready
			err = ctx.Err()
		}
		done <- result{ctx, err}
	}()
	select {
	case r := <-done:
		d.ctx, d.err = r.ctx, r.err
	case <-time.After(openTimeout):
		d.err = fmt.Errorf("the audio device did not answer within %s", openTimeout)
	}
	if d.err != nil {
		d.ctx, d.err = nil, &audio.DeviceError{Err: d.err}
	}
}

// Open implements audio.Opener.
func (d *Device) Open(path string) (audio.Track, error) {
	if !audio.CanPlay(path) {
		// Say "format" before "device": that answer does not depend on the machine.
		_, err := audio.OpenStream(path, Rate)
		return nil, err
	}
	d.once.Do(d.open)
	if d.err != nil {
		return nil, d.err
	}
	s, err := audio.OpenStream(path, Rate)
	if err != nil {
		return nil, err
	}
	return &track{s: s, p: d.ctx.NewPlayer(s)}, nil
}

// track is a Stream playing through an oto player.
type track struct {
	s *audio.Stream
	p *oto.Player
}

func (t *track) Play() {
	if t.s.Position() >= t.s.Duration() {
		_ = t.Seek(0) // play again from the start
	}
	t.p.Play()
}

func (t *track) Pause()                  { t.p.Pause() }
func (t *track) Playing() bool           { return t.p.IsPlaying() }
func (t *track) Duration() time.Duration { return t.s.Duration() }
func (t *track) Speed() float64          { return t.s.Speed() }

// Position is the stream's position less what oto has buffered but not
// played yet (at the current speed).
func (t *track) Position() time.Duration {
	buffered := float64(t.p.BufferedSize()) / audio.BytesPerFrame / Rate * t.s.Speed()
	pos := t.s.Position() - time.Duration(buffered*float64(time.Second))
	return max(0, min(t.s.Duration(), pos))
}

// Seek moves the stream and drops oto's buffer (oto's Seek resets the
// buffer and passes the call on; the stream takes it as "where you are").
func (t *track) Seek(d time.Duration) error {
	if err := t.s.SeekTo(d); err != nil {
		return err
	}
	_, err := t.p.Seek(0, io.SeekCurrent)
	return err
}

// SetSpeed changes the speed from the point being heard on.
func (t *track) SetSpeed(f float64) {
	pos := t.Position()
	t.s.SetSpeed(f)
	_ = t.Seek(pos)
}

func (t *track) Close() error {
	t.p.Pause()
	return t.s.Close()
}

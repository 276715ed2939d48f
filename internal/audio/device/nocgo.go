//go:build !cgo && !darwin && !windows

package device

import (
	"errors"

	"github.com/protocoder/protocoder/internal/audio"
)

// Device is the audio output of a build without cgo, where oto cannot
// reach ALSA: every playable recording gets a DeviceError.
type Device struct{}

// New returns a Device.
func New() *Device { return &Device{} }

// Open implements audio.Opener.
func (d *Device) Open(path string) (audio.Track, error) {
	if !audio.CanPlay(path) {
		_, err := audio.OpenStream(path, 48000)
		return nil, err
	}
	return nil, &audio.DeviceError{Err: errors.New("this build has no audio output (built without cgo)")}
}

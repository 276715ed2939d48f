package audio

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/flac"
	"github.com/gopxl/beep/v2/mp3"
	"github.com/gopxl/beep/v2/vorbis"
	"github.com/gopxl/beep/v2/wav"
)

// decode picks the decoder by the file's extension. A decoder that fails
// (an Ogg file holding Opus, a WAV in a compressed encoding) makes the
// format unsupported; a decoder that panics on a damaged file too.
func decode(f *os.File, path string) (src source, rate int, err error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	defer func() {
		if r := recover(); r != nil {
			src, err = nil, fmt.Errorf("decoder failed: %v", r)
		}
		if err != nil {
			err = &UnsupportedError{Path: path, Format: ext, Err: err}
		}
	}()
	var s beep.StreamSeekCloser
	var format beep.Format
	switch ext {
	case "mp3":
		s, format, err = mp3.Decode(f)
	case "wav":
		s, format, err = wav.Decode(f)
	case "ogg", "oga":
		s, format, err = vorbis.Decode(f)
	case "flac":
		s, format, err = flac.Decode(f)
	default:
		return nil, 0, fmt.Errorf("no decoder")
	}
	if err != nil {
		return nil, 0, err
	}
	if format.SampleRate <= 0 {
		s.Close()
		return nil, 0, fmt.Errorf("the file gives no sample rate")
	}
	return s, int(format.SampleRate), nil
}

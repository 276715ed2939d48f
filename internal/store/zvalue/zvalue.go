// Package zvalue compresses the values of a project file at rest: each
// value is one zstd frame (github.com/klauspost/compress/zstd). Small
// values (codings, commands, interviews, documents: JSON of a few hundred
// bytes, most of it field names and the same few words) are compressed
// with a dictionary built into the binary (dict1.zdict, trained by
// gendict.go on records whose GUIDs were replaced by random ones); large
// ones (texts) without, which decodes faster.
//
// A frame names its dictionary by ID, so a dictionary is never changed
// once files use it: a better one gets a new ID and both stay here.
//
// Reveal finds the frames in raw file bytes and decodes them, for the
// tests that check that erased text left no byte in a project's files:
// compressed, a text would no longer be found by a search of the raw
// bytes, and such a test could not fail.
package zvalue

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// dict1 is the dictionary of the small values (ID 1). Read only.
//
//go:embed dict1.zdict
var dict1 []byte

// Magic starts every zstd frame.
var Magic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// SmallMax is the largest value compressed with the dictionary; larger
// ones gain nothing from it and decode faster without.
const SmallMax = 8 << 10

// MinSize is the smallest value worth compressing: below it the frame's
// header (about ten bytes) eats the gain.
const MinSize = 48

// MaxDecoded bounds what one frame may decode to (a damaged file must not
// make a decoder allocate without limit); no value of a project comes
// near it.
const MaxDecoded = 1 << 30

// Packer compresses and decompresses values. Its encoders and decoder are
// made on first use and reused; it is safe for concurrent use. The zero
// value is ready.
type Packer struct {
	encOnce      sync.Once
	small, large *zstd.Encoder
	encErr       error
	decOnce      sync.Once
	dec          *zstd.Decoder
	decErr       error
}

// New returns a Packer.
func New() *Packer { return &Packer{} }

func (p *Packer) encoders() error {
	p.encOnce.Do(func() {
		common := []zstd.EOption{
			zstd.WithEncoderLevel(zstd.SpeedFastest),
			// The frame's checksum (4 bytes) stays: a damaged value fails
			// to open rather than decode to other text.
			zstd.WithEncoderConcurrency(1),
			zstd.WithLowerEncoderMem(true),
		}
		p.small, p.encErr = zstd.NewWriter(nil, append(common, zstd.WithEncoderDict(dict1))...)
		if p.encErr == nil {
			p.large, p.encErr = zstd.NewWriter(nil, common...)
		}
		if p.encErr != nil {
			p.encErr = fmt.Errorf("zstd encoder: %w", p.encErr)
		}
	})
	return p.encErr
}

func (p *Packer) decoder() error {
	p.decOnce.Do(func() {
		p.dec, p.decErr = zstd.NewReader(nil,
			zstd.WithDecoderDicts(dict1),
			zstd.WithDecoderMaxMemory(MaxDecoded),
			zstd.WithDecoderConcurrency(0))
		if p.decErr != nil {
			p.decErr = fmt.Errorf("zstd decoder: %w", p.decErr)
		}
	})
	return p.decErr
}

// Pack appends the frame of plain to dst and returns it, or returns nil
// when compression would not make the value smaller (then the caller
// stores plain as it is).
func (p *Packer) Pack(dst, plain []byte) ([]byte, error) {
	if len(plain) < MinSize {
		return nil, nil
	}
	if err := p.encoders(); err != nil {
		return nil, err
	}
	enc := p.large
	if len(plain) <= SmallMax {
		enc = p.small
	}
	n := len(dst)
	out := enc.EncodeAll(plain, dst)
	if len(out)-n >= len(plain) {
		return nil, nil
	}
	return out, nil
}

// Unpack appends what the frame holds to dst and returns it.
func (p *Packer) Unpack(dst, frame []byte) ([]byte, error) {
	if !IsFrame(frame) {
		return nil, errors.New("not a zstd frame")
	}
	if err := p.decoder(); err != nil {
		return nil, err
	}
	out, err := p.dec.DecodeAll(frame, dst)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}

// IsFrame reports whether b starts like a zstd frame.
func IsFrame(b []byte) bool { return bytes.HasPrefix(b, Magic) }

// Reveal returns b followed by what every zstd frame in b decodes to, each
// after a zero byte: a search of the result finds a text whether it was
// stored as it is or compressed. Frames are looked for at every position
// (values of bbolt pages in use and free ones, overflow pages, backups);
// a frame cut short or damaged yields its blocks before the damage (a
// block, up to 128 KiB of a value, decodes whole or not at all; erasure
// compacts, so no free page with such a remnant is left after it).
func Reveal(b []byte) []byte {
	out := bytes.Clone(b)
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDicts(dict1), zstd.WithDecoderMaxMemory(revealMax),
		zstd.WithDecoderMaxWindow(revealMax), zstd.WithDecoderConcurrency(1))
	if err != nil {
		panic(err) // the built-in dictionary does not load: a broken build
	}
	defer dec.Close()
	for i := 0; ; {
		j := bytes.Index(b[i:], Magic)
		if j < 0 {
			return out
		}
		i += j
		out = append(out, 0)
		out = append(out, decodePrefix(dec, b[i:])...)
		i += len(Magic)
	}
}

// revealMax bounds what Reveal decodes of one frame: the bytes after a
// false match of the magic number may claim any size.
const revealMax = 64 << 20

// decodePrefix decodes the frame at the start of b as far as it goes.
func decodePrefix(dec *zstd.Decoder, b []byte) []byte {
	if got, err := dec.DecodeAll(b, nil); err == nil || len(got) > 0 {
		return got // whole, or whole with the rest of the page after it
	}
	// Trailing bytes after the frame (the rest of the page) or a frame
	// cut short: stream it and keep what decoded.
	if err := dec.Reset(bytes.NewReader(b)); err != nil {
		return nil
	}
	var buf bytes.Buffer
	_, _ = io.Copy(&buf, io.LimitReader(dec, revealMax))
	return buf.Bytes()
}

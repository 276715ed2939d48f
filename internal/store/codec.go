package store

import (
	"encoding/json"
	"fmt"

	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// Value formats: the first byte of every encoded bbolt value.
const (
	// FormatJSON is a plain JSON value.
	FormatJSON byte = 1
	// FormatZstd (schema 8) is a JSON value compressed as one zstd frame
	// (see zvalue): the format of every value that compression makes
	// smaller.
	FormatZstd byte = 3
)

// Codec turns entities into stored bytes and back. Every bbolt value of a
// project goes through exactly one Codec; a protected project uses one that
// seals the bytes with an AEAD. Both compress what compression makes
// smaller (schema 8), before sealing.
type Codec interface {
	// Encode returns the stored form of v.
	Encode(v any) ([]byte, error)
	// Decode fills v from its stored form.
	Decode(b []byte, v any) error
	// Seal turns plain JSON into the stored form (used for change images
	// that are already JSON).
	Seal(plain []byte) ([]byte, error)
	// Open returns the plain JSON inside a stored value. The bytes may
	// point into stored and must not be changed.
	Open(stored []byte) ([]byte, error)
}

// JSONCodec stores values as a format byte followed by JSON, compressed
// where that makes the value smaller (FormatZstd). Make one with
// NewJSONCodec; the zero value neither writes nor reads compressed values
// (tests use it to write files as older versions did).
type JSONCodec struct {
	z *zvalue.Packer
}

// NewJSONCodec returns the codec of an unprotected project.
func NewJSONCodec() JSONCodec { return JSONCodec{z: zvalue.New()} }

// Encode implements Codec.
func (c JSONCodec) Encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return c.Seal(b)
}

// Decode implements Codec.
func (c JSONCodec) Decode(b []byte, v any) error {
	plain, err := c.Open(b)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}

// Seal implements Codec.
func (c JSONCodec) Seal(plain []byte) ([]byte, error) {
	if c.z != nil {
		packed, err := c.z.Pack([]byte{FormatZstd}, plain)
		if err != nil || packed != nil {
			return packed, err
		}
	}
	out := make([]byte, 0, len(plain)+1)
	out = append(out, FormatJSON)
	return append(out, plain...), nil
}

// Open implements Codec.
func (c JSONCodec) Open(stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, fmt.Errorf("decode: empty value")
	}
	switch stored[0] {
	case FormatJSON:
		return stored[1:], nil
	case FormatZstd:
		if c.z == nil {
			return nil, fmt.Errorf("decode: a compressed value, and the codec does not decompress")
		}
		plain, err := c.z.Unpack(nil, stored[1:])
		if err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		return plain, nil
	}
	return nil, fmt.Errorf("decode: unknown value format %d", stored[0])
}

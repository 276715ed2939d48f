package store

import (
	"encoding/json"
	"fmt"
)

// FormatJSON is the format byte of a plain JSON value.
const FormatJSON byte = 1

// Codec turns entities into stored bytes and back. Every bbolt value of a
// project goes through exactly one Codec; a protected project uses one that
// seals the bytes with an AEAD.
type Codec interface {
	// Encode returns the stored form of v.
	Encode(v any) ([]byte, error)
	// Decode fills v from its stored form.
	Decode(b []byte, v any) error
	// Seal turns plain JSON into the stored form (used for change images
	// that are already JSON).
	Seal(plain []byte) ([]byte, error)
	// Open returns the plain JSON inside a stored value.
	Open(stored []byte) ([]byte, error)
}

// JSONCodec stores values as a format byte followed by JSON.
type JSONCodec struct{}

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
func (JSONCodec) Seal(plain []byte) ([]byte, error) {
	out := make([]byte, 0, len(plain)+1)
	out = append(out, FormatJSON)
	return append(out, plain...), nil
}

// Open implements Codec.
func (JSONCodec) Open(stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, fmt.Errorf("decode: empty value")
	}
	if stored[0] != FormatJSON {
		return nil, fmt.Errorf("decode: unknown value format %d", stored[0])
	}
	return stored[1:], nil
}

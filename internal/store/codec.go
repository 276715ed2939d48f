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
	// FormatCoding (schema 8) is a coding in its binary form
	// (codingbin.go).
	FormatCoding byte = 5
	// FormatInterview and FormatDocument (schema 9) are an interview and
	// a document in their binary forms (recordbin.go).
	FormatInterview byte = 7
	FormatDocument  byte = 9
	// FormatText (schema 10) is a text image as the text's UTF-8,
	// compressed or not (textbin.go).
	FormatText byte = 11
)

// Packed forms of a value, before a codec adds its format byte (and
// seals).
const (
	packedNone      = iota // the JSON as it is
	packedZstd             // a zstd frame of the JSON
	packedCoding           // a coding's binary form
	packedInterview        // an interview's binary form
	packedDocument         // a document's binary form
	packedText             // a text image as its UTF-8 (textbin.go)
)

// pack returns the smallest form of plain: the binary form of a coding,
// an interview or a document, a text image's UTF-8 (compressed), a zstd
// frame, or plain itself. Without a packer (z nil: a codec that writes
// as schema 7 did, for tests) it is always plain.
func pack(z *zvalue.Packer, plain []byte) (int, []byte, error) {
	if z == nil {
		return packedNone, plain, nil
	}
	if b := packCoding(plain); b != nil {
		return packedCoding, b, nil
	}
	if form, b := packRecord(plain); b != nil {
		return form, b, nil
	}
	if b, err := packText(z, plain); err != nil || b != nil {
		return packedText, b, err
	}
	frame, err := z.Pack(nil, plain)
	if err != nil || frame != nil {
		return packedZstd, frame, err
	}
	return packedNone, plain, nil
}

// unpack returns the JSON of a packed form.
func unpack(z *zvalue.Packer, form int, b []byte) ([]byte, error) {
	switch form {
	case packedCoding:
		return codingJSON(b)
	case packedInterview, packedDocument:
		return recordJSON(form, b)
	case packedText:
		return textJSON(z, b)
	case packedZstd:
		if z == nil {
			return nil, fmt.Errorf("decode: a compressed value, and the codec does not decompress")
		}
		plain, err := z.Unpack(nil, b)
		if err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		return plain, nil
	}
	return b, nil
}

// codingBodier is a codec that hands out the binary form of a coding
// (nil if the value is stored otherwise), so that codings are read
// without their JSON.
type codingBodier interface {
	codingBody(stored []byte) ([]byte, error)
}

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
	form, b, err := pack(c.z, plain)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+1)
	out = append(out, jsonFormats[form])
	return append(out, b...), nil
}

// jsonFormats are JSONCodec's format bytes of the packed forms.
var jsonFormats = [...]byte{packedNone: FormatJSON, packedZstd: FormatZstd, packedCoding: FormatCoding,
	packedInterview: FormatInterview, packedDocument: FormatDocument, packedText: FormatText}

// Open implements Codec.
func (c JSONCodec) Open(stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, fmt.Errorf("decode: empty value")
	}
	for form, f := range jsonFormats {
		if stored[0] == f {
			return unpack(c.z, form, stored[1:])
		}
	}
	return nil, fmt.Errorf("decode: unknown value format %d", stored[0])
}

// codingBody implements codingBodier.
func (c JSONCodec) codingBody(stored []byte) ([]byte, error) {
	return c.packedBody(stored, packedCoding)
}

// packedBody implements packedBodier.
func (c JSONCodec) packedBody(stored []byte, form int) ([]byte, error) {
	if len(stored) > 0 && stored[0] == jsonFormats[form] {
		return stored[1:], nil
	}
	return nil, nil
}

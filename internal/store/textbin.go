// Texts as their UTF-8 (schema 10).
//
// A text version (textversion.go) is a text image: the text as a JSON
// string. Stored as a zstd frame of that string, every read had to walk
// the JSON to find characters and undo its escapes: a retrieval of a code
// with 50,000 segments cuts pieces of some 10,000 texts, and the walk
// took a fifth of its time, decompressing the escaped form another tenth
// more than the text itself. Since schema 10 a text image that
// json.Marshal gives back byte for byte from its text (every image the
// store writes; checked on each write) is stored as the text's UTF-8,
// one zstd frame of it when that is smaller:
//
//	kind (1 byte), then by kind:
//	textRaw     the UTF-8
//	textMarked  one zstd frame of: marks, then the UTF-8
//	textZstd    one zstd frame of the UTF-8 (read only: schema 10's
//	            first form, before the marks)
//
// The marks are the byte offsets of every markRunes-th rune (as uvarint
// differences, after their count): TextPieces starts walking at the mark
// before each piece rather than at the text's start, and so walks a few
// hundred bytes a piece rather than most of the text. Inside the frame
// they are covered by its checksum like the text.
//
// Readers that want characters (Tx.Text, Tx.TextPieces) take the UTF-8
// as it is; Open gives everything else (commands, undo, sync, verify) the
// identical JSON string, so keys and images compare as before. An image
// the form would not give back (another encoder's escapes) is stored as
// before. Erasure is unchanged: a version is deleted or rewritten whole,
// and zvalue.Reveal finds the text in the frame as in any other.

package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// Kinds of a text's UTF-8 form: the first byte after the format byte.
const (
	textRaw    byte = 0 // the UTF-8 as it is (too short to compress)
	textZstd   byte = 1 // one zstd frame of it (zvalue)
	textMarked byte = 2 // one zstd frame of its marks and it
)

// markRunes is the distance of the marks, in runes.
const markRunes = 256

// packText returns the UTF-8 form of a text image, or nil if plain is
// not a JSON string that json.Marshal writes exactly so for its text.
func packText(z *zvalue.Packer, plain []byte) ([]byte, error) {
	if !isTextImage(plain) {
		return nil, nil
	}
	s, ok := fastJSONString(plain)
	if !ok {
		return nil, nil
	}
	if again, err := json.Marshal(s); err != nil || !bytes.Equal(again, plain) {
		return nil, nil
	}
	frame, err := z.Pack([]byte{textMarked}, append(appendMarks(nil, s), s...))
	if err != nil || frame != nil {
		return frame, err
	}
	return append([]byte{textRaw}, s...), nil
}

// appendMarks appends the marks of text to b: their count, then the byte
// offset of every markRunes-th rune, each as its difference to the one
// before.
func appendMarks(b []byte, text string) []byte {
	var offs []int
	w := newWalker([]byte(text), nil, true)
	for r := markRunes; ; r += markRunes {
		i, ok := w.seek(r)
		if !ok || i == len(text) {
			break
		}
		offs = append(offs, i)
	}
	b = binary.AppendUvarint(b, uint64(len(offs)))
	last := 0
	for _, o := range offs {
		b = binary.AppendUvarint(b, uint64(o-last))
		last = o
	}
	return b
}

// splitMarks returns the marks (their differences, as uvarints) and the
// text of a marked frame's content; ok is false if it is malformed.
func splitMarks(b []byte) (marks, text []byte, ok bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, nil, false
	}
	at := k
	for range n {
		_, k := binary.Uvarint(b[at:])
		if k <= 0 {
			return nil, nil, false
		}
		at += k
	}
	return b[k:at], b[at:], true
}

// textUTF8 returns the text of a UTF-8 form and its marks (nil if it has
// none): raw's own bytes, or a frame's decompressed into *buf (grown as
// needed; the result is valid until buf is used again), or into new
// memory if buf is nil.
func textUTF8(z *zvalue.Packer, b []byte, buf *[]byte) (text, marks []byte, err error) {
	if len(b) == 0 {
		return nil, nil, fmt.Errorf("decode: an empty text form")
	}
	switch b[0] {
	case textRaw:
		if !utf8.Valid(b[1:]) {
			return nil, nil, fmt.Errorf("decode: a damaged text (invalid UTF-8)")
		}
		return b[1:], nil, nil
	case textZstd, textMarked:
		if z == nil {
			return nil, nil, fmt.Errorf("decode: a compressed text, and the codec does not decompress")
		}
		var dst []byte
		if buf != nil {
			dst = (*buf)[:0]
		}
		plain, err := z.Unpack(dst, b[1:])
		if err != nil {
			return nil, nil, fmt.Errorf("decode text: %w", err)
		}
		if buf != nil {
			*buf = plain[:0]
		}
		if b[0] == textZstd {
			return plain, nil, nil
		}
		marks, text, ok := splitMarks(plain)
		if !ok {
			return nil, nil, fmt.Errorf("decode: a damaged text (its marks)")
		}
		return text, marks, nil
	}
	return nil, nil, fmt.Errorf("decode: unknown text form %d", b[0])
}

// textJSON returns the text image a UTF-8 form stands for.
func textJSON(z *zvalue.Packer, b []byte) ([]byte, error) {
	text, _, err := textUTF8(z, b, nil)
	if err != nil {
		return nil, err
	}
	img, err := json.Marshal(string(text))
	if err != nil {
		return nil, fmt.Errorf("decode text: %w", err)
	}
	return img, nil
}

// openText returns the text of a stored text version in the UTF-8 form
// and its marks, decompressed into *buf as textUTF8 does; ok is false for
// a version in another form (the caller then opens it as JSON).
func openText(codec Codec, stored []byte, buf *[]byte) (text, marks []byte, ok bool, err error) {
	if len(stored) == 0 {
		return nil, nil, false, nil
	}
	var z *zvalue.Packer
	var body []byte
	switch c := codec.(type) {
	case JSONCodec:
		if stored[0] != FormatText {
			return nil, nil, false, nil
		}
		z, body = c.z, stored[1:]
	case *AEADCodec:
		if stored[0] != FormatAEADText {
			return nil, nil, false, nil
		}
		if _, body, err = c.open(stored); err != nil {
			return nil, nil, false, err
		}
		z = c.z
	default:
		return nil, nil, false, nil
	}
	text, marks, err = textUTF8(z, body, buf)
	return text, marks, true, err
}

// migrateTexts brings a project to schema 10: every text version whose
// image the UTF-8 form gives back is stored in it. It reads and writes
// one version at a time (a bucket's values cannot change during a walk,
// so the keys come first), not all of them at once.
func migrateTexts(tx *bolt.Tx, c Codec) error {
	b := tx.Bucket(bucketTextVersions)
	if b == nil {
		return nil
	}
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if !isText(v) {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		plain, err := c.Open(b.Get(k))
		if err != nil {
			return fmt.Errorf("text version %x: %w", k, err)
		}
		nv, err := c.Seal(plain)
		if err != nil {
			return fmt.Errorf("text version %x: %w", k, err)
		}
		if !isText(nv) {
			continue
		}
		if err := b.Put(k, nv); err != nil {
			return fmt.Errorf("text version %x: %w", k, err)
		}
	}
	return nil
}

// isText reports whether a stored value is in the UTF-8 form of a text,
// plain or sealed.
func isText(v []byte) bool {
	return len(v) > 0 && (v[0] == FormatText || v[0] == FormatAEADText)
}

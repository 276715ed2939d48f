package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

// TextPieces returns the runes [r.Start, r.End) of a document's text for
// each of rs (in any order; they may overlap), decoding only those: a
// retrieval shows a few hundred characters of each of thousands of texts,
// and decoding them whole was most of its time. The stored text (its
// UTF-8 since schema 10, see textbin.go; a JSON string before) is walked
// up to each offset asked for, from the mark before it where the text has
// marks, eight bytes at a time where there is no escape (UTF-8 bytes that
// are not continuation bytes start a rune, counted with one population
// count; the store writes valid UTF-8 only, see PutText), and the pieces
// between the offsets are copied, or decoded as Text would decode them. A
// stored value the walk does not take on (a surrogate escape, a quote
// inside, a control byte or invalid UTF-8 in a piece, a range beyond the
// text …) is decoded whole, and a range outside the text is an error (an
// empty one inside it is not). The pieces share one string. (Outside the
// pieces, the walk notices no quote, control byte or invalid UTF-8 that
// is not escaped, which the store never writes; verify decodes every text
// in full.)
//
// A caller that cuts many texts one after another passes buf: a
// compressed text is decompressed into *buf, which it keeps (and grows)
// from call to call, rather than into memory of its own each time (a
// whole retrieval decompresses thousands of texts). buf belongs to one
// goroutine; it may be nil.
func (t *Tx) TextPieces(id qda.GUID, rs []qda.Range, buf *[]byte) ([]string, error) {
	var scratch []byte
	if buf == nil {
		buf = &scratch
	}
	raw, marks, utf, err := t.textInto(id, buf)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, qda.Errorf(qda.ENotFound, "the text of document %s does not exist", id)
	}
	var text string
	if utf {
		if out, ok := slicePieces(raw, marks, rs, true); ok {
			return out, nil
		}
		text = string(raw)
	} else {
		if out, ok := sliceJSONString(raw, rs); ok {
			return out, nil
		}
		if text, err = decodeJSONString(raw); err != nil {
			return nil, fmt.Errorf("decode text %s: %w", id, err)
		}
	}
	x := qda.NewRuneIndex(text)
	out := make([]string, len(rs))
	for i, r := range rs {
		if r.Start < 0 || r.End < r.Start || r.End > x.Len() {
			return nil, qda.Errorf(qda.EInvalid, "range [%d, %d) is not inside the text of document %s (%d characters)", r.Start, r.End, id, x.Len())
		}
		out[i] = x.Slice(r.Start, r.End)
	}
	return out, nil
}

// textInto is getPlain("text", id) with a compressed text version
// decompressed into *buf (grown as needed); the result is only valid
// until buf is used again. utf is true if it is the text's UTF-8 (a
// version in the form of textbin.go, with its marks if it has them),
// false if it is the JSON string.
func (t *Tx) textInto(id qda.GUID, buf *[]byte) (b, marks []byte, utf bool, err error) {
	v := t.tx.Bucket(bucketTexts).Get([]byte(id))
	if v == nil {
		return nil, nil, false, nil
	}
	plain, err := t.codec.Open(v)
	if err != nil {
		return nil, nil, false, fmt.Errorf("text %s: %w", id, err)
	}
	if !isTextRef(plain) {
		return plain, nil, false, nil
	}
	k, err := refKey(plain)
	if err != nil {
		return nil, nil, false, fmt.Errorf("text %s: %w", id, err)
	}
	stored := t.tx.Bucket(bucketTextVersions).Get(k)
	if stored == nil {
		return nil, nil, false, fmt.Errorf("text %s: %w", id, qda.Errorf(qda.EInternal, "the text version %x is missing", k))
	}
	b, marks, utf, err = openText(t.codec, stored, buf)
	if err != nil {
		return nil, nil, false, fmt.Errorf("text %s: text version %x: %w", id, k, err)
	}
	if utf {
		return b, marks, true, nil
	}
	if plain, err = openInto(t.codec, stored, buf); err != nil {
		return nil, nil, false, fmt.Errorf("text %s: text version %x: %w", id, k, err)
	}
	return plain, nil, false, nil
}

// openInto is codec.Open with a zstd frame of an unprotected project
// decompressed into *buf (grown as needed) rather than into new memory.
func openInto(codec Codec, stored []byte, buf *[]byte) ([]byte, error) {
	c, ok := codec.(JSONCodec)
	if !ok || c.z == nil || len(stored) == 0 || stored[0] != FormatZstd {
		return codec.Open(stored)
	}
	plain, err := c.z.Unpack((*buf)[:0], stored[1:])
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	*buf = plain[:0]
	return plain, nil
}

// sliceJSONString is TextPieces on a stored JSON string; ok is false for
// anything it does not take on (TextPieces then decodes the whole text).
// The pieces are decoded into one string and share it.
func sliceJSONString(raw []byte, rs []qda.Range) ([]string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	return slicePieces(raw[1:len(raw)-1], nil, rs, false)
}

// slicePieces cuts the pieces rs out of body: a JSON string's body
// (decoded as writeJSONBody does), or a text's UTF-8 if utf (copied as
// it is), whose marks (textbin.go; nil: none) say where to start
// walking. ok is false for a range beyond the text and for anything
// sliceJSONString does not take on. The pieces share one string.
func slicePieces(body, marks []byte, rs []qda.Range, utf bool) ([]string, bool) {
	// The ends of the ranges (2i the start of rs[i], 2i+1 its end) in
	// ascending order of their offsets, each a key offset<<32 | end, and
	// the byte offset of each in body (at).
	keys := make([]uint64, 0, 2*len(rs))
	for i, r := range rs {
		if r.Start < 0 || r.End < r.Start || r.End > math.MaxInt32 {
			return nil, false
		}
		keys = append(keys, uint64(r.Start)<<32|uint64(2*i), uint64(r.End)<<32|uint64(2*i+1))
	}
	slices.Sort(keys)
	at := make([]int, len(keys))
	w := newWalker(body, marks, utf)
	for _, k := range keys {
		b, ok := w.seek(int(k >> 32))
		if !ok {
			return nil, false
		}
		at[uint32(k)] = b
	}
	// The pieces one after another in one string, of the size of their
	// bytes at most (an escape is longer than what it stands for).
	size := 0
	for i := range rs {
		size += at[2*i+1] - at[2*i]
	}
	var dec strings.Builder
	dec.Grow(size)
	ends := make([]int, len(rs))
	for i, r := range rs {
		switch piece := body[at[2*i]:at[2*i+1]]; {
		case r.Start == r.End:
		case utf:
			dec.Write(piece)
		case !writeJSONBody(&dec, piece):
			return nil, false
		}
		ends[i] = dec.Len()
	}
	all := dec.String()
	out := make([]string, len(rs))
	from := 0
	for i, e := range ends {
		out[i], from = all[from:e], e
	}
	return out, true
}

// writeJSONBody writes what a piece of a JSON string's body decodes to;
// ok is false for a quote or a control byte that is not escaped, invalid
// UTF-8 or an escape it does not take on.
func writeJSONBody(dst *strings.Builder, body []byte) bool {
	for len(body) > 0 {
		run := body
		k := bytes.IndexByte(body, '\\')
		if k >= 0 {
			run = body[:k]
		}
		if quoteOrControl(run) || !utf8.Valid(run) {
			return false
		}
		dst.Write(run)
		if k < 0 {
			break
		}
		n, ok := unescape(dst, body[k:])
		if !ok {
			return false
		}
		body = body[k+n:]
	}
	return true
}

// jsonWalker finds the byte offsets of runes in the body of a JSON string,
// or in UTF-8, moving forward only.
type jsonWalker struct {
	body []byte
	i, n int // body[:i] holds n runes; body[i] starts a rune (or i == len)
	// escapes is walkHigh in a JSON string's body, 0 in UTF-8 (where a
	// backslash, a quote or a control byte is a rune like any other).
	escapes uint64
	// marks are the marks of UTF-8 not passed yet (textbin.go: the
	// differences of the byte offsets of every markRunes-th rune, as
	// uvarints); the last one passed was rune mark at byte markAt.
	marks        []byte
	mark, markAt int
}

// newWalker returns a walker of body: UTF-8 with its marks (nil: none) if
// utf, else a JSON string's body.
func newWalker(body, marks []byte, utf bool) jsonWalker {
	if utf {
		return jsonWalker{body: body, marks: marks}
	}
	return jsonWalker{body: body, escapes: walkHigh}
}

// Bytes of eight, for seek.
const (
	walkOnes      = 0x0101010101010101
	walkHigh      = 0x8080808080808080
	walkQuote     = '"' * walkOnes
	walkBackslash = '\\' * walkOnes
	walkSpace     = 0x20 * walkOnes
)

// seek moves to rune r (r >= the walker's rune) and returns its byte
// offset; ok is false if the body ends before it or holds what the walk
// does not take on.
//
// Eight bytes are looked at at once: the ones before the first backslash
// among them (all eight if there is none) are counted at once, their
// runes being those starting in them (the bytes that are not continuation
// bytes). Such a step may end inside a rune, so the walk moves past
// continuation bytes before it looks at a byte alone and where it stops.
// The bytes it counts at once are not checked for quotes and control
// bytes (one rune each, escaped or not): those of the pieces are, by
// writeJSONBody.
func (w *jsonWalker) seek(r int) (int, bool) {
	if !w.toMark(r) {
		return 0, false
	}
	body, i, n, esc := w.body, w.i, w.n, w.escapes
	defer func() { w.i, w.n = i, n }()
	for n < r {
		for i+16 <= len(body) {
			// Sixteen bytes without a backslash, far from r.
			x, y := binary.LittleEndian.Uint64(body[i:]), binary.LittleEndian.Uint64(body[i+8:])
			c := 16 - bits.OnesCount64(continuation(x)) - bits.OnesCount64(continuation(y))
			if (backslash(x)|backslash(y))&esc != 0 || n+c > r {
				break
			}
			i, n = i+16, n+c
		}
		for i+8 <= len(body) {
			x := binary.LittleEndian.Uint64(body[i:])
			if m := backslash(x) & esc; m != 0 {
				// The bytes before the escape.
				k := bits.TrailingZeros64(m) >> 3 // the lowest flagged byte is one
				if c := k - bits.OnesCount64(continuation(x)&(1<<(8*k)-1)); n+c <= r {
					i, n = i+k, n+c
				}
				break
			}
			c := 8 - bits.OnesCount64(continuation(x))
			if n+c > r {
				break
			}
			i, n = i+8, n+c
		}
		i = skipContinuation(body, i)
		if n >= r {
			break
		}
		if i >= len(body) {
			return 0, false
		}
		switch c := body[i]; {
		case esc == 0:
			i++
		case c == '\\':
			k, ok := escapeLen(body[i:])
			if !ok {
				return 0, false
			}
			i += k
		case c == '"' || c < 0x20:
			return 0, false
		default:
			i++
		}
		n++
	}
	i = skipContinuation(body, i)
	return i, true
}

// toMark moves the walker to the last mark at or before rune r if that is
// ahead of it; false for a mark that cannot be (beyond the text, or not at
// the start of a rune: damage the frame's checksum would have caught).
func (w *jsonWalker) toMark(r int) bool {
	for len(w.marks) > 0 && w.mark+markRunes <= r {
		d, k := binary.Uvarint(w.marks)
		if k <= 0 || d == 0 || d > uint64(len(w.body)-w.markAt) {
			return false
		}
		w.marks, w.mark, w.markAt = w.marks[k:], w.mark+markRunes, w.markAt+int(d)
	}
	if w.mark > w.n {
		if w.markAt < len(w.body) && w.body[w.markAt]&0xC0 == 0x80 {
			return false
		}
		w.i, w.n = w.markAt, w.mark
	}
	return true
}

// backslash has the high bit set in the lowest byte of x that is a
// backslash (and maybe in bytes above it), and is 0 if there is none.
func backslash(x uint64) uint64 {
	bs := x ^ walkBackslash
	return (bs - walkOnes) &^ bs & walkHigh
}

// quoteOrControl reports whether b holds a quote or a control byte
// (below 0x20), which a JSON string holds escaped only.
func quoteOrControl(b []byte) bool {
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		if q := x ^ walkQuote; ((q-walkOnes)&^q|(x-walkSpace)&^x)&walkHigh != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c == '"' {
			return true
		}
	}
	return false
}

// continuation has the high bit set in the bytes of x that are UTF-8
// continuation bytes (10xxxxxx).
func continuation(x uint64) uint64 { return x &^ (x << 1) & walkHigh }

// skipContinuation returns the offset of the first byte at or after i
// that is not a continuation byte of a rune begun before it.
func skipContinuation(body []byte, i int) int {
	for i < len(body) && body[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

// escapeLen returns the length of the escape at the start of s, one rune
// of the text; ok is false for an invalid escape and for a surrogate
// (\uD800-\uDFFF: a pair is one rune, a lone one U+FFFD, as TextPieces'
// whole decoding has it).
func escapeLen(s []byte) (int, bool) {
	if len(s) < 2 {
		return 0, false
	}
	switch s[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
		r, ok := hex4(s, 2)
		if !ok || (r >= 0xD800 && r <= 0xDFFF) {
			return 0, false
		}
		return 6, true
	}
	return 0, false
}

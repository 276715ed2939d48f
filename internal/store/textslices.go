package store

import (
	"encoding/binary"
	"math/bits"

	"github.com/protocoder/protocoder/internal/qda"
)

// TextSlices returns the runes [r.Start, r.End) of a document's text for
// each of rs (in any order; they may overlap), decoding only those: a
// retrieval shows a few hundred characters of each of thousands of texts,
// and decoding them whole was most of its time. The stored JSON string is
// walked up to the last offset asked for, eight bytes at a time where
// there is no escape (UTF-8 bytes that are not continuation bytes start a
// rune, counted with one population count; the store writes valid UTF-8
// only, see PutText), and the pieces between the offsets are decoded as
// Text would decode them. A stored value the walk does not take on (a
// surrogate escape, a range beyond the text …) is decoded whole, and a
// range outside the text is an error (an empty one inside it is not).
func (t *Tx) TextSlices(id qda.GUID, rs []qda.Range) ([]string, error) {
	raw, err := t.getPlain("text", string(id))
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, qda.Errorf(qda.ENotFound, "the text of document %s does not exist", id)
	}
	if out, ok := sliceJSONString(raw, rs); ok {
		return out, nil
	}
	text, err := t.Text(id)
	if err != nil {
		return nil, err
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

// sliceJSONString is TextSlices on a stored JSON string; ok is false for
// anything it does not take on (TextSlices then decodes the whole text).
func sliceJSONString(raw []byte, rs []qda.Range) ([]string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	body := raw[1 : len(raw)-1]
	// The offsets asked for, ascending, each with its byte offset in body.
	var offs []int
	for _, r := range rs {
		if r.Start < 0 || r.End < r.Start {
			return nil, false
		}
		offs = append(offs, r.Start, r.End)
	}
	sortInts(offs)
	at := make(map[int]int, len(offs))
	w := jsonWalker{body: body}
	for _, o := range offs {
		if _, done := at[o]; done {
			continue
		}
		b, ok := w.seek(o)
		if !ok {
			return nil, false
		}
		at[o] = b
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		if r.Start == r.End {
			continue
		}
		s, ok := fastJSONBody(body[at[r.Start]:at[r.End]])
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// sortInts sorts a few ints in place (insertion sort: the offsets of one
// document's segments come nearly sorted).
func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// jsonWalker finds the byte offsets of runes in the body of a JSON string,
// moving forward only.
type jsonWalker struct {
	body []byte
	i, n int // body[:i] holds n runes; body[i] starts a rune (or i == len)
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
func (w *jsonWalker) seek(r int) (int, bool) {
	body := w.body
	for w.n < r {
		if w.i+8 <= len(body) {
			x := binary.LittleEndian.Uint64(body[w.i:])
			q, bs := x^walkQuote, x^walkBackslash
			if (q-walkOnes)&^q&walkHigh == 0 && (bs-walkOnes)&^bs&walkHigh == 0 && (x-walkSpace)&^x&walkHigh == 0 {
				// No quote, backslash or control byte: the runes of
				// these eight bytes are those starting in them.
				if c := 8 - bits.OnesCount64(x&^(x<<1)&walkHigh); w.n+c <= r {
					w.i, w.n = w.i+8, w.n+c
					w.skipContinuation()
					continue
				}
			}
		}
		if w.i >= len(body) {
			return 0, false
		}
		switch c := body[w.i]; {
		case c == '\\':
			n, ok := escapeLen(body[w.i:])
			if !ok {
				return 0, false
			}
			w.i += n
		case c == '"' || c < 0x20:
			return 0, false
		default:
			w.i++
		}
		w.n++
		w.skipContinuation()
	}
	return w.i, true
}

// skipContinuation moves past the continuation bytes of a rune begun
// before w.i, so that w.i is where the next rune starts.
func (w *jsonWalker) skipContinuation() {
	for w.i < len(w.body) && w.body[w.i]&0xC0 == 0x80 {
		w.i++
	}
}

// escapeLen returns the length of the escape at the start of s, one rune
// of the text; ok is false for an invalid escape and for a surrogate
// (\uD800-\uDFFF: a pair is one rune, a lone one U+FFFD, as TextSlices'
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

package qda

import "math/bits"

// runeStride is how many runes lie between two checkpoints of a RuneIndex.
const runeStride = 64

// RuneIndex maps rune offsets of a text to byte offsets without turning
// the text into a []rune: it keeps the byte offset of every 64th rune, so
// a lookup walks at most 63 runes. Building one costs a single pass over
// the text and an eighth of the memory a []rune copy takes.
//
// Both the pass and the walk count the runes of eight bytes at once: in
// UTF-8 every byte but a continuation byte (10xxxxxx) starts a rune, so
// the runes of a word are its bytes less its continuation bytes, counted
// with one population count. That is exact for valid UTF-8, which every
// text of a project is (CheckCanonical); in an invalid text, every byte
// that is not a continuation byte (and the first byte) counts as a rune,
// consistently in Len, Byte and Slice.
type RuneIndex struct {
	text  string
	marks []int32 // marks[i] is the byte offset of rune i*runeStride
	n     int     // number of runes
}

// highBits has the high bit of each of eight bytes set.
const highBits = 0x8080808080808080

// word returns the eight bytes of s at b as a little-endian word.
func word(s string, b int) uint64 {
	s = s[b : b+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// starts returns how many of the eight bytes of w start a rune (are not
// continuation bytes 10xxxxxx: high bit set, the next one clear).
func starts(w uint64) int { return 8 - bits.OnesCount64(w&^(w<<1)&highBits) }

// isStart reports whether c starts a rune.
func isStart(c byte) bool { return c&0xC0 != 0x80 }

// NewRuneIndex indexes text, which must be valid UTF-8 (see RuneIndex).
func NewRuneIndex(text string) *RuneIndex {
	x := &RuneIndex{text: text, marks: make([]int32, 0, len(text)/runeStride+1)}
	n, b, next := 0, 0, 0 // next is the rune of the next checkpoint
	if len(text) > 0 && !isStart(text[0]) {
		// An invalid text's first byte starts a rune all the same.
		x.marks = append(x.marks, 0)
		n, b, next = 1, 1, runeStride
	}
	for ; b+8 <= len(text); b += 8 {
		c := starts(word(text, b))
		if n+c > next {
			// The checkpoint's rune starts in this word.
			for k, m := b, n; k < b+8; k++ {
				if isStart(text[k]) {
					if m == next {
						x.marks = append(x.marks, int32(k))
						next += runeStride
					}
					m++
				}
			}
		}
		n += c
	}
	for ; b < len(text); b++ {
		if isStart(text[b]) {
			if n == next {
				x.marks = append(x.marks, int32(b))
				next += runeStride
			}
			n++
		}
	}
	x.n = n
	return x
}

// Text returns the indexed text.
func (x *RuneIndex) Text() string { return x.text }

// Len returns the number of runes.
func (x *RuneIndex) Len() int { return x.n }

// Byte returns the byte offset of rune r; r == Len() gives len(text). It
// panics if r is outside [0, Len()].
func (x *RuneIndex) Byte(r int) int {
	if r < 0 || r > x.n {
		panic("qda.RuneIndex.Byte: rune offset out of range")
	}
	if r == x.n {
		return len(x.text)
	}
	// Rune r is the k-th (from 0) rune starting at or after b.
	b, k := int(x.marks[r/runeStride]), r%runeStride
	if b == 0 && !isStart(x.text[0]) { // see NewRuneIndex
		if k == 0 {
			return 0
		}
		b, k = 1, k-1
	}
	for b+8 <= len(x.text) {
		c := starts(word(x.text, b))
		if c > k {
			break
		}
		b, k = b+8, k-c
	}
	for ; b < len(x.text); b++ {
		if isStart(x.text[b]) {
			if k == 0 {
				return b
			}
			k--
		}
	}
	return len(x.text) // not reached: r < Len()
}

// Slice returns the runes [start, end) of the text. It panics on a range
// outside the text, so callers check ranges with Range.Check first.
func (x *RuneIndex) Slice(start, end int) string {
	if end < start {
		panic("qda.RuneIndex.Slice: bad range")
	}
	return x.text[x.Byte(start):x.Byte(end)]
}

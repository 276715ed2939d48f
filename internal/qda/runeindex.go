package qda

import "unicode/utf8"

// runeStride is how many runes lie between two checkpoints of a RuneIndex.
const runeStride = 64

// RuneIndex maps rune offsets of a text to byte offsets without turning
// the text into a []rune: it keeps the byte offset of every 64th rune, so
// a lookup walks at most 63 runes. Building one costs a single pass over
// the text and an eighth of the memory a []rune copy takes.
type RuneIndex struct {
	text  string
	marks []int32 // marks[i] is the byte offset of rune i*runeStride
	n     int     // number of runes
}

// NewRuneIndex indexes text, which should be valid UTF-8 (an invalid byte
// counts as one rune, as in a range loop).
func NewRuneIndex(text string) *RuneIndex {
	x := &RuneIndex{text: text, marks: make([]int32, 0, len(text)/runeStride/2+1)}
	n := 0
	for b := range text {
		if n%runeStride == 0 {
			x.marks = append(x.marks, int32(b))
		}
		n++
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
	b := int(x.marks[r/runeStride])
	for k := r % runeStride; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(x.text[b:])
		b += size
	}
	return b
}

// Slice returns the runes [start, end) of the text. It panics on a range
// outside the text, so callers check ranges with Range.Check first.
func (x *RuneIndex) Slice(start, end int) string {
	if end < start {
		panic("qda.RuneIndex.Slice: bad range")
	}
	return x.text[x.Byte(start):x.Byte(end)]
}

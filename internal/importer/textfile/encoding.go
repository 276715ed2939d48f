package textfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding names returned by DecodeText.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8 BOM"
	EncUTF16LE = "UTF-16LE"
	EncUTF16BE = "UTF-16BE"
	EncCP1252  = "Windows-1252"
)

var (
	bom8    = []byte{0xEF, 0xBB, 0xBF}
	bom16LE = []byte{0xFF, 0xFE}
	bom16BE = []byte{0xFE, 0xFF}
)

// ErrBinary is returned by DecodeText for data that is not text.
var ErrBinary = errors.New("is a binary file, not a text document")

// DecodeText converts the bytes of a text file to a UTF-8 string and
// returns the name of the encoding it found. The rules, in order:
//
//  1. A byte order mark decides: EF BB BF is UTF-8, FF FE is UTF-16LE,
//     FE FF is UTF-16BE. The mark is removed.
//  2. Without a mark, text whose bytes at odd (even) positions are mostly
//     NUL while the others are not is UTF-16LE (UTF-16BE).
//  3. Data with NUL bytes or many other control characters is binary
//     (ErrBinary).
//  4. Valid UTF-8 is UTF-8.
//  5. Data that is not valid UTF-8 but contains valid multi-byte UTF-8
//     sequences is UTF-8 with damaged bytes: an error names the first one.
//  6. Anything else is Windows-1252, which covers Latin-1 (ISO 8859-1) for
//     every printable character.
//
// UTF-16 that is cut in half or has unpaired surrogates is an error. The
// result is not yet canonical (see textnorm.Canonical).
func DecodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, bom8):
		data = data[len(bom8):]
		if !utf8.Valid(data) {
			return "", "", badUTF8(data)
		}
		return string(data), EncUTF8BOM, nil
	case bytes.HasPrefix(data, bom16LE):
		return decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, bom16BE):
		return decodeUTF16(data[2:], true)
	}
	if le, be := utf16Guess(data); le || be {
		return decodeUTF16(data, be)
	}
	if looksBinary(data) {
		return "", "", ErrBinary
	}
	if utf8.Valid(data) {
		return string(data), EncUTF8, nil
	}
	if hasMultiByteUTF8(data) {
		return "", "", badUTF8(data)
	}
	return decodeCP1252(data), EncCP1252, nil
}

// utf16Guess looks at the first 4 KiB: UTF-16 text of Latin script has a
// NUL in (nearly) every other byte.
func utf16Guess(data []byte) (le, be bool) {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return false, false
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			zeroEven++
		}
		if data[i+1] == 0 {
			zeroOdd++
		}
	}
	pairs := n / 2
	le = zeroOdd*10 >= pairs*7 && zeroEven*10 < pairs
	be = zeroEven*10 >= pairs*7 && zeroOdd*10 < pairs
	return le, be
}

// decodeUTF16 decodes UTF-16 without byte order mark and returns the
// encoding's name, or an error and no name.
func decodeUTF16(data []byte, bigEndian bool) (string, string, error) {
	enc := EncUTF16LE
	if bigEndian {
		enc = EncUTF16BE
	}
	if len(data)%2 != 0 {
		return "", "", errors.New("the UTF-16 text is cut off (odd number of bytes)")
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	for i := 0; i < len(u); i++ {
		switch {
		case utf16.IsSurrogate(rune(u[i])) && u[i] < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF:
			i++
		case utf16.IsSurrogate(rune(u[i])):
			return "", "", fmt.Errorf("the UTF-16 text is damaged: unpaired surrogate at character %d", i+1)
		}
	}
	s := string(utf16.Decode(u))
	if strings.ContainsRune(s, 0) {
		return "", "", ErrBinary
	}
	return s, enc, nil
}

// looksBinary reports NUL bytes or more than 1% control characters (other
// than tab, newline, carriage return, form feed, vertical tab, ESC and
// Ctrl-Z) in the first 8 KiB.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	ctrl := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A && c != 0x1B, c == 0x7F:
			ctrl++
		}
	}
	return ctrl*100 > len(head)
}

// hasMultiByteUTF8 reports whether data contains a valid UTF-8 sequence of
// two or more bytes.
func hasMultiByteUTF8(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError || n > 1 {
			return true
		}
		i++
	}
	return false
}

// badUTF8 describes the first invalid byte of data.
func badUTF8(data []byte) error {
	i := 0
	for i < len(data) {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	line := bytes.Count(data[:i], []byte("\n")) + 1
	if i >= len(data) {
		return errors.New("the text is not valid UTF-8")
	}
	return fmt.Errorf("the text is not valid UTF-8: invalid byte 0x%02X in line %d (byte offset %d)", data[i], line, i)
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252; 0 marks the five bytes
// Windows-1252 leaves undefined, which keep their Latin-1 meaning.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// cp1252Rune decodes one Windows-1252 byte.
func cp1252Rune(c byte) rune {
	if c >= 0x80 && c < 0xA0 && cp1252[c-0x80] != 0 {
		return cp1252[c-0x80]
	}
	return rune(c)
}

func decodeCP1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		b.WriteRune(cp1252Rune(c))
	}
	return b.String()
}

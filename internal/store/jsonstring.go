package store

import (
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSONString decodes a JSON string value as encoding/json does, but
// in one pass: texts are the largest values of a project and are read in
// bulk by retrieval, export and search rebuilds. Anything but a plain
// string with the common escapes goes to encoding/json, so the result is
// always the same as json.Unmarshal's.
func decodeJSONString(raw []byte) (string, error) {
	if s, ok := fastJSONString(raw); ok {
		return s, nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// fastJSONString decodes raw if it is exactly one JSON string of valid
// UTF-8 without surrounding space; ok is false otherwise.
func fastJSONString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '"' || c < 0x20:
			return "", false
		case c < utf8.RuneSelf && c != '\\':
			j := i + 1
			for j < len(body) && body[j] < utf8.RuneSelf && body[j] >= 0x20 && body[j] != '"' && body[j] != '\\' {
				j++
			}
			b.Write(body[i:j])
			i = j
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			b.Write(body[i : i+size])
			i += size
		default: // backslash
			if i+1 >= len(body) {
				return "", false
			}
			e := body[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'u':
				r, ok := hex4(body, i)
				if !ok {
					return "", false
				}
				i += 4
				if utf16.IsSurrogate(r) {
					if i+6 > len(body) || body[i] != '\\' || body[i+1] != 'u' {
						return "", false
					}
					r2, ok := hex4(body, i+2)
					if !ok {
						return "", false
					}
					if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
						return "", false
					}
					i += 6
				}
				b.WriteRune(r)
			default:
				return "", false
			}
		}
	}
	return b.String(), true
}

// hex4 reads four hex digits at body[i:].
func hex4(body []byte, i int) (rune, bool) {
	if i+4 > len(body) {
		return 0, false
	}
	var r rune
	for _, c := range body[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

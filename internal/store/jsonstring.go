package store

import (
	"bytes"
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
// UTF-8 without surrounding space; ok is false otherwise. Runs between
// escapes are found with bytes.IndexByte and copied whole.
func fastJSONString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	return fastJSONBody(raw[1 : len(raw)-1])
}

// fastJSONBody is fastJSONString of the string's body, between its quotes.
func fastJSONBody(body []byte) (string, bool) {
	var b strings.Builder
	b.Grow(len(body))
	for len(body) > 0 {
		run := body
		k := bytes.IndexByte(body, '\\')
		if k >= 0 {
			run = body[:k]
		}
		for _, c := range run {
			if c < 0x20 || c == '"' {
				return "", false
			}
		}
		if !utf8.Valid(run) {
			return "", false
		}
		b.Write(run)
		if k < 0 {
			break
		}
		n, ok := unescape(&b, body[k:])
		if !ok {
			return "", false
		}
		body = body[k+n:]
	}
	return b.String(), true
}

// unescape writes the escape sequence at the start of s (which begins
// with a backslash) to b and returns its length in s.
func unescape(b *strings.Builder, s []byte) (int, bool) {
	if len(s) < 2 {
		return 0, false
	}
	switch e := s[1]; e {
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
		r, ok := hex4(s, 2)
		if !ok {
			return 0, false
		}
		if !utf16.IsSurrogate(r) {
			b.WriteRune(r)
			return 6, true
		}
		if len(s) < 12 || s[6] != '\\' || s[7] != 'u' {
			return 0, false
		}
		r2, ok := hex4(s, 8)
		if !ok {
			return 0, false
		}
		if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
			return 0, false
		}
		b.WriteRune(r)
		return 12, true
	default:
		return 0, false
	}
	return 2, true
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

package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/protocoder/protocoder/internal/qda"
)

// decodeCoding decodes a coding's JSON as json.Unmarshal does. Codings are
// by far the most numerous records (a large study holds hundreds of
// thousands) and analyses read all of them, so the form json.Marshal
// writes (a flat object of strings and integers) is read by a small
// parser; anything else goes to encoding/json, so the result is always
// the same as json.Unmarshal's (FuzzDecodeCoding checks that).
func decodeCoding(b []byte, c *qda.Coding) error {
	var fast qda.Coding
	if fastCoding(b, &fast) {
		*c = fast
		return nil
	}
	return json.Unmarshal(b, c)
}

// unmarshal is json.Unmarshal with the fast path for codings.
func unmarshal(plain []byte, v any) error {
	if c, ok := v.(*qda.Coding); ok {
		return decodeCoding(plain, c)
	}
	return json.Unmarshal(plain, v)
}

// decodeValue is codec.Decode with the fast paths for codings (the binary
// form of codingbin.go, then the JSON parser) and for interviews and
// documents (recordbin.go).
func decodeValue(codec Codec, stored []byte, v any) error {
	return decodeValueWith(codec, stored, v, nil)
}

// decodeValueWith is decodeValue with the strings of interviews and
// documents through in (may be nil).
func decodeValueWith(codec Codec, stored []byte, v any, in *interner) error {
	c, ok := v.(*qda.Coding)
	if !ok {
		if ok, err := decodeRecord(codec, stored, v, in); ok || err != nil {
			return err
		}
		return codec.Decode(stored, v)
	}
	if cb, ok := codec.(codingBodier); ok {
		body, err := cb.codingBody(stored)
		if err != nil {
			return err
		}
		if body != nil {
			var fast qda.Coding
			if err := unpackCoding(body, &fast); err != nil {
				return err
			}
			*c = fast
			return nil
		}
	}
	plain, err := codec.Open(stored)
	if err != nil {
		return err
	}
	if err := decodeCoding(plain, c); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}

// fastCoding parses b if it is a flat JSON object without spaces whose
// keys are the coding's own (exact case) with plain values; ok is false
// otherwise, with c in an unspecified state.
func fastCoding(b []byte, c *qda.Coding) (ok bool) {
	p := scanner{b: b}
	if !p.next('{') || p.at('}') {
		return false
	}
	for {
		key, ok := p.plainString()
		if !ok || !p.next(':') {
			return false
		}
		switch key {
		case "guid", "document", "code", "coder", "origin":
			s, ok := p.plainString()
			if !ok {
				return false
			}
			switch key {
			case "guid":
				c.GUID = qda.GUID(s)
			case "document":
				c.Document = qda.GUID(s)
			case "code":
				c.Code = qda.GUID(s)
			case "coder":
				c.Coder = qda.GUID(s)
			default:
				c.Origin = qda.Origin(s)
			}
		case "start", "end":
			n, ok := p.int()
			if !ok {
				return false
			}
			if key == "start" {
				c.Start = n
			} else {
				c.End = n
			}
		case "created":
			tok, ok := p.stringToken()
			if !ok || c.Created.UnmarshalJSON(tok) != nil {
				return false
			}
		case "memo":
			tok, ok := p.stringToken()
			if !ok {
				return false
			}
			if c.Memo, ok = fastJSONString(tok); !ok {
				return false
			}
		default:
			return false
		}
		if p.next(',') {
			continue
		}
		return p.next('}') && p.i == len(p.b)
	}
}

// scanner reads JSON tokens from b without allocating.
type scanner struct {
	b []byte
	i int
}

// next consumes c if it comes next.
func (p *scanner) next(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// at reports whether c comes next, without consuming it.
func (p *scanner) at(c byte) bool { return p.i < len(p.b) && p.b[p.i] == c }

// stringToken consumes a JSON string and returns it with its quotes. It
// only finds the closing quote; fastJSONString or UnmarshalJSON validate.
func (p *scanner) stringToken() ([]byte, bool) {
	if !p.at('"') {
		return nil, false
	}
	for j := p.i + 1; j < len(p.b); j++ {
		switch p.b[j] {
		case '\\':
			j++
		case '"':
			tok := p.b[p.i : j+1]
			p.i = j + 1
			return tok, true
		}
	}
	return nil, false
}

// plainString consumes a JSON string of printable ASCII without escapes
// (GUIDs, keys, origins).
func (p *scanner) plainString() (string, bool) {
	tok, ok := p.stringToken()
	if !ok {
		return "", false
	}
	body := tok[1 : len(tok)-1]
	if !plainASCII(body) {
		return "", false
	}
	return string(body), true
}

// int consumes a JSON integer (no fraction, exponent or leading zero) that
// fits an int.
func (p *scanner) int() (int, bool) {
	j := p.i
	if j < len(p.b) && p.b[j] == '-' {
		j++
	}
	k := j
	for k < len(p.b) && p.b[k] >= '0' && p.b[k] <= '9' {
		k++
	}
	if k == j || (p.b[j] == '0' && k-j > 1) || (k < len(p.b) && bytes.IndexByte([]byte(".eE"), p.b[k]) >= 0) {
		return 0, false
	}
	n, err := strconv.Atoi(string(p.b[p.i:k]))
	if err != nil {
		return 0, false
	}
	p.i = k
	return n, true
}

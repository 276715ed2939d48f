package store

import (
	"bytes"

	"github.com/protocoder/protocoder/internal/qda"
)

// EachCodingRef calls fn with the GUID, document, code, coder, range and
// stamp (time, origin, whether there is a memo) of every coding. It reads
// only those fields (no memo text) and shares
// one string per distinct document, code and coder, so counting over
// hundreds of thousands of codings allocates little more than their GUIDs; the other fields are not validated
// (verify decodes every coding in full). A value this reader does not
// expect is decoded in full. fn must not keep the pointer: it is reused.
func (t *Tx) EachCodingRef(fn func(*qda.CodingRef) error) error {
	ids := map[string]qda.GUID{}
	intern := func(b []byte) qda.GUID {
		if g, ok := ids[string(b)]; ok {
			return g
		}
		g := qda.GUID(b)
		ids[string(g)] = g
		return g
	}
	byBytes := map[[16]byte]qda.GUID{}
	internBytes := func(b []byte) qda.GUID {
		k := [16]byte(b)
		if g, ok := byBytes[k]; ok {
			return g
		}
		g := guidOf(b)
		byBytes[k] = g
		return g
	}
	cb, _ := t.codec.(codingBodier)
	var r qda.CodingRef
	return t.tx.Bucket(bucketCodings).ForEach(func(k, v []byte) error {
		if cb != nil {
			body, err := cb.codingBody(v)
			if err != nil {
				return err
			}
			if body != nil {
				if err := codingRefOf(body, &r, internBytes); err != nil {
					return err
				}
				r.GUID = qda.GUID(k)
				return fn(&r)
			}
		}
		plain, err := t.codec.Open(v)
		if err != nil {
			return err
		}
		if !fastCodingRef(plain, &r, intern) {
			var c qda.Coding
			if err := decodeCoding(plain, &c); err != nil {
				return err
			}
			r = qda.CodingRef{Document: c.Document, Code: c.Code, Coder: c.Coder, Range: c.Range, Stamp: qda.StampOf(&c)}
		}
		r.GUID = qda.GUID(k)
		return fn(&r)
	})
}

// fastCodingRef reads the ref fields of a coding written by json.Marshal;
// ok is false for anything else.
func fastCodingRef(b []byte, r *qda.CodingRef, intern func([]byte) qda.GUID) bool {
	*r = qda.CodingRef{}
	p := scanner{b: b}
	if !p.next('{') || p.at('}') {
		return false
	}
	for {
		key, ok := p.stringToken()
		if !ok || !p.next(':') {
			return false
		}
		switch string(key) {
		case `"document"`, `"code"`, `"coder"`:
			tok, ok := p.stringToken()
			if !ok || !plainASCII(tok[1:len(tok)-1]) {
				return false
			}
			g := intern(tok[1 : len(tok)-1])
			switch string(key) {
			case `"document"`:
				r.Document = g
			case `"code"`:
				r.Code = g
			default:
				r.Coder = g
			}
		case `"start"`, `"end"`:
			n, ok := p.int()
			if !ok {
				return false
			}
			if string(key) == `"start"` {
				r.Start = n
			} else {
				r.End = n
			}
		case `"guid"`, `"created"`, `"memo"`, `"origin"`:
			if _, ok := p.stringToken(); !ok {
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

// plainASCII reports whether b is printable ASCII without backslashes, a
// JSON string body that decodes to itself.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// CodingCountsByCode returns the number of codings per code, counted in
// the code index without reading any coding.
func (t *Tx) CodingCountsByCode() map[qda.GUID]int {
	n := map[qda.GUID]int{}
	var last []byte
	var g qda.GUID
	_ = t.tx.Bucket(bucketCodingsCod).ForEach(func(k, _ []byte) error {
		code, text := k[:0], true
		if len(k) == 33 && k[0] == 0 { // indexKey's binary form
			code, text = k[1:17], false
		} else if i := bytes.IndexByte(k, '/'); i >= 0 {
			code = k[:i]
		} else {
			return nil
		}
		if !bytes.Equal(code, last) || len(last) == 0 {
			last = append(last[:0], code...)
			if text {
				g = qda.GUID(code)
			} else {
				g = guidOf(code)
			}
		}
		n[g]++
		return nil
	})
	return n
}

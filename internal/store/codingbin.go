// Codings in a compact binary form (schema 8).
//
// Codings are by far the most numerous records, and their JSON (about
// 270 bytes) is mostly four GUIDs spelt out and the field names. A coding
// whose JSON is exactly what json.Marshal writes for it, with canonical
// GUIDs and its time in UTC (every coding protocoder makes), is stored as
// a record of about 90 bytes instead: the GUIDs as 16 bytes each, the
// numbers as varints. It is read straight into a qda.Coding (faster than
// the JSON), and Open rebuilds the identical JSON for everything that
// compares or searches images. Any other coding is stored as other values
// are. A small record also decodes faster than a compressed one.

package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// packCoding returns the binary form of plain if plain is a coding's JSON
// as json.Marshal writes it and the form gives it back byte for byte;
// otherwise nil.
func packCoding(plain []byte) []byte {
	if !bytes.HasPrefix(plain, []byte(`{"guid":"`)) {
		return nil
	}
	var c qda.Coding
	if !fastCoding(plain, &c) || c.Created.Location() != time.UTC {
		return nil
	}
	out := make([]byte, 0, 96)
	for _, g := range []qda.GUID{c.GUID, c.Document, c.Code, c.Coder} {
		var ok bool
		if out, ok = appendGUID(out, g); !ok {
			return nil
		}
	}
	out = binary.AppendVarint(out, int64(c.Start))
	out = binary.AppendVarint(out, int64(c.End))
	out = binary.AppendVarint(out, c.Created.Unix())
	out = binary.AppendUvarint(out, uint64(c.Created.Nanosecond()))
	out = appendString(out, c.Memo)
	out = appendString(out, string(c.Origin))
	var back qda.Coding
	if unpackCoding(out, &back) != nil {
		return nil
	}
	if again, err := json.Marshal(&back); err != nil || !bytes.Equal(again, plain) {
		return nil
	}
	return out
}

// errCodingRecord is the error of a damaged binary coding.
var errCodingRecord = errors.New("decode: a damaged coding record")

// unpackCoding reads the binary form of a coding into c.
func unpackCoding(b []byte, c *qda.Coding) error {
	if len(b) < 64 {
		return errCodingRecord
	}
	c.GUID, c.Document, c.Code, c.Coder = guidOf(b[0:16]), guidOf(b[16:32]), guidOf(b[32:48]), guidOf(b[48:64])
	r := codingReader{b: b[64:]}
	c.Start, c.End = int(r.varint()), int(r.varint())
	sec, nsec := r.varint(), r.uvarint()
	memo, origin := r.string(), r.string()
	if r.err || len(r.b) != 0 || nsec >= 1e9 {
		return errCodingRecord
	}
	c.Created = time.Unix(sec, int64(nsec)).UTC()
	c.Memo, c.Origin = memo, qda.Origin(origin)
	return nil
}

// codingRefOf reads the fields of a CodingRef but its GUID from the binary
// form, with document, code and coder through intern (keyed by their 16
// bytes), and its stamp (without copying the memo).
func codingRefOf(b []byte, r *qda.CodingRef, intern func([]byte) qda.GUID) error {
	if len(b) < 64 {
		return errCodingRecord
	}
	rd := codingReader{b: b[64:]}
	start, end := rd.varint(), rd.varint()
	if rd.err {
		return errCodingRecord
	}
	*r = qda.CodingRef{Document: intern(b[16:32]), Code: intern(b[32:48]), Coder: intern(b[48:64]),
		Range: qda.Range{Start: int(start), End: int(end)}}
	sec, nsec := rd.varint(), rd.uvarint()
	memo, origin := rd.text(), rd.text()
	if !rd.err && len(rd.b) == 0 && nsec < 1e9 {
		// A stamp only for a record that reads to its end (else the
		// zero one: whoever needs more reads the coding and meets the
		// damage there).
		stamped := qda.Coding{Created: time.Unix(sec, int64(nsec)).UTC(), Origin: knownOrigin(origin)}
		if len(memo) > 0 {
			stamped.Memo = "…" // a stand-in: the stamp only says that there is one
		}
		r.Stamp = qda.StampOf(&stamped)
	}
	return nil
}

// knownOrigin returns the origin b spells if it is one of protocoder's,
// without allocating; any other as a string of its own.
func knownOrigin(b []byte) qda.Origin {
	switch string(b) {
	case string(qda.OriginManual):
		return qda.OriginManual
	case string(qda.OriginTemplate):
		return qda.OriginTemplate
	case string(qda.OriginAuto):
		return qda.OriginAuto
	case string(qda.OriginImport):
		return qda.OriginImport
	}
	return qda.Origin(b)
}

// codingJSON returns the JSON a binary coding stands for.
func codingJSON(b []byte) ([]byte, error) {
	var c qda.Coding
	if err := unpackCoding(b, &c); err != nil {
		return nil, err
	}
	return json.Marshal(&c)
}

// appendGUID appends the 16 bytes of a canonical GUID (lowercase
// 8-4-4-4-12 hex digits).
func appendGUID(out []byte, g qda.GUID) ([]byte, bool) {
	if len(g) != 36 {
		return out, false
	}
	var raw [32]byte
	j := 0
	for i := 0; i < 36; i++ {
		ch := g[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if ch != '-' {
				return out, false
			}
			continue
		}
		if !('0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f') {
			return out, false
		}
		raw[j] = ch
		j++
	}
	var b [16]byte
	if _, err := hex.Decode(b[:], raw[:]); err != nil {
		return out, false
	}
	return append(out, b[:]...), true
}

// guidOf formats 16 bytes as a canonical GUID.
func guidOf(b []byte) qda.GUID {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return qda.GUID(s[:])
}

func appendString(out []byte, s string) []byte {
	out = binary.AppendUvarint(out, uint64(len(s)))
	return append(out, s...)
}

// codingReader reads the varints and strings of a binary coding; err is
// set at the first that does not fit.
type codingReader struct {
	b   []byte
	err bool
}

func (r *codingReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *codingReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *codingReader) string() string {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		r.err = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

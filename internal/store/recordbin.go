// Interviews and documents in a compact binary form (schema 9).
//
// Opening a project reads every interview and every document: the first
// screen lists them. At 100,000 protocols that is 200,000 values, and
// decoding them as zstd frames of JSON took four fifths of an open (about
// 1.3 s of CPU). Like codings (codingbin.go), an interview or a document
// whose JSON is exactly what json.Marshal writes for it, with canonical
// GUIDs and its times in UTC, is stored as a record of GUIDs as 16 bytes,
// numbers as varints and strings with their length; reading it needs no
// JSON and no decompression. Open rebuilds the identical JSON for
// everything that compares or searches images; a value the form would not
// give back byte for byte (an interview with a refusal or a withdrawal
// of consent, a non-canonical GUID, a time not in UTC) is stored as other
// values are.

package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// recordsSchema is the first schema that stores interviews and documents
// in their binary form.
const recordsSchema = 9

// Interview flags.
const (
	ivConsentRecording = 1 << iota
	ivConsentDataProtection
	ivConsentInfoSheet
	ivHasInterviewer
)

// Document flags.
const (
	docHasInterview = 1 << iota
	docHasCase
)

// Prefixes that tell an interview's and a document's JSON apart after
// their GUID (the first field of both, as of a coding).
var (
	guidPrefix      = []byte(`{"guid":"`)
	interviewMarker = []byte(`","guideline":"`)
	documentMarker  = []byte(`","name":"`)
)

// recordKind returns packedInterview or packedDocument if plain starts as
// json.Marshal writes an interview or a document, else packedNone.
func recordKind(plain []byte) int {
	if !bytes.HasPrefix(plain, guidPrefix) || len(plain) < len(guidPrefix)+36 {
		return packedNone
	}
	rest := plain[len(guidPrefix)+36:]
	switch {
	case bytes.HasPrefix(rest, interviewMarker):
		return packedInterview
	case bytes.HasPrefix(rest, documentMarker):
		return packedDocument
	}
	return packedNone
}

// packRecord returns the binary form of an interview's or a document's
// JSON, with its packed form, if the form gives the JSON back byte for
// byte; otherwise packedNone and nil.
func packRecord(plain []byte) (int, []byte) {
	var out []byte
	form := recordKind(plain)
	switch form {
	case packedInterview:
		var iv qda.Interview
		if json.Unmarshal(plain, &iv) != nil {
			return packedNone, nil
		}
		out = appendInterview(nil, &iv)
	case packedDocument:
		var d qda.Document
		if json.Unmarshal(plain, &d) != nil {
			return packedNone, nil
		}
		out = appendDocument(nil, &d)
	}
	if out == nil {
		return packedNone, nil
	}
	if again, err := recordJSON(form, out); err != nil || !bytes.Equal(again, plain) {
		return packedNone, nil
	}
	return form, out
}

// recordJSON returns the JSON a binary interview or document stands for.
func recordJSON(form int, b []byte) ([]byte, error) {
	switch form {
	case packedInterview:
		var iv qda.Interview
		if err := unpackInterview(b, &iv, nil); err != nil {
			return nil, err
		}
		return json.Marshal(&iv)
	case packedDocument:
		var d qda.Document
		if err := unpackDocument(b, &d, nil); err != nil {
			return nil, err
		}
		return json.Marshal(&d)
	}
	return nil, fmt.Errorf("decode: no binary record of form %d", form)
}

// appendInterview appends the binary form of iv, or returns nil if iv has
// something the form does not hold.
func appendInterview(out []byte, iv *qda.Interview) []byte {
	if iv.Consent.Refused != nil || iv.Consent.Withdrawn != nil || iv.Date.Location() != time.UTC {
		return nil
	}
	ok := true
	guid := func(g qda.GUID) {
		var fine bool
		out, fine = appendGUID(out, g)
		ok = ok && fine
	}
	guid(iv.GUID)
	guid(iv.Guideline)
	guid(iv.Case)
	var flags byte
	for _, f := range []struct {
		bit byte
		on  bool
	}{{ivConsentRecording, iv.Consent.Recording}, {ivConsentDataProtection, iv.Consent.DataProtection},
		{ivConsentInfoSheet, iv.Consent.InfoSheet}, {ivHasInterviewer, iv.Interviewer != ""}} {
		if f.on {
			flags |= f.bit
		}
	}
	out = append(out, flags)
	if iv.Interviewer != "" {
		guid(iv.Interviewer)
	}
	out = binary.AppendVarint(out, int64(iv.Wave))
	out = appendTime(out, iv.Date)
	for _, s := range []string{string(iv.Level), iv.Role, iv.Interviewee, string(iv.Recording), string(iv.Status)} {
		out = appendString(out, s)
	}
	keys := make([]qda.GUID, 0, len(iv.Attributes))
	for k := range iv.Attributes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out = binary.AppendUvarint(out, uint64(len(keys)))
	for _, k := range keys {
		guid(k)
		out = appendString(out, iv.Attributes[k])
	}
	if !ok {
		return nil
	}
	return out
}

// errRecord is the error of a damaged binary interview or document.
var errRecord = errors.New("decode: a damaged interview or document record")

// unpackInterview reads the binary form of an interview into iv, with the
// fields that repeat from interview to interview through in (if not nil).
func unpackInterview(b []byte, iv *qda.Interview, in *interner) error {
	if len(b) < 49 {
		return errRecord
	}
	*iv = qda.Interview{GUID: guidOf(b[0:16]), Guideline: in.guid(b[16:32]), Case: in.guid(b[32:48])}
	flags := b[48]
	r := codingReader{b: b[49:]}
	if flags&ivHasInterviewer != 0 {
		iv.Interviewer = in.guid(r.bytes(16))
	}
	iv.Consent = qda.Consent{Recording: flags&ivConsentRecording != 0,
		DataProtection: flags&ivConsentDataProtection != 0, InfoSheet: flags&ivConsentInfoSheet != 0}
	iv.Wave = int(r.varint())
	iv.Date = r.time()
	iv.Level, iv.Role = qda.Level(in.string(r.text())), in.string(r.text())
	iv.Interviewee = r.string()
	iv.Recording, iv.Status = qda.RecordingState(in.string(r.text())), qda.Status(in.string(r.text()))
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		return errRecord
	}
	if n > 0 {
		iv.Attributes = make(map[qda.GUID]string, n)
		for range n {
			k := in.guid(r.bytes(16))
			iv.Attributes[k] = in.string(r.text())
		}
	}
	if r.err || len(r.b) != 0 {
		return errRecord
	}
	return nil
}

// appendDocument appends the binary form of d, or returns nil if d has
// something the form does not hold.
func appendDocument(out []byte, d *qda.Document) []byte {
	if d.Created.Location() != time.UTC || d.Modified.Location() != time.UTC {
		return nil
	}
	out, ok := appendGUID(out, d.GUID)
	var flags byte
	if d.Interview != "" {
		flags |= docHasInterview
	}
	if d.Case != "" {
		flags |= docHasCase
	}
	out = append(out, flags)
	for _, g := range []qda.GUID{d.Interview, d.Case} {
		if g != "" {
			var fine bool
			out, fine = appendGUID(out, g)
			ok = ok && fine
		}
	}
	out = binary.AppendVarint(out, int64(d.Length))
	out = appendTime(out, d.Created)
	out = appendTime(out, d.Modified)
	for _, s := range []string{d.Name, string(d.Kind), d.Source} {
		out = appendString(out, s)
	}
	if !ok {
		return nil
	}
	return out
}

// unpackDocument reads the binary form of a document into d, with the
// fields that repeat from document to document through in (if not nil).
func unpackDocument(b []byte, d *qda.Document, in *interner) error {
	if len(b) < 17 {
		return errRecord
	}
	*d = qda.Document{GUID: guidOf(b[0:16])}
	flags := b[16]
	r := codingReader{b: b[17:]}
	if flags&docHasInterview != 0 {
		d.Interview = r.guid()
	}
	if flags&docHasCase != 0 {
		d.Case = in.guid(r.bytes(16))
	}
	d.Length = int(r.varint())
	d.Created, d.Modified = r.time(), r.time()
	d.Name, d.Kind, d.Source = r.string(), qda.DocKind(in.string(r.text())), r.string()
	if r.err || len(r.b) != 0 {
		return errRecord
	}
	return nil
}

// appendTime appends a UTC time as seconds and nanoseconds.
func appendTime(out []byte, t time.Time) []byte {
	out = binary.AppendVarint(out, t.Unix())
	return binary.AppendUvarint(out, uint64(t.Nanosecond()))
}

// time reads what appendTime wrote.
func (r *codingReader) time() time.Time {
	sec, nsec := r.varint(), r.uvarint()
	if nsec >= 1e9 {
		r.err = true
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

// guid reads the 16 bytes of a GUID.
func (r *codingReader) guid() qda.GUID {
	if b := r.bytes(16); b != nil {
		return guidOf(b)
	}
	return ""
}

// bytes reads n bytes; nil if there are fewer.
func (r *codingReader) bytes(n int) []byte {
	if len(r.b) < n {
		r.err = true
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// text reads a string's bytes, without copying them.
func (r *codingReader) text() []byte {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		r.err = true
		return nil
	}
	return r.bytes(int(n))
}

// interner hands out one string for equal GUIDs and for equal values of
// the fields that take few values (a level, a role, a site, a guideline),
// so that decoding every interview and document of a large project
// allocates those once (at 100,000 protocols about a third of what an open
// allocates). It belongs to one goroutine. A nil interner allocates each.
type interner struct {
	guids map[[16]byte]qda.GUID
	strs  map[string]string
}

func newInterner() *interner {
	return &interner{guids: map[[16]byte]qda.GUID{}, strs: map[string]string{}}
}

// guid returns the GUID of 16 bytes ("" for nil: a record cut short).
func (in *interner) guid(b []byte) qda.GUID {
	if len(b) != 16 {
		return ""
	}
	if in == nil {
		return guidOf(b)
	}
	g, ok := in.guids[[16]byte(b)]
	if !ok {
		g = guidOf(b)
		in.guids[[16]byte(b)] = g
	}
	return g
}

// string returns b as a string.
func (in *interner) string(b []byte) string {
	if in == nil {
		return string(b)
	}
	s, ok := in.strs[string(b)]
	if !ok {
		s = string(b)
		in.strs[s] = s
	}
	return s
}

// packedBodier is a codec that hands out the packed form of a stored value
// if it is stored in the given packed form (nil otherwise), so that
// binary records are read without their JSON.
type packedBodier interface {
	packedBody(stored []byte, form int) ([]byte, error)
}

// decodeRecord decodes an interview or a document from its binary form if
// it is stored so, through in (may be nil); ok is false if it is not (or
// the codec cannot tell).
func decodeRecord(codec Codec, stored []byte, v any, in *interner) (ok bool, err error) {
	pb, isPB := codec.(packedBodier)
	if !isPB {
		return false, nil
	}
	switch x := v.(type) {
	case *qda.Interview:
		body, err := pb.packedBody(stored, packedInterview)
		if body == nil || err != nil {
			return false, err
		}
		return true, unpackInterview(body, x, in)
	case *qda.Document:
		body, err := pb.packedBody(stored, packedDocument)
		if body == nil || err != nil {
			return false, err
		}
		return true, unpackDocument(body, x, in)
	}
	return false, nil
}

// migrateRecords brings a project to version 9: every interview and
// document that the binary form holds is stored in it.
func migrateRecords(tx *bolt.Tx, c Codec) error {
	for _, name := range [][]byte{bucketInterviews, bucketDocuments} {
		if err := repackBucket(tx.Bucket(name), name, c, nil, isRecord); err != nil {
			return err
		}
	}
	return nil
}

// isRecord reports whether a stored value is a binary interview or
// document, plain or sealed.
func isRecord(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	switch v[0] {
	case FormatInterview, FormatDocument, FormatAEADInterview, FormatAEADDocument:
		return true
	}
	return false
}

package qda

import (
	"crypto/sha1"
	"fmt"
	"io"
)

// GUID is the stable identity of every entity: a lowercase UUID in its
// canonical 36-character form (version 4, random, for what the app
// creates, see NewGUID and NewGUIDAt; version 5 for the parts of a
// guideline, see NameGUID; any version in imported files). It survives
// export, import and merge.
type GUID string

// NewGUID reads 16 random bytes from r and formats them as a version 4 UUID.
// The source is injected so tests can be deterministic.
func NewGUID(r io.Reader) (GUID, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("read random bytes for guid: %w", err)
	}
	b[6] = (b[6] & 0x0f) | 0x40 // version 4
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 4122 variant
	return GUID(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])), nil
}

// NewGUIDAt formats a version 4 UUID whose first 48 bits are prefix and
// whose other bits are read from r (74 random bits besides version and
// variant). GUIDs minted with one random prefix are neighbours when
// sorted, so entities created together sit side by side in the store's
// B-trees (see wire.ClusterIDs); unlike a time-ordered UUID (version 7),
// the GUID tells nothing of when it was made.
func NewGUIDAt(r io.Reader, prefix [6]byte) (GUID, error) {
	var b [16]byte
	copy(b[:6], prefix[:])
	if _, err := io.ReadFull(r, b[6:]); err != nil {
		return "", fmt.Errorf("read random bytes for guid: %w", err)
	}
	b[6] = (b[6] & 0x0f) | 0x40 // version 4
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 4122 variant
	return GUID(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])), nil
}

// Valid reports whether g is a lowercase canonical UUID. Any version is
// accepted, since imported projects may carry other versions.
func (g GUID) Valid() bool {
	if len(g) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := g[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// String returns the GUID's text.
func (g GUID) String() string { return string(g) }

func validGUID(what string, g GUID) error {
	if !g.Valid() {
		return Errorf(EInvalid, "%s has an invalid GUID %q", what, g)
	}
	return nil
}

// NameGUID derives a GUID from a namespace GUID and a name, like a version 5
// UUID (SHA-1, RFC 4122). The same inputs always give the same GUID, so parts
// of a guideline keep their identity when the same guideline file is
// imported again, on this or on a team member's laptop.
func NameGUID(ns GUID, name string) GUID {
	h := sha1.New()
	h.Write([]byte(ns))
	h.Write([]byte{0})
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = (b[6] & 0x0f) | 0x50 // version 5
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 4122 variant
	return GUID(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}

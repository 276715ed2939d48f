package store

import (
	"bytes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// FormatAEAD is the format byte of a value sealed with XChaCha20-Poly1305:
// format byte, 24-byte nonce, ciphertext with tag.
const FormatAEAD byte = 2

// FormatAEADZstd (schema 8) is FormatAEAD of a value compressed first
// (one zstd frame, see zvalue), and FormatAEADCoding of a coding's binary
// form (codingbin.go); their format byte is the AEAD's additional data,
// so it cannot be changed unnoticed.
const (
	FormatAEADZstd   byte = 4
	FormatAEADCoding byte = 6
	// FormatAEADInterview and FormatAEADDocument (schema 9) are the
	// binary forms of recordbin.go, sealed.
	FormatAEADInterview byte = 8
	FormatAEADDocument  byte = 10
	// FormatAEADText (schema 10) is a text image's UTF-8 form
	// (textbin.go), sealed.
	FormatAEADText byte = 12
)

// aeadFormats are AEADCodec's format bytes of the packed forms.
var aeadFormats = [...]byte{packedNone: FormatAEAD, packedZstd: FormatAEADZstd, packedCoding: FormatAEADCoding,
	packedInterview: FormatAEADInterview, packedDocument: FormatAEADDocument, packedText: FormatAEADText}

// AEADCodec stores values as JSON sealed with XChaCha20-Poly1305 under a
// key derived from the project's passphrase (protected projects).
type AEADCodec struct {
	aead cipher.AEAD
	// versionMAC keys the text versions (textversion.go): an HMAC under a
	// key of its own, so that the keys do not let anyone confirm a
	// guessed text without the passphrase.
	versionMAC []byte
	// z compresses before sealing.
	z *zvalue.Packer
}

// NewAEADCodec returns a codec for a 32-byte key.
func NewAEADCodec(key []byte) (*AEADCodec, error) {
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("protocoder text version keys"))
	return &AEADCodec{aead: a, versionMAC: m.Sum(nil), z: zvalue.New()}, nil
}

// versionKey implements versionKeyer.
func (c *AEADCodec) versionKey(img []byte) []byte {
	m := hmac.New(sha256.New, c.versionMAC)
	m.Write(img)
	return m.Sum(nil)
}

// Encode implements Codec.
func (c *AEADCodec) Encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return c.Seal(b)
}

// Decode implements Codec.
func (c *AEADCodec) Decode(b []byte, v any) error {
	plain, err := c.Open(b)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}

// Seal implements Codec. A value that packing makes smaller is packed
// first (FormatAEADZstd, FormatAEADCoding).
func (c *AEADCodec) Seal(plain []byte) ([]byte, error) {
	form, b, err := pack(c.z, plain)
	if err != nil {
		return nil, err
	}
	format := aeadFormats[form]
	var ad []byte
	if form != packedNone {
		ad = []byte{format}
	}
	ns := c.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(b)+c.aead.Overhead())
	out[0] = format
	if _, err := rand.Read(out[1 : 1+ns]); err != nil {
		return nil, err
	}
	return c.aead.Seal(out, out[1:1+ns], b, ad), nil
}

// open decrypts a stored value and returns its packed form.
func (c *AEADCodec) open(stored []byte) (int, []byte, error) {
	ns := c.aead.NonceSize()
	form := -1
	for f, b := range aeadFormats {
		if len(stored) > 0 && stored[0] == b {
			form = f
		}
	}
	if len(stored) < 1+ns || form < 0 {
		return 0, nil, fmt.Errorf("decode: the value is not encrypted (format %d) in a protected project", firstByte(stored))
	}
	var ad []byte
	if form != packedNone {
		ad = stored[:1]
	}
	b, err := c.aead.Open(nil, stored[1:1+ns], stored[1+ns:], ad)
	if err != nil {
		return 0, nil, fmt.Errorf("decode: the value does not decrypt (damaged or another key)")
	}
	return form, b, nil
}

// Open implements Codec.
func (c *AEADCodec) Open(stored []byte) ([]byte, error) {
	form, b, err := c.open(stored)
	if err != nil {
		return nil, err
	}
	return unpack(c.z, form, b)
}

// codingBody implements codingBodier.
func (c *AEADCodec) codingBody(stored []byte) ([]byte, error) {
	return c.packedBody(stored, packedCoding)
}

// packedBody implements packedBodier.
func (c *AEADCodec) packedBody(stored []byte, form int) ([]byte, error) {
	if len(stored) == 0 || stored[0] != aeadFormats[form] {
		return nil, nil
	}
	_, b, err := c.open(stored)
	return b, err
}

func firstByte(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	return int(b[0])
}

// KDFParams are the Argon2id cost parameters of a protected project.
type KDFParams struct {
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
}

// DefaultKDF is what Protect uses unless told otherwise (RFC 9106's second
// recommendation, 64 MiB and three passes, on two lanes).
var DefaultKDF = KDFParams{Time: 3, Memory: 64 * 1024, Threads: 2}

// keyProtection is the meta key of the protection record (not encoded:
// it is read before the codec exists).
var keyProtection = []byte("protection")

// protection is the record that makes a project protected.
type protection struct {
	KDF    string    `json:"kdf"`
	Params KDFParams `json:"params"`
	Salt   []byte    `json:"salt"`
	// Check is a known plaintext sealed with the key: a wrong passphrase
	// fails on it before anything is read or written.
	Check []byte `json:"check"`
}

const checkPlain = "protocoder protected project"

// deriveCodec derives the key from a passphrase and returns the codec.
// The cost is checked first: a tampered protection record with a huge cost
// fails at once.
func deriveCodec(pass, salt []byte, p KDFParams) (*AEADCodec, error) {
	if err := qda.CheckKDFCost("the project's protection record", p.Time, p.Memory, p.Threads); err != nil {
		return nil, err
	}
	if len(salt) < 8 || len(salt) > 64 {
		return nil, qda.Errorf(qda.EInvalid, "the project's protection record has a salt of %d bytes (8 to 64 expected)", len(salt))
	}
	key := argon2.IDKey(pass, salt, p.Time, p.Memory, p.Threads, chacha20poly1305.KeySize)
	defer clear(key)
	return NewAEADCodec(key)
}

// unlockOptions reads the protection record of an open bbolt file; for a
// protected project it derives the codec from opts.Passphrase, checks it
// and puts it into the returned options. Nothing is written.
func unlockOptions(bdb *bolt.DB, opts Options) (Options, error) {
	var raw []byte
	_ = bdb.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			raw = bytes.Clone(m.Get(keyProtection))
		}
		return nil
	})
	if raw == nil {
		return opts, nil
	}
	if len(opts.Passphrase) == 0 {
		return opts, qda.Errorf(qda.EProtected, "the project is encrypted: give its passphrase")
	}
	var pr protection
	if err := json.Unmarshal(raw, &pr); err != nil || pr.KDF != "argon2id" {
		return opts, qda.Errorf(qda.EUnsupported, "the project's protection record is unknown or damaged")
	}
	c, err := deriveCodec(opts.Passphrase, pr.Salt, pr.Params)
	if err != nil {
		return opts, err
	}
	if got, err := c.Open(pr.Check); err != nil || string(got) != checkPlain {
		return opts, qda.Errorf(qda.EProtected, "the passphrase does not open the project (wrong passphrase); nothing was changed")
	}
	opts.Codec = c
	return opts, nil
}

// Protected reports whether the project is encrypted at rest.
func (db *DB) Protected() bool {
	_, ok := db.opts.Codec.(*AEADCodec)
	return ok
}

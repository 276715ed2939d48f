package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Text versions (schema 7)
//
// A document's text is the largest value of a project, and every text
// write used to copy it into the command log twice: into the command's
// after image and into the next edit's before image (and the live text
// held a third copy). Since schema 7 a text image is stored once, in the
// bucket textversions, keyed by the SHA-256 of the image (the text's JSON
// string, exactly as the entity's image is: undo and sync compare images
// byte for byte); in a protected project by an HMAC-SHA256 under a key
// derived from the project's key, so that the keys reveal nothing without
// the passphrase (protect and unprotect re-key, rekeyTextVersions). The live text (bucket texts) and every image of a "text"
// change in a stored command hold a reference instead:
//
//	{"textversion":"<64 hex digits of the key>"}
//
// A text image is always a JSON string, so an object is never mistaken for
// one. The references are resolved where values leave the store: Tx.Text,
// Tx.RawImage and ApplyImages see the text, Tx.Commands returns commands
// with their images inline, so the layers above never see a reference.
// Sealed images (an anonymisation's, qda.Change.Sealed) are versions too:
// the version then holds the sealed bytes, keyed by their hash, and one
// sealing pass seals equal images alike (sealMemo), so consecutive
// commands share the sealed copy as they shared the plain one.
//
// Versions are not counted: the log is append-only, so a version loses its
// last reference only when an erasure scrubs or seals images. Each
// erasure therefore ends by collecting the versions that no live text or
// command refers to any more (collectTextVersions), before the file is
// compacted. Versions pass through the codec like every value (encryption
// at rest, and since schema 8 compression, compress.go); the compaction
// after an erasure leaves no page of an erased version.

// refField is the one field of a text reference.
const refField = "textversion"

// textRef is a reference to a text version.
type textRef struct {
	Version string `json:"textversion"`
}

// isTextRef reports whether a text image is a reference rather than the
// text itself (a JSON string).
func isTextRef(img []byte) bool { return len(img) > 0 && img[0] == '{' }

// isTextImage reports whether img has the form of a text image (or a
// sealed one): a JSON string. Its content is checked where it is decoded.
func isTextImage(img []byte) bool {
	return len(img) >= 2 && img[0] == '"' && img[len(img)-1] == '"'
}

// versionKey is the key of a text image in bucketTextVersions of a plain
// project.
func versionKey(img []byte) []byte {
	sum := sha256.Sum256(img)
	return sum[:]
}

// versionKeyer is a codec that keys text versions itself: a protected
// project's, with a keyed hash.
type versionKeyer interface {
	versionKey(img []byte) []byte
}

// versionKeyOf is the key of a text image under codec.
func versionKeyOf(codec Codec, img []byte) []byte {
	if k, ok := codec.(versionKeyer); ok {
		return k.versionKey(img)
	}
	return versionKey(img)
}

// refOf returns the reference to the version with key k.
func refOf(k []byte) []byte {
	b, _ := json.Marshal(textRef{Version: hex.EncodeToString(k)})
	return b
}

// refPrefix and refSuffix frame the hex digits of a reference as refOf
// writes it.
var refPrefix, refSuffix = []byte(`{"` + refField + `":"`), []byte(`"}`)

// refKey returns the version key a reference names.
func refKey(ref []byte) ([]byte, error) {
	if len(ref) == len(refPrefix)+2*sha256.Size+len(refSuffix) && bytes.HasPrefix(ref, refPrefix) && bytes.HasSuffix(ref, refSuffix) {
		// The form refOf writes, read on every text access.
		k := make([]byte, sha256.Size)
		if _, err := hex.Decode(k, ref[len(refPrefix):len(ref)-len(refSuffix)]); err == nil {
			return k, nil
		}
	}
	var r textRef
	if err := json.Unmarshal(ref, &r); err != nil {
		return nil, fmt.Errorf("malformed text reference: %w", err)
	}
	k, err := hex.DecodeString(r.Version)
	if err != nil || len(k) != sha256.Size {
		return nil, fmt.Errorf("malformed text reference %q", r.Version)
	}
	return k, nil
}

// versions is access to the text versions of one bbolt transaction.
type versions struct {
	btx   *bolt.Tx
	codec Codec
}

// put stores img as a version unless it exists and returns the reference
// to it.
func (v versions) put(img []byte) ([]byte, error) {
	if !isTextImage(img) {
		return nil, qda.Errorf(qda.EInvalid, "a text image must be a JSON string")
	}
	b := v.btx.Bucket(bucketTextVersions)
	k := versionKeyOf(v.codec, img)
	if b.Get(k) == nil {
		sealed, err := v.codec.Seal(img)
		if err != nil {
			return nil, err
		}
		if err := b.Put(k, sealed); err != nil {
			return nil, fmt.Errorf("write a text version: %w", err)
		}
	}
	return refOf(k), nil
}

// resolve returns the image a reference names. The bytes may point into
// the database (valid until the transaction ends) and must not be changed.
func (v versions) resolve(ref []byte) ([]byte, error) {
	k, err := refKey(ref)
	if err != nil {
		return nil, err
	}
	stored := v.btx.Bucket(bucketTextVersions).Get(k)
	if stored == nil {
		return nil, qda.Errorf(qda.EInternal, "the text version %x is missing", k)
	}
	plain, err := v.codec.Open(stored)
	if err != nil {
		return nil, fmt.Errorf("text version %x: %w", k, err)
	}
	return plain, nil
}

// storedChanges returns a copy of changes as a command record stores them:
// every image of a text change is put as a version and replaced by its
// reference.
func (v versions) storedChanges(changes []qda.Change) ([]qda.Change, error) {
	var out []qda.Change
	for i, c := range changes {
		if c.Entity != "text" || (c.Before == nil && c.After == nil) {
			continue
		}
		if out == nil {
			out = append([]qda.Change(nil), changes...)
		}
		for _, img := range []*json.RawMessage{&out[i].Before, &out[i].After} {
			if *img == nil {
				continue
			}
			ref, err := v.put(*img)
			if err != nil {
				return nil, fmt.Errorf("command image of text %s: %w", c.Key, err)
			}
			*img = ref
		}
	}
	if out == nil {
		return changes, nil
	}
	return out, nil
}

// encodeCommand returns the stored form of cmd, with text images as
// references; cmd itself keeps them inline.
func (v versions) encodeCommand(cmd *qda.Command) ([]byte, error) {
	changes, err := v.storedChanges(cmd.Changes)
	if err != nil {
		return nil, err
	}
	cp := *cmd
	cp.Changes = changes
	return v.codec.Encode(&cp)
}

// decodeCommand decodes a stored command and resolves its text references,
// so that cmd holds every image inline (copied out of the database).
func (v versions) decodeCommand(stored []byte, cmd *qda.Command) error {
	if err := v.codec.Decode(stored, cmd); err != nil {
		return err
	}
	for i := range cmd.Changes {
		c := &cmd.Changes[i]
		if c.Entity != "text" {
			continue
		}
		for _, img := range []*json.RawMessage{&c.Before, &c.After} {
			if !isTextRef(*img) {
				continue
			}
			plain, err := v.resolve(*img)
			if err != nil {
				return fmt.Errorf("text %s: %w", c.Key, err)
			}
			*img = bytes.Clone(plain)
		}
	}
	return nil
}

// refsOf calls fn with the version key of every text reference a stored
// command holds.
func refsOf(codec Codec, stored []byte, fn func(k []byte, where string)) error {
	var cmd struct {
		Seq     uint64 `json:"seq"`
		Changes []struct {
			Entity string          `json:"entity"`
			Key    string          `json:"key"`
			Before json.RawMessage `json:"before"`
			After  json.RawMessage `json:"after"`
		} `json:"changes"`
	}
	if err := codec.Decode(stored, &cmd); err != nil {
		return err
	}
	for _, c := range cmd.Changes {
		if c.Entity != "text" {
			continue
		}
		for _, img := range []json.RawMessage{c.Before, c.After} {
			if !isTextRef(img) {
				continue
			}
			k, err := refKey(img)
			if err != nil {
				return fmt.Errorf("command %d, text %s: %w", cmd.Seq, c.Key, err)
			}
			fn(k, fmt.Sprintf("command %d (text %s)", cmd.Seq, c.Key))
		}
	}
	return nil
}

// eachTextRef calls fn with every version reference of the live texts and
// the command log, and where it is.
func eachTextRef(btx *bolt.Tx, codec Codec, fn func(k []byte, where string)) error {
	err := btx.Bucket(bucketTexts).ForEach(func(k, v []byte) error {
		plain, err := codec.Open(v)
		if err != nil {
			return fmt.Errorf("text %s: %w", k, err)
		}
		if !isTextRef(plain) {
			return nil // an inline text (before schema 7 in a backup being migrated)
		}
		vk, err := refKey(plain)
		if err != nil {
			return fmt.Errorf("text %s: %w", k, err)
		}
		fn(vk, "text of document "+string(k))
		return nil
	})
	if err != nil {
		return err
	}
	return btx.Bucket(bucketCommands).ForEach(func(k, v []byte) error {
		if err := refsOf(codec, v, fn); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		return nil
	})
}

// collectTextVersions deletes every text version that neither a live text
// nor a command refers to (after an erasure scrubbed or sealed images) and
// returns how many it deleted.
func collectTextVersions(btx *bolt.Tx, codec Codec) (int, error) {
	b := btx.Bucket(bucketTextVersions)
	if b == nil {
		return 0, nil
	}
	used := map[string]bool{}
	if err := eachTextRef(btx, codec, func(k []byte, _ string) { used[string(k)] = true }); err != nil {
		return 0, fmt.Errorf("collect text versions: %w", err)
	}
	var drop [][]byte
	err := b.ForEach(func(k, _ []byte) error {
		if !used[string(k)] {
			drop = append(drop, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range drop {
		if err := b.Delete(k); err != nil {
			return 0, fmt.Errorf("delete text version %x: %w", k, err)
		}
	}
	return len(drop), nil
}

// sealMemo returns seal with memory: equal images are sealed to equal
// bytes within one erasure, so the commands that shared a plain text
// version share its sealed one (a nil result, an image erased for want of
// the key, is kept too).
func sealMemo(seal func([]byte) ([]byte, error)) func([]byte) ([]byte, error) {
	if seal == nil {
		return nil
	}
	memo := map[[sha256.Size]byte][]byte{}
	return func(plain []byte) ([]byte, error) {
		k := sha256.Sum256(plain)
		if s, ok := memo[k]; ok {
			return s, nil
		}
		s, err := seal(plain)
		if err != nil {
			return nil, err
		}
		memo[k] = s
		return s, nil
	}
}

// CheckTextVersions checks the text versions (for verify): every
// reference of a live text or a command names an existing version, every
// version's key is the hash of what it holds, and no version is left that
// nothing refers to (an erasure collects them). It returns the problems,
// the first few of each kind.
func (t *Tx) CheckTextVersions() ([]string, error) {
	b := t.tx.Bucket(bucketTextVersions)
	var problems []string
	missing, used := 0, map[string]bool{}
	err := eachTextRef(t.tx, t.codec, func(k []byte, where string) {
		used[string(k)] = true
		if b.Get(k) == nil {
			if missing < 20 {
				problems = append(problems, fmt.Sprintf("the %s refers to a missing text version %x", where, k))
			}
			missing++
		}
	})
	if err != nil {
		return problems, err
	}
	var unused []string
	bad := 0
	err = b.ForEach(func(k, v []byte) error {
		if !used[string(k)] {
			unused = append(unused, fmt.Sprintf("%x", k))
		}
		plain, err := t.codec.Open(v)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("the text version %x does not decode: %v", k, err))
			bad++
		case !bytes.Equal(versionKeyOf(t.codec, plain), k):
			problems = append(problems, fmt.Sprintf("the text version %x does not hold what its key names (damaged)", k))
			bad++
		}
		if bad >= 20 {
			return errStopCommands
		}
		return nil
	})
	if err != nil && err != errStopCommands {
		return problems, err
	}
	if missing > 20 {
		problems = append(problems, fmt.Sprintf("%d more references to missing text versions", missing-20))
	}
	sort.Strings(unused)
	for i, k := range unused {
		if i == 5 {
			problems = append(problems, fmt.Sprintf("%d more text versions that nothing refers to", len(unused)-5))
			break
		}
		problems = append(problems, fmt.Sprintf("the text version %s is referred to by nothing (it should have been erased)", k))
	}
	return problems, nil
}

// CheckTextVersions is Tx.CheckTextVersions in a read-only transaction.
func (db *DB) CheckTextVersions() ([]string, error) {
	var problems []string
	err := db.View(func(tx *Tx) (err error) {
		problems, err = tx.CheckTextVersions()
		return err
	})
	return problems, err
}

// Rewriting every text image into text versions: the migration to schema 7
// and the re-keying when a project is protected or unprotected.

package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/protocoder/protocoder/internal/qda"
	bolt "go.etcd.io/bbolt"
)

// migrateTextVersions brings a project to version 7: every live text and
// every image of a text change in the command log becomes a reference to a
// text version (see the top of this file).
func migrateTextVersions(tx *bolt.Tx, c Codec) error {
	if _, err := tx.CreateBucketIfNotExists(bucketTextVersions); err != nil {
		return err
	}
	v := versions{btx: tx, codec: c}
	texts := tx.Bucket(bucketTexts)
	err := rewriteBucket(texts, func(k, val []byte) ([]byte, error) {
		plain, err := c.Open(val)
		if err != nil {
			return nil, fmt.Errorf("text %s: %w", k, err)
		}
		if isTextRef(plain) {
			return nil, nil
		}
		ref, err := v.put(plain)
		if err != nil {
			return nil, fmt.Errorf("text %s: %w", k, err)
		}
		return c.Seal(ref)
	})
	if err != nil {
		return err
	}
	return rewriteBucket(tx.Bucket(bucketCommands), func(k, val []byte) ([]byte, error) {
		var cmd qda.Command
		if err := c.Decode(val, &cmd); err != nil {
			return nil, fmt.Errorf("command %x: %w", k, err)
		}
		has := false
		for _, ch := range cmd.Changes {
			has = has || ch.Entity == "text" && (ch.Before != nil || ch.After != nil)
		}
		if !has {
			return nil, nil
		}
		enc, err := v.encodeCommand(&cmd)
		if err != nil {
			return nil, fmt.Errorf("command %x: %w", k, err)
		}
		return enc, nil
	})
}

// rekeyTextVersions gives every text version the key codec gives its
// image and rewrites the references of the live texts and the command log
// to match: after protect or unprotect copied the file with the keys of
// the other codec.
func rekeyTextVersions(btx *bolt.Tx, codec Codec) error {
	b := btx.Bucket(bucketTextVersions)
	if b == nil {
		return nil
	}
	type kv struct{ k, v []byte }
	var moved []kv
	rekey := map[string][]byte{}
	err := b.ForEach(func(k, v []byte) error {
		plain, err := codec.Open(v)
		if err != nil {
			return fmt.Errorf("text version %x: %w", k, err)
		}
		if nk := versionKeyOf(codec, plain); !bytes.Equal(nk, k) {
			rekey[string(k)] = nk
			moved = append(moved, kv{bytes.Clone(k), bytes.Clone(v)})
		}
		return nil
	})
	if err != nil || len(moved) == 0 {
		return err
	}
	for _, m := range moved {
		if err := b.Delete(m.k); err != nil {
			return err
		}
	}
	for _, m := range moved {
		if err := b.Put(rekey[string(m.k)], m.v); err != nil {
			return err
		}
	}
	// newRef returns the reference that replaces ref, nil if it stays.
	newRef := func(ref []byte) ([]byte, error) {
		k, err := refKey(ref)
		if err != nil {
			return nil, err
		}
		if nk, ok := rekey[string(k)]; ok {
			return refOf(nk), nil
		}
		return nil, nil
	}
	err = rewriteBucket(btx.Bucket(bucketTexts), func(k, v []byte) ([]byte, error) {
		plain, err := codec.Open(v)
		if err != nil || !isTextRef(plain) {
			return nil, err
		}
		ref, err := newRef(plain)
		if err != nil || ref == nil {
			return nil, err
		}
		return codec.Seal(ref)
	})
	if err != nil {
		return err
	}
	return rewriteBucket(btx.Bucket(bucketCommands), func(k, v []byte) ([]byte, error) {
		var cmd qda.Command
		if err := codec.Decode(v, &cmd); err != nil {
			return nil, fmt.Errorf("command %x: %w", k, err)
		}
		changed := false
		for i := range cmd.Changes {
			c := &cmd.Changes[i]
			if c.Entity != "text" {
				continue
			}
			for _, img := range []*json.RawMessage{&c.Before, &c.After} {
				if !isTextRef(*img) {
					continue
				}
				ref, err := newRef(*img)
				if err != nil {
					return nil, fmt.Errorf("command %x: %w", k, err)
				}
				if ref != nil {
					*img, changed = ref, true
				}
			}
		}
		if !changed {
			return nil, nil
		}
		return codec.Encode(&cmd)
	})
}

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
	type kv struct{ k, v []byte }
	var puts []kv
	err := texts.ForEach(func(k, val []byte) error {
		plain, err := c.Open(val)
		if err != nil {
			return fmt.Errorf("text %s: %w", k, err)
		}
		if isTextRef(plain) {
			return nil
		}
		ref, err := v.put(plain)
		if err != nil {
			return fmt.Errorf("text %s: %w", k, err)
		}
		sealed, err := c.Seal(ref)
		if err != nil {
			return err
		}
		puts = append(puts, kv{bytes.Clone(k), sealed})
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := texts.Put(p.k, p.v); err != nil {
			return err
		}
	}
	puts = puts[:0]
	cmds := tx.Bucket(bucketCommands)
	err = cmds.ForEach(func(k, val []byte) error {
		var cmd qda.Command
		if err := c.Decode(val, &cmd); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		has := false
		for _, ch := range cmd.Changes {
			has = has || ch.Entity == "text" && (ch.Before != nil || ch.After != nil)
		}
		if !has {
			return nil
		}
		enc, err := v.encodeCommand(&cmd)
		if err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		puts = append(puts, kv{bytes.Clone(k), enc})
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := cmds.Put(p.k, p.v); err != nil {
			return err
		}
	}
	return nil
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
	var puts []kv
	texts := btx.Bucket(bucketTexts)
	err = texts.ForEach(func(k, v []byte) error {
		plain, err := codec.Open(v)
		if err != nil || !isTextRef(plain) {
			return err
		}
		ref, err := newRef(plain)
		if err != nil || ref == nil {
			return err
		}
		sealed, err := codec.Seal(ref)
		puts = append(puts, kv{bytes.Clone(k), sealed})
		return err
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := texts.Put(p.k, p.v); err != nil {
			return err
		}
	}
	puts = puts[:0]
	cmds := btx.Bucket(bucketCommands)
	err = cmds.ForEach(func(k, v []byte) error {
		var cmd qda.Command
		if err := codec.Decode(v, &cmd); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
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
					return fmt.Errorf("command %x: %w", k, err)
				}
				if ref != nil {
					*img, changed = ref, true
				}
			}
		}
		if !changed {
			return nil
		}
		enc, err := codec.Encode(&cmd)
		puts = append(puts, kv{bytes.Clone(k), enc})
		return err
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := cmds.Put(p.k, p.v); err != nil {
			return err
		}
	}
	return nil
}

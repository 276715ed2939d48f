// Packed values (schema 8): the migration that packs the values of an
// older file once.
//
// Since schema 8 the codecs pack every value that packing makes smaller
// (codec.go: pack): a coding whose JSON is json.Marshal's goes into its
// binary form (codingbin.go: FormatCoding, FormatAEADCoding), any other
// value into one zstd frame of package zvalue (FormatZstd,
// FormatAEADZstd: small JSON records with a dictionary built into the
// binary, texts without). A protected project packs first, then seals.
// Values that do not get smaller (text references, tiny records) stay
// JSON, and every form is read, so a value is never in doubt. Packing is
// at rest only: commands leave the store (to the team server, to
// exports, to undo) as the JSON they were. The coding index keys are
// binary too (indexKey), rebuilt by the migration.
//
// Erasure is unchanged: it deletes and re-encodes values, then compacts
// the file and its backups, so no page of the old values is left. The
// tests that search a project's files for erased text search the
// decompressed frames too (zvalue.Reveal); a binary coding holds its
// memo as plain UTF-8.

package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// codecBuckets are the buckets whose values all pass through the codec;
// in bucketMeta only keyProject does (the schema version, the counts,
// the pending operations and the protection record are stored as they
// are).
func codecBuckets() [][]byte {
	seen := map[string]bool{string(bucketMeta): true}
	out := [][]byte{bucketCommands, bucketTextVersions}
	seen[string(bucketCommands)], seen[string(bucketTextVersions)] = true, true
	for _, b := range entityBuckets {
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, b)
		}
	}
	return out
}

// isCompressed reports whether a stored value is in a packed format: a
// zstd frame, a binary record or a text's UTF-8 form, plain or sealed.
func isCompressed(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	switch v[0] {
	case FormatZstd, FormatAEADZstd, FormatCoding, FormatAEADCoding:
		return true
	case FormatInterview, FormatAEADInterview, FormatDocument, FormatAEADDocument:
		return true
	case FormatText, FormatAEADText:
		return true
	}
	return false
}

// migrateCompressed brings a project to version 8: every value that
// packing makes smaller is stored packed, and the coding indexes get
// their binary keys (indexKey). The caller compacts the file afterwards
// (the old values' pages are free then).
func migrateCompressed(tx *bolt.Tx, c Codec) error {
	if err := rebuildCodingIndexes(tx, c); err != nil {
		return err
	}
	for _, name := range codecBuckets() {
		b := tx.Bucket(name)
		if b == nil {
			continue
		}
		if err := repackBucket(b, name, c, nil, isCompressed); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	return repackBucket(meta, bucketMeta, c, keyProject, isCompressed)
}

// repackBucket stores every value of b (only the one at key, if key is
// set) that is not in a form packed wants yet in the form c gives it now,
// if that is one packed wants.
func repackBucket(b *bolt.Bucket, name []byte, c Codec, key []byte, packed func(v []byte) bool) error {
	if bytes.Equal(name, bucketCommands) {
		b.FillPercent = 1.0 // keys in sequence, as putCommand writes them
	}
	return rewriteBucket(b, func(k, v []byte) ([]byte, error) {
		if (key != nil && !bytes.Equal(k, key)) || len(v) == 0 || packed(v) {
			return nil, nil
		}
		plain, err := c.Open(v)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", name, k, err)
		}
		nv, err := c.Seal(plain)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", name, k, err)
		}
		if !packed(nv) {
			return nil, nil
		}
		return nv, nil
	})
}

// rewriteBucket calls fn for every key of b and, after the walk (bbolt
// does not allow changes during one), stores what fn returned for the
// keys it returned a value for.
func rewriteBucket(b *bolt.Bucket, fn func(k, v []byte) ([]byte, error)) error {
	type kv struct{ k, v []byte }
	var puts []kv
	err := b.ForEach(func(k, v []byte) error {
		nv, err := fn(k, v)
		if err == nil && nv != nil {
			puts = append(puts, kv{bytes.Clone(k), nv})
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, p := range puts {
		if err := b.Put(p.k, p.v); err != nil {
			return fmt.Errorf("put %q: %w", p.k, err)
		}
	}
	return nil
}

// rebuildCodingIndexes writes both coding indexes anew from the codings.
func rebuildCodingIndexes(tx *bolt.Tx, c Codec) error {
	for _, name := range [][]byte{bucketCodingsDoc, bucketCodingsCod} {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("rebuild %s: %w", name, err)
			}
		}
	}
	byDoc, err := tx.CreateBucket(bucketCodingsDoc)
	if err != nil {
		return err
	}
	byCode, err := tx.CreateBucket(bucketCodingsCod)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketCodings).ForEach(func(k, v []byte) error {
		var cd qda.Coding
		if err := decodeValue(c, v, &cd); err != nil {
			return fmt.Errorf("index coding %s: %w", k, err)
		}
		if err := byDoc.Put(indexKey(string(cd.Document), string(k)), nil); err != nil {
			return err
		}
		return byCode.Put(indexKey(string(cd.Code), string(k)), nil)
	})
}

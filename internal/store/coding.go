package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Coding returns the coding or a not-found error.
func (t *Tx) Coding(id qda.GUID) (*qda.Coding, error) { return one[qda.Coding](t, "coding", id) }

// Codings returns every coding.
func (t *Tx) Codings() ([]qda.Coding, error) { return all[qda.Coding](t, "coding") }

// EachCoding calls fn for every coding without collecting them.
func (t *Tx) EachCoding(fn func(*qda.Coding) error) error { return each(t, "coding", fn) }

// CodingsOfDocument returns the codings of one document.
func (t *Tx) CodingsOfDocument(doc qda.GUID) ([]qda.Coding, error) {
	return t.codingsVia(bucketCodingsDoc, doc)
}

// CodingsOfCode returns the codings with one code.
func (t *Tx) CodingsOfCode(code qda.GUID) ([]qda.Coding, error) {
	return t.codingsVia(bucketCodingsCod, code)
}

// CodingCountOfCode returns the number of codings with code, counted in
// the code index without reading the codings.
func (t *Tx) CodingCountOfCode(code qda.GUID) int {
	n := 0
	_ = indexScan(t.tx.Bucket(bucketCodingsCod), string(code), func(string) error { n++; return nil })
	return n
}

func (t *Tx) codingsVia(bucket []byte, prefix qda.GUID) ([]qda.Coding, error) {
	var out []qda.Coding
	err := indexScan(t.tx.Bucket(bucket), string(prefix), func(id string) error {
		c, err := t.Coding(qda.GUID(id))
		if err != nil {
			return fmt.Errorf("coding index refers to %s: %w", id, err)
		}
		out = append(out, *c)
		return nil
	})
	return out, err
}

// PutCoding writes a coding after checking that its document and code exist
// and that its range lies inside the document's text.
func (t *Tx) PutCoding(c *qda.Coding) error {
	if !t.writable {
		return qda.Errorf(qda.EInternal, "write in a read-only transaction")
	}
	length, err := t.documentLength(c.Document)
	if err != nil {
		return err
	}
	if err := c.Validate(length); err != nil {
		return err
	}
	if t.tx.Bucket(bucketCodes).Get([]byte(c.Code)) == nil {
		return qda.Errorf(qda.ENotFound, "code %s does not exist", c.Code)
	}
	// Encoded once: the image is what is stored, and the index entries
	// come from c itself.
	key := string(c.GUID)
	after, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode coding %s: %w", key, err)
	}
	before, err := t.getRaw("coding", key)
	if err != nil {
		return err
	}
	if bytes.Equal(before, after) {
		return nil
	}
	if before == nil {
		if err := t.checkGUIDFree("coding", key); err != nil {
			return err
		}
	}
	if err := t.moveCodingIndex(key, before, c); err != nil {
		return err
	}
	return t.putRaw("coding", key, before, after)
}

// documentLength returns a document's length in runes. The document last
// asked for is decoded once while its stored bytes stay the same, so a
// command that adds many codings to one document reads its length once.
func (t *Tx) documentLength(id qda.GUID) (int, error) {
	plain, err := t.getPlain("document", string(id))
	if err != nil {
		return 0, err
	}
	if plain == nil {
		return 0, qda.Errorf(qda.ENotFound, "document %s does not exist", id)
	}
	if m := &t.lastDoc; m.key == string(id) && bytes.Equal(m.plain, plain) {
		return m.length, nil
	}
	var d qda.Document
	if err := unmarshal(plain, &d); err != nil {
		return 0, fmt.Errorf("decode document %s: %w", id, err)
	}
	t.lastDoc = docLength{key: string(id), plain: bytes.Clone(plain), length: d.Length}
	return d.Length, nil
}

// docLength is a document's length with the stored bytes it was read from.
type docLength struct {
	key    string
	plain  []byte
	length int
}

// DeleteCoding deletes a coding.
func (t *Tx) DeleteCoding(id qda.GUID) error {
	if err := t.reindexCoding(string(id), nil); err != nil {
		return err
	}
	return t.del("coding", string(id))
}

// reindexCoding moves a coding's index entries from its stored state to the
// state in img (nil: removed).
func (t *Tx) reindexCoding(key string, img []byte) error {
	before, err := t.getPlain("coding", key)
	if err != nil {
		return err
	}
	var nc *qda.Coding
	if img != nil {
		nc = &qda.Coding{}
		if err := decodeCoding(img, nc); err != nil {
			return fmt.Errorf("decode coding %s: %w", key, err)
		}
	}
	return t.moveCodingIndex(key, before, nc)
}

// moveCodingIndex moves a coding's index entries from before, its stored
// image (nil: none), to nc (nil: removed).
func (t *Tx) moveCodingIndex(key string, before []byte, nc *qda.Coding) error {
	byDoc, byCode := t.tx.Bucket(bucketCodingsDoc), t.tx.Bucket(bucketCodingsCod)
	byDoc.FillPercent, byCode.FillPercent = appendFill, appendFill
	if before != nil {
		var old qda.Coding
		if err := decodeCoding(before, &old); err != nil {
			return fmt.Errorf("decode coding %s: %w", key, err)
		}
		if err := byDoc.Delete(indexKey(string(old.Document), key)); err != nil {
			return err
		}
		if err := byCode.Delete(indexKey(string(old.Code), key)); err != nil {
			return err
		}
	}
	if nc == nil {
		return nil
	}
	if err := byDoc.Put(indexKey(string(nc.Document), key), nil); err != nil {
		return err
	}
	return byCode.Put(indexKey(string(nc.Code), key), nil)
}

// CheckCodingIndexes reports every disagreement between the codings and
// their indexes, as sentences.
func (t *Tx) CheckCodingIndexes() ([]string, error) {
	var out []string
	want := map[string]bool{}
	err := t.EachCoding(func(c *qda.Coding) error {
		want["d"+string(indexKey(string(c.Document), string(c.GUID)))] = true
		want["c"+string(indexKey(string(c.Code), string(c.GUID)))] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, b := range []struct {
		p    string
		name []byte
	}{{"d", bucketCodingsDoc}, {"c", bucketCodingsCod}} {
		err := t.tx.Bucket(b.name).ForEach(func(k, _ []byte) error {
			key := b.p + string(k)
			if !want[key] {
				out = append(out, fmt.Sprintf("index %s has a stale entry %s", b.name, indexKeyText(k)))
			}
			delete(want, key)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for k := range want {
		out = append(out, fmt.Sprintf("coding index entry %s is missing", indexKeyText([]byte(k[1:]))))
	}
	return out, nil
}

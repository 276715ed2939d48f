package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Tx is a transaction on the store. Writes through a Tx are recorded as
// changes of the command that DB.Update writes with them.
type Tx struct {
	tx       *bolt.Tx
	codec    Codec
	writable bool
	changes  []qda.Change
	// countDelta sums the entities this transaction added and removed
	// (counts.go).
	countDelta map[string]int
	// lastDoc is the document whose length PutCoding checked last.
	lastDoc docLength
}

// Counts holds the number of entities of each kind.
type Counts struct {
	Users      int `json:"users"`
	Guidelines int `json:"guidelines"`
	Codes      int `json:"codes"`
	Cases      int `json:"cases"`
	Interviews int `json:"interviews"`
	Documents  int `json:"documents"`
	Codings    int `json:"codings"`
	Memos      int `json:"memos"`
	Commands   int `json:"commands"`
}

// Counts returns the number of entities of each kind (see counts.go).
func (t *Tx) Counts() Counts {
	c := t.counts()
	return Counts{
		Users: c["user"], Guidelines: c["guideline"], Codes: c["code"],
		Cases: c["case"], Interviews: c["interview"], Documents: c["document"],
		Codings: c["coding"], Memos: c["memo"],
		// Commands are numbered by the bucket's sequence and never
		// deleted (erasure scrubs their images), so the sequence is their
		// number; walking the change log, most of a large project's
		// file, took seconds.
		Commands: int(t.tx.Bucket(bucketCommands).Sequence()),
	}
}

// DocumentCount returns the number of documents (Counts().Documents
// without walking the other buckets when there is no counts record).
func (t *Tx) DocumentCount() int {
	if c, ok, err := readCounts(t.tx); err == nil && ok {
		return c["document"]
	}
	return t.tx.Bucket(bucketDocuments).Stats().KeyN
}

// SchemaVersion returns the file's schema version.
func (t *Tx) SchemaVersion() (int, error) { return schemaVersion(t.tx) }

// Project returns the project record.
func (t *Tx) Project() (qda.Project, error) {
	var p qda.Project
	v := t.tx.Bucket(bucketMeta).Get(keyProject)
	if v == nil {
		return p, qda.Errorf(qda.EInternal, "the project record is missing")
	}
	return p, t.codec.Decode(v, &p)
}

// PutProject replaces the project record.
func (t *Tx) PutProject(p *qda.Project) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return t.put("project", string(keyProject), p)
}

// getRaw returns the plain JSON of an entity, nil if it does not exist. The
// bytes are a copy, valid after the transaction.
func (t *Tx) getRaw(entity, key string) ([]byte, error) {
	plain, err := t.getPlain(entity, key)
	if plain == nil || err != nil {
		return nil, err
	}
	return bytes.Clone(plain), nil
}

// getPlain is getRaw without the copy: the bytes may point into the
// database and are valid only until the transaction ends, and must not be
// changed.
func (t *Tx) getPlain(entity, key string) ([]byte, error) {
	v := t.tx.Bucket(entityBuckets[entity]).Get([]byte(key))
	if v == nil {
		return nil, nil
	}
	plain, err := t.codec.Open(v)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", entity, key, err)
	}
	if entity == "text" && isTextRef(plain) {
		if plain, err = t.versions().resolve(plain); err != nil {
			return nil, fmt.Errorf("%s %s: %w", entity, key, err)
		}
	}
	return plain, nil
}

// versions gives access to the transaction's text versions.
func (t *Tx) versions() versions { return versions{btx: t.tx, codec: t.codec} }

// get decodes the entity into v; it reports whether it exists.
func (t *Tx) get(entity, key string, v any) (bool, error) {
	switch v.(type) {
	case *qda.Coding, *qda.Interview, *qda.Document:
		// Read from their binary forms where they are stored so.
		stored := t.tx.Bucket(entityBuckets[entity]).Get([]byte(key))
		if stored == nil {
			return false, nil
		}
		if err := decodeValue(t.codec, stored, v); err != nil {
			return false, fmt.Errorf("decode %s %s: %w", entity, key, err)
		}
		return true, nil
	}
	raw, err := t.getPlain(entity, key)
	if err != nil || raw == nil {
		return false, err
	}
	if err := unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("decode %s %s: %w", entity, key, err)
	}
	return true, nil
}

// put writes an entity and records the change.
func (t *Tx) put(entity, key string, v any) error {
	if !t.writable {
		return qda.Errorf(qda.EInternal, "write in a read-only transaction")
	}
	after, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", entity, key, err)
	}
	before, err := t.getRaw(entity, key)
	if err != nil {
		return err
	}
	if bytes.Equal(before, after) {
		return nil
	}
	if before == nil {
		if err := t.checkGUIDFree(entity, key); err != nil {
			return err
		}
	}
	return t.putRaw(entity, key, before, after)
}

// guidKinds are the entity kinds keyed by their GUID, which is unique
// across all of them (a text shares its document's GUID and is not one).
var guidKinds = []string{"user", "attribute", "case", "guideline", "code", "interview", "document", "coding", "memo", "anonignore"}

// checkGUIDFree refuses a new entity whose GUID an entity of another kind
// already has: references are by GUID, and REFI-QDA exchange and merge
// match entities by GUID alone.
func (t *Tx) checkGUIDFree(entity, key string) error {
	if !slices.Contains(guidKinds, entity) {
		return nil
	}
	for _, other := range guidKinds {
		if other != entity && t.tx.Bucket(entityBuckets[other]).Get([]byte(key)) != nil {
			return qda.Errorf(qda.EConflict, "the new %s has the GUID %s of an existing %s; a GUID names one entity of one kind", entity, key, other)
		}
	}
	return nil
}

// appendFill is how full bbolt fills a page before it splits it, in the
// buckets keyed by GUID (and the coding indexes, keyed by GUIDs too). The
// GUIDs one command creates share a prefix (wire.ClusterIDs) and fill new
// pages of their own between the old ones; with bbolt's default of one
// half, every page they split would stay half empty for good.
const appendFill = 0.9

func (t *Tx) putRaw(entity, key string, before, after []byte) error {
	b := t.tx.Bucket(entityBuckets[entity])
	b.FillPercent = appendFill
	if after == nil {
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("delete %s %s: %w", entity, key, err)
		}
	} else {
		stored := after
		if entity == "text" {
			// The live text refers to its version, which the
			// command's after image shares.
			ref, err := t.versions().put(after)
			if err != nil {
				return fmt.Errorf("write text %s: %w", key, err)
			}
			stored = ref
		}
		sealed, err := t.codec.Seal(stored)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(key), sealed); err != nil {
			return fmt.Errorf("write %s %s: %w", entity, key, err)
		}
	}
	t.changes = append(t.changes, qda.Change{Entity: entity, Key: key, Before: before, After: after})
	t.noteCount(entity, before, after)
	return nil
}

// del deletes an entity and records the change; deleting a missing entity
// is a not-found error.
func (t *Tx) del(entity, key string) error {
	if !t.writable {
		return qda.Errorf(qda.EInternal, "write in a read-only transaction")
	}
	before, err := t.getRaw(entity, key)
	if err != nil {
		return err
	}
	if before == nil {
		return qda.Errorf(qda.ENotFound, "%s %s does not exist", entity, key)
	}
	return t.putRaw(entity, key, before, nil)
}

// each decodes every entity of a bucket in key order.
func each[T any](t *Tx, entity string, fn func(*T) error) error {
	return t.tx.Bucket(entityBuckets[entity]).ForEach(func(k, v []byte) error {
		var e T
		if err := decodeValue(t.codec, v, &e); err != nil {
			return fmt.Errorf("%s %s: %w", entity, k, err)
		}
		return fn(&e)
	})
}

// all returns every entity of a bucket, in key order. A large bucket is
// decoded on every core while it is walked: decoding is most of what
// opening a project takes (every interview and document for the first
// screen). The walk hands out parts of parallelPart values, each decoded
// by whichever goroutine is free into its place in the result (sized by
// the entity count, so no list of every value is built first); the values
// stay valid while the transaction is open, and the codecs may be used by
// several goroutines at once.
func all[T any](t *Tx, entity string) ([]T, error) {
	b := t.tx.Bucket(entityBuckets[entity])
	hint := 0
	if c, ok, err := readCounts(t.tx); err == nil && ok {
		// The committed count: a writable transaction may have added or
		// removed some since, which the walk below allows for.
		hint = c[entity]
	}
	workers := min(runtime.GOMAXPROCS(0), hint/parallelDecodeMin)
	if workers < 2 {
		out := make([]T, 0, hint)
		in := newInterner()
		err := b.ForEach(func(k, v []byte) error {
			var e T
			if err := decodeValueWith(t.codec, v, &e, in); err != nil {
				return fmt.Errorf("%s %s: %w", entity, k, err)
			}
			out = append(out, e)
			return nil
		})
		if err != nil || len(out) == 0 {
			return nil, err
		}
		return out, nil
	}
	type kv struct{ k, v []byte }
	type part struct {
		from int
		kvs  []kv
	}
	out := make([]T, hint)
	parts := make(chan part, workers)
	free := make(chan []kv, 2*workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := newInterner()
			for p := range parts {
				for i, e := range p.kvs {
					if errs[w] != nil {
						break
					}
					if err := decodeValueWith(t.codec, e.v, &out[p.from+i], in); err != nil {
						errs[w] = fmt.Errorf("%s %s: %w", entity, e.k, err)
					}
				}
				select {
				case free <- p.kvs[:0]:
				default:
				}
			}
		}()
	}
	var extra []kv // values beyond the count, decoded after the walk
	n := 0         // values handed out or in chunk
	chunk := make([]kv, 0, parallelPart)
	err := b.ForEach(func(k, v []byte) error {
		if n == hint {
			extra = append(extra, kv{k, v})
			return nil
		}
		chunk = append(chunk, kv{k, v})
		n++
		if len(chunk) == parallelPart {
			parts <- part{n - len(chunk), chunk}
			select {
			case chunk = <-free:
			default:
				chunk = make([]kv, 0, parallelPart)
			}
		}
		return nil
	})
	if len(chunk) > 0 {
		parts <- part{n - len(chunk), chunk}
	}
	close(parts)
	wg.Wait()
	if err := errors.Join(err, errors.Join(errs...)); err != nil {
		return nil, err
	}
	out = out[:n]
	in := newInterner()
	for _, e := range extra {
		var v T
		if err := decodeValueWith(t.codec, e.v, &v, in); err != nil {
			return nil, fmt.Errorf("%s %s: %w", entity, e.k, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// parallelDecodeMin is the number of values per goroutine below which all
// decodes on one; parallelPart the values of one part handed out.
const (
	parallelDecodeMin = 1024
	parallelPart      = 256
)

// one returns the entity or a not-found error.
func one[T any](t *Tx, entity string, id qda.GUID) (*T, error) {
	var e T
	ok, err := t.get(entity, string(id), &e)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, qda.Errorf(qda.ENotFound, "%s %s does not exist", entity, id)
	}
	return &e, nil
}

// ApplyImages writes raw JSON images of entities (nil deletes), as undo and
// redo do with a command's before or after images. Coding indexes follow.
func (t *Tx) ApplyImages(changes []qda.Change, useBefore bool) error {
	for i := range changes {
		c := changes[i]
		if _, ok := entityBuckets[c.Entity]; !ok {
			return qda.Errorf(qda.EInvalid, "a command refers to unknown entity kind %q", c.Entity)
		}
		img := c.After
		if useBefore {
			img = c.Before
		}
		if c.Entity == "coding" {
			if err := t.reindexCoding(c.Key, img); err != nil {
				return err
			}
		}
		cur, err := t.getRaw(c.Entity, c.Key)
		if err != nil {
			return err
		}
		if bytes.Equal(cur, img) {
			continue
		}
		if img == nil && cur == nil {
			continue
		}
		if err := t.putRaw(c.Entity, c.Key, cur, img); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) putCommand(cmd *qda.Command) error {
	if err := t.flushCounts(); err != nil {
		return err
	}
	b := t.tx.Bucket(bucketCommands)
	// Commands are only appended (keys in sequence): pages filled to the
	// brim instead of bbolt's half, which suits random inserts.
	b.FillPercent = 1.0
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	cmd.Seq = seq
	v, err := t.versions().encodeCommand(cmd)
	if err != nil {
		return err
	}
	return b.Put(seqKey(seq), v)
}

// Commands calls fn for every command record, oldest first, from seq on.
// Text images are inline, as the command was written (the store keeps
// them as references to text versions, see textversion.go).
func (t *Tx) Commands(from uint64, fn func(*qda.Command) error) error {
	c := t.tx.Bucket(bucketCommands).Cursor()
	for k, v := c.Seek(seqKey(from)); k != nil; k, v = c.Next() {
		var cmd qda.Command
		if err := t.versions().decodeCommand(v, &cmd); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		if err := fn(&cmd); err != nil {
			return err
		}
	}
	return nil
}

// LastCommandSeq returns the sequence number of the newest command, 0 if none.
func (t *Tx) LastCommandSeq() uint64 {
	return t.tx.Bucket(bucketCommands).Sequence()
}

// RawImage returns the plain JSON of an entity as stored, nil if it does not
// exist: what undo compares with a command's images.
func (t *Tx) RawImage(entity, key string) ([]byte, error) {
	if _, ok := entityBuckets[entity]; !ok {
		return nil, qda.Errorf(qda.EInvalid, "unknown entity kind %q", entity)
	}
	return t.getRaw(entity, key)
}

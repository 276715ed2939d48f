package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Entity counts
//
// Counting a bucket's keys walks every page of it (bbolt keeps no count):
// at 10,000 protocols the codings alone took more than half a second, and
// the status bar counts after every change. So the store keeps the counts
// in the meta bucket (keyCounts, JSON), changed in the same transaction as
// the entities: putRaw notes +1 for an entity that appears and −1 for one
// that goes, putCommand writes the sum with the command. Every write of an
// entity passes putRaw (commands, undo, erasure, pulled commands), so the
// record stays exact; CheckCounts (verify) compares it with a walk. A file
// without the record (written before it existed) gets it at its next
// writable open; until then Counts walks.

// keyCounts holds the entity counts in bucketMeta.
var keyCounts = []byte("counts")

// countedBuckets are the buckets Counts reports, by entity name.
var countedBuckets = map[string][]byte{
	"user": bucketUsers, "guideline": bucketGuidelines, "code": bucketCodes, "case": bucketCases,
	"interview": bucketInterviews, "document": bucketDocuments, "coding": bucketCodings, "memo": bucketMemos,
}

// noteCount records that an entity appeared (before nil) or went (after
// nil) in this transaction.
func (t *Tx) noteCount(entity string, before, after []byte) {
	if _, ok := countedBuckets[entity]; !ok || (before == nil) == (after == nil) {
		return
	}
	if t.countDelta == nil {
		t.countDelta = map[string]int{}
	}
	if before == nil {
		t.countDelta[entity]++
	} else {
		t.countDelta[entity]--
	}
}

// flushCounts adds the transaction's changes to the counts record, if the
// file has one.
func (t *Tx) flushCounts() error {
	if len(t.countDelta) == 0 {
		return nil
	}
	c, ok, err := readCounts(t.tx)
	if err != nil || !ok {
		return err
	}
	for entity, d := range t.countDelta {
		c[entity] += d
		if c[entity] < 0 {
			return fmt.Errorf("entity counts: %s would be %d", entity, c[entity])
		}
	}
	t.countDelta = nil
	return writeCounts(t.tx, c)
}

// readCounts returns the counts record; ok is false when there is none.
func readCounts(tx *bolt.Tx) (map[string]int, bool, error) {
	v := tx.Bucket(bucketMeta).Get(keyCounts)
	if v == nil {
		return nil, false, nil
	}
	c := map[string]int{}
	if err := json.Unmarshal(v, &c); err != nil {
		return nil, false, fmt.Errorf("entity counts: %w", err)
	}
	return c, true, nil
}

func writeCounts(tx *bolt.Tx, c map[string]int) error {
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keyCounts, v)
}

// walkCounts counts every counted bucket's keys, page by page; tx must be
// read-only or have written nothing yet (Stats reads committed pages).
func walkCounts(tx *bolt.Tx) map[string]int {
	c := make(map[string]int, len(countedBuckets))
	for entity, b := range countedBuckets {
		c[entity] = tx.Bucket(b).Stats().KeyN
	}
	return c
}

// counts returns the entity counts: the record, or a walk without one.
func (t *Tx) counts() map[string]int {
	if c, ok, err := readCounts(t.tx); err == nil && ok {
		return c
	}
	return walkCounts(t.tx)
}

// ensureCounts writes the counts record of a file that has none.
func (db *DB) ensureCounts() error {
	var c map[string]int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if _, ok, err := readCounts(tx); err != nil || ok {
			return err
		}
		c = walkCounts(tx)
		return nil
	})
	if err != nil || c == nil {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if _, ok, err := readCounts(tx); err != nil || ok {
			return err
		}
		return writeCounts(tx, c)
	})
}

// CheckCounts compares the counts record with a walk of the buckets and
// describes every difference (verify).
func (t *Tx) CheckCounts() []string {
	c, ok, err := readCounts(t.tx)
	if err != nil {
		return []string{err.Error()}
	}
	if !ok {
		return nil
	}
	var out []string
	walked := walkCounts(t.tx)
	for entity := range countedBuckets {
		if c[entity] != walked[entity] {
			out = append(out, fmt.Sprintf("the stored count of %ss is %d, the file holds %d", entity, c[entity], walked[entity]))
		}
	}
	return out
}

package readmodel

import (
	"encoding/json"
	"sync"

	"github.com/protocoder/protocoder/internal/qda"
)

// The coding table
//
// Counting and retrieving codings read every coding of a code, or every
// coding at all (the matrix: hundreds of thousands at 10,000 protocols),
// and decoding them from the store each time made a matrix take a quarter
// of a second. CodingCache keeps a qda.CodingTable (references and their
// stamps, no memo text) built at the first need and kept current by command
// sequence number, like the metadata cache: the codings the commands since
// name are taken out under the codes their before images give and read
// again. A command that names a coding without any image (an erasure) or
// more codings than codingRefreshLimit has the table built anew.

// codingRefreshLimit is the largest number of changed codings a refresh
// reads one by one; more and the table is built anew.
const codingRefreshLimit = 20000

// CodingCache holds the coding table of one store state.
type CodingCache struct {
	mu    sync.Mutex
	seq   uint64
	table *qda.CodingTable
}

// Snapshot returns the coding table as of tx, a read-only transaction:
// built at the first call, brought up to tx's command sequence number
// after that. The table must not be changed; it stays valid while the
// caller uses it.
func (c *CodingCache) Snapshot(tx Source) (*qda.CodingTable, error) {
	seq := tx.LastCommandSeq()
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.table != nil && c.seq == seq:
		return c.table, nil
	case c.table != nil && c.seq > seq:
		// An older snapshot than the cache's: built for this caller alone.
		return loadCodingTable(tx)
	case c.table != nil:
		t, ok, err := refreshCodingTable(tx, c.table, c.seq, seq)
		if err != nil {
			return nil, err
		}
		if ok {
			c.table, c.seq = t, seq
			return t, nil
		}
	}
	t, err := loadCodingTable(tx)
	if err != nil {
		return nil, err
	}
	c.table, c.seq = t, seq
	return t, nil
}

// codingCounter is a source that counts the codings of each code without
// reading them (the store's, from its code index).
type codingCounter interface {
	CodingCountsByCode() map[qda.GUID]int
}

// loadCodingTable reads every coding's references from tx, into groups
// sized by the codings counted per code where tx counts them.
func loadCodingTable(tx Source) (*qda.CodingTable, error) {
	var sizes map[qda.GUID]int
	if c, ok := tx.(codingCounter); ok {
		sizes = c.CodingCountsByCode()
	}
	b := qda.NewCodingTableBuilder(sizes)
	err := tx.EachCodingRef(func(r *qda.CodingRef) error { b.Add(r); return nil })
	if err != nil {
		return nil, err
	}
	return b.Table(), nil
}

// refreshCodingTable brings t from command from to to; ok is false when it
// must be built anew instead.
func refreshCodingTable(tx Source, t *qda.CodingTable, from, to uint64) (_ *qda.CodingTable, ok bool, err error) {
	remove := map[qda.GUID][]qda.GUID{} // coding → its codes before
	reload := false
	err = tx.Commands(from+1, func(cmd *qda.Command) error {
		if cmd.Seq > to || reload {
			return nil
		}
		for _, ch := range cmd.Changes {
			if ch.Entity != "coding" {
				continue
			}
			id := qda.GUID(ch.Key)
			if ch.Before == nil && ch.After == nil {
				reload = true // an erasure names keys only
				return nil
			}
			if _, seen := remove[id]; !seen {
				remove[id] = nil
			}
			if ch.Before != nil {
				var b struct {
					Code qda.GUID `json:"code"`
				}
				if json.Unmarshal(ch.Before, &b) != nil || b.Code == "" {
					reload = true
					return nil
				}
				remove[id] = append(remove[id], b.Code)
			}
			if len(remove) > codingRefreshLimit {
				reload = true
			}
		}
		return nil
	})
	if err != nil || reload {
		return nil, false, err
	}
	var add []qda.CodingRef
	for id := range remove {
		c, err := tx.Coding(id)
		if err = absent(err); err != nil {
			return nil, false, err
		} else if c != nil {
			add = append(add, c.Ref())
		}
	}
	return t.Edit(remove, add), true, nil
}

package readmodel

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/protocoder/protocoder/internal/qda"
)

// The metadata cache
//
// Indexing a command needs the interviews, cases, members and codes of the
// documents it touched, and which documents belong to an interview or a
// case; an import needs its guideline by key. Decoding all of them for
// every command made its cost grow with the project (~90 ms per command at
// 10,000 protocols). MetaCache keeps them decoded, tied to the store's
// command sequence number: every change to the store is a command
// (Store.Update, Eraser) that lists the keys it wrote, so a cache at
// sequence number n is brought to m by re-reading the entities the
// commands n+1…m name, whatever their images hold (an erasure records keys
// only, an anonymisation seals them).
//
// Only read-only transactions update the cache (Snapshot), at the
// sequence number they see; a write transaction may hold changes of its
// own not yet committed, so it gets the cache only through lookups that
// check the entity in the transaction itself (guidelineByKey).

// metaRefreshLimit is the largest number of changed entities a refresh
// re-reads one by one; more and the cache is loaded anew.
const metaRefreshLimit = 2000

// MetaCache holds the decoded metadata of one store state.
type MetaCache struct {
	mu    sync.Mutex
	valid bool
	seq   uint64
	meta  *Meta
	// docs holds every document (its metadata; texts stay in the store).
	docs *Map[qda.GUID, *qda.Document]
	// ofInterview lists the documents of each interview.
	ofInterview *Map[qda.GUID, []qda.GUID]
	// guidelines maps a lower-cased guideline key to its GUID.
	guidelines map[string]qda.GUID
	// ranks orders the documents of docs by name (View.DocRanks); nil
	// whenever docs is replaced.
	ranks *docRanks
	// keyHints maps guideline keys read outside the cache (possibly in a
	// write not committed) to GUIDs: hints that lookups check.
	keyHints map[string]qda.GUID
}

// Snapshot returns the metadata as of tx, a read-only transaction,
// refreshing the cache to tx's sequence number. The result must not be
// changed; it stays valid while the caller uses it (a refresh replaces the
// maps, never changes them in place; see Map).
func (c *MetaCache) Snapshot(tx Source) (*View, error) {
	seq := tx.LastCommandSeq()
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.valid && c.seq == seq:
	case c.valid && c.seq < seq:
		if err := c.refresh(tx, seq); err != nil {
			return nil, err
		}
	default:
		if c.valid && c.seq > seq {
			// An older snapshot than the cache's: load it for this caller
			// alone, keep the cache.
			fresh := &MetaCache{}
			if err := fresh.load(tx, seq); err != nil {
				return nil, err
			}
			return fresh.view(), nil
		}
		if err := c.load(tx, seq); err != nil {
			return nil, err
		}
	}
	return c.view(), nil
}

// View is a consistent view of the cache. Its maps must not be changed.
type View struct {
	Meta *Meta
	// Docs holds every document (metadata, no texts).
	Docs        *Map[qda.GUID, *qda.Document]
	ofInterview *Map[qda.GUID, []qda.GUID]
	ranks       *docRanks
}

// DocumentsOfInterview returns the GUIDs of an interview's documents, in
// no particular order. The slice must not be changed.
func (v *View) DocumentsOfInterview(id qda.GUID) []qda.GUID { return v.ofInterview.Get(id) }

// DocRanks returns every document's place in the order of names (GUIDs
// break ties), the order retrieval lists segments in; computed once per
// set of documents. The map must not be changed.
func (v *View) DocRanks() map[qda.GUID]int {
	r := v.ranks
	r.once.Do(func() {
		ds := make([]*qda.Document, 0, r.docs.Len())
		for _, d := range r.docs.All() {
			ds = append(ds, d)
		}
		slices.SortFunc(ds, func(a, b *qda.Document) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.GUID, b.GUID))
		})
		r.rank = make(map[qda.GUID]int, len(ds))
		for i, d := range ds {
			r.rank[d.GUID] = i
		}
	})
	return r.rank
}

// docRanks is the rank of every document of one documents map.
type docRanks struct {
	docs *Map[qda.GUID, *qda.Document]
	once sync.Once
	rank map[qda.GUID]int
}

func (c *MetaCache) view() *View {
	if c.ranks == nil {
		c.ranks = &docRanks{docs: c.docs}
	}
	return &View{Meta: c.meta, Docs: c.docs, ofInterview: c.ofInterview, ranks: c.ranks}
}

// load reads everything the cache holds from tx.
func (c *MetaCache) load(tx Source, seq uint64) error {
	m, err := LoadMeta(tx)
	if err != nil {
		return err
	}
	ds, err := tx.Documents()
	if err != nil {
		return err
	}
	docs, of := (*Map[qda.GUID, *qda.Document])(nil).Edit(), (*Map[qda.GUID, []qda.GUID])(nil).Edit()
	for i := range ds {
		d := &ds[i]
		docs.Set(d.GUID, d)
		if d.Interview != "" {
			of.Set(d.Interview, append(of.Get(d.Interview), d.GUID))
		}
	}
	gs, err := tx.Guidelines()
	if err != nil {
		return err
	}
	keys := make(map[string]qda.GUID, len(gs))
	for _, g := range gs {
		keys[strings.ToLower(g.Key)] = g.GUID
	}
	c.meta, c.docs, c.ofInterview, c.guidelines, c.seq, c.valid, c.ranks = m, docs.Map(), of.Map(), keys, seq, true, nil
	return nil
}

// refresh brings the cache from c.seq to seq by re-reading what the
// commands in between changed; maps are copied before they change (of
// the large ones, only the parts that change: see Map).
func (c *MetaCache) refresh(tx Source, seq uint64) error {
	changed := map[string]map[qda.GUID]bool{}
	n := 0
	err := tx.Commands(c.seq+1, func(cmd *qda.Command) error {
		if cmd.Seq > seq {
			return nil
		}
		for _, ch := range cmd.Changes {
			switch ch.Entity {
			case "interview", "case", "user", "code", "document", "guideline":
				if changed[ch.Entity] == nil {
					changed[ch.Entity] = map[qda.GUID]bool{}
				}
				if !changed[ch.Entity][qda.GUID(ch.Key)] {
					changed[ch.Entity][qda.GUID(ch.Key)] = true
					n++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > metaRefreshLimit {
		return c.load(tx, seq)
	}
	if n == 0 {
		c.seq = seq
		return nil
	}
	m := &Meta{Interviews: c.meta.Interviews, Cases: c.meta.Cases, CaseRecords: c.meta.CaseRecords, Users: c.meta.Users, Codes: c.meta.Codes}
	docs, of, keys := c.docs, c.ofInterview, c.guidelines
	if ids := changed["interview"]; len(ids) > 0 {
		ivs := m.Interviews.Edit()
		for id := range ids {
			iv, err := tx.Interview(id)
			if err = absent(err); err != nil {
				return err
			} else if iv == nil {
				ivs.Delete(id)
			} else {
				ivs.Set(id, iv)
			}
		}
		m.Interviews = ivs.Map()
	}
	if ids := changed["case"]; len(ids) > 0 {
		m.Cases, m.CaseRecords = cloneMap(m.Cases), cloneMap(m.CaseRecords)
		for id := range ids {
			cs, err := tx.Case(id)
			if err = absent(err); err != nil {
				return err
			} else if cs == nil {
				delete(m.Cases, id)
				delete(m.CaseRecords, id)
			} else {
				m.Cases[id], m.CaseRecords[id] = cs.Name, cs
			}
		}
	}
	if ids := changed["user"]; len(ids) > 0 {
		m.Users = cloneMap(m.Users)
		for id := range ids {
			u, err := tx.User(id)
			if err = absent(err); err != nil {
				return err
			} else if u == nil {
				delete(m.Users, id)
			} else {
				m.Users[id] = u.Name
			}
		}
	}
	if ids := changed["code"]; len(ids) > 0 {
		m.Codes = cloneMap(m.Codes)
		for id := range ids {
			cd, err := tx.Code(id)
			if err = absent(err); err != nil {
				return err
			} else if cd == nil {
				delete(m.Codes, id)
			} else {
				m.Codes[id] = cd
			}
		}
	}
	if ids := changed["document"]; len(ids) > 0 {
		ds, byIv := docs.Edit(), of.Edit()
		c.ranks = nil // the documents change: ranked anew
		for id := range ids {
			d, err := tx.Document(id)
			if err = absent(err); err != nil {
				return err
			}
			var was, now qda.GUID
			if old := ds.Get(id); old != nil {
				was = old.Interview
			}
			if d == nil {
				ds.Delete(id)
			} else {
				ds.Set(id, d)
				now = d.Interview
			}
			if was != now {
				if was != "" {
					rest := slices.DeleteFunc(slices.Clone(byIv.Get(was)), func(g qda.GUID) bool { return g == id })
					if len(rest) == 0 {
						byIv.Delete(was)
					} else {
						byIv.Set(was, rest)
					}
				}
				if now != "" {
					byIv.Set(now, append(slices.Clip(byIv.Get(now)), id))
				}
			}
		}
		docs, of = ds.Map(), byIv.Map()
	}
	if ids := changed["guideline"]; len(ids) > 0 {
		// A changed or deleted guideline's old key is found by its GUID.
		keys = cloneMap(keys)
		for k, id := range keys {
			if ids[id] {
				delete(keys, k)
			}
		}
		for id := range ids {
			g, err := tx.Guideline(id)
			if err = absent(err); err != nil {
				return err
			} else if g != nil {
				keys[strings.ToLower(g.Key)] = id
			}
		}
	}
	c.meta, c.docs, c.ofInterview, c.guidelines, c.seq = m, docs, of, keys, seq
	return nil
}

// cloneMap returns a copy of m (the cache's maps are never changed in
// place: a caller may be reading them); for the small maps, whose size
// does not grow with the protocols (cases, members, codes).
func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// absent turns ENotFound into nil.
func absent(err error) error {
	if qda.ErrorCode(err) == qda.ENotFound {
		return nil
	}
	return err
}

// GuidelineOfKey returns the GUID the cache knows for a guideline key, at
// whatever sequence number it is, or a hint: the caller checks it.
func (c *MetaCache) GuidelineOfKey(key string) (qda.GUID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := strings.ToLower(key)
	if id, ok := c.guidelines[k]; ok {
		return id, ok
	}
	id, ok := c.keyHints[k]
	return id, ok
}

// HintGuidelines remembers the keys of guidelines read in any transaction
// (a write's included) as hints for GuidelineOfKey.
func (c *MetaCache) HintGuidelines(gs []qda.Guideline) {
	hints := make(map[string]qda.GUID, len(gs))
	for _, g := range gs {
		hints[strings.ToLower(g.Key)] = g.GUID
	}
	c.mu.Lock()
	c.keyHints = hints
	c.mu.Unlock()
}

// Meta holds the decoded metadata passage building and retrieval
// need: interviews, case and member names, codes.
type Meta struct {
	Interviews *Map[qda.GUID, *qda.Interview]
	Cases      map[qda.GUID]string
	// CaseRecords holds the cases themselves (attributes included).
	CaseRecords map[qda.GUID]*qda.Case
	Users       map[qda.GUID]string
	Codes       map[qda.GUID]*qda.Code
}

func LoadMeta(tx Source) (*Meta, error) {
	m := &Meta{Cases: map[qda.GUID]string{}, CaseRecords: map[qda.GUID]*qda.Case{},
		Users: map[qda.GUID]string{}, Codes: map[qda.GUID]*qda.Code{}}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	byID := m.Interviews.Edit()
	for i := range ivs {
		byID.Set(ivs[i].GUID, &ivs[i])
	}
	m.Interviews = byID.Map()
	cs, err := tx.Cases()
	if err != nil {
		return nil, err
	}
	for i := range cs {
		m.Cases[cs[i].GUID], m.CaseRecords[cs[i].GUID] = cs[i].Name, &cs[i]
	}
	us, err := tx.Users()
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		m.Users[u.GUID] = u.Name
	}
	codes, err := tx.Codes()
	if err != nil {
		return nil, err
	}
	for i := range codes {
		m.Codes[codes[i].GUID] = &codes[i]
	}
	return m, nil
}

package app

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/protocoder/protocoder/internal/qda"
)

// indexWarmer is an Index that can prepare itself for fast searches; the
// app lets it do so in the background after bringing it up to date (see
// StartIndexRepair).
type indexWarmer interface {
	Warm()
}

// IndexStamp ties the index to a state of the store.
type IndexStamp struct {
	// Seq is the newest command the index reflects.
	Seq uint64 `json:"seq"`
	// Documents is the number of documents indexed.
	Documents int `json:"documents"`
	// Passages is the number of passages indexed.
	Passages int `json:"passages"`
}

// Progress receives progress of long work: done of total units.
type Progress func(done, total int)

// docsOfChanges returns the documents whose index entries a command's
// changes affect: documents and texts themselves, the documents of changed
// codings, interviews, cases and codes (whose names are indexed), and all
// documents when users change (interviewer names).
func docsOfChanges(tx Tx, changes []qda.Change) (map[qda.GUID]bool, error) {
	docs := map[qda.GUID]bool{}
	var ivs, cases, codes map[qda.GUID]bool
	all := false
	for _, c := range changes {
		switch c.Entity {
		case "document", "text":
			docs[qda.GUID(c.Key)] = true
		case "coding":
			for _, img := range []json.RawMessage{c.Before, c.After} {
				var cd qda.Coding
				if img != nil && json.Unmarshal(img, &cd) == nil {
					docs[cd.Document] = true
				}
			}
		case "interview":
			if ivs == nil {
				ivs = map[qda.GUID]bool{}
			}
			ivs[qda.GUID(c.Key)] = true
		case "case":
			if cases == nil {
				cases = map[qda.GUID]bool{}
			}
			cases[qda.GUID(c.Key)] = true
		case "code":
			if codes == nil {
				codes = map[qda.GUID]bool{}
			}
			codes[qda.GUID(c.Key)] = true
		case "user":
			all = true
		}
	}
	if ivs != nil || cases != nil || all {
		ds, err := tx.Documents()
		if err != nil {
			return nil, err
		}
		ivCase := map[qda.GUID]qda.GUID{}
		if cases != nil {
			list, err := tx.Interviews()
			if err != nil {
				return nil, err
			}
			for _, iv := range list {
				ivCase[iv.GUID] = iv.Case
			}
		}
		for _, d := range ds {
			if all || ivs[d.Interview] || cases[d.Case] || cases[ivCase[d.Interview]] {
				docs[d.GUID] = true
			}
		}
	}
	for code := range codes {
		cs, err := tx.CodingsOfCode(code)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			docs[c.Document] = true
		}
	}
	return docs, nil
}

// IndexMeta caches the lookups passage building needs.
type IndexMeta struct {
	Interviews map[qda.GUID]*qda.Interview
	Cases      map[qda.GUID]string
	Users      map[qda.GUID]string
	Codes      map[qda.GUID]*qda.Code
}

func LoadIndexMeta(tx Tx) (*IndexMeta, error) {
	m := &IndexMeta{Interviews: map[qda.GUID]*qda.Interview{}, Cases: map[qda.GUID]string{},
		Users: map[qda.GUID]string{}, Codes: map[qda.GUID]*qda.Code{}}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	for i := range ivs {
		m.Interviews[ivs[i].GUID] = &ivs[i]
	}
	cs, err := tx.Cases()
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		m.Cases[c.GUID] = c.Name
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

// passagesOf builds the index passages of one document.
func passagesOf(tx Tx, m *IndexMeta, d *qda.Document) ([]qda.IndexPassage, error) {
	text, err := tx.Text(d.GUID)
	if err != nil {
		return nil, err
	}
	codings, err := tx.CodingsOfDocument(d.GUID)
	if err != nil {
		return nil, err
	}
	base := qda.IndexPassage{Document: d.GUID, DocName: d.Name, Kind: d.Kind, Case: m.Cases[d.Case]}
	if iv := m.Interviews[d.Interview]; iv != nil {
		base.Level, base.Wave, base.Role, base.Interviewer = iv.Level, iv.Wave, iv.Role, m.Users[iv.Interviewer]
		if base.Case == "" {
			base.Case = m.Cases[iv.Case]
		}
	}
	var out []qda.IndexPassage
	for _, p := range qda.Passages(text) {
		ip := base
		ip.Start, ip.End, ip.Text = p.Start, p.End, p.Text
		seen := map[string]bool{}
		for _, c := range codings {
			if !c.Range.Overlaps(qda.Range{Start: p.Start, End: p.End}) {
				continue
			}
			vals := []string{string(c.Code)}
			if code := m.Codes[c.Code]; code != nil {
				vals = append(vals, code.Name)
				if code.Ref != nil && code.Ref.QuestionID != "" {
					vals = append(vals, code.Ref.QuestionID)
				}
			}
			for _, v := range vals {
				if !seen[v] {
					seen[v] = true
					ip.Codes = append(ip.Codes, v)
				}
			}
		}
		sort.Strings(ip.Codes)
		out = append(out, ip)
	}
	return out, nil
}

// reindex brings the index entries of the given documents up to date and
// stamps the index with seq.
func (s *Service) reindex(docs map[qda.GUID]bool, seq uint64) error {
	if s.index == nil {
		return nil
	}
	var remove []qda.GUID
	var add []qda.IndexPassage
	var stamp IndexStamp
	err := s.store.View(func(tx Tx) error {
		m, err := LoadIndexMeta(tx)
		if err != nil {
			return err
		}
		for id := range docs {
			remove = append(remove, id)
			d, err := tx.Document(id)
			if qda.ErrorCode(err) == qda.ENotFound {
				continue
			} else if err != nil {
				return err
			}
			ps, err := passagesOf(tx, m, d)
			if err != nil {
				return err
			}
			add = append(add, ps...)
		}
		stamp.Documents = tx.DocumentCount()
		return nil
	})
	if err != nil {
		return err
	}
	old, err := s.index.Stamp()
	if err != nil {
		return err
	}
	sort.Slice(remove, func(i, j int) bool { return remove[i] < remove[j] })
	if err := s.index.Update(remove, add); err != nil {
		return err
	}
	stamp.Seq = seq
	stamp.Passages = old.Passages + len(add) // approximate between rebuilds; exact after one
	return s.index.SetStamp(stamp)
}

// afterWrite keeps the index in step with a committed command. A failure
// leaves the store right and the index stale (its stamp is not advanced),
// so the next open rebuilds it.
func (s *Service) afterWrite(cmd *qda.Command) {
	if s.index == nil || s.indexStale.Load() {
		return
	}
	// Only an index that reflected the store right before this command may
	// be advanced incrementally; otherwise stamping it would hide that it
	// misses earlier changes. EnsureIndex catches it up.
	if st, err := s.index.Stamp(); err != nil || st.Seq != cmd.Seq-1 {
		s.indexStale.Store(true)
		return
	}
	var docs map[qda.GUID]bool
	err := s.store.View(func(tx Tx) (err error) { docs, err = docsOfChanges(tx, cmd.Changes); return err })
	if err == nil {
		err = s.reindex(docs, cmd.Seq)
	}
	if err != nil {
		s.indexStale.Store(true)
		s.log.Warn("search index update failed; it will be rebuilt", "command", cmd.Kind, "err", err)
	}
}

// IndexState describes whether the index matches the store.
type IndexState struct {
	Index   IndexStamp `json:"index"`
	Seq     uint64     `json:"store_seq"`
	Docs    int        `json:"store_documents"`
	Current bool       `json:"current"`
}

// seqCount is a count at a command sequence number.
type seqCount struct {
	seq uint64
	n   int
}

// IndexState compares the index's stamp with the store.
func (s *Service) IndexState() (IndexState, error) {
	var st IndexState
	if s.index == nil {
		return st, s.unavailable()
	}
	err := s.store.View(func(tx Tx) error {
		st.Seq = tx.LastCommandSeq()
		// Every change to the store is a command (Store.Update, Eraser), so
		// at the same sequence number the count is the same: counting walks
		// every page of the documents (a millisecond per search at 10,000
		// protocols).
		if c := s.docCount.Load(); c != nil && c.seq == st.Seq {
			st.Docs = c.n
			return nil
		}
		st.Docs = tx.DocumentCount()
		s.docCount.Store(&seqCount{seq: st.Seq, n: st.Docs})
		return nil
	})
	if err != nil {
		return st, err
	}
	if st.Index, err = s.index.Stamp(); err != nil {
		return st, err
	}
	st.Current = !s.indexStale.Load() && st.Index.Seq == st.Seq && st.Index.Documents == st.Docs
	return st, nil
}

// EnsureIndex makes the index current: nothing if it is, a catch-up over
// the commands since its stamp if it is merely behind, a full rebuild if it
// is empty, of another version or ahead of the store (e.g. after a restore).
func (s *Service) EnsureIndex(progress Progress) (rebuilt bool, err error) {
	st, err := s.IndexState()
	if err != nil || st.Current {
		return false, err
	}
	if !s.indexStale.Load() && st.Index.Seq > 0 && st.Index.Seq < st.Seq {
		docs := map[qda.GUID]bool{}
		err := s.store.View(func(tx Tx) error {
			return tx.Commands(st.Index.Seq+1, func(c *qda.Command) error {
				ds, err := docsOfChanges(tx, c.Changes)
				for d := range ds {
					docs[d] = true
				}
				return err
			})
		})
		if err == nil {
			if err = s.reindex(docs, st.Seq); err == nil {
				if st2, err := s.IndexState(); err == nil && st2.Current {
					return false, nil
				}
			}
		}
		s.log.Info("index catch-up failed; rebuilding", "err", err)
	}
	return true, s.RebuildIndex(progress)
}

// RebuildIndex empties the index and indexes every document again.
func (s *Service) RebuildIndex(progress Progress) error {
	if s.index == nil {
		return s.unavailable()
	}
	if err := s.index.Reset(); err != nil {
		return fmt.Errorf("reset index: %w", err)
	}
	const batch = 200
	var stamp IndexStamp
	err := s.store.View(func(tx Tx) error {
		m, err := LoadIndexMeta(tx)
		if err != nil {
			return err
		}
		docs, err := tx.Documents()
		if err != nil {
			return err
		}
		stamp.Seq, stamp.Documents = tx.LastCommandSeq(), len(docs)
		var add []qda.IndexPassage
		for i := range docs {
			ps, err := passagesOf(tx, m, &docs[i])
			if err != nil {
				return err
			}
			add = append(add, ps...)
			stamp.Passages += len(ps)
			if (i+1)%batch == 0 || i == len(docs)-1 {
				if err := s.index.Update(nil, add); err != nil {
					return err
				}
				add = add[:0]
				if progress != nil {
					progress(i+1, len(docs))
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	if err := s.index.SetStamp(stamp); err != nil {
		return err
	}
	s.indexStale.Store(false)
	return nil
}

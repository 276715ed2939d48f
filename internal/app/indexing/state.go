package indexing

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// indexWarmer is an Index that can prepare itself for fast searches; the
// app lets it do so in the background after bringing it up to date (see
// StartIndexRepair).
type indexWarmer interface {
	Warm()
}

// docsCollector finds the documents whose index entries a command's
// changes affect: documents and texts themselves, the documents of changed
// codings, interviews, cases and codes (whose names are indexed), and all
// documents when members change (interviewer names). It looks documents up
// in the metadata cache, so its cost does not grow with the project.
//
// A document whose codings alone changed needs only the passages those
// codings cover indexed again (their codes field): ranges collects them,
// and partial hands them out for the documents not indexed whole.
type docsCollector struct {
	s  *Service
	tx app.Tx
	// docs and meta are read from the cache at the first need.
	docs *app.DocMap
	meta *app.IndexMeta
	// ranges holds the ranges of changed codings, by document.
	ranges map[qda.GUID][]qda.Range
}

// partial returns the coding ranges of the documents not in whole.
func (dc *docsCollector) partial(whole map[qda.GUID]bool) map[qda.GUID][]qda.Range {
	out := map[qda.GUID][]qda.Range{}
	for d, rs := range dc.ranges {
		if !whole[d] {
			out[d] = rs
		}
	}
	return out
}

func newDocsCollector(s *Service, tx app.Tx) *docsCollector { return &docsCollector{s: s, tx: tx} }

// add adds the documents changes affect to docs.
func (dc *docsCollector) add(changes []qda.Change, docs map[qda.GUID]bool) error {
	var ivs, cases, codes map[qda.GUID]bool
	all := false
	for _, c := range changes {
		switch c.Entity {
		case "document", "text":
			docs[qda.GUID(c.Key)] = true
		case "coding":
			for _, img := range []json.RawMessage{c.Before, c.After} {
				if d, r, ok := codingRange(img); ok {
					if dc.ranges == nil {
						dc.ranges = map[qda.GUID][]qda.Range{}
					}
					dc.ranges[d] = append(dc.ranges[d], r)
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
	if cases == nil && !all {
		// The documents of the changed interviews, from the cache's
		// list of each interview's documents: a walk over every document
		// cost each command (an import adds an interview) time in
		// proportion to the project.
		for iv := range ivs {
			ds, err := dc.s.DocumentsOfInterview(dc.tx, iv)
			if err != nil {
				return err
			}
			for _, d := range ds {
				docs[d] = true
			}
		}
	} else {
		if dc.docs == nil {
			docs, err := dc.s.DocumentsOf(dc.tx)
			if err != nil {
				return err
			}
			m, err := dc.s.IndexMetaOf(dc.tx)
			if err != nil {
				return err
			}
			dc.docs, dc.meta = docs, m
		}
		for d, l := range dc.docs.All() {
			if all || ivs[l.Interview] || cases[l.Case] {
				docs[d] = true
			} else if cases != nil {
				if iv := dc.meta.Interviews.Get(l.Interview); iv != nil && cases[iv.Case] {
					docs[d] = true
				}
			}
		}
	}
	for code := range codes {
		cs, err := dc.tx.CodingsOfCode(code)
		if err != nil {
			return err
		}
		for _, c := range cs {
			docs[c.Document] = true
		}
	}
	return nil
}

// passagesOf builds the index passages of one document.
func passagesOf(tx app.Tx, m *app.IndexMeta, d *qda.Document) ([]qda.IndexPassage, error) {
	text, err := tx.Text(d.GUID)
	if err != nil {
		return nil, err
	}
	codings, err := tx.CodingsOfDocument(d.GUID)
	if err != nil {
		return nil, err
	}
	base := qda.IndexPassage{Document: d.GUID, DocName: d.Name, Kind: d.Kind, Case: m.Cases[d.Case]}
	if iv := m.Interviews.Get(d.Interview); iv != nil {
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

// committed keeps the index in step with a committed command: one that
// removes or replaces indexed text or names is indexed at once, any other
// by the background indexer (see indexer.go). A failure leaves the store
// right and the index stale (its stamp is not advanced), so the next
// EnsureIndex rebuilds it.
func (s *Service) committed(cmd *qda.Command) {
	if s.index == nil || s.stale.Load() {
		return
	}
	if cmd.Seq == 1 {
		// The store had no command before: an index stamped at 0 (a new
		// one) reflected it.
		s.idx.trustZeroStamp()
	}
	s.idx.note(cmd)
	if promptIndex(cmd) && !s.IndexStatus().Rebuilding {
		s.heal.busy.Lock()
		err := s.catchUp()
		s.heal.busy.Unlock()
		if errors.Is(err, errNeedsRebuild) {
			// Only an index that reflected the store before this command
			// may be advanced; EnsureIndex rebuilds this one.
			s.stale.Store(true)
		}
		s.catchUpFailed(err)
		return
	}
	s.wakeIndexer()
}

// IndexState describes whether the index matches the store.
type IndexState struct {
	Index   app.IndexStamp `json:"index"`
	Seq     uint64         `json:"store_seq"`
	Docs    int            `json:"store_documents"`
	Current bool           `json:"current"`
	// Pending is the number of commands the index is behind the store
	// while it follows it (see indexer.go); 0 when it is current or must
	// be rebuilt.
	Pending uint64 `json:"pending,omitempty"`
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
	err := s.View(func(tx app.Tx) error {
		st.Seq = tx.LastCommandSeq()
		st.Docs = s.documentCount(tx)
		return nil
	})
	if err != nil {
		return st, err
	}
	if st.Index, err = s.index.Stamp(); err != nil {
		return st, err
	}
	st.Current = !s.stale.Load() && st.Index.Seq == st.Seq && st.Index.Documents == st.Docs
	if st.Current && st.Seq == 0 {
		s.idx.trustZeroStamp()
	}
	if !st.Current && !s.stale.Load() && st.Index.Seq < st.Seq && (st.Index.Seq > 0 || s.idx.trusted()) {
		st.Pending = st.Seq - st.Index.Seq
	}
	return st, nil
}

// EnsureIndex makes the index current: nothing if it is, a catch-up over
// the commands since its stamp if it is merely behind (what the background
// indexer has not yet done), a full rebuild if it is empty, of another
// version or ahead of the store (e.g. after a restore).
func (s *Service) EnsureIndex(progress app.Progress) (rebuilt bool, err error) {
	st, err := s.IndexState()
	if err != nil || st.Current {
		if err == nil {
			s.idx.caughtUp(st.Seq)
		}
		return false, err
	}
	if st.Pending > 0 {
		err := s.catchUp()
		if err == nil {
			if st2, err := s.IndexState(); err == nil && st2.Current {
				return false, nil
			}
		}
		s.Log().Info("index catch-up failed; rebuilding", "err", err)
	}
	return true, s.RebuildIndex(progress)
}

// RebuildIndex empties the index and indexes every document again.
func (s *Service) RebuildIndex(progress app.Progress) error {
	if s.index == nil {
		return s.unavailable()
	}
	if err := s.index.Reset(); err != nil {
		return fmt.Errorf("reset index: %w", err)
	}
	const batch = 200
	var stamp app.IndexStamp
	err := s.View(func(tx app.Tx) error {
		m, err := s.IndexMetaOf(tx)
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
			if last := i == len(docs)-1; last || (i+1)%batch == 0 {
				if last {
					err = s.updateStamped(nil, add, stamp)
				} else {
					err = s.index.Update(nil, add)
				}
				if err != nil {
					return err
				}
				add = add[:0]
				if progress != nil {
					progress(i+1, len(docs))
				}
			}
		}
		if len(docs) == 0 {
			return s.updateStamped(nil, nil, stamp)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	s.stale.Store(false)
	if stamp.Seq == 0 {
		s.idx.trustZeroStamp()
	}
	s.idx.caughtUp(stamp.Seq)
	if c, ok := s.index.(compacter); ok {
		// A rebuilt index is in many segments; one answers faster. The
		// index is complete without it, so a failure is only logged.
		if err := c.Compact(); err != nil {
			s.Log().Warn("compact the rebuilt search index", "err", err)
		}
	}
	return nil
}

// compacter is an index that can merge its segments into one.
type compacter interface {
	Compact() error
}

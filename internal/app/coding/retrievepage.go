package coding

import (
	"fmt"
	"math"
	"sort"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// RetrievedPage is one page of Retrieve's result.
type RetrievedPage struct {
	// Total is the number of segments Retrieve returns in all.
	Total int `json:"total"`
	// Segments are the page's segments, in Retrieve's order.
	Segments []app.Retrieved `json:"segments"`
}

// Retrieve returns the coded segments matching f with their source and
// context, sorted by document name, position and code name.
func (s *Service) Retrieve(f app.CodingFilter) ([]app.Retrieved, error) {
	p, err := s.retrieve(f, 0, math.MaxInt, nil)
	if err != nil {
		return nil, err
	}
	return p.Segments, nil
}

// RetrievePage returns the segments [offset, offset+limit) of what
// Retrieve(f) returns, in the same order, and how many there are in all.
// Only the page's texts and context are read, so the first page of a code
// with tens of thousands of segments comes in a fraction of the time the
// whole list takes (the retrieval panel shows a page at a time).
func (s *Service) RetrievePage(f app.CodingFilter, offset, limit int) (*RetrievedPage, error) {
	if offset < 0 || limit < 1 {
		return nil, qda.Errorf(qda.EInvalid, "retrieve: the offset must not be negative and the limit at least 1")
	}
	return s.retrieve(f, offset, limit, nil)
}

// retrieve is RetrievePage. onePass chooses how candidates are read: in
// one pass over all codings that also collects the question codings
// around them, or through the indexes; nil chooses by the number of
// candidates (manyCandidates) and the page's size.
func (s *Service) retrieve(f app.CodingFilter, offset, limit int, onePass func(app.Tx, *app.SegmentScope) bool) (*RetrievedPage, error) {
	if onePass == nil {
		// A page of few documents reads its question codings document
		// by document, so a pass over all codings only pays for itself
		// when many candidates and many documents are wanted.
		onePass = func(tx app.Tx, sc *app.SegmentScope) bool { return limit > perDocumentLimit && sc.ManyCandidates(tx) }
	}
	page := &RetrievedPage{Segments: []app.Retrieved{}}
	err := s.View(func(tx app.Tx) error {
		sc, err := app.NewSegmentScope(tx, f)
		if err != nil {
			return err
		}
		m, err := s.IndexMetaOf(tx)
		if err != nil {
			return err
		}
		byID, err := s.DocumentsOf(tx)
		if err != nil {
			return err
		}
		var cs []qda.Coding
		var around map[qda.GUID][]qda.Coding
		if onePass(tx, sc) {
			around = map[qda.GUID][]qda.Coding{}
			err = tx.EachCoding(func(c *qda.Coding) error {
				if sc.Keep(c) {
					cs = append(cs, *c)
				}
				if isQuestion(m.Codes[c.Code]) {
					around[c.Document] = append(around[c.Document], *c)
				}
				return nil
			})
		} else {
			cs, err = sc.Candidates(tx)
		}
		if err != nil {
			return err
		}
		kept := cs[:0]
		for i := range cs {
			c := &cs[i]
			if !sc.Keep(c) {
				continue
			}
			d := byID[c.Document]
			if d == nil {
				return fmt.Errorf("coding %s: its document %s does not exist (run verify)", c.GUID, c.Document)
			}
			if err := c.Range.Check(d.Length); err != nil {
				return fmt.Errorf("coding %s: %w (run verify)", c.GUID, err)
			}
			kept = append(kept, *c)
		}
		codeName := func(id qda.GUID) string {
			if c := m.Codes[id]; c != nil {
				return c.Name
			}
			return ""
		}
		// Retrieve's order: document name, document, position, code name
		// (and the coding's GUID where all of them tie); the names are
		// looked up once, not in every comparison.
		type key struct{ doc, code string }
		keys := make([]key, len(kept))
		order := make([]int, len(kept))
		for i := range kept {
			keys[i], order[i] = key{byID[kept[i].Document].Name, codeName(kept[i].Code)}, i
		}
		sort.Slice(order, func(x, y int) bool {
			i, j := order[x], order[y]
			a, b := &kept[i], &kept[j]
			if keys[i].doc != keys[j].doc {
				return keys[i].doc < keys[j].doc
			}
			if a.Document != b.Document {
				return a.Document < b.Document
			}
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if keys[i].code != keys[j].code {
				return keys[i].code < keys[j].code
			}
			return a.GUID < b.GUID
		})
		page.Total = len(kept)
		if offset >= len(kept) {
			return nil
		}
		end := len(kept)
		if limit < end-offset { // not offset+limit: it may overflow
			end = offset + limit
		}
		inOrder := make([]qda.Coding, 0, end-offset)
		for _, i := range order[offset:end] {
			inOrder = append(inOrder, kept[i])
		}
		kept = inOrder
		texts := app.NewTextCache(tx)
		inPage := map[qda.GUID]bool{}
		for i := range kept {
			inPage[kept[i].Document] = true
		}
		if around == nil {
			if around, err = questionCodings(tx, inPage, m.Codes); err != nil {
				return err
			}
		}
		src := newRetrieveSource(byID, m, texts, around)
		for i := range kept {
			t, err := texts.Get(kept[i].Document)
			if err != nil {
				return err
			}
			if err := kept[i].Range.Check(t.Len()); err != nil {
				return fmt.Errorf("coding %s: %w (run verify)", kept[i].GUID, err)
			}
			r, err := src.describe(app.Segment{Coding: kept[i], Text: t.Slice(kept[i].Start, kept[i].End)})
			if err != nil {
				return err
			}
			page.Segments = append(page.Segments, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

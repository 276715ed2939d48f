package coding

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

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
	p, err := s.retrieve(f, 0, math.MaxInt, false)
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
	return s.retrieve(f, offset, limit, false)
}

// retrieve is RetrievePage. The candidates come from the core's coding
// table (no coding is read from the store but the page's own), or with
// fromStore through the store's indexes (the way the table is checked
// against in the tests). The page's segments are cut from their texts by
// cutSegments, a large page on several cores (retrievecut.go).
func (s *Service) retrieve(f app.CodingFilter, offset, limit int, fromStore bool) (*RetrievedPage, error) {
	for attempt := 1; ; attempt++ {
		var p *retrievePlan
		var page *RetrievedPage
		var parts []refPart
		var workers int
		err := s.View(func(tx app.Tx) error {
			var err error
			if p, err = s.planRetrieve(tx, f, offset, limit, fromStore); err != nil {
				return err
			}
			page = &RetrievedPage{Total: p.total, Segments: make([]app.Retrieved, len(p.refs))}
			if parts, workers = s.cut.split(p.refs); len(parts) > 1 && attempt < retrieveAttempts {
				return nil // cut in parallel below, once this view is closed
			}
			parts = nil
			return cutSegments(tx, p.src, p.refs, page.Segments)
		})
		if err != nil {
			return nil, err
		}
		if parts == nil {
			return page, nil
		}
		err = s.cutParallel(p, parts, workers, page.Segments)
		if err == nil {
			return page, nil
		}
		if !errors.Is(err, errStoreMoved) {
			return nil, err
		}
		// A command came between the views: plan again.
	}
}

// retrievePlan is what a retrieval reads before it cuts the segments: the
// page's coding references in Retrieve's order and what describes them,
// as of the command sequence number seq.
type retrievePlan struct {
	seq   uint64
	total int
	refs  []qda.CodingRef
	src   *retrieveSource
}

// planRetrieve finds the codings matching f, sorts them and keeps the
// page [offset, offset+limit) of them.
func (s *Service) planRetrieve(tx app.Tx, f app.CodingFilter, offset, limit int, fromStore bool) (*retrievePlan, error) {
	sc, err := s.SegmentScopeOf(tx, f)
	if err != nil {
		return nil, err
	}
	m, err := s.IndexMetaOf(tx)
	if err != nil {
		return nil, err
	}
	byID, err := s.DocumentsOf(tx)
	if err != nil {
		return nil, err
	}
	table, err := s.CodingTableOf(tx)
	if err != nil {
		return nil, err
	}
	var cands []qda.CodingRef
	if fromStore || f.Document != "" {
		cs, err := sc.Candidates(tx)
		if err != nil {
			return nil, err
		}
		for i := range cs {
			c := &cs[i]
			if fromStore {
				// Without stamps: each segment's coding is read again,
				// as the tests check the stamps against.
				cands = append(cands, qda.CodingRef{GUID: c.GUID, Document: c.Document, Code: c.Code, Coder: c.Coder, Range: c.Range})
			} else {
				cands = append(cands, c.Ref())
			}
		}
	} else {
		cands = sc.CandidateRefs(table)
	}
	rank, err := s.DocumentRanksOf(tx)
	if err != nil {
		return nil, err
	}
	// The refs of [offset, end) are kept; total counts all that pass.
	end := offset + limit
	if limit > math.MaxInt-offset {
		end = math.MaxInt
	}
	kept := make([]qda.CodingRef, 0, min(len(cands), end-offset))
	total := 0
	// keep takes the refs that pass; d, if not nil, is the document of
	// them all (nil: looked up).
	keep := func(refs []qda.CodingRef, d *qda.Document, window bool) error {
		one := d != nil
		for i := range refs {
			r := &refs[i]
			if !sc.KeepRef(r) {
				continue
			}
			if !one && (d == nil || d.GUID != r.Document) {
				if d = byID.Get(r.Document); d == nil {
					return fmt.Errorf("coding %s: its document %s does not exist (run verify)", r.GUID, r.Document)
				}
			}
			if err := r.Range.Check(d.Length); err != nil {
				return fmt.Errorf("coding %s: %w (run verify)", r.GUID, err)
			}
			if !window || total >= offset && total < end {
				kept = append(kept, *r)
			}
			total++
		}
		return nil
	}
	if runs, ok := docRuns(cands, rank); ok {
		// One code's candidates, ordered by document: whole documents
		// are taken in the order of their names, one lookup each, and
		// only the page's refs are copied.
		for _, r := range runs {
			if err := keep(cands[r.from:r.to], byID.Get(cands[r.from].Document), true); err != nil {
				return nil, err
			}
		}
	} else {
		kept = make([]qda.CodingRef, 0, len(cands))
		if err := keep(cands, nil, false); err != nil {
			return nil, err
		}
		sortRetrieved(kept, rank, m.Codes)
		kept = kept[min(offset, len(kept)):min(end, len(kept))]
	}
	p := &retrievePlan{seq: tx.LastCommandSeq(), total: total}
	if len(kept) == 0 {
		return p, nil
	}
	p.refs = kept
	// The page's documents: its refs come by document.
	var inPage []qda.GUID
	for i := range kept {
		if i == 0 || kept[i].Document != kept[i-1].Document {
			inPage = append(inPage, kept[i].Document)
		}
	}
	p.src = newRetrieveSource(byID, m, questionCodings(table, inPage, m.Codes))
	return p, nil
}

// sortRetrieved puts refs in Retrieve's order: document name, document,
// position, code name, and the coding's GUID where all of them tie. The
// documents come ranked (DocumentRanksOf), so the comparisons are of
// numbers.
func sortRetrieved(refs []qda.CodingRef, rank map[qda.GUID]int, codes map[qda.GUID]*qda.Code) {
	if sortRunsByRank(refs, rank) {
		return
	}
	codeName := func(id qda.GUID) string {
		if c := codes[id]; c != nil {
			return c.Name
		}
		return ""
	}
	type keyed struct {
		rank int
		code string
		ref  qda.CodingRef
	}
	ks := make([]keyed, len(refs))
	for i := range refs {
		ks[i] = keyed{rank[refs[i].Document], codeName(refs[i].Code), refs[i]}
	}
	slices.SortFunc(ks, func(x, y keyed) int {
		return cmp.Or(cmp.Compare(x.rank, y.rank), cmp.Compare(x.ref.Start, y.ref.Start), cmp.Compare(x.code, y.code),
			cmp.Compare(x.ref.GUID, y.ref.GUID))
	})
	for i := range ks {
		refs[i] = ks[i].ref
	}
}

// sortRunsByRank sorts refs of one code that come in the coding table's
// order (document, start, GUID) by moving whole documents: within one
// document that order is already Retrieve's, so only the documents need
// ordering by rank. It reports false, changing nothing, for refs of
// several codes or in another order.
func sortRunsByRank(refs []qda.CodingRef, rank map[qda.GUID]int) bool {
	runs, ok := docRuns(refs, rank)
	if !ok {
		return false
	}
	out := make([]qda.CodingRef, 0, len(refs))
	for _, r := range runs {
		out = append(out, refs[r.from:r.to]...)
	}
	copy(refs, out)
	return true
}

// docRun is the refs[from:to] of one document and the document's rank.
type docRun struct{ rank, from, to int }

// docRuns returns refs's runs of one document each, ordered by rank, if
// refs are of one code and ordered by document, start and GUID (as the
// coding table keeps them); ok is false otherwise.
func docRuns(refs []qda.CodingRef, rank map[qda.GUID]int) (runs []docRun, ok bool) {
	runs = make([]docRun, 0, min(len(refs), len(rank))) // a run per document at most
	for i := range refs {
		if i > 0 {
			// The GUIDs are compared only where document and start tie,
			// the documents only where they change (the table's refs of
			// one document share its string: equal at a glance).
			a, b := &refs[i-1], &refs[i]
			if a.Code != b.Code {
				return nil, false
			}
			if a.Document == b.Document {
				if a.Start > b.Start || a.Start == b.Start && a.GUID > b.GUID {
					return nil, false
				}
				runs[len(runs)-1].to = i + 1
				continue
			}
			if a.Document > b.Document {
				return nil, false
			}
		}
		runs = append(runs, docRun{rank[refs[i].Document], i, i + 1})
	}
	slices.SortFunc(runs, func(x, y docRun) int { return cmp.Compare(x.rank, y.rank) })
	return runs, true
}

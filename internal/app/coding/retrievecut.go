package coding

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// Cutting the segments
//
// A whole code at 10,000 protocols is some 50,000 segments in as many
// texts as the project has documents, and nearly all of a retrieval's
// time went into them: a coding read at random for each segment, each
// text decoded whole and indexed by runes to cut a few hundred characters
// of it. cutSegments takes each segment's time, origin and memo flag from
// the coding table's stamps (reading only the codings with a memo) and
// asks the store once per document for the pieces it shows, the segments
// and their context: the store's TextPieces decompresses the text into a
// buffer kept from document to document and decodes only those pieces
// (the rest of the text is walked, not copied). What remains is mostly
// the decompression of every text the code is in.
//
// A large retrieval is cut on several cores: the documents are split
// into runs of about equal segment counts, which workers take one after
// another, each in a read transaction of its own. Such a transaction must
// not be opened while
// another one waits for it (a commit that grows the store's file would
// wait for the first and block the second: bbolt's mmap lock), so the
// plan is made in one view, closed, and the parts are cut in views that
// check they see the same command sequence number; if a command came in
// between, the retrieval is planned again (errStoreMoved), the last
// attempt in one view on one core.

// retrieveAttempts bounds the plans of one retrieval; the last one cuts
// in the planning view.
const retrieveAttempts = 3

// errStoreMoved says that a cutting view saw a newer command than the plan.
var errStoreMoved = errors.New("the project changed during the retrieval")

// retrieveCut says when a retrieval is cut on several cores.
type retrieveCut struct {
	// workers is the most views cutting at once (0: the number of cores,
	// at most maxRetrieveWorkers); minSegments the fewest segments a
	// worker gets (0: defaultMinPart).
	workers, minSegments int
}

// maxRetrieveWorkers and defaultMinPart are retrieveCut's defaults: a
// worker with fewer segments costs more in its own view than it saves.
// Each worker's share is cut in about chunksPerWorker parts, which the
// workers take one after another as they are free: a worker that other
// processes keep from its core leaves more parts to the others.
const (
	maxRetrieveWorkers = 4
	defaultMinPart     = 400
	chunksPerWorker    = 8
)

// refPart is refs[from:to].
type refPart struct{ from, to int }

// split divides refs into parts at document boundaries, about equal in
// segments, and says how many workers cut them; no parts mean: cut in
// one view.
func (rc retrieveCut) split(refs []qda.CodingRef) (parts []refPart, workers int) {
	workers, minPart := rc.workers, rc.minSegments
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), maxRetrieveWorkers)
	}
	if minPart <= 0 {
		minPart = defaultMinPart
	}
	if workers = min(workers, len(refs)/minPart); workers < 2 {
		return nil, 0
	}
	n := workers * chunksPerWorker
	size := (len(refs) + n - 1) / n
	for from := 0; from < len(refs); {
		to := min(from+size, len(refs))
		for to < len(refs) && refs[to].Document == refs[to-1].Document {
			to++
		}
		parts = append(parts, refPart{from, to})
		from = to
	}
	if len(parts) < 2 {
		return nil, 0 // one document
	}
	return parts, min(workers, len(parts))
}

// cutParallel cuts p's parts into out with workers views at once, each
// taking the next part as it is free.
func (s *Service) cutParallel(p *retrievePlan, parts []refPart, workers int, out []app.Retrieved) error {
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = s.View(func(tx app.Tx) error {
				if tx.LastCommandSeq() != p.seq {
					return errStoreMoved
				}
				for {
					i := int(next.Add(1) - 1)
					if i >= len(parts) {
						return nil
					}
					pt := parts[i]
					if err := cutSegments(tx, p.src, p.refs[pt.from:pt.to], out[pt.from:pt.to]); err != nil {
						return err
					}
				}
			})
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// cutSegments fills out[i] with the segment of refs[i], its text, source
// and context. A coding's time, origin and memo come from its ref's stamp
// (the coding table's); only the codings whose stamp does not tell all
// (those with a memo, or refs without a stamp) are read, in key order
// (neighbours share pages of the store). The pieces of each document's
// text are read at once for the refs of it that come one after another
// (Retrieve's order keeps a document's together), with TextPieces where
// the store has it.
func cutSegments(tx app.Tx, src *retrieveSource, refs []qda.CodingRef, out []app.Retrieved) error {
	var read []int
	for i := range refs {
		r := &refs[i]
		c := &out[i].Segment.Coding
		*c = qda.Coding{GUID: r.GUID, Document: r.Document, Range: r.Range, Code: r.Code, Coder: r.Coder}
		if !r.Stamp.Fill(c) {
			read = append(read, i)
		}
	}
	slices.SortFunc(read, func(a, b int) int { return strings.Compare(string(refs[a].GUID), string(refs[b].GUID)) })
	for _, i := range read {
		c, err := tx.Coding(refs[i].GUID)
		if err != nil {
			return fmt.Errorf("coding %s: %w", refs[i].GUID, err)
		}
		out[i].Segment.Coding = *c
	}
	var rs []qda.Range
	var buf []byte
	ds := describer{src: src}
	for from := 0; from < len(refs); {
		doc := out[from].Document
		to := from + 1
		for to < len(refs) && out[to].Document == doc {
			to++
		}
		d := src.docs.Get(doc)
		if d == nil {
			return fmt.Errorf("coding %s: its document %s does not exist (run verify)", out[from].GUID, doc)
		}
		// Before, the segment and after, for each segment.
		rs = rs[:0]
		for i := from; i < to; i++ {
			sg := &out[i].Segment
			if err := sg.Range.Check(d.Length); err != nil {
				return fmt.Errorf("coding %s: %w (run verify)", sg.GUID, err)
			}
			a, b := max(0, sg.Start-app.RetrieveContext), min(d.Length, sg.End+app.RetrieveContext)
			rs = append(rs, qda.Range{Start: a, End: sg.Start}, sg.Range, qda.Range{Start: sg.End, End: b})
		}
		pieces, err := textPieces(tx, doc, rs, &buf)
		if err != nil {
			return fmt.Errorf("%w (run verify)", err)
		}
		for i := from; i < to; i++ {
			r, p := &out[i], pieces[3*(i-from):]
			r.Text = p[1]
			r.Before, r.After = trimContext(p[0], p[2], rs[3*(i-from)].Start > 0, rs[3*(i-from)+2].End < d.Length)
			ds.describe(r)
		}
		from = to
	}
	return nil
}

// textCutter is a transaction that reads pieces of a text without
// decoding all of it, decompressing into a buffer the caller keeps (the
// store's, see store.Tx.TextPieces).
type textCutter interface {
	TextPieces(id qda.GUID, rs []qda.Range, buf *[]byte) ([]string, error)
}

// textPieces returns the runes rs of document doc's text (empty ranges
// among them: the context of a segment at the text's start or end); buf
// is the caller's buffer for TextPieces.
func textPieces(tx app.Tx, doc qda.GUID, rs []qda.Range, buf *[]byte) ([]string, error) {
	if tc, ok := tx.(textCutter); ok {
		return tc.TextPieces(doc, rs, buf)
	}
	t, err := tx.Text(doc)
	if err != nil {
		return nil, err
	}
	x := qda.NewRuneIndex(t)
	out := make([]string, len(rs))
	for i, r := range rs {
		if r.Start < 0 || r.End < r.Start || r.End > x.Len() {
			return nil, qda.Errorf(qda.EInvalid, "range [%d, %d) is not inside the text of document %s (%d characters)", r.Start, r.End, doc, x.Len())
		}
		out[i] = x.Slice(r.Start, r.End)
	}
	return out, nil
}

package coding

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// retrieveSource caches what describing segments needs.
type retrieveSource struct {
	docs   *app.DocMap
	ivs    *app.InterviewMap
	cases  map[qda.GUID]string
	users  map[qda.GUID]string
	codes  map[qda.GUID]*qda.Code
	around map[qda.GUID][]questionSpan // question codings per document
}

// newRetrieveSource builds what describing segments needs from the
// project's documents, m and the question codings around the segments.
// It only reads them, so several goroutines may describe at once.
func newRetrieveSource(docs *app.DocMap, m *app.IndexMeta, around map[qda.GUID][]questionSpan) *retrieveSource {
	return &retrieveSource{docs: docs, ivs: m.Interviews, cases: m.Cases, users: m.Users,
		codes: m.Codes, around: around}
}

// questionSpan is the range and code of a coding whose code stands for a
// guideline question or prompt.
type questionSpan struct {
	qda.Range
	Code qda.GUID
}

// questionCodings returns the codings of docs (repeats allowed) whose
// code stands for a guideline question or prompt, by document, from the
// coding table, the question codes taken in the order of their GUIDs. A
// code's rows come by document: for a few documents each one's rows are
// found by binary search; for many, the rows are taken by document
// number, counted first so that all spans go into one slice.
func questionCodings(table *qda.CodingTable, docs []qda.GUID, codes map[qda.GUID]*qda.Code) map[qda.GUID][]questionSpan {
	var qs []qda.GUID
	for id, c := range codes {
		if isQuestion(c) {
			qs = append(qs, id)
		}
	}
	slices.Sort(qs)
	out := map[qda.GUID][]questionSpan{}
	few := map[qda.GUID]bool{} // documents looked up by binary search
	for _, id := range qs {
		if rows := table.OfCode(id); len(docs)*16 < len(rows) {
			for _, doc := range docs {
				few[doc] = true
			}
			break
		}
	}
	if len(few) == 0 && len(docs) > 0 {
		// Documents by number (-1: met after the table was built, taken
		// by GUID).
		in := make([]bool, len(table.Docs()))
		for _, doc := range docs {
			if n := table.DocNumber(doc); n >= 0 {
				in[n] = true
			} else {
				few[doc] = true
			}
		}
		count := make([]int32, len(in))
		for _, id := range qs {
			for _, n := range table.DocNumbers(id) {
				if n >= 0 && in[n] {
					count[n]++
				}
			}
		}
		from, total := make([]int32, len(in)), int32(0)
		for n, k := range count {
			from[n], total = total, total+k
		}
		spans := make([]questionSpan, total)
		for _, id := range qs {
			rows := table.OfCode(id)
			for i, n := range table.DocNumbers(id) {
				if n >= 0 && in[n] {
					spans[from[n]] = questionSpan{rows[i].Range, id}
					from[n]++
				}
			}
		}
		// from[n] is now where document n's spans end.
		for n, k := range count {
			if k > 0 {
				out[table.Docs()[n]] = spans[from[n]-k : from[n] : from[n]]
			}
		}
	}
	for _, id := range qs {
		if len(few) == 0 {
			break
		}
		rows := table.OfCode(id)
		for doc := range few {
			from, _ := slices.BinarySearchFunc(rows, doc, func(r qda.CodingRef, d qda.GUID) int { return strings.Compare(string(r.Document), string(d)) })
			for to := from; to < len(rows) && rows[to].Document == doc; to++ {
				out[doc] = append(out[doc], questionSpan{rows[to].Range, id})
			}
		}
	}
	return out
}

// isQuestion reports whether a code stands for a guideline question or prompt.
func isQuestion(c *qda.Code) bool {
	return c != nil && c.Ref != nil && (c.Ref.Kind == qda.RefQuestion || c.Ref.Kind == qda.RefPrompt)
}

// describer adds the source to segments one after another, remembering
// the last document, code and coder it looked up (a retrieval's segments
// come by document, and mostly of one code). One per goroutine.
type describer struct {
	src *retrieveSource

	doc    qda.GUID
	d      *qda.Document
	caseOf string
	iv     *qda.Interview
	around []questionSpan

	code  qda.GUID
	c     *qda.Code
	coder qda.GUID
	user  string
}

// describe adds the source to r, whose Segment is set.
func (ds *describer) describe(r *app.Retrieved) {
	src, sg := ds.src, &r.Segment
	if ds.coder != sg.Coder || ds.user == "" {
		ds.coder, ds.user = sg.Coder, src.users[sg.Coder]
	}
	r.CoderName = ds.user
	if ds.code != sg.Code || ds.c == nil {
		ds.code, ds.c = sg.Code, src.codes[sg.Code]
	}
	if c := ds.c; c != nil {
		r.CodeName, r.CodeColor = c.Name, c.Color
	}
	if ds.doc != sg.Document || ds.d == nil {
		ds.doc, ds.d, ds.iv, ds.caseOf = sg.Document, src.docs.Get(sg.Document), nil, ""
		ds.around = src.around[sg.Document]
		if d := ds.d; d != nil {
			ds.caseOf = src.cases[d.Case]
			if ds.iv = src.ivs.Get(d.Interview); ds.iv != nil && ds.caseOf == "" {
				ds.caseOf = src.cases[ds.iv.Case]
			}
		}
	}
	if d := ds.d; d != nil {
		r.DocName, r.Kind, r.Case = d.Name, d.Kind, ds.caseOf
		if iv := ds.iv; iv != nil {
			r.Interviewee, r.Level, r.Wave, r.Role = iv.Interviewee, iv.Level, iv.Wave, iv.Role
		}
	}
	if isQuestion(ds.c) {
		r.Question = ds.c.Name
	} else {
		best := -1
		for _, q := range ds.around {
			if q.Start <= sg.Start && sg.Start < q.End && (best < 0 || q.End-q.Start < best) {
				best, r.Question = q.End-q.Start, src.codes[q.Code].Name
			}
		}
	}
}

// contextAround returns up to n runes of text before start and after end,
// cut at a word boundary where the cut falls inside a word.
func contextAround(text *qda.RuneIndex, start, end, n int) (before, after string) {
	a, b := max(0, start-n), min(text.Len(), end+n)
	return trimContext(text.Slice(a, start), text.Slice(end, b), a > 0, b < text.Len())
}

// trimContext cuts the context before a segment after its first space
// and the context after it at its last space, each where it does not
// reach the text's edge (cutBefore, cutAfter), so that no word is cut.
func trimContext(before, after string, cutBefore, cutAfter bool) (string, string) {
	if cutBefore {
		if k := strings.IndexFunc(before, unicode.IsSpace); k >= 0 {
			_, size := utf8.DecodeRuneInString(before[k:])
			before = before[k+size:]
		}
	}
	if cutAfter {
		if k := strings.LastIndexFunc(after, unicode.IsSpace); k >= 0 {
			after = after[:k]
		}
	}
	return before, after
}

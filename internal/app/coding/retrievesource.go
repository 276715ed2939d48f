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
	docs   map[qda.GUID]*qda.Document
	ivs    map[qda.GUID]*qda.Interview
	cases  map[qda.GUID]string
	users  map[qda.GUID]string
	codes  map[qda.GUID]*qda.Code
	around map[qda.GUID][]questionSpan // question codings per document
}

// newRetrieveSource builds what describing segments needs from the
// project's documents, m and the question codings around the segments.
// It only reads them, so several goroutines may describe at once.
func newRetrieveSource(docs map[qda.GUID]*qda.Document, m *app.IndexMeta, around map[qda.GUID][]questionSpan) *retrieveSource {
	return &retrieveSource{docs: docs, ivs: m.Interviews, cases: m.Cases, users: m.Users,
		codes: m.Codes, around: around}
}

// questionSpan is the range and code of a coding whose code stands for a
// guideline question or prompt.
type questionSpan struct {
	qda.Range
	Code qda.GUID
}

// questionCodings returns the codings of docs whose code stands for a
// guideline question or prompt, by document, from the coding table. A
// code's rows come by document, so docs is asked once per document.
func questionCodings(table *qda.CodingTable, docs map[qda.GUID]bool, codes map[qda.GUID]*qda.Code) map[qda.GUID][]questionSpan {
	out := map[qda.GUID][]questionSpan{}
	for id, c := range codes {
		if !isQuestion(c) {
			continue
		}
		rows := table.OfCode(id)
		if len(docs)*16 < len(rows) {
			// A page's few documents: each one's rows are found by
			// binary search (the rows come ordered by document).
			for doc := range docs {
				from, _ := slices.BinarySearchFunc(rows, doc, func(r qda.CodingRef, d qda.GUID) int { return strings.Compare(string(r.Document), string(d)) })
				for to := from; to < len(rows) && rows[to].Document == doc; to++ {
					out[doc] = append(out[doc], questionSpan{rows[to].Range, id})
				}
			}
			continue
		}
		for from := 0; from < len(rows); {
			doc, to := rows[from].Document, from+1
			for to < len(rows) && rows[to].Document == doc {
				to++
			}
			if docs[doc] {
				for _, r := range rows[from:to] {
					out[doc] = append(out[doc], questionSpan{r.Range, id})
				}
			}
			from = to
		}
	}
	return out
}

// isQuestion reports whether a code stands for a guideline question or prompt.
func isQuestion(c *qda.Code) bool {
	return c != nil && c.Ref != nil && (c.Ref.Kind == qda.RefQuestion || c.Ref.Kind == qda.RefPrompt)
}

// describe adds the source to r, whose Segment is set.
func (src *retrieveSource) describe(r *app.Retrieved) {
	sg := &r.Segment
	r.CoderName = src.users[sg.Coder]
	if c := src.codes[sg.Code]; c != nil {
		r.CodeName, r.CodeColor = c.Name, c.Color
	}
	if d := src.docs[sg.Document]; d != nil {
		r.DocName, r.Kind, r.Case = d.Name, d.Kind, src.cases[d.Case]
		if iv := src.ivs[d.Interview]; iv != nil {
			r.Interviewee, r.Level, r.Wave, r.Role = iv.Interviewee, iv.Level, iv.Wave, iv.Role
			if r.Case == "" {
				r.Case = src.cases[iv.Case]
			}
		}
	}
	if c := src.codes[sg.Code]; isQuestion(c) {
		r.Question = c.Name
	} else {
		best := -1
		for _, q := range src.around[sg.Document] {
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

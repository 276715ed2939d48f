package coding

import (
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
	texts  *app.TextCache
	around map[qda.GUID][]qda.Coding // question codings per document
}

// newRetrieveSource builds what describing segments needs from the
// project's documents, m and the question codings around the segments.
func newRetrieveSource(docs map[qda.GUID]*qda.Document, m *app.IndexMeta, texts *app.TextCache, around map[qda.GUID][]qda.Coding) *retrieveSource {
	return &retrieveSource{docs: docs, ivs: m.Interviews, cases: m.Cases, users: m.Users,
		codes: m.Codes, texts: texts, around: around}
}

// questionCodings returns the codings of docs whose code stands for a
// guideline question or prompt, by document, from the coding table (as
// codings without time or memo: describe needs their code and range).
func questionCodings(table *qda.CodingTable, docs map[qda.GUID]bool, codes map[qda.GUID]*qda.Code) map[qda.GUID][]qda.Coding {
	out := map[qda.GUID][]qda.Coding{}
	for id, c := range codes {
		if !isQuestion(c) {
			continue
		}
		for _, r := range table.OfCode(id) {
			if docs[r.Document] {
				out[r.Document] = append(out[r.Document], qda.Coding{GUID: r.GUID, Document: r.Document, Range: r.Range, Code: r.Code, Coder: r.Coder})
			}
		}
	}
	return out
}

// isQuestion reports whether a code stands for a guideline question or prompt.
func isQuestion(c *qda.Code) bool {
	return c != nil && c.Ref != nil && (c.Ref.Kind == qda.RefQuestion || c.Ref.Kind == qda.RefPrompt)
}

// describe adds source and context to a segment.
func (src *retrieveSource) describe(sg app.Segment) (app.Retrieved, error) {
	r := app.Retrieved{Segment: sg, CoderName: src.users[sg.Coder]}
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
	text, err := src.texts.Get(sg.Document)
	if err != nil {
		return r, err
	}
	r.Before, r.After = contextAround(text, sg.Start, sg.End, app.RetrieveContext)
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
	return r, nil
}

// contextAround returns up to n runes of text before start and after end,
// cut at a word boundary where the cut falls inside a word.
func contextAround(text *qda.RuneIndex, start, end, n int) (before, after string) {
	t := text.Text()
	bs, be := text.Byte(start), text.Byte(end)
	a := max(0, start-n)
	ba := text.Byte(a)
	if a > 0 {
		if k := strings.IndexFunc(t[ba:bs], unicode.IsSpace); k >= 0 {
			_, size := utf8.DecodeRuneInString(t[ba+k:])
			ba += k + size
		}
	}
	b := min(text.Len(), end+n)
	bb := text.Byte(b)
	if b < text.Len() {
		if k := strings.LastIndexFunc(t[be:bb], unicode.IsSpace); k >= 0 {
			bb = be + k
		}
	}
	return t[ba:bs], t[be:bb]
}

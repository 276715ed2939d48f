package app

import (
	"fmt"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// RetrieveContext is how many characters of context Retrieve gives before
// and after a segment, at most.
const RetrieveContext = 120

// Retrieved is a coded segment with where it comes from and a little
// context, as the retrieval panel lists it.
type Retrieved struct {
	Segment
	// CodeName and CodeColor describe the segment's code.
	CodeName  string `json:"code_name"`
	CodeColor string `json:"code_color"`
	// CoderName is the coder's user name.
	CoderName string `json:"coder_name"`
	// DocName and Kind describe the document.
	DocName string      `json:"doc_name"`
	Kind    qda.DocKind `json:"kind"`
	// Case is the site's pseudonym; Interviewee the interviewee's pseudonym.
	Case        string `json:"case,omitempty"`
	Interviewee string `json:"interviewee,omitempty"`
	// Level, Wave and Role come from the document's interview.
	Level qda.Level `json:"level,omitempty"`
	Wave  int       `json:"wave,omitempty"`
	Role  string    `json:"role,omitempty"`
	// Question names the guideline question (or prompt) the segment
	// answers: the code of the innermost question coding around it, or the
	// segment's own code if that stands for a question.
	Question string `json:"question,omitempty"`
	// Before and After are up to RetrieveContext characters of the text
	// around the segment, cut at word boundaries.
	Before string `json:"before"`
	After  string `json:"after"`
}

// SegmentScope applies a CodingFilter within one transaction.
type SegmentScope struct {
	f     CodingFilter
	codes map[qda.GUID]bool // nil: every code
	docs  *DocMap
	ivs   *InterviewMap
}

// hasCodes reports whether f restricts codes.
func (f CodingFilter) hasCodes() bool { return f.Code != "" || len(f.Codes) > 0 }

// hasSource reports whether f restricts by document or interview metadata.
func (f CodingFilter) hasSource() bool {
	return f.Level != "" || f.Wave != 0 || f.Case != "" || f.Role != "" || f.Kind != ""
}

// NewSegmentScope resolves f's codes (with sub-codes if asked) and loads
// what the metadata conditions need.
func NewSegmentScope(tx Tx, f CodingFilter) (*SegmentScope, error) {
	return newSegmentScope(tx, f, nil)
}

// SegmentScopeOf is NewSegmentScope with the metadata from the cache; tx
// must be read-only (View).
func (s *Service) SegmentScopeOf(tx Tx, f CodingFilter) (*SegmentScope, error) {
	return newSegmentScope(tx, f, s)
}

// newSegmentScope is NewSegmentScope, reading documents and interviews
// from the metadata cache of cached if it is not nil.
func newSegmentScope(tx Tx, f CodingFilter, cached *Service) (*SegmentScope, error) {
	sc := &SegmentScope{f: f}
	if f.hasCodes() {
		sc.codes = map[qda.GUID]bool{}
		for _, c := range append([]qda.GUID{f.Code}, f.Codes...) {
			if c != "" {
				sc.codes[c] = true
			}
		}
		if f.SubCodes {
			if err := sc.addSubCodes(tx); err != nil {
				return nil, err
			}
		}
	}
	if !f.hasSource() {
		return sc, nil
	}
	if cached != nil {
		docs, err := cached.DocumentsOf(tx)
		if err != nil {
			return nil, err
		}
		m, err := cached.IndexMetaOf(tx)
		if err != nil {
			return nil, err
		}
		sc.docs, sc.ivs = docs, m.Interviews
		return sc, nil
	}
	docs, err := tx.Documents()
	if err != nil {
		return nil, err
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	byDoc, byIv := sc.docs.Edit(), sc.ivs.Edit()
	for i := range docs {
		byDoc.Set(docs[i].GUID, &docs[i])
	}
	for i := range ivs {
		byIv.Set(ivs[i].GUID, &ivs[i])
	}
	sc.docs, sc.ivs = byDoc.Map(), byIv.Map()
	return sc, nil
}

// addSubCodes adds every code below the scope's codes.
func (sc *SegmentScope) addSubCodes(tx Tx) error {
	codes, err := tx.Codes()
	if err != nil {
		return err
	}
	children := map[qda.GUID][]qda.GUID{}
	for _, c := range codes {
		children[c.Parent] = append(children[c.Parent], c.GUID)
	}
	queue := make([]qda.GUID, 0, len(sc.codes))
	for c := range sc.codes {
		queue = append(queue, c)
	}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, k := range children[c] {
			if !sc.codes[k] {
				sc.codes[k] = true
				queue = append(queue, k)
			}
		}
	}
	return nil
}

// Candidates returns the codings to test with keep, read the cheapest way.
func (sc *SegmentScope) Candidates(tx Tx) ([]qda.Coding, error) {
	if sc.f.Document != "" {
		return tx.CodingsOfDocument(sc.f.Document)
	}
	if sc.codes != nil && len(sc.codes) <= 50 {
		var out []qda.Coding
		for c := range sc.codes {
			cs, err := tx.CodingsOfCode(c)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
		return out, nil
	}
	var out []qda.Coding
	err := tx.EachCoding(func(c *qda.Coding) error { out = append(out, *c); return nil })
	return out, err
}

// CandidateRefs returns the codings of the table to test with KeepRef:
// those of the scope's codes, or all. The result must not be changed (for
// one code it is the table's own slice).
func (sc *SegmentScope) CandidateRefs(t *qda.CodingTable) []qda.CodingRef {
	if sc.codes == nil {
		out := make([]qda.CodingRef, 0, t.Len())
		t.Each(func(r *qda.CodingRef) { out = append(out, *r) })
		return out
	}
	if len(sc.codes) == 1 {
		for c := range sc.codes {
			return t.OfCode(c) // the table's own rows: not to be changed
		}
	}
	var out []qda.CodingRef
	for c := range sc.codes {
		out = append(out, t.OfCode(c)...)
	}
	return out
}

// Keep reports whether a coding passes the filter.
func (sc *SegmentScope) Keep(c *qda.Coding) bool {
	return sc.KeepRef(&qda.CodingRef{Document: c.Document, Code: c.Code, Coder: c.Coder})
}

// KeepRef reports whether a coding passes the filter.
func (sc *SegmentScope) KeepRef(c *qda.CodingRef) bool {
	f := sc.f
	if (f.Document != "" && c.Document != f.Document) || (sc.codes != nil && !sc.codes[c.Code]) ||
		(f.Coder != "" && c.Coder != f.Coder) {
		return false
	}
	if !f.hasSource() {
		return true
	}
	d := sc.docs.Get(c.Document)
	if d == nil || (f.Kind != "" && d.Kind != f.Kind) {
		return false
	}
	iv := sc.ivs.Get(d.Interview)
	cas := d.Case
	if cas == "" && iv != nil {
		cas = iv.Case
	}
	if f.Case != "" && cas != f.Case {
		return false
	}
	if f.Level == "" && f.Wave == 0 && f.Role == "" {
		return true
	}
	return iv != nil && (f.Level == "" || iv.Level == f.Level) && (f.Wave == 0 || iv.Wave == f.Wave) &&
		(f.Role == "" || strings.EqualFold(iv.Role, f.Role))
}

// FilterSegments returns the segments passing f, by document GUID and
// position (the order Segments promises).
func FilterSegments(tx Tx, f CodingFilter, texts *TextCache) ([]Segment, error) {
	sc, err := NewSegmentScope(tx, f)
	if err != nil {
		return nil, err
	}
	cs, err := sc.Candidates(tx)
	if err != nil {
		return nil, err
	}
	return sc.segments(cs, texts)
}

// segments cuts the candidates that pass the filter from their texts.
func (sc *SegmentScope) segments(cs []qda.Coding, texts *TextCache) ([]Segment, error) {
	var out []Segment
	for i := range cs {
		c := &cs[i]
		if !sc.Keep(c) {
			continue
		}
		t, err := texts.Get(c.Document)
		if err != nil {
			return nil, err
		}
		if err := c.Range.Check(t.Len()); err != nil {
			return nil, fmt.Errorf("coding %s: %w (run verify)", c.GUID, err)
		}
		out = append(out, Segment{Coding: *c, Text: t.Slice(c.Start, c.End)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Document != out[j].Document {
			return out[i].Document < out[j].Document
		}
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].GUID < out[j].GUID
	})
	return out, nil
}

// TextCache loads each document's text at most once in a transaction.
type TextCache struct {
	tx Tx
	m  map[qda.GUID]*qda.RuneIndex
}

func NewTextCache(tx Tx) *TextCache { return &TextCache{tx: tx, m: map[qda.GUID]*qda.RuneIndex{}} }

// Get returns the text of document id, indexed by runes.
func (d *TextCache) Get(id qda.GUID) (*qda.RuneIndex, error) {
	if x, ok := d.m[id]; ok {
		return x, nil
	}
	t, err := d.tx.Text(id)
	if err != nil {
		return nil, err
	}
	x := qda.NewRuneIndex(t)
	d.m[id] = x
	return x, nil
}

// Segment is a coding with its text, as retrieval shows it.
type Segment struct {
	qda.Coding
	Text string `json:"text"`
}

// CodingFilter restricts Segments and Retrieve; zero fields do not filter.
// Conditions on the document's interview (level, wave, role) drop codings
// in documents without an interview.
type CodingFilter struct {
	Code     qda.GUID
	Document qda.GUID
	// Codes adds more codes: a coding passes with any of Code and Codes.
	Codes []qda.GUID
	// SubCodes also takes the codes below Code and Codes.
	SubCodes bool
	// Level, Wave and Role match the document's interview.
	Level qda.Level
	Wave  int
	Role  string
	// Case is the site, the document's own or its interview's.
	Case qda.GUID
	// Coder is the user who coded.
	Coder qda.GUID
	// Kind is the document kind.
	Kind qda.DocKind
}

// Segments returns the codings matching f with their text, by document and
// position.
func (s *Service) Segments(f CodingFilter) ([]Segment, error) {
	var out []Segment
	err := s.store.View(func(tx Tx) (err error) { out, err = FilterSegments(tx, f, NewTextCache(tx)); return err })
	return out, err
}

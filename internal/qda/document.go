package qda

import (
	"strings"
	"time"
	"unicode/utf8"
)

// DocKind classifies a document.
type DocKind string

// Document kinds.
const (
	KindProtocol   DocKind = "protocol"
	KindCaseReport DocKind = "report"
	KindOther      DocKind = "other"
)

// Valid reports whether k is a known kind.
func (k DocKind) Valid() bool {
	return k == KindProtocol || k == KindCaseReport || k == KindOther
}

// Document is a text: an interview protocol, a case report or another
// document such as a site's concept paper. Its text is stored once, in
// canonical form (see CheckCanonical); all positions are rune offsets into
// it. The text itself is kept apart from this metadata so lists stay cheap.
type Document struct {
	// GUID identifies the document.
	GUID GUID `json:"guid"`
	// Name is the display name.
	Name string `json:"name"`
	// Kind classifies the document.
	Kind DocKind `json:"kind"`
	// Interview is the interview a protocol belongs to, if any.
	Interview GUID `json:"interview,omitempty"`
	// Case is the site the document belongs to, if any.
	Case GUID `json:"case,omitempty"`
	// Length is the text's length in runes.
	Length int `json:"length"`
	// Created is when the document was added.
	Created time.Time `json:"created"`
	// Modified is when its text last changed.
	Modified time.Time `json:"modified"`
	// Source names the file it was imported from, if any.
	Source string `json:"source,omitempty"`
}

// Validate checks the document's own fields.
func (d *Document) Validate() error {
	if err := validGUID("document", d.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(d.Name) == "" {
		return Errorf(EInvalid, "a document needs a name")
	}
	if err := CheckName("document name", d.Name); err != nil {
		return err
	}
	if !d.Kind.Valid() {
		return Errorf(EInvalid, "document %q has unknown kind %q", d.Name, d.Kind)
	}
	if d.Interview != "" {
		if err := validGUID("document interview", d.Interview); err != nil {
			return err
		}
	}
	if d.Case != "" {
		if err := validGUID("document case", d.Case); err != nil {
			return err
		}
	}
	if d.Length < 0 {
		return Errorf(EInvalid, "document %q has negative length", d.Name)
	}
	return nil
}

// CheckCanonical reports whether text is in the stored form as far as the
// standard library can tell: valid UTF-8, no carriage returns, no byte order
// mark and no NUL. (NFC normalisation is applied by the text normaliser at
// the edges, which needs golang.org/x/text.)
func CheckCanonical(text string) error {
	if !utf8.ValidString(text) {
		return Errorf(EInvalid, "the text is not valid UTF-8")
	}
	if strings.ContainsRune(text, '\r') {
		return Errorf(EInvalid, "the text contains carriage returns; line endings must be \\n")
	}
	if strings.ContainsRune(text, '\uFEFF') {
		return Errorf(EInvalid, "the text contains a byte order mark")
	}
	if strings.ContainsRune(text, 0) {
		return Errorf(EInvalid, "the text contains NUL characters")
	}
	return nil
}

// RuneLen returns the length of s in runes, the unit of every position.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// Slice returns the runes [start, end) of s. It panics on a range outside s,
// so callers check ranges with Range.Check first.
func Slice(s string, start, end int) string {
	if start < 0 || end < start {
		panic("qda.Slice: bad range")
	}
	i, b0, b1 := 0, -1, -1
	for bi := range s {
		if i == start {
			b0 = bi
		}
		if i == end {
			b1 = bi
			break
		}
		i++
	}
	if b0 < 0 {
		if i == start {
			b0 = len(s)
		} else {
			panic("qda.Slice: start beyond text")
		}
	}
	if b1 < 0 {
		if i == end {
			b1 = len(s)
		} else {
			panic("qda.Slice: end beyond text")
		}
	}
	return s[b0:b1]
}

// Passage is a paragraph of a document: the unit of search. Paragraphs are
// separated by one or more blank lines.
type Passage struct {
	// Start and End are the passage's rune offsets, half-open.
	Start, End int
	// Text is the passage's text.
	Text string
}

// Passages splits text into paragraphs separated by blank lines. Leading and
// trailing blank lines of a paragraph are not part of it.
func Passages(text string) []Passage {
	var out []Passage
	lines := strings.SplitAfter(text, "\n")
	pos, start := 0, -1
	var b strings.Builder
	flush := func(end int) {
		if start >= 0 {
			out = append(out, Passage{Start: start, End: end, Text: strings.TrimRight(b.String(), "\n")})
		}
		start = -1
		b.Reset()
	}
	end := 0
	for _, ln := range lines {
		n := utf8.RuneCountInString(ln)
		body := strings.TrimRight(ln, "\n")
		if strings.TrimSpace(body) == "" {
			flush(end)
		} else {
			if start < 0 {
				start = pos
			}
			b.WriteString(ln)
			end = pos + utf8.RuneCountInString(body)
		}
		pos += n
	}
	flush(end)
	return out
}

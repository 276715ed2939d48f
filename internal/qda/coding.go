package qda

import "time"

// Origin says how a coding came about.
type Origin string

// Coding origins.
const (
	OriginManual   Origin = ""         // a coder selected text and applied a code
	OriginTemplate Origin = "template" // written into the guideline's protocol template
	OriginAuto     Origin = "autocode" // applied to search hits
	OriginImport   Origin = "import"   // came from a file (structured import, QDPX)
)

// Range is a half-open range [Start, End) of rune offsets into a text.
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Check reports whether r is a non-empty range inside a text of n runes.
func (r Range) Check(n int) error {
	if r.Start < 0 || r.End <= r.Start || r.End > n {
		return Errorf(EInvalid, "range [%d, %d) is not a non-empty range inside a text of %d characters", r.Start, r.End, n)
	}
	return nil
}

// Overlaps reports whether r and o share at least one rune.
func (r Range) Overlaps(o Range) bool { return r.Start < o.End && o.Start < r.End }

// Coding applies a code to a range of a document's text, by one coder.
type Coding struct {
	// GUID identifies the coding (REFI-QDA's selection and coding).
	GUID GUID `json:"guid"`
	// Document is the coded document.
	Document GUID `json:"document"`
	// Range is the coded text as rune offsets.
	Range
	// Code is the applied code.
	Code GUID `json:"code"`
	// Coder is the user who coded.
	Coder GUID `json:"coder"`
	// Created is when the coding was made.
	Created time.Time `json:"created"`
	// Memo is a note on this coding.
	Memo string `json:"memo,omitempty"`
	// Origin says how the coding came about.
	Origin Origin `json:"origin,omitempty"`
}

// Validate checks the coding against the length of its document's text.
func (c *Coding) Validate(docLen int) error {
	if err := validGUID("coding", c.GUID); err != nil {
		return err
	}
	if err := validGUID("coding document", c.Document); err != nil {
		return err
	}
	if err := validGUID("coding code", c.Code); err != nil {
		return err
	}
	if err := validGUID("coder", c.Coder); err != nil {
		return err
	}
	return c.Range.Check(docLen)
}

// CodingRef is the part of a coding that counting, filtering and ordering
// need: which coding, where, what and who, and in Stamp, compactly, when
// and how it was made (no memo text).
type CodingRef struct {
	GUID                  GUID
	Document, Code, Coder GUID
	Range
	// Stamp is the coding's time and origin and whether it has a memo, if
	// the ref was made with them (StampOf); the zero Stamp knows nothing.
	Stamp CodingStamp
}

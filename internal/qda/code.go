package qda

import (
	"regexp"
	"strings"
)

// RefKind says what part of a guideline a code stands for.
type RefKind string

// Kinds of guideline references.
const (
	RefGuideline RefKind = "guideline"
	RefSection   RefKind = "section"
	RefQuestion  RefKind = "question"
	RefPrompt    RefKind = "prompt"
)

// QuestionRef ties a code to the part of a guideline it was derived from.
type QuestionRef struct {
	// Guideline is the guideline's GUID.
	Guideline GUID `json:"guideline"`
	// Kind says whether the code stands for the guideline, a section, a
	// question or a prompt.
	Kind RefKind `json:"kind"`
	// Target is the GUID of that section, question or prompt (the
	// guideline's GUID for RefGuideline).
	Target GUID `json:"target"`
	// Theme is the section's number without its dot ("4"), so themes can be
	// retrieved across guidelines that share their numbering.
	Theme string `json:"theme,omitempty"`
	// QuestionID is the printed question id, if any.
	QuestionID string `json:"question_id,omitempty"`
}

// Code is an entry of the codebook. Codes form a tree; codes derived from a
// guideline carry a QuestionRef, inductive codes do not. Both kinds behave
// alike.
type Code struct {
	// GUID identifies the code.
	GUID GUID `json:"guid"`
	// Name is the code's name, unique among its siblings.
	Name string `json:"name"`
	// Parent is the parent code's GUID, empty for a top-level code.
	Parent GUID `json:"parent,omitempty"`
	// Order sorts siblings.
	Order int `json:"order"`
	// Color is the display colour as "#rrggbb".
	Color string `json:"color"`
	// Description explains when to apply the code.
	Description string `json:"description,omitempty"`
	// Memo is the code's memo.
	Memo string `json:"memo,omitempty"`
	// Ref is set for codes derived from a guideline.
	Ref *QuestionRef `json:"ref,omitempty"`
}

var colorRE = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// Validate checks the code's own fields.
func (c *Code) Validate() error {
	if err := validGUID("code", c.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EInvalid, "a code needs a name").WithKey("code.noName", nil)
	}
	if err := CheckName("code name", c.Name); err != nil {
		return err
	}
	if c.Parent != "" {
		if err := validGUID("parent code", c.Parent); err != nil {
			return err
		}
		if c.Parent == c.GUID {
			return Errorf(EInvalid, "code %q cannot be its own parent", c.Name)
		}
	}
	if !colorRE.MatchString(c.Color) {
		return Errorf(EInvalid, "code %q has colour %q; expected #rrggbb", c.Name, c.Color)
	}
	return nil
}

// Palette is a set of well distinguishable colours for new codes.
var Palette = []string{
	"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
	"#f032e6", "#bfef45", "#469990", "#9a6324", "#800000", "#808000",
	"#000075", "#e6a700", "#dcbeff", "#aaffc3",
}

// WouldCycle reports whether making newParent the parent of code would create
// a cycle, given a lookup from a code to its parent.
func WouldCycle(code, newParent GUID, parentOf func(GUID) GUID) bool {
	for p := newParent; p != ""; p = parentOf(p) {
		if p == code {
			return true
		}
	}
	return false
}

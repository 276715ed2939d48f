package qda

import (
	"strings"
	"time"
)

// Memo is a note of the team: on the project, a document, a code, a case or
// an interview.
type Memo struct {
	// GUID identifies the memo.
	GUID GUID `json:"guid"`
	// Title is a short title.
	Title string `json:"title"`
	// Text is the memo's body.
	Text string `json:"text"`
	// Author is the user who wrote it.
	Author GUID `json:"author,omitempty"`
	// Target is the GUID of the entity the memo is about, empty for a
	// project memo.
	Target GUID `json:"target,omitempty"`
	// Created and Modified are the memo's times.
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
}

// Validate checks the memo's own fields.
func (m *Memo) Validate() error {
	if err := validGUID("memo", m.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(m.Title) == "" && strings.TrimSpace(m.Text) == "" {
		return Errorf(EInvalid, "a memo needs a title or a text")
	}
	if err := CheckName("memo title", m.Title); err != nil {
		return err
	}
	return nil
}

package app

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/qda"
)

// NewCoding describes a coding to add.
type NewCoding struct {
	Document qda.GUID
	Start    int
	End      int
	Code     qda.GUID
	// Coder defaults to the acting user.
	Coder  qda.GUID
	Memo   string
	Origin qda.Origin
}

// AddCoding codes a range of a document, as one command.
func (s *Service) AddCoding(n NewCoding) (*qda.Coding, error) {
	id, err := s.newGUID()
	if err != nil {
		return nil, err
	}
	c := &qda.Coding{GUID: id, Document: n.Document, Range: qda.Range{Start: n.Start, End: n.End}, Code: n.Code,
		Coder: n.Coder, Created: s.clock.Now().UTC(), Memo: n.Memo, Origin: n.Origin}
	err = s.write("coding.add", fmt.Sprintf("code [%d,%d) of %s", n.Start, n.End, n.Document), func(tx Tx) error {
		if c.Coder == "" {
			c.Coder = s.actor()
		} else if u, err := tx.User(c.Coder); err != nil {
			return err
		} else if u.Placeholder {
			return qda.Errorf(qda.EInvalid, "%s stands for commands recorded before projects had members and codes nothing", u.Name)
		}
		return tx.PutCoding(c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCoding removes a coding, as one command.
func (s *Service) DeleteCoding(id qda.GUID) error {
	return s.write("coding.delete", "delete coding "+string(id), func(tx Tx) error {
		return tx.DeleteCoding(id)
	})
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
	err := s.store.View(func(tx Tx) (err error) { out, err = filterSegments(tx, f, newTextCache(tx)); return err })
	return out, err
}

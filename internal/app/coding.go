package app

import (
	"fmt"
	"sort"

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
			u := s.user
			if u == "" {
				return qda.Errorf(qda.EInvalid, "a coding needs a coder: set the user")
			}
			c.Coder = u
		} else if _, err := tx.User(c.Coder); err != nil {
			return err
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

// CodingFilter restricts Segments; zero fields do not filter.
type CodingFilter struct {
	Code     qda.GUID
	Document qda.GUID
}

// Segments returns the codings matching f with their text, by document and
// position.
func (s *Service) Segments(f CodingFilter) ([]Segment, error) {
	var out []Segment
	err := s.store.View(func(tx Tx) error {
		var cs []qda.Coding
		var err error
		switch {
		case f.Document != "":
			cs, err = tx.CodingsOfDocument(f.Document)
		case f.Code != "":
			cs, err = tx.CodingsOfCode(f.Code)
		default:
			err = tx.EachCoding(func(c *qda.Coding) error { cs = append(cs, *c); return nil })
		}
		if err != nil {
			return err
		}
		texts := map[qda.GUID]string{}
		lengths := map[qda.GUID]int{}
		for _, c := range cs {
			if f.Code != "" && c.Code != f.Code {
				continue
			}
			t, ok := texts[c.Document]
			if !ok {
				if t, err = tx.Text(c.Document); err != nil {
					return err
				}
				texts[c.Document] = t
				lengths[c.Document] = qda.RuneLen(t)
			}
			if err := c.Range.Check(lengths[c.Document]); err != nil {
				return fmt.Errorf("coding %s: %w (run verify)", c.GUID, err)
			}
			out = append(out, Segment{Coding: c, Text: qda.Slice(t, c.Start, c.End)})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Document != out[j].Document {
			return out[i].Document < out[j].Document
		}
		return out[i].Start < out[j].Start
	})
	return out, err
}

package study

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// NewDocument describes a document to add.
type NewDocument struct {
	Name      string
	Kind      qda.DocKind
	Text      string // any line endings, NFC or not: it is made canonical
	Case      qda.GUID
	Interview qda.GUID
	Source    string
}

// AddDocument adds a document with its text, made canonical, in one command.
func (s *Service) AddDocument(n NewDocument) (*qda.Document, error) {
	text, err := textnorm.Canonical(n.Text)
	if err != nil {
		return nil, fmt.Errorf("document %q: %w", n.Name, err)
	}
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	d := &qda.Document{GUID: id, Name: n.Name, Kind: n.Kind, Case: n.Case, Interview: n.Interview,
		Length: qda.RuneLen(text), Created: now, Modified: now, Source: n.Source}
	err = s.Write("document.add", "add document "+n.Name, func(tx app.Tx) error {
		if d.Case != "" {
			if _, err := tx.Case(d.Case); err != nil {
				return err
			}
		}
		if d.Interview != "" {
			if _, err := tx.Interview(d.Interview); err != nil {
				return err
			}
		}
		if err := tx.PutDocument(d); err != nil {
			return err
		}
		return tx.PutText(d.GUID, text)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

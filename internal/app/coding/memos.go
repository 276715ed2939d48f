package coding

import (
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// NewMemo is the input of AddMemo.
type NewMemo struct {
	Title  string
	Text   string
	Target qda.GUID // what the memo is about; empty: the project
}

// AddMemo writes a memo by the acting user.
func (s *Service) AddMemo(n NewMemo) (*qda.Memo, error) {
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	m := &qda.Memo{GUID: id, Title: strings.TrimSpace(n.Title), Text: n.Text, Target: n.Target, Created: now, Modified: now}
	err = s.Write("memo.add", "add memo "+m.Title, func(tx app.Tx) error {
		m.Author = s.Actor()
		return tx.PutMemo(m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// UpdateMemo replaces a memo's title and text.
func (s *Service) UpdateMemo(id qda.GUID, title, text string) (*qda.Memo, error) {
	var m *qda.Memo
	err := s.Write("memo.update", "update memo "+string(id), func(tx app.Tx) (err error) {
		if m, err = tx.Memo(id); err != nil {
			return err
		}
		m.Title, m.Text, m.Modified = strings.TrimSpace(title), text, s.Now().UTC()
		return tx.PutMemo(m)
	})
	return m, err
}

// Memos lists the memos, by title.
func (s *Service) Memos() ([]qda.Memo, error) {
	var out []qda.Memo
	err := s.View(func(tx app.Tx) (err error) { out, err = tx.Memos(); return err })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Title != out[j].Title {
			return out[i].Title < out[j].Title
		}
		return out[i].GUID < out[j].GUID
	})
	return out, err
}

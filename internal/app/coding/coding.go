package coding

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/app"

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
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	c := &qda.Coding{GUID: id, Document: n.Document, Range: qda.Range{Start: n.Start, End: n.End}, Code: n.Code,
		Coder: n.Coder, Created: s.Now().UTC(), Memo: n.Memo, Origin: n.Origin}
	err = s.Write("coding.add", fmt.Sprintf("code [%d,%d) of %s", n.Start, n.End, n.Document), func(tx app.Tx) error {
		if c.Coder == "" {
			c.Coder = s.Actor()
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
	return s.Write("coding.delete", "delete coding "+string(id), func(tx app.Tx) error {
		return tx.DeleteCoding(id)
	})
}

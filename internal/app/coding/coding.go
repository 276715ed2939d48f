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
	out, err := s.addCodings([]NewCoding{n}, fmt.Sprintf("code [%d,%d) of %s", n.Start, n.End, n.Document))
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// AddCodings codes several ranges as one command, one step to undo: what
// a coder who marks up a whole document at once, or a tool that does it
// for them, adds. Each is checked as AddCoding checks it; if one fails,
// none is added and the error names it.
func (s *Service) AddCodings(ns []NewCoding) ([]*qda.Coding, error) {
	if len(ns) == 0 {
		return nil, nil
	}
	summary := fmt.Sprintf("code %d ranges", len(ns))
	if len(ns) == 1 {
		summary = fmt.Sprintf("code [%d,%d) of %s", ns[0].Start, ns[0].End, ns[0].Document)
	}
	return s.addCodings(ns, summary)
}

// addCodings adds the codings of ns in one command with the summary.
func (s *Service) addCodings(ns []NewCoding, summary string) ([]*qda.Coding, error) {
	now := s.Now().UTC()
	out := make([]*qda.Coding, len(ns))
	for i, n := range ns {
		id, err := s.NewGUID()
		if err != nil {
			return nil, err
		}
		out[i] = &qda.Coding{GUID: id, Document: n.Document, Range: qda.Range{Start: n.Start, End: n.End}, Code: n.Code,
			Coder: n.Coder, Created: now, Memo: n.Memo, Origin: n.Origin}
	}
	err := s.Write("coding.add", summary, func(tx app.Tx) error {
		coders := map[qda.GUID]error{} // a coder checked once per command
		for i, c := range out {
			c.Coder = ns[i].Coder
			if c.Coder == "" {
				c.Coder = s.Actor()
			} else if err, ok := coders[c.Coder]; ok {
				if err != nil {
					return err
				}
			} else {
				coders[c.Coder] = checkCoder(tx, c.Coder)
				if err := coders[c.Coder]; err != nil {
					return err
				}
			}
			if err := tx.PutCoding(c); err != nil {
				if len(out) > 1 {
					return fmt.Errorf("coding %d of %d ([%d,%d) of %s): %w", i+1, len(out), c.Start, c.End, c.Document, err)
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkCoder refuses a coder who is not a member or stands for old
// commands.
func checkCoder(tx app.Tx, coder qda.GUID) error {
	u, err := tx.User(coder)
	if err != nil {
		return err
	}
	if u.Placeholder {
		return qda.Errorf(qda.EInvalid, "%s stands for commands recorded before projects had members and codes nothing", u.Name)
	}
	return nil
}

// DeleteCoding removes a coding, as one command.
func (s *Service) DeleteCoding(id qda.GUID) error {
	return s.Write("coding.delete", "delete coding "+string(id), func(tx app.Tx) error {
		return tx.DeleteCoding(id)
	})
}

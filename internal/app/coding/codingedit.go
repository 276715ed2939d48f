package coding

import (
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// editCoding loads coding id, lets change modify it and writes it back, all
// in one command of the given kind. change returns an error to refuse.
func (s *Service) editCoding(kind, summary string, id qda.GUID, change func(tx app.Tx, c *qda.Coding) error) (*qda.Coding, error) {
	var c *qda.Coding
	err := s.Write(kind, summary, func(tx app.Tx) (err error) {
		if c, err = tx.Coding(id); err != nil {
			return err
		}
		if err := change(tx, c); err != nil {
			return err
		}
		return tx.PutCoding(c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// sameCoding reports whether doc already holds a coding other than c with
// c's code, range and coder: recoding or resizing into it would double it.
func sameCoding(tx app.Tx, c *qda.Coding) error {
	cs, err := tx.CodingsOfDocument(c.Document)
	if err != nil {
		return err
	}
	for _, o := range cs {
		if o.GUID != c.GUID && o.Code == c.Code && o.Coder == c.Coder && o.Range == c.Range {
			return qda.Errorf(qda.EConflict, "the coder has already coded [%d, %d) with this code", c.Start, c.End)
		}
	}
	return nil
}

// RecodeCoding gives a coding another code, keeping its range, coder and
// memo, as one command.
func (s *Service) RecodeCoding(id, code qda.GUID) (*qda.Coding, error) {
	return s.editCoding("coding.recode", fmt.Sprintf("recode coding %s to %s", id, code), id, func(tx app.Tx, c *qda.Coding) error {
		if _, err := tx.Code(code); err != nil {
			return err
		}
		if c.Code == code {
			return qda.Errorf(qda.EInvalid, "the coding has this code already")
		}
		c.Code = code
		return sameCoding(tx, c)
	})
}

// SetCodingRange moves a coding to the range [start, end) of its document,
// as one command; used to widen or narrow a coding to a new selection.
func (s *Service) SetCodingRange(id qda.GUID, start, end int) (*qda.Coding, error) {
	summary := fmt.Sprintf("resize coding %s to [%d,%d)", id, start, end)
	return s.editCoding("coding.resize", summary, id, func(tx app.Tx, c *qda.Coding) error {
		d, err := tx.Document(c.Document)
		if err != nil {
			return err
		}
		r := qda.Range{Start: start, End: end}
		if err := r.Check(d.Length); err != nil {
			return err
		}
		if r == c.Range {
			return qda.Errorf(qda.EInvalid, "the coding covers [%d, %d) already", start, end)
		}
		c.Range = r
		return sameCoding(tx, c)
	})
}

// SetCodingMemo sets a coding's memo ("" removes it), as one command.
func (s *Service) SetCodingMemo(id qda.GUID, memo string) (*qda.Coding, error) {
	memo = strings.TrimSpace(memo)
	return s.editCoding("coding.memo", "memo on coding "+string(id), id, func(_ app.Tx, c *qda.Coding) error {
		if c.Memo == memo {
			return qda.Errorf(qda.EInvalid, "the memo is unchanged")
		}
		c.Memo = memo
		return nil
	})
}

// InVivoCoding describes an in-vivo coding: a range whose words name a new
// inductive code that codes the range.
type InVivoCoding struct {
	Document qda.GUID
	Start    int
	End      int
	// Parent is where the new code goes; empty: the top level.
	Parent qda.GUID
	// Name overrides the name taken from the text, if not empty.
	Name string
}

// InVivoResult reports an in-vivo coding.
type InVivoResult struct {
	Code   *qda.Code   `json:"code"`
	Coding *qda.Coding `json:"coding"`
	// Created is false when a sibling code of that name existed already
	// and was used instead of a new one.
	Created bool `json:"created"`
}

// maxInVivoName bounds the length of an in-vivo code's name in runes.
const maxInVivoName = 60

// inVivoTrim are the characters trimmed around an in-vivo code's name:
// spaces, quotes, brackets, dashes and sentence punctuation.
const inVivoTrim = " \t\n.,;:!?…\"'„“”‚‘’»«›‹()[]–—-/"

// InVivoName makes a code name of coded words: spaces collapsed, quotes
// and punctuation around them trimmed, at most 60 runes, cut at a word.
func InVivoName(text string) string {
	name := strings.Join(strings.Fields(text), " ")
	name = strings.Trim(name, inVivoTrim)
	r := []rune(name)
	if len(r) <= maxInVivoName {
		return name
	}
	cut := string(r[:maxInVivoName-1])
	if i := strings.LastIndex(cut, " "); i > maxInVivoName/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, inVivoTrim) + "…"
}

// InVivo creates an inductive code named by the words in [Start, End) of a
// document and codes that range with it for the acting user — one command,
// so one undo removes both. A sibling code of the same name is reused.
func (s *Service) InVivo(n InVivoCoding) (*InVivoResult, error) {
	codeID, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	codingID, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	res := &InVivoResult{}
	summary := fmt.Sprintf("in-vivo code [%d,%d) of %s", n.Start, n.End, n.Document)
	err = s.Write("coding.invivo", summary, func(tx app.Tx) error {
		d, err := tx.Document(n.Document)
		if err != nil {
			return err
		}
		r := qda.Range{Start: n.Start, End: n.End}
		if err := r.Check(d.Length); err != nil {
			return err
		}
		name := strings.TrimSpace(n.Name)
		if name == "" {
			text, err := tx.Text(n.Document)
			if err != nil {
				return err
			}
			name = InVivoName(qda.Slice(text, n.Start, n.End))
		}
		if name == "" {
			return qda.Errorf(qda.EInvalid, "the selection holds no words to name a code")
		}
		if res.Code, res.Created, err = s.codeNamed(tx, codeID, name, n.Parent); err != nil {
			return err
		}
		if res.Created {
			if err := tx.PutCode(res.Code); err != nil {
				return err
			}
		}
		res.Coding = &qda.Coding{GUID: codingID, Document: n.Document, Range: r, Code: res.Code.GUID,
			Coder: s.Actor(), Created: s.Now().UTC()}
		if err := sameCoding(tx, res.Coding); err != nil {
			return err
		}
		return tx.PutCoding(res.Coding)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// codeNamed returns parent's child named name, or a new code with GUID id
// (not yet written) as its last child.
func (s *Service) codeNamed(tx app.Tx, id qda.GUID, name string, parent qda.GUID) (*qda.Code, bool, error) {
	if parent != "" {
		if _, err := tx.Code(parent); err != nil {
			return nil, false, err
		}
	}
	codes, err := tx.Codes()
	if err != nil {
		return nil, false, err
	}
	order := 0
	for i, o := range codes {
		if o.Parent != parent {
			continue
		}
		if strings.EqualFold(o.Name, name) {
			return &codes[i], false, nil
		}
		order = max(order, o.Order+1)
	}
	return &qda.Code{GUID: id, Name: name, Parent: parent, Order: order,
		Color: qda.Palette[len(codes)%len(qda.Palette)]}, true, nil
}

// DocumentCodingCounts returns the number of codings per code in one
// document.
func (s *Service) DocumentCodingCounts(doc qda.GUID) (map[qda.GUID]int, error) {
	n := map[qda.GUID]int{}
	err := s.View(func(tx app.Tx) error {
		cs, err := tx.CodingsOfDocument(doc)
		for _, c := range cs {
			n[c.Code]++
		}
		return err
	})
	return n, err
}

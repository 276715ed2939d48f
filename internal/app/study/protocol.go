package study

import (
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// ProtocolTemplate returns a guideline filtered to one role and the blocks
// of an empty protocol for it.
func (s *Service) ProtocolTemplate(guideline, role string) (*qda.Guideline, []qda.ProtocolBlock, error) {
	g, err := s.Guideline(guideline)
	if err != nil {
		return nil, nil, err
	}
	if role != "" {
		if g, err = g.ForRole(role); err != nil {
			return nil, nil, err
		}
	}
	return g, qda.Template(g), nil
}

// composeForRole composes a protocol against the questions addressed to the
// interviewee's role, so that an id the guideline prints twice (A.2.1's two
// questions 2.3, for different roles) finds the right one; answers to
// questions outside the role fall back to the whole guideline.
func composeForRole(lk *lookup, g *qda.Guideline, role string, blocks []qda.ProtocolBlock) (string, []qda.Answer, error) {
	if fg := lk.roleView(g, role); fg != nil {
		if text, answers, err := qda.ComposeProtocol(fg, blocks); err == nil {
			return text, answers, nil
		}
	}
	return qda.ComposeProtocol(g, blocks)
}

// canonicalBlocks normalises the bodies of blocks.
func canonicalBlocks(blocks []qda.ProtocolBlock) ([]qda.ProtocolBlock, error) {
	out := make([]qda.ProtocolBlock, len(blocks))
	for i, b := range blocks {
		body, err := textnorm.Canonical(b.Body)
		if err != nil {
			return nil, err
		}
		b.Body = body
		out[i] = b
	}
	return out, nil
}

// templateCodings creates the codings of composed answers, coded with their
// questions' codes by the interviewer.
func (s *Service) templateCodings(lk *lookup, doc *qda.Document, coder qda.GUID, answers []qda.Answer) error {
	for _, a := range answers {
		code, err := lk.questionCode(a.Question)
		if err != nil {
			return fmt.Errorf("the codebook has no code for question %s (import the guideline again): %w", a.Question, err)
		}
		id, err := s.NewGUID()
		if err != nil {
			return err
		}
		c := &qda.Coding{GUID: id, Document: doc.GUID, Range: a.Range, Code: code.GUID, Coder: coder,
			Created: s.Now().UTC(), Origin: qda.OriginTemplate}
		if err := lk.tx.PutCoding(c); err != nil {
			return err
		}
	}
	return nil
}

// ImportedProtocol is the result of ImportProtocol.
type ImportedProtocol struct {
	Interview *qda.Interview `json:"interview"`
	Document  *qda.Document  `json:"document"`
	Answers   int            `json:"answers"`
}

// ImportProtocol registers an interview and its protocol, composed from
// blocks, with every answer coded with its question — all in one command, so
// bad input leaves nothing behind.
func (s *Service) ImportProtocol(n NewInterview, blocks []qda.ProtocolBlock, name, source string) (*ImportedProtocol, error) {
	blocks, err := canonicalBlocks(blocks)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	var res *ImportedProtocol
	err = s.Write("protocol.import", "import protocol "+name, func(tx app.Tx) (err error) {
		res, err = s.importProtocol(s.newLookup(tx), n, blocks, name, source)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importProtocol is ImportProtocol inside the lookup's transaction; blocks
// are canonical.
func (s *Service) importProtocol(lk *lookup, n NewInterview, blocks []qda.ProtocolBlock, name, source string) (*ImportedProtocol, error) {
	tx := lk.tx
	iv, g, err := s.resolveInterview(lk, n)
	if err != nil {
		return nil, err
	}
	text, answers, err := composeForRole(lk, g, iv.Role, blocks)
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, qda.Errorf(qda.EInvalid, "%s: the protocol is empty", source)
	}
	if err := tx.PutInterview(iv); err != nil {
		return nil, err
	}
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	d := &qda.Document{GUID: id, Name: name, Kind: qda.KindProtocol, Interview: iv.GUID, Case: iv.Case,
		Length: qda.RuneLen(text), Created: now, Modified: now, Source: source}
	if err := tx.PutDocument(d); err != nil {
		return nil, err
	}
	if err := tx.PutText(d.GUID, text); err != nil {
		return nil, err
	}
	if err := s.templateCodings(lk, d, iv.Interviewer, answers); err != nil {
		return nil, err
	}
	if err := s.checkArrivesFinal(tx, iv); err != nil {
		return nil, err
	}
	return &ImportedProtocol{Interview: iv, Document: d, Answers: len(answers)}, nil
}

// SaveProtocol writes an interview's protocol from blocks (the protocol
// editor's save and autosave): it creates the document or replaces its
// text. Template codings are regenerated from the answers; other codings
// are re-anchored. Codings whose text vanished are reported with a
// *app.LostCodingsError unless confirmLoss is set.
func (s *Service) SaveProtocol(interview qda.GUID, blocks []qda.ProtocolBlock, confirmLoss bool) (*qda.Document, error) {
	blocks, err := canonicalBlocks(blocks)
	if err != nil {
		return nil, err
	}
	var doc *qda.Document
	err = s.Write("protocol.save", "save protocol of "+string(interview), func(tx app.Tx) error {
		lk := s.newLookup(tx)
		iv, err := tx.Interview(interview)
		if err != nil {
			return err
		}
		if iv.Status == qda.StatusFinal {
			return qda.Errorf(qda.EConflict, "the protocol of %s is final and read-only; reopen it first", iv.Interviewee)
		}
		g, err := tx.Guideline(iv.Guideline)
		if err != nil {
			return err
		}
		text, answers, err := composeForRole(lk, g, iv.Role, blocks)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		doc, err = app.FindProtocol(tx, interview)
		if qda.ErrorCode(err) == qda.ENotFound {
			id, err := s.NewGUID()
			if err != nil {
				return err
			}
			doc = &qda.Document{GUID: id, Name: "Protokoll " + iv.Interviewee, Kind: qda.KindProtocol,
				Interview: iv.GUID, Case: iv.Case, Created: now}
		} else if err != nil {
			return err
		} else if err := s.ReplaceText(tx, doc, text, confirmLoss, func(c *qda.Coding) bool { return c.Origin == qda.OriginTemplate }); err != nil {
			return err
		}
		doc.Length, doc.Modified = qda.RuneLen(text), now
		if err := tx.PutDocument(doc); err != nil {
			return err
		}
		if err := tx.PutText(doc.GUID, text); err != nil {
			return err
		}
		return s.templateCodings(lk, doc, iv.Interviewer, answers)
	})
	return doc, err
}

// EditText replaces a document's text (made canonical) and re-anchors its
// codings by a diff of old and new text. Codings whose text is deleted
// entirely are reported with a *app.LostCodingsError unless confirmLoss is set;
// then they are removed as part of the same, undoable command.
func (s *Service) EditText(id qda.GUID, newText string, confirmLoss bool) (*qda.Document, error) {
	text, err := textnorm.Canonical(newText)
	if err != nil {
		return nil, err
	}
	var doc *qda.Document
	err = s.Write("document.edit", "edit text of "+string(id), func(tx app.Tx) error {
		if doc, err = tx.Document(id); err != nil {
			return err
		}
		if doc.Interview != "" {
			iv, err := tx.Interview(doc.Interview)
			if err != nil {
				return err
			}
			if iv.Status == qda.StatusFinal {
				return qda.Errorf(qda.EConflict, "the protocol of %s is final and read-only; reopen it first", iv.Interviewee)
			}
		}
		if err := s.ReplaceText(tx, doc, text, confirmLoss, nil); err != nil {
			return err
		}
		doc.Length, doc.Modified = qda.RuneLen(text), s.Now().UTC()
		if err := tx.PutDocument(doc); err != nil {
			return err
		}
		return tx.PutText(id, text)
	})
	return doc, err
}

// ProtocolBlocks rebuilds an interview protocol's blocks from its text and
// template codings: each answer becomes a question block, the text between
// answers untitled free blocks (the question heading paragraphs before
// answers are dropped; composing regenerates them).
func (s *Service) ProtocolBlocks(interview qda.GUID) ([]qda.ProtocolBlock, error) {
	var out []qda.ProtocolBlock
	err := s.View(func(tx app.Tx) error {
		d, err := app.FindProtocol(tx, interview)
		if err != nil {
			return err
		}
		iv, err := tx.Interview(interview)
		if err != nil {
			return err
		}
		g, err := tx.Guideline(iv.Guideline)
		if err != nil {
			return err
		}
		text, err := tx.Text(d.GUID)
		if err != nil {
			return err
		}
		cs, err := tx.CodingsOfDocument(d.GUID)
		if err != nil {
			return err
		}
		questionOfCode := map[qda.GUID]*qda.Question{}
		for si := range g.Sections {
			for qi := range g.Sections[si].Questions {
				q := &g.Sections[si].Questions[qi]
				questionOfCode[app.CodeGUID(q.GUID)] = q
			}
		}
		var answers []qda.Coding
		for _, c := range cs {
			if c.Origin == qda.OriginTemplate && questionOfCode[c.Code] != nil {
				answers = append(answers, c)
			}
		}
		app.SortCodings(answers)
		pos := 0
		for _, a := range answers {
			q := questionOfCode[a.Code]
			free := strings.TrimSpace(qda.Slice(text, pos, a.Start))
			free = strings.TrimSpace(strings.TrimSuffix(free, q.Label()))
			if free != "" {
				out = append(out, qda.ProtocolBlock{Body: free})
			}
			id := q.ID
			if id == "" {
				id = q.Text
			}
			out = append(out, qda.ProtocolBlock{QuestionID: id, Body: qda.Slice(text, a.Start, a.End)})
			pos = a.End
		}
		if rest := strings.TrimSpace(qda.Slice(text, pos, qda.RuneLen(text))); rest != "" {
			out = append(out, qda.ProtocolBlock{Body: rest})
		}
		return nil
	})
	return out, err
}

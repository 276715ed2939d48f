package study

import (
	"slices"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Evaluation questions: the questions the study answers (the seed lists
// them for the implementation analysis), kept in the plan aggregate and
// linked to the codes — guideline questions, themes, inductive codes —
// whose segments and summary cells answer them. The report section per
// question is built in app/analysis (EvalReport).

// EvalQuestionRow is an evaluation question with its codes by name.
type EvalQuestionRow struct {
	ID    string     `json:"id"`
	Text  string     `json:"text"`
	Codes []string   `json:"codes"`
	GUIDs []qda.GUID `json:"code_guids"`
	Note  string     `json:"note,omitempty"`
}

// AddEvalQuestion adds an evaluation question, in one command.
func (s *Service) AddEvalQuestion(id, text, note string) error {
	id, text = strings.TrimSpace(id), strings.TrimSpace(text)
	return s.Write("evalq.add", "add evaluation question "+id, func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		np := *p
		np.Questions = append(append([]qda.EvalQuestion(nil), p.Questions...), qda.EvalQuestion{ID: id, Text: text, Note: strings.TrimSpace(note)})
		if err := np.Validate(); err != nil {
			return err
		}
		return tx.PutPlan(&np)
	})
}

// LinkEvalQuestion links codes to an evaluation question (or unlinks them),
// in one command. refs are code references as ResolveCode takes them
// (GUID, KEY:QUESTION, name) or "theme:SET/N" for a theme's codes.
func (s *Service) LinkEvalQuestion(id string, refs []string, unlink bool) error {
	var codes []qda.GUID
	for _, r := range refs {
		if n, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(r)), "theme:"); ok {
			cs, err := s.ThemeCodes(n)
			if err != nil {
				return err
			}
			if len(cs) == 0 {
				return qda.Errorf(qda.ENotFound, "no codes of theme %q", n)
			}
			for _, c := range cs {
				if c.Ref != nil && c.Ref.Kind == qda.RefSection {
					codes = append(codes, c.GUID) // the theme code stands for its questions
				}
			}
			continue
		}
		c, err := s.ResolveCode(r)
		if err != nil {
			return err
		}
		codes = append(codes, c.GUID)
	}
	return s.Write("evalq.link", "link codes to evaluation question "+id, func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		np := *p
		np.Questions = append([]qda.EvalQuestion(nil), p.Questions...)
		i := slices.IndexFunc(np.Questions, func(q qda.EvalQuestion) bool { return strings.EqualFold(q.ID, strings.TrimSpace(id)) })
		if i < 0 {
			return qda.Errorf(qda.ENotFound, "no evaluation question %q", id)
		}
		q := &np.Questions[i]
		q.Codes = append([]qda.GUID(nil), q.Codes...)
		for _, c := range codes {
			j := slices.Index(q.Codes, c)
			switch {
			case unlink && j >= 0:
				q.Codes = slices.Delete(q.Codes, j, j+1)
			case !unlink && j < 0:
				q.Codes = append(q.Codes, c)
			}
		}
		if err := np.Validate(); err != nil {
			return err
		}
		return tx.PutPlan(&np)
	})
}

// EvalQuestions lists the evaluation questions in their order.
func (s *Service) EvalQuestions() ([]EvalQuestionRow, error) {
	var out []EvalQuestionRow
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		for _, q := range p.Questions {
			r := EvalQuestionRow{ID: q.ID, Text: q.Text, Note: q.Note, Codes: []string{}, GUIDs: q.Codes}
			for _, g := range q.Codes {
				name := string(g)
				if c, err := tx.Code(g); err == nil {
					name = codeLabel(tx, c)
				}
				r.Codes = append(r.Codes, name)
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// codeLabel names a code as KEY:QUESTION (or KEY:THEME.) when it stands
// for a guideline part, else by its name.
func codeLabel(tx app.Tx, c *qda.Code) string {
	if c.Ref == nil {
		return c.Name
	}
	g, err := tx.Guideline(c.Ref.Guideline)
	if err != nil {
		return c.Name
	}
	switch {
	case c.Ref.QuestionID != "":
		return g.Key + ":" + c.Ref.QuestionID
	case c.Ref.Kind == qda.RefSection:
		return g.Key + ":" + c.Ref.Theme + "."
	}
	return c.Name
}

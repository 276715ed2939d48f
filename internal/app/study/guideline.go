package study

import (
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// ImportOptions control how a guideline becomes codes.
type ImportOptions struct {
	// Prompts also creates sub-codes for the follow-up prompts.
	Prompts bool
	// Replace updates a guideline that is already in the project (same
	// GUID) instead of refusing.
	Replace bool
}

// ImportResult reports what ImportGuideline did.
type ImportResult struct {
	Guideline qda.GUID `json:"guideline"`
	Key       string   `json:"key"`
	Counts    qda.Counts
	// CodesAdded counts the new codes; CodesKept those that existed.
	CodesAdded int `json:"codes_added"`
	CodesKept  int `json:"codes_kept"`
	// Orphaned lists codes whose question is no longer in the guideline;
	// they stay in the codebook with their codings.
	Orphaned []string `json:"orphaned,omitempty"`
}

// maxCodeName is the length at which a question's text is cut for its
// code's name; the full text goes into the description.
const maxCodeName = 70

func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// guidelineCodes returns the codes that stand for g: the guideline, its
// sections, questions and optionally prompts, in tree order.
func guidelineCodes(g *qda.Guideline, withPrompts bool, colorIndex int) []qda.Code {
	root := qda.Code{GUID: app.CodeGUID(g.GUID), Name: g.Key + " " + shorten(g.Title, 50), Color: "#607d8b",
		Description: g.Title, Ref: &qda.QuestionRef{Guideline: g.GUID, Kind: qda.RefGuideline, Target: g.GUID}}
	out := []qda.Code{root}
	for si, s := range g.Sections {
		color := qda.Palette[(colorIndex+si)%len(qda.Palette)]
		sc := qda.Code{GUID: app.CodeGUID(s.GUID), Name: strings.TrimSpace(s.Number + " " + shorten(s.Title, maxCodeName)),
			Parent: root.GUID, Order: si, Color: color, Description: s.Title,
			Ref: &qda.QuestionRef{Guideline: g.GUID, Kind: qda.RefSection, Target: s.GUID, Theme: s.ThemeNumber()}}
		out = append(out, sc)
		for qi, q := range s.Questions {
			desc := q.Text
			if len(q.Roles) > 0 {
				desc += "\n\n" + strings.Join(q.Roles, ", ")
			}
			qc := qda.Code{GUID: app.CodeGUID(q.GUID), Name: shorten(q.Label(), maxCodeName), Parent: sc.GUID, Order: qi,
				Color: color, Description: desc,
				Ref: &qda.QuestionRef{Guideline: g.GUID, Kind: qda.RefQuestion, Target: q.GUID, Theme: s.ThemeNumber(), QuestionID: q.ID}}
			out = append(out, qc)
			if withPrompts {
				out = append(out, promptCodes(g, s, q, q.Prompts, qc.GUID, color)...)
			}
		}
	}
	return out
}

func promptCodes(g *qda.Guideline, s qda.Section, q qda.Question, ps []qda.Prompt, parent qda.GUID, color string) []qda.Code {
	var out []qda.Code
	for i, p := range ps {
		pc := qda.Code{GUID: app.CodeGUID(p.GUID), Name: shorten(p.Text, maxCodeName), Parent: parent, Order: i, Color: color,
			Description: p.Text,
			Ref:         &qda.QuestionRef{Guideline: g.GUID, Kind: qda.RefPrompt, Target: p.GUID, Theme: s.ThemeNumber(), QuestionID: q.ID}}
		out = append(out, pc)
		out = append(out, promptCodes(g, s, q, p.Prompts, pc.GUID, color)...)
	}
	return out
}

// ImportGuideline adds a parsed guideline to the project and derives its
// codes (guideline → theme → question, optionally → prompts), in one
// command. Codes that exist already (same derived GUID) keep the user's
// colour, description and memo.
func (s *Service) ImportGuideline(g *qda.Guideline, o ImportOptions) (*ImportResult, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	res := &ImportResult{Guideline: g.GUID, Key: g.Key, Counts: g.Count()}
	err := s.Write("guideline.import", fmt.Sprintf("import guideline %s", g.Key), func(tx app.Tx) error {
		old, err := tx.Guideline(g.GUID)
		if err == nil && !o.Replace {
			return qda.Errorf(qda.EConflict, "guideline %s (%s) is already in the project; import with replace to update it", old.Key, g.GUID)
		} else if err != nil && qda.ErrorCode(err) != qda.ENotFound {
			return err
		}
		all, err := tx.Guidelines()
		if err != nil {
			return err
		}
		for _, other := range all {
			if other.GUID != g.GUID && strings.EqualFold(other.Key, g.Key) {
				return qda.Errorf(qda.EConflict, "another guideline already has the key %s", g.Key)
			}
		}
		if err := tx.PutGuideline(g); err != nil {
			return err
		}
		colorIndex := 0
		for _, other := range all {
			if other.GUID != g.GUID {
				colorIndex += len(other.Sections)
			}
		}
		wanted := map[qda.GUID]bool{}
		for _, c := range guidelineCodes(g, o.Prompts, colorIndex) {
			wanted[c.GUID] = true
			cur, err := tx.Code(c.GUID)
			switch {
			case err == nil:
				cur.Ref, cur.Parent, cur.Order = c.Ref, c.Parent, c.Order
				if err := tx.PutCode(cur); err != nil {
					return err
				}
				res.CodesKept++
			case qda.ErrorCode(err) == qda.ENotFound:
				c := c
				if err := tx.PutCode(&c); err != nil {
					return err
				}
				res.CodesAdded++
			default:
				return err
			}
		}
		if old == nil {
			return nil
		}
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		for _, c := range codes {
			if c.Ref != nil && c.Ref.Guideline == g.GUID && !wanted[c.GUID] {
				res.Orphaned = append(res.Orphaned, c.Name)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

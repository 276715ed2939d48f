package study

import (
	"fmt"
	"sort"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// PlanInput is a plan row as entered, with the case by pseudonym.
type PlanInput struct {
	Level    qda.Level
	Case     string
	Wave     int
	Role     string
	Planned  int
	Optional bool
	Note     string
}

// ImportPlan replaces the fieldwork plan, in one command.
func (s *Service) ImportPlan(rows []PlanInput) (int, error) {
	err := s.Write("plan.import", fmt.Sprintf("import fieldwork plan (%d rows)", len(rows)), func(tx app.Tx) error {
		p := &qda.Plan{}
		for i, r := range rows {
			c, err := app.FindCase(tx, r.Case)
			if err != nil {
				return qda.Errorf(qda.EInvalid, "plan row %d: %s", i+1, qda.ErrorMessage(err))
			}
			p.Rows = append(p.Rows, qda.PlanRow{Level: r.Level, Case: c.GUID, Wave: r.Wave, Role: r.Role,
				Planned: r.Planned, Optional: r.Optional, Note: r.Note})
		}
		return tx.PutPlan(p)
	})
	return len(rows), err
}

// PlanRows returns the plan with case pseudonyms, as entered.
func (s *Service) PlanRows() ([]PlanInput, error) {
	var out []PlanInput
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		names, err := caseNames(tx)
		for _, r := range p.Rows {
			out = append(out, PlanInput{r.Level, names[r.Case], r.Wave, r.Role, r.Planned, r.Optional, r.Note})
		}
		return err
	})
	return out, err
}

func caseNames(tx app.Tx) (map[qda.GUID]string, error) {
	cs, err := tx.Cases()
	m := map[qda.GUID]string{}
	for _, c := range cs {
		m[c.GUID] = c.Name
	}
	return m, err
}

// PlanCell compares plan and registry for one level, case, wave and role.
type PlanCell struct {
	Level     qda.Level `json:"level"`
	Case      string    `json:"case"`
	Wave      int       `json:"wave"`
	Role      string    `json:"role"`
	Planned   int       `json:"planned"`
	Optional  int       `json:"optional"`
	Conducted int       `json:"conducted"` // interviews registered and not refused
	Complete  int       `json:"complete"`  // protocols complete, checked or final
	Final     int       `json:"final"`
	// Refused counts planned interviews the interviewee declined; they are
	// not conducted, so the slot stays missing until someone else is
	// interviewed.
	Refused int `json:"refused"`
	Missing int `json:"missing"` // required interviews not yet conducted
}

// PlanTotal sums the cells of one level and wave.
type PlanTotal struct {
	Level qda.Level `json:"level"`
	Wave  int       `json:"wave"`
	PlanCell
}

// PlanStatus is the fieldwork dashboard: planned against conducted.
type PlanStatus struct {
	Cells  []PlanCell  `json:"rows"`
	Totals []PlanTotal `json:"totals"`
}

// PlanStatus derives conducted, complete, final and refused counts live
// from the interview registry and compares them with the plan. Interviews outside
// the plan appear as cells with nothing planned.
func (s *Service) PlanStatus() (*PlanStatus, error) {
	type key struct {
		level qda.Level
		cse   qda.GUID
		wave  int
		role  string
	}
	cells := map[key]*PlanCell{}
	var order []key
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		names, err := caseNames(tx)
		if err != nil {
			return err
		}
		get := func(k key) *PlanCell {
			if c := cells[k]; c != nil {
				return c
			}
			c := &PlanCell{Level: k.level, Case: names[k.cse], Wave: k.wave, Role: k.role}
			cells[k] = c
			order = append(order, k)
			return c
		}
		for _, r := range p.Rows {
			c := get(key{r.Level, r.Case, r.Wave, r.Role})
			if r.Optional {
				c.Optional += r.Planned
			} else {
				c.Planned += r.Planned
			}
		}
		ivs, err := tx.Interviews()
		if err != nil {
			return err
		}
		for _, iv := range ivs {
			c := get(key{iv.Level, iv.Case, iv.Wave, iv.Role})
			if iv.Consent.Refused != nil {
				c.Refused++
				continue
			}
			c.Conducted++
			if iv.Status != qda.StatusDraft {
				c.Complete++
			}
			if iv.Status == qda.StatusFinal {
				c.Final++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	st := &PlanStatus{}
	totals := map[[2]string]*PlanTotal{}
	for _, k := range order {
		c := cells[k]
		c.Missing = max(0, c.Planned-c.Conducted)
		st.Cells = append(st.Cells, *c)
		tk := [2]string{string(c.Level), fmt.Sprint(c.Wave)}
		t := totals[tk]
		if t == nil {
			t = &PlanTotal{Level: c.Level, Wave: c.Wave}
			totals[tk] = t
		}
		t.Planned += c.Planned
		t.Optional += c.Optional
		t.Conducted += c.Conducted
		t.Complete += c.Complete
		t.Final += c.Final
		t.Refused += c.Refused
		t.Missing += c.Missing
	}
	for _, t := range totals {
		t.PlanCell.Level, t.PlanCell.Wave = t.Level, t.Wave
		st.Totals = append(st.Totals, *t)
	}
	sort.Slice(st.Totals, func(i, j int) bool {
		a, b := st.Totals[i], st.Totals[j]
		if a.Level != b.Level {
			return app.LevelRank(a.Level) < app.LevelRank(b.Level)
		}
		return a.Wave < b.Wave
	})
	sort.SliceStable(st.Cells, func(i, j int) bool {
		a, b := st.Cells[i], st.Cells[j]
		if a.Level != b.Level {
			return app.LevelRank(a.Level) < app.LevelRank(b.Level)
		}
		if a.Wave != b.Wave {
			return a.Wave < b.Wave
		}
		return a.Case < b.Case
	})
	return st, nil
}

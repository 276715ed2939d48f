package study

import (
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// PlanKey names one cell of the fieldwork plan.
type PlanKey struct {
	Level qda.Level
	Case  string // pseudonym or GUID
	Wave  int
	Role  string
	// Group is the plan group of a role the plan divides (Bestandskraft,
	// Neueinstellung); empty for the role's rows without a group.
	Group string
}

// PlannedCounts returns the required and optional counts planned for a
// cell (zero when the plan has no row for it).
func (s *Service) PlannedCounts(k PlanKey) (planned, optional int, err error) {
	err = s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		c, err := app.FindCase(tx, k.Case)
		if err != nil {
			return err
		}
		for _, r := range p.Rows {
			if r.Level == k.Level && r.Case == c.GUID && r.Wave == k.Wave && r.Role == k.Role && r.Group == k.Group {
				if r.Optional {
					optional += r.Planned
				} else {
					planned += r.Planned
				}
			}
		}
		return nil
	})
	return planned, optional, err
}

// SetPlanned sets the required and optional counts of one plan cell, as
// one command; nothing is recorded when both stay as they are. The cell's
// rows are merged into one row per kind (their notes joined), a count of
// zero removes the kind's row, and a new cell gets new rows at the end.
func (s *Service) SetPlanned(k PlanKey, planned, optional int) error {
	k.Role, k.Group = strings.TrimSpace(k.Role), strings.TrimSpace(k.Group)
	if !k.Level.Valid() || k.Wave < 1 || k.Role == "" || planned < 0 || optional < 0 {
		return qda.Errorf(qda.EInvalid, "a plan cell needs a level, a wave ≥ 1, a role and counts ≥ 0")
	}
	p0, o0, err := s.PlannedCounts(k)
	if err != nil || (p0 == planned && o0 == optional) {
		return err
	}
	role := k.Role
	if k.Group != "" {
		role += " (" + k.Group + ")"
	}
	summary := fmt.Sprintf("plan %s %s %s wave %d: %d planned", k.Level, k.Case, role, k.Wave, planned)
	if optional > 0 {
		summary += fmt.Sprintf(" (+%d optional)", optional)
	}
	return s.Write("plan.set", summary, func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		c, err := app.FindCase(tx, k.Case)
		if err != nil {
			return err
		}
		rows := setPlanRows(p.Rows, qda.PlanRow{Level: k.Level, Case: c.GUID, Wave: k.Wave, Role: k.Role, Group: k.Group}, planned, optional)
		np := *p
		np.Rows = rows
		if err := np.Validate(); err != nil {
			return err
		}
		return tx.PutPlan(&np)
	})
}

// setPlanRows returns rows with the cell of key set to the counts.
func setPlanRows(rows []qda.PlanRow, key qda.PlanRow, planned, optional int) []qda.PlanRow {
	same := func(r qda.PlanRow) bool {
		return r.Level == key.Level && r.Case == key.Case && r.Wave == key.Wave && r.Role == key.Role && r.Group == key.Group
	}
	var out []qda.PlanRow
	first := map[bool]int{} // kind → index in out of its first row
	notes := map[bool][]string{}
	for _, r := range rows {
		if !same(r) {
			out = append(out, r)
			continue
		}
		if r.Note != "" {
			notes[r.Optional] = append(notes[r.Optional], r.Note)
		}
		if _, ok := first[r.Optional]; !ok {
			first[r.Optional] = len(out)
			out = append(out, r)
		}
	}
	drop := map[int]bool{}
	for _, opt := range []bool{false, true} {
		n := planned
		if opt {
			n = optional
		}
		i, ok := first[opt]
		switch {
		case ok && n == 0:
			drop[i] = true
		case ok:
			out[i].Planned, out[i].Note = n, strings.Join(notes[opt], "; ")
		case n > 0:
			r := key
			r.Planned, r.Optional = n, opt
			out = append(out, r)
		}
	}
	kept := out[:0]
	for i, r := range out {
		if !drop[i] {
			kept = append(kept, r)
		}
	}
	return kept
}

package study

import (
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Typology with history: a site's type (the case attribute
// "Umsetzungstyp", or any other) can change — the seed re-typed one job
// centre from 2a to 1a after the case studies were chosen. A change is
// recorded with the day from which the new value holds and the reason;
// the matrix by a case attribute then uses the value valid at each
// interview's date (qda.Case.AttrAt).

// AttrChangeRow is a recorded change with the attribute by name.
type AttrChangeRow struct {
	Attribute string `json:"attribute"`
	Previous  string `json:"previous"`
	Value     string `json:"value"`
	From      string `json:"from"`
	Reason    string `json:"reason"`
	Recorded  string `json:"recorded,omitempty"`
}

// ChangeCaseAttribute changes a case attribute from a day on, with a
// reason, in one command: the current value becomes the new one (when no
// later change exists) and the history keeps the previous value for the
// days before.
func (s *Service) ChangeCaseAttribute(ref, attribute, value, from, reason string) (*qda.Case, error) {
	if _, err := time.Parse(time.DateOnly, strings.TrimSpace(from)); err != nil {
		return nil, qda.Errorf(qda.EInvalid, "the day the new value holds from is YYYY-MM-DD, not %q", from)
	}
	if strings.TrimSpace(reason) == "" {
		return nil, qda.Errorf(qda.EInvalid, "give the reason for the change")
	}
	from = strings.TrimSpace(from)
	var c *qda.Case
	err := s.Write("case.change", "change "+attribute+" of case "+ref+" from "+from, func(tx app.Tx) (err error) {
		if c, err = app.FindCase(tx, ref); err != nil {
			return err
		}
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		var def *qda.AttributeDef
		for i := range defs {
			if defs[i].Scope == qda.ScopeCase && strings.EqualFold(defs[i].Name, strings.TrimSpace(attribute)) {
				def = &defs[i]
			}
		}
		if def == nil {
			return qda.Errorf(qda.ENotFound, "no case attribute %q", attribute)
		}
		// The value is checked as any value of the attribute is.
		if _, err := setAttrs(tx, qda.ScopeCase, nil, map[string]string{def.Name: value}); err != nil {
			return err
		}
		prev := c.AttrAt(def.GUID, from)
		if prev == value {
			return qda.Errorf(qda.EInvalid, "%s of %s is %q on %s already", def.Name, c.Name, value, from)
		}
		later := false
		for _, h := range c.History {
			if h.Attribute == def.GUID {
				if h.From == from {
					return qda.Errorf(qda.EConflict, "%s of %s already changes on %s; take that change back first", def.Name, c.Name, from)
				}
				later = later || h.From > from
			}
		}
		c.History = append(c.History, qda.AttrChange{Attribute: def.GUID, Previous: prev, Value: value, From: from,
			Reason: strings.TrimSpace(reason), Recorded: s.Now().UTC().Format(time.DateOnly)})
		sort.SliceStable(c.History, func(i, j int) bool { return c.History[i].From < c.History[j].From })
		// Each change of the attribute follows the one before it.
		last := ""
		for i := range c.History {
			if h := &c.History[i]; h.Attribute == def.GUID {
				if last != "" {
					h.Previous = last
				}
				last = h.Value
			}
		}
		if !later {
			if c.Attributes == nil {
				c.Attributes = map[qda.GUID]string{}
			}
			c.Attributes[def.GUID] = value
		}
		if err := c.Validate(); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	return c, err
}

// CaseHistory returns a case's recorded attribute changes, oldest first.
func (s *Service) CaseHistory(ref string) ([]AttrChangeRow, error) {
	var out []AttrChangeRow
	err := s.View(func(tx app.Tx) error {
		c, err := app.FindCase(tx, ref)
		if err != nil {
			return err
		}
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		name := map[qda.GUID]string{}
		for _, d := range defs {
			name[d.GUID] = d.Name
		}
		for _, h := range c.History {
			out = append(out, AttrChangeRow{Attribute: name[h.Attribute], Previous: h.Previous, Value: h.Value, From: h.From, Reason: h.Reason, Recorded: h.Recorded})
		}
		return nil
	})
	return out, err
}

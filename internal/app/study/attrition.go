package study

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Attrition: a panel member — an IFK or customer of the intensive case
// studies, a respondent of the strategic level interviewed again in wave 2
// — can leave the study: refused further interviews, dropped out, found
// work, could not be reached. The exit is kept in the fieldwork plan
// (qda.Plan.Exits) with its reason and date; the plan counts the person as
// dropped in every later wave of their cell.
//
// Seam with interview refusals: a single arranged interview that is
// refused, or whose consent is withdrawn, is recorded on that interview
// (data protection, app/privacy) and counted by the plan as a refusal of
// that interview. An exit here is about the person and the waves to come;
// recording an exit does not touch the person's interviews, and a
// refused interview does not end the panel membership by itself.

// PanelExit is an exit with the site by name, as shown and entered.
type PanelExit struct {
	Level    qda.Level    `json:"level"`
	Case     string       `json:"case"`
	Person   string       `json:"person"`
	Role     string       `json:"role"`
	Group    string       `json:"group,omitempty"`
	FromWave int          `json:"from_wave"`
	Kind     qda.ExitKind `json:"kind"`
	Date     string       `json:"date"`
	Reason   string       `json:"reason"`
}

// RecordExit records that a panel member leaves the study, in one command.
// The person is named by pseudonym; level, site, role and group default to
// those of the person's latest interview, the first wave missed to the
// wave after it. The person must have been interviewed, and not in the
// first wave missed or later.
func (s *Service) RecordExit(in PanelExit) (*PanelExit, error) {
	in.Person = strings.TrimSpace(in.Person)
	if in.Person == "" {
		return nil, qda.Errorf(qda.EInvalid, "name the person who leaves (pseudonym)")
	}
	var out *PanelExit
	err := s.Write("plan.exit", fmt.Sprintf("%s leaves the study (%s)", in.Person, in.Kind), func(tx app.Tx) error {
		ivs, err := tx.Interviews()
		if err != nil {
			return err
		}
		var caseID qda.GUID
		if in.Case != "" {
			c, err := app.FindCase(tx, in.Case)
			if err != nil {
				return err
			}
			caseID = c.GUID
		}
		var last *qda.Interview
		for i := range ivs {
			iv := &ivs[i]
			if !strings.EqualFold(iv.Interviewee, in.Person) || caseID != "" && iv.Case != caseID || in.Level != "" && iv.Level != in.Level {
				continue
			}
			if last == nil || iv.Wave > last.Wave || iv.Wave == last.Wave && iv.Date.After(last.Date) {
				last = iv
			}
		}
		if last == nil {
			return qda.Errorf(qda.ENotFound, "%s was never interviewed%s; an exit is recorded for a panel member", in.Person, where(in))
		}
		x := qda.PanelExit{Level: last.Level, Case: last.Case, Person: last.Interviewee, Role: last.Role, Group: in.Group,
			FromWave: in.FromWave, Kind: in.Kind, Date: in.Date, Reason: strings.TrimSpace(in.Reason)}
		if in.Role != "" {
			x.Role = in.Role
		}
		if x.Group == "" {
			defs, err := tx.AttributeDefs()
			if err != nil {
				return err
			}
			x.Group = app.AttrValue(defs, qda.ScopeInterview, app.AttrGroup, last.Attributes)
		}
		if x.FromWave == 0 {
			x.FromWave = last.Wave + 1
		}
		if x.Date == "" {
			x.Date = s.Now().UTC().Format(time.DateOnly)
		}
		for _, iv := range ivs {
			if iv.Case == x.Case && iv.Level == x.Level && strings.EqualFold(iv.Interviewee, x.Person) && iv.Wave >= x.FromWave {
				return qda.Errorf(qda.EConflict, "%s was interviewed in wave %d; an exit from wave %d on contradicts it", x.Person, iv.Wave, x.FromWave)
			}
		}
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		np := *p
		np.Exits = append(append([]qda.PanelExit(nil), p.Exits...), x)
		if err := np.Validate(); err != nil {
			return err
		}
		if err := tx.PutPlan(&np); err != nil {
			return err
		}
		names, err := caseNames(tx)
		if err != nil {
			return err
		}
		e := exitOf(x, names)
		out = &e
		return nil
	})
	return out, err
}

func where(in PanelExit) string {
	var parts []string
	if in.Case != "" {
		parts = append(parts, "at "+in.Case)
	}
	if in.Level != "" {
		parts = append(parts, "on the "+string(in.Level)+" level")
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + strings.Join(parts, " ")
}

// RemoveExit takes back a recorded exit (the person returns to the panel),
// in one command.
func (s *Service) RemoveExit(person, site string) error {
	return s.Write("plan.exit.remove", "take back the exit of "+person, func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		var caseID qda.GUID
		if site != "" {
			c, err := app.FindCase(tx, site)
			if err != nil {
				return err
			}
			caseID = c.GUID
		}
		np := *p
		np.Exits = nil
		n := 0
		for _, x := range p.Exits {
			if strings.EqualFold(x.Person, strings.TrimSpace(person)) && (caseID == "" || x.Case == caseID) {
				n++
				continue
			}
			np.Exits = append(np.Exits, x)
		}
		switch {
		case n == 0:
			return qda.Errorf(qda.ENotFound, "no exit recorded for %s", person)
		case n > 1:
			return qda.Errorf(qda.EInvalid, "%s left the study at %d sites; name the site", person, n)
		}
		return tx.PutPlan(&np)
	})
}

// Exits returns the recorded exits, by level, site and person.
func (s *Service) Exits() ([]PanelExit, error) {
	var out []PanelExit
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		names, err := caseNames(tx)
		out = exitsOf(p, names)
		return err
	})
	return out, err
}

func exitOf(x qda.PanelExit, names map[qda.GUID]string) PanelExit {
	return PanelExit{Level: x.Level, Case: names[x.Case], Person: x.Person, Role: x.Role, Group: x.Group,
		FromWave: x.FromWave, Kind: x.Kind, Date: x.Date, Reason: x.Reason}
}

func exitsOf(p *qda.Plan, names map[qda.GUID]string) []PanelExit {
	var out []PanelExit
	for _, x := range p.Exits {
		out = append(out, exitOf(x, names))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Level != b.Level {
			return app.LevelRank(a.Level) < app.LevelRank(b.Level)
		}
		if a.Case != b.Case {
			return a.Case < b.Case
		}
		return a.Person < b.Person
	})
	return out
}

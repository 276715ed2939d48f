package study

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// PlanInput is a plan row as entered, with the case by pseudonym.
type PlanInput struct {
	Level    qda.Level
	Case     string
	Wave     int
	Role     string
	Group    string
	Planned  int
	Optional bool
	Note     string
}

// ImportPlan replaces the fieldwork plan, in one command.
func (s *Service) ImportPlan(rows []PlanInput) (int, error) {
	err := s.Write("plan.import", fmt.Sprintf("import fieldwork plan (%d rows)", len(rows)), func(tx app.Tx) error {
		old, err := tx.Plan()
		if err != nil {
			return err
		}
		p := &qda.Plan{Windows: old.Windows, Exits: old.Exits, Deliverables: old.Deliverables}
		for i, r := range rows {
			c, err := app.FindCase(tx, r.Case)
			if err != nil {
				return qda.Errorf(qda.EInvalid, "plan row %d: %s", i+1, qda.ErrorMessage(err))
			}
			p.Rows = append(p.Rows, qda.PlanRow{Level: r.Level, Case: c.GUID, Wave: r.Wave, Role: r.Role, Group: r.Group,
				Planned: r.Planned, Optional: r.Optional, Note: r.Note})
		}
		if err := p.Validate(); err != nil {
			return err
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
			out = append(out, PlanInput{Level: r.Level, Case: names[r.Case], Wave: r.Wave, Role: r.Role, Group: r.Group,
				Planned: r.Planned, Optional: r.Optional, Note: r.Note})
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
	Group     string    `json:"group,omitempty"`
	Planned   int       `json:"planned"`
	Optional  int       `json:"optional"`
	Conducted int       `json:"conducted"` // people interviewed (registered, not refused), each once
	Complete  int       `json:"complete"`  // of them, with every protocol complete, checked or final
	Final     int       `json:"final"`     // of them, with every protocol final
	// Refused counts planned interviews the interviewee declined; they are
	// not conducted, so the slot stays missing until someone else is
	// interviewed.
	Refused int `json:"refused"`
	Dropped int `json:"dropped"` // panel members lost before this wave (see Exits)
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
	// Windows are the planned periods of the waves.
	Windows []qda.WaveWindow `json:"windows,omitempty"`
	// Timing lists the interviews outside their wave's window and the
	// panel members interviewed again sooner than the window allows.
	Timing []TimingIssue `json:"timing,omitempty"`
	// Exits are the panel members lost to the study (attrition).
	Exits []PanelExit `json:"exits,omitempty"`
}

// Timing problems.
const (
	TimingOutside = "outside" // the date lies outside the wave's window
	TimingGap     = "gap"     // too soon after the person's previous wave
	TimingNoDate  = "no date" // a registered interview without a date
)

// TimingIssue is an interview whose date does not fit the plan.
type TimingIssue struct {
	Kind        string    `json:"kind"`
	Level       qda.Level `json:"level"`
	Wave        int       `json:"wave"`
	Case        string    `json:"case"`
	Role        string    `json:"role"`
	Interviewee string    `json:"interviewee"`
	Date        string    `json:"date,omitempty"`
	// Detail says what was expected: the window, or the previous date and
	// the gap in months.
	Detail string `json:"detail"`
	// The same, for a view to word: the window, and for a gap the date of
	// the previous wave's interview, the gap and the least gap planned.
	WindowFrom   string  `json:"window_from,omitempty"`
	WindowTo     string  `json:"window_to,omitempty"`
	PrevDate     string  `json:"prev_date,omitempty"`
	GapMonths    float64 `json:"gap_months,omitempty"`
	MinGapMonths int     `json:"min_gap_months,omitempty"`
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
		group string
	}
	var plan *qda.Plan
	var ivs []qda.Interview
	var names map[qda.GUID]string
	cells := map[key]*PlanCell{}
	var order []key
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		plan = p
		if names, err = caseNames(tx); err != nil {
			return err
		}
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		// Roles the plan divides into groups: their interviews are
		// counted in the cell of their group.
		grouped := map[key]bool{}
		for _, r := range p.Rows {
			if r.Group != "" {
				grouped[key{r.Level, r.Case, r.Wave, r.Role, ""}] = true
			}
		}
		get := func(k key) *PlanCell {
			if c := cells[k]; c != nil {
				return c
			}
			c := &PlanCell{Level: k.level, Case: names[k.cse], Wave: k.wave, Role: k.role, Group: k.group}
			cells[k] = c
			order = append(order, k)
			return c
		}
		for _, r := range p.Rows {
			c := get(key{r.Level, r.Case, r.Wave, r.Role, r.Group})
			if r.Optional {
				c.Optional += r.Planned
			} else {
				c.Planned += r.Planned
			}
		}
		if ivs, err = tx.Interviews(); err != nil {
			return err
		}
		// A person counts once per cell, however many interviews they
		// gave in it (an IFK interviewed about each of two customers):
		// complete or final when every one of their interviews is.
		type person struct {
			cell            *PlanCell
			complete, final bool
		}
		persons := map[string]*person{}
		var porder []string
		for _, iv := range ivs {
			k := key{iv.Level, iv.Case, iv.Wave, iv.Role, ""}
			if grouped[k] {
				k.group = app.AttrValue(defs, qda.ScopeInterview, app.AttrGroup, iv.Attributes)
			}
			c := get(k)
			if iv.Consent.Refused != nil {
				// A refused interview (app/privacy records it on the
				// interview) is not conducted.
				c.Refused++
				continue
			}
			pk := fmt.Sprintf("%s\x00%s\x00%d\x00%s\x00%s", iv.Level, iv.Case, iv.Wave, iv.Role, strings.ToLower(iv.Interviewee))
			if strings.TrimSpace(iv.Interviewee) == "" {
				pk = string(iv.GUID)
			}
			p := persons[pk]
			if p == nil {
				p = &person{cell: c, complete: true, final: true}
				persons[pk] = p
				porder = append(porder, pk)
			}
			p.complete = p.complete && iv.Status != qda.StatusDraft
			p.final = p.final && iv.Status == qda.StatusFinal
		}
		// A panel member who left counts as dropped in every later wave
		// the plan has for their cell.
		for _, x := range p.Exits {
			for _, r := range p.Rows {
				if r.Level == x.Level && r.Case == x.Case && r.Role == x.Role && r.Group == x.Group && r.Wave >= x.FromWave && !r.Optional {
					get(key{r.Level, r.Case, r.Wave, r.Role, r.Group}).Dropped++
				}
			}
		}
		for _, pk := range porder {
			p := persons[pk]
			p.cell.Conducted++
			if p.complete {
				p.cell.Complete++
			}
			if p.final {
				p.cell.Final++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	st := &PlanStatus{Windows: plan.Windows, Timing: timingIssues(plan, ivs, names), Exits: exitsOf(plan, names)}
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
		t.Dropped += c.Dropped
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

// timingIssues checks the registered interviews against the wave windows:
// a date outside its window, a missing date where a window is planned, and
// a panel member (the same interviewee on the same level) interviewed
// sooner after their previous wave than the window's least gap.
func timingIssues(p *qda.Plan, ivs []qda.Interview, names map[qda.GUID]string) []TimingIssue {
	var out []TimingIssue
	type person struct {
		level qda.Level
		name  string
	}
	dates := map[person]map[int]time.Time{}
	for _, iv := range ivs {
		if iv.Date.IsZero() || strings.TrimSpace(iv.Interviewee) == "" {
			continue
		}
		k := person{iv.Level, strings.ToLower(iv.Interviewee)}
		if dates[k] == nil {
			dates[k] = map[int]time.Time{}
		}
		if d, ok := dates[k][iv.Wave]; !ok || iv.Date.Before(d) {
			dates[k][iv.Wave] = iv.Date
		}
	}
	// One issue per person, wave and kind: an IFK interviewed about two
	// customers on one day is one late interview, not two.
	reported := map[string]bool{}
	add := func(is TimingIssue) {
		k := fmt.Sprint(is.Kind, "\x00", is.Level, "\x00", is.Wave, "\x00", is.Case, "\x00", strings.ToLower(is.Interviewee), "\x00", is.Date)
		if !reported[k] {
			reported[k] = true
			out = append(out, is)
		}
	}
	for _, iv := range ivs {
		w := p.Window(iv.Level, iv.Wave)
		if w == nil {
			continue
		}
		is := TimingIssue{Level: iv.Level, Wave: iv.Wave, Case: names[iv.Case], Role: iv.Role, Interviewee: iv.Interviewee,
			WindowFrom: w.From, WindowTo: w.To}
		if iv.Date.IsZero() {
			is.Kind, is.Detail = TimingNoDate, "window "+w.From+" – "+w.To
			add(is)
			continue
		}
		is.Date = iv.Date.Format(time.DateOnly)
		if is.Date < w.From || is.Date > w.To {
			is.Kind, is.Detail = TimingOutside, "window "+w.From+" – "+w.To
			add(is)
		}
		if w.MinGapMonths > 0 {
			prev, ok := dates[person{iv.Level, strings.ToLower(iv.Interviewee)}][iv.Wave-1]
			if ok && iv.Date.Before(prev.AddDate(0, w.MinGapMonths, 0)) {
				is.Kind = TimingGap
				is.PrevDate, is.GapMonths, is.MinGapMonths = prev.Format(time.DateOnly), math.Round(monthsBetween(prev, iv.Date)*10)/10, w.MinGapMonths
				is.Detail = fmt.Sprintf("%.1f months after wave %d (%s); at least %d planned",
					monthsBetween(prev, iv.Date), iv.Wave-1, prev.Format(time.DateOnly), w.MinGapMonths)
				add(is)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Level != b.Level {
			return app.LevelRank(a.Level) < app.LevelRank(b.Level)
		}
		if a.Wave != b.Wave {
			return a.Wave < b.Wave
		}
		if a.Case != b.Case {
			return a.Case < b.Case
		}
		return a.Interviewee < b.Interviewee
	})
	return out
}

// monthsBetween is the gap in months, counting a month as 30.44 days.
func monthsBetween(a, b time.Time) float64 {
	return b.Sub(a).Hours() / 24 / 30.44
}

// SetWaveWindow plans (or, with an empty from and to, removes) the window
// of a level's wave, in one command.
func (s *Service) SetWaveWindow(w qda.WaveWindow) error {
	summary := fmt.Sprintf("plan window %s wave %d: %s – %s", w.Level, w.Wave, w.From, w.To)
	return s.Write("plan.window", summary, func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		np := *p
		np.Windows = nil
		for _, o := range p.Windows {
			if o.Level != w.Level || o.Wave != w.Wave {
				np.Windows = append(np.Windows, o)
			}
		}
		if w.From != "" || w.To != "" {
			np.Windows = append(np.Windows, w)
		}
		sort.SliceStable(np.Windows, func(i, j int) bool {
			a, b := np.Windows[i], np.Windows[j]
			if a.Level != b.Level {
				return app.LevelRank(a.Level) < app.LevelRank(b.Level)
			}
			return a.Wave < b.Wave
		})
		if err := np.Validate(); err != nil {
			return err
		}
		return tx.PutPlan(&np)
	})
}

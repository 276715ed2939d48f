package qda

import (
	"fmt"
	"strings"
	"time"
)

// PlanRow is one line of the fieldwork plan ("Mengengerüst"): how many
// interviews are planned for a level, case, wave and role.
type PlanRow struct {
	Level Level `json:"level"`
	// Case is the site's GUID.
	Case GUID   `json:"case"`
	Wave int    `json:"wave"`
	Role string `json:"role"`
	// Group divides a role as the study plans it, e.g. the IFK of the
	// project teams into "Bestandskraft" and "Neueinstellung"; interviews
	// are matched by their interview attribute "Gruppe". Empty: the whole
	// role.
	Group string `json:"group,omitempty"`
	// Planned is the number of interviews.
	Planned int `json:"planned"`
	// Optional marks slots that depend on a condition ("+1 employer service,
	// if present"): they count apart from the required ones.
	Optional bool   `json:"optional,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Plan is the project's fieldwork plan, stored as one aggregate.
type Plan struct {
	Rows []PlanRow `json:"rows"`
	// Windows are the periods in which each level's waves are planned.
	Windows []WaveWindow `json:"windows,omitempty"`
	// Exits record the panel members lost to the study (attrition).
	Exits []PanelExit `json:"exits,omitempty"`
	// Deliverables are the study's reports with their owner, due date
	// and status.
	Deliverables []Deliverable `json:"deliverables,omitempty"`
	// Questions are the evaluation questions the study answers, linked to
	// the codes (and so to the summary cells) that answer them.
	Questions []EvalQuestion `json:"questions,omitempty"`
}

// EvalQuestion is one of the study's evaluation questions (the seed's
// list of what the implementation analysis asks), linked to the codes
// whose segments and summaries answer it.
type EvalQuestion struct {
	// ID is the question's short name, e.g. "F3".
	ID   string `json:"id"`
	Text string `json:"text"`
	// Codes are the linked codes, in order.
	Codes []GUID `json:"codes,omitempty"`
	Note  string `json:"note,omitempty"`
}

// DeliverableKind says what a deliverable reports on.
type DeliverableKind string

// Kinds of deliverables, as the seed's study delivers them.
const (
	// DeliverCaseReport is a case report on one site and level (16
	// strategic, 6 operative in the seed).
	DeliverCaseReport DeliverableKind = "case_report"
	// DeliverIntensiveReport is the report on a site's intensive case
	// studies (6).
	DeliverIntensiveReport DeliverableKind = "intensive_report"
	// DeliverEmployerReport is the report on the employer interviews
	// (A.2.2) across sites.
	DeliverEmployerReport DeliverableKind = "employer_report"
	// DeliverOther is any other report (an interim report).
	DeliverOther DeliverableKind = "other"
)

// DeliverableStatus is where a deliverable stands.
type DeliverableStatus string

// Deliverable states.
const (
	DeliverDraft     DeliverableStatus = "draft"
	DeliverInReview  DeliverableStatus = "in_review"
	DeliverDelivered DeliverableStatus = "delivered"
)

// Deliverable is one report the study owes.
type Deliverable struct {
	// ID is the deliverable's short stable name, e.g. "case_report/strategic/JC-01".
	ID    string          `json:"id"`
	Kind  DeliverableKind `json:"kind"`
	Title string          `json:"title"`
	Level Level           `json:"level,omitempty"`
	// Case is the site's GUID; empty for a report across sites.
	Case   GUID              `json:"case,omitempty"`
	Owner  string            `json:"owner,omitempty"`
	Due    string            `json:"due,omitempty"` // YYYY-MM-DD
	Status DeliverableStatus `json:"status"`
	// Document is the report document, once there is one.
	Document GUID   `json:"document,omitempty"`
	Note     string `json:"note,omitempty"`
}

// ExitKind says why a panel member leaves the study.
type ExitKind string

// Kinds of attrition. A refusal of a single arranged interview (with or
// without withdrawn consent) belongs to that interview, not here: an exit
// means the person is not interviewed again from a wave on.
const (
	ExitRefused     ExitKind = "refused"     // declines any further interview
	ExitDropped     ExitKind = "dropped"     // dropped out (left the programme, moved, …)
	ExitFoundWork   ExitKind = "found_work"  // left benefits for work
	ExitUnreachable ExitKind = "unreachable" // could not be reached
)

// ExitKinds lists the kinds in display order.
var ExitKinds = []ExitKind{ExitRefused, ExitDropped, ExitFoundWork, ExitUnreachable}

// Valid reports whether k is a known kind.
func (k ExitKind) Valid() bool {
	for _, x := range ExitKinds {
		if k == x {
			return true
		}
	}
	return false
}

// PanelExit is one panel member leaving the study: from a wave on, the
// person (by pseudonym, within a level and site) is not interviewed again.
type PanelExit struct {
	Level Level `json:"level"`
	// Case is the site's GUID.
	Case   GUID   `json:"case"`
	Person string `json:"person"`
	// Role and Group are the plan cell the person counted in.
	Role  string `json:"role"`
	Group string `json:"group,omitempty"`
	// FromWave is the first wave the person is missing from.
	FromWave int      `json:"from_wave"`
	Kind     ExitKind `json:"kind"`
	// Date is when the study learnt of it, YYYY-MM-DD.
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// WaveWindow is the planned period of one wave on one level (the seed's
// table headers: wave 1 in the first half of 2014, wave 2 in the second
// half of 2014 or the first of 2015), and the least gap a panel member's
// interview in this wave must keep to their interview in the previous one.
type WaveWindow struct {
	Level Level `json:"level"`
	Wave  int   `json:"wave"`
	// From and To are the first and last day, YYYY-MM-DD.
	From string `json:"from"`
	To   string `json:"to"`
	// MinGapMonths is the least number of months after the person's
	// interview in the previous wave; 0: no check.
	MinGapMonths int    `json:"min_gap_months,omitempty"`
	Note         string `json:"note,omitempty"`
}

// Window returns the window of a level's wave, nil if none is planned.
func (p *Plan) Window(l Level, wave int) *WaveWindow {
	for i := range p.Windows {
		if p.Windows[i].Level == l && p.Windows[i].Wave == wave {
			return &p.Windows[i]
		}
	}
	return nil
}

// Validate checks every row.
func (p *Plan) Validate() error {
	for i, r := range p.Rows {
		if !r.Level.Valid() {
			return Errorf(EInvalid, "plan row %d: unknown level %q", i+1, r.Level)
		}
		if err := validGUID("plan case", r.Case); err != nil {
			return Errorf(EInvalid, "plan row %d: %s", i+1, err.(*Error).Message)
		}
		if r.Wave < 1 || r.Planned < 0 || strings.TrimSpace(r.Role) == "" {
			return Errorf(EInvalid, "plan row %d: needs a wave ≥ 1, a role and a planned count ≥ 0", i+1)
		}
	}
	seen := map[string]bool{}
	for _, w := range p.Windows {
		where := fmt.Sprintf("the window of %s wave %d", w.Level, w.Wave)
		if !w.Level.Valid() || w.Wave < 1 {
			return Errorf(EInvalid, "%s: needs a known level and a wave ≥ 1", where)
		}
		from, err1 := time.Parse(time.DateOnly, w.From)
		to, err2 := time.Parse(time.DateOnly, w.To)
		if err1 != nil || err2 != nil || to.Before(from) {
			return Errorf(EInvalid, "%s: from and to are dates YYYY-MM-DD, from not after to", where)
		}
		if w.MinGapMonths < 0 {
			return Errorf(EInvalid, "%s: the least gap cannot be negative", where)
		}
		k := fmt.Sprint(w.Level, w.Wave)
		if seen[k] {
			return Errorf(EInvalid, "%s is given twice", where)
		}
		seen[k] = true
	}
	exits := map[string]bool{}
	for i, x := range p.Exits {
		where := fmt.Sprintf("exit %d (%s)", i+1, x.Person)
		if !x.Level.Valid() || validGUID("exit case", x.Case) != nil || strings.TrimSpace(x.Person) == "" || strings.TrimSpace(x.Role) == "" {
			return Errorf(EInvalid, "%s: needs a level, a site, a person and a role", where)
		}
		if !x.Kind.Valid() {
			return Errorf(EInvalid, "%s: unknown kind %q (refused, dropped, found_work, unreachable)", where, x.Kind)
		}
		if x.FromWave < 1 {
			return Errorf(EInvalid, "%s: the first wave missed is 1 or more", where)
		}
		if _, err := time.Parse(time.DateOnly, x.Date); err != nil {
			return Errorf(EInvalid, "%s: the date is YYYY-MM-DD, not %q", where, x.Date)
		}
		if strings.TrimSpace(x.Reason) == "" {
			return Errorf(EInvalid, "%s: give the reason", where)
		}
		k := fmt.Sprint(x.Level, x.Case, strings.ToLower(x.Person))
		if exits[k] {
			return Errorf(EInvalid, "%s is recorded as leaving twice", where)
		}
		exits[k] = true
	}
	ids := map[string]bool{}
	for i, d := range p.Deliverables {
		where := fmt.Sprintf("deliverable %d (%s)", i+1, d.ID)
		if strings.TrimSpace(d.ID) == "" || strings.TrimSpace(d.Title) == "" {
			return Errorf(EInvalid, "%s: needs an id and a title", where)
		}
		if ids[d.ID] {
			return Errorf(EInvalid, "%s: the id is used twice", where)
		}
		ids[d.ID] = true
		switch d.Kind {
		case DeliverCaseReport, DeliverIntensiveReport, DeliverEmployerReport, DeliverOther:
		default:
			return Errorf(EInvalid, "%s: unknown kind %q", where, d.Kind)
		}
		switch d.Status {
		case DeliverDraft, DeliverInReview, DeliverDelivered:
		default:
			return Errorf(EInvalid, "%s: the status is draft, in_review or delivered, not %q", where, d.Status)
		}
		if d.Level != "" && !d.Level.Valid() {
			return Errorf(EInvalid, "%s: unknown level %q", where, d.Level)
		}
		if d.Due != "" {
			if _, err := time.Parse(time.DateOnly, d.Due); err != nil {
				return Errorf(EInvalid, "%s: the due date is YYYY-MM-DD, not %q", where, d.Due)
			}
		}
	}
	qids := map[string]bool{}
	for i, q := range p.Questions {
		where := fmt.Sprintf("evaluation question %d (%s)", i+1, q.ID)
		if strings.TrimSpace(q.ID) == "" || strings.ContainsAny(q.ID, " \t\r\n") || strings.TrimSpace(q.Text) == "" {
			return Errorf(EInvalid, "%s: needs an id without spaces and a text", where)
		}
		if qids[strings.ToLower(q.ID)] {
			return Errorf(EInvalid, "%s: the id is used twice", where)
		}
		qids[strings.ToLower(q.ID)] = true
		for _, c := range q.Codes {
			if err := validGUID("evaluation question code", c); err != nil {
				return Errorf(EInvalid, "%s: %s", where, ErrorMessage(err))
			}
		}
	}
	return nil
}

package pairs

import (
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// StartFlag tells whether a customer came to the job centre before or
// after the programme started there.
type StartFlag string

// Start flags.
const (
	StartBefore  StartFlag = "before"
	StartAfter   StartFlag = "after"
	StartUnknown StartFlag = "unknown"
)

// CompareStart flags a customer-since date against a programme start date,
// both YYYY-MM-DD. A customer since the very day of the start counts as
// "after": they came when the programme was already running, which is what
// A.3.2 question 2.1 asks the interviewer to note. A missing or malformed
// date gives "unknown".
func CompareStart(customerSince, programmeStart string) StartFlag {
	since, err1 := time.Parse(time.DateOnly, strings.TrimSpace(customerSince))
	start, err2 := time.Parse(time.DateOnly, strings.TrimSpace(programmeStart))
	if err1 != nil || err2 != nil {
		return StartUnknown
	}
	if since.Before(start) {
		return StartBefore
	}
	return StartAfter
}

// StartInfo is the before/after-start flag of an interview with the dates
// it was derived from.
type StartInfo struct {
	// CustomerSince is the customer-since date, "" if unknown.
	CustomerSince string `json:"customer_since,omitempty"`
	// ProgrammeStart is the site's programme start, "" if unknown.
	ProgrammeStart string `json:"programme_start,omitempty"`
	// FromPair is set when the customer-since date was taken from another
	// interview of the pair (an IFK interview about the customer).
	FromPair string `json:"from_pair,omitempty"`
	// Flag is the result.
	Flag StartFlag `json:"flag"`
}

// StartInfoOf flags an interview: its own customer-since date, or, for an
// interview without one that belongs to a pair, the date of the pair's
// customer interview (the earliest wave that has one), against the
// programme start of the interview's site.
func (s *Service) StartInfoOf(ref string) (StartInfo, error) {
	var out StartInfo
	err := s.View(func(tx app.Tx) error {
		iv, err := app.FindInterviewRef(tx, ref)
		if err != nil {
			return err
		}
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		out.CustomerSince = app.AttrValue(defs, qda.ScopeInterview, app.AttrCustomerSince, iv.Attributes)
		if pid := app.AttrValue(defs, qda.ScopeInterview, app.AttrPair, iv.Attributes); out.CustomerSince == "" && pid != "" {
			ivs, err := tx.Interviews()
			if err != nil {
				return err
			}
			out.CustomerSince = pairCustomerSince(defs, membersOf(defs, ivs, pid))
			if out.CustomerSince != "" {
				out.FromPair = pid
			}
		}
		c, err := tx.Case(iv.Case)
		if err != nil {
			return err
		}
		out.ProgrammeStart = app.AttrValue(defs, qda.ScopeCase, app.AttrProgrammeStart, c.Attributes)
		out.Flag = CompareStart(out.CustomerSince, out.ProgrammeStart)
		return nil
	})
	return out, err
}

// pairCustomerSince returns the customer-since date of the earliest wave
// that has one among a pair's members (sorted by wave).
func pairCustomerSince(defs []qda.AttributeDef, members []qda.Interview) string {
	for _, m := range members {
		if v := app.AttrValue(defs, qda.ScopeInterview, app.AttrCustomerSince, m.Attributes); v != "" {
			return v
		}
	}
	return ""
}

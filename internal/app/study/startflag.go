package study

import (
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Names of the attributes the study design features read. They are looked
// up by name (ignoring case), so a project defines them like any other
// attribute; the English aliases are accepted too.
const (
	// AttrPair is the interview attribute holding the id of an intensive
	// case-study pair (IFK and customer over the waves), e.g. "P-04-1".
	AttrPair = "Paar"
	// AttrCustomerSince is the interview attribute (a date) telling since
	// when the customer is a customer of the job centre (A.3.2, question 2.1).
	AttrCustomerSince = "Kunde seit"
	// AttrProgrammeStart is the case attribute (a date) of the programme's
	// start at the site.
	AttrProgrammeStart = "Programmstart"
	// AttrCustomer is the attribute of an IFK's interview about a customer
	// (A.3.1) in an intensive case with several customers: the customer's
	// pseudonym, e.g. "KU-04-02". Without it the interview is about every
	// customer of the case.
	AttrCustomer = "Kunde"
	// AttrGroup is the interview attribute naming the group of a role the
	// fieldwork plan counts apart, e.g. "Bestandskraft" or
	// "Neueinstellung" for the IFK of the project teams.
	AttrGroup = "Gruppe"
)

// attrAliases lists the accepted names of each study attribute.
var attrAliases = map[string][]string{
	AttrPair:           {AttrPair, "pair"},
	AttrCustomer:       {AttrCustomer, "customer"},
	AttrGroup:          {AttrGroup, "group"},
	AttrCustomerSince:  {AttrCustomerSince, "customer since", "customer_since"},
	AttrProgrammeStart: {AttrProgrammeStart, "programme start", "programme_start", "program start"},
}

// studyAttr finds the definition of a study attribute in a scope, nil if
// the project has none.
func studyAttr(defs []qda.AttributeDef, scope qda.AttrScope, name string) *qda.AttributeDef {
	for _, alias := range attrAliases[name] {
		for i := range defs {
			if defs[i].Scope == scope && strings.EqualFold(defs[i].Name, alias) {
				return &defs[i]
			}
		}
	}
	return nil
}

// attrValue returns the value of a study attribute in vals, "" if unset.
func attrValue(defs []qda.AttributeDef, scope qda.AttrScope, name string, vals map[qda.GUID]string) string {
	if d := studyAttr(defs, scope, name); d != nil {
		return strings.TrimSpace(vals[d.GUID])
	}
	return ""
}

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
		out.CustomerSince = attrValue(defs, qda.ScopeInterview, AttrCustomerSince, iv.Attributes)
		if pid := attrValue(defs, qda.ScopeInterview, AttrPair, iv.Attributes); out.CustomerSince == "" && pid != "" {
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
		out.ProgrammeStart = attrValue(defs, qda.ScopeCase, AttrProgrammeStart, c.Attributes)
		out.Flag = CompareStart(out.CustomerSince, out.ProgrammeStart)
		return nil
	})
	return out, err
}

// pairCustomerSince returns the customer-since date of the earliest wave
// that has one among a pair's members (sorted by wave).
func pairCustomerSince(defs []qda.AttributeDef, members []qda.Interview) string {
	for _, m := range members {
		if v := attrValue(defs, qda.ScopeInterview, AttrCustomerSince, m.Attributes); v != "" {
			return v
		}
	}
	return ""
}

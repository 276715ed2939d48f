package study

import (
	"fmt"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// NewInterview describes an interview to register.
type NewInterview struct {
	Guideline   string // key or GUID
	Role        string // code or label of one of the guideline's roles
	Case        string // pseudonym or GUID
	Wave        int    // 0: the guideline's wave
	Interviewee string
	Interviewer string // member name, initials or GUID; empty: the acting member if they interview
	Date        time.Time
	Consent     qda.Consent
	Recording   qda.RecordingState
	Status      qda.Status // empty: draft
	Attributes  map[string]string
}

// resolveInterview fills an Interview from a NewInterview inside the
// lookup's transaction. The guideline it returns is shared: not to be
// changed.
func (s *Service) resolveInterview(lk *lookup, n NewInterview) (*qda.Interview, *qda.Guideline, error) {
	tx := lk.tx
	g, err := lk.guideline(n.Guideline)
	if err != nil {
		return nil, nil, err
	}
	role, ok := g.FindRole(n.Role)
	if !ok {
		if len(g.Roles) > 0 || n.Role == "" {
			var codes []string
			for _, r := range g.Roles {
				codes = append(codes, r.Code)
			}
			return nil, nil, qda.Errorf(qda.EInvalid, "guideline %s has no role %q (roles: %s)", g.Key, n.Role, strings.Join(codes, ", ")).
				WithKey("guideline.noRole", map[string]any{"Guideline": g.Key, "Role": n.Role, "Roles": strings.Join(codes, ", ")})
		}
		role = n.Role
	}
	c, err := lk.caseOf(n.Case)
	if err != nil {
		return nil, nil, err
	}
	id, err := s.NewGUID()
	if err != nil {
		return nil, nil, err
	}
	iv := &qda.Interview{GUID: id, Guideline: g.GUID, Level: g.Level, Wave: n.Wave, Case: c.GUID, Role: role,
		Interviewee: strings.TrimSpace(n.Interviewee), Date: n.Date, Consent: n.Consent, Recording: n.Recording, Status: n.Status}
	if iv.Wave == 0 {
		iv.Wave = g.Wave
	}
	if iv.Status == "" {
		iv.Status = qda.StatusDraft
	}
	if n.Interviewer != "" {
		u, err := lk.user(n.Interviewer)
		if err != nil {
			return nil, nil, err
		}
		iv.Interviewer = u.GUID
	} else if me, err := tx.User(s.Actor()); err == nil && me.HasRole(qda.MemberInterviewer) {
		// The acting member conducted it, if they interview at all.
		iv.Interviewer = me.GUID
	}
	if iv.Attributes, err = setAttrs(tx, qda.ScopeInterview, nil, n.Attributes); err != nil {
		return nil, nil, err
	}
	if err := iv.Validate(); err != nil {
		return nil, nil, err
	}
	return iv, g, s.CheckInterview(tx, iv)
}

// checkArrivesFinal runs the final gate on an interview that is registered
// or imported with the status final (its protocol, if any, written in tx):
// a status given on the way in passes the same check as SetStatus.
func (s *Service) checkArrivesFinal(tx app.Tx, iv *qda.Interview) error {
	if iv.Status != qda.StatusFinal {
		return nil
	}
	if err := s.CheckFinal(tx, iv); err != nil {
		return fmt.Errorf("%s cannot come in as final (give it the status checked and make it final when it passes): %w", iv.Interviewee, err)
	}
	return nil
}

// AddInterview registers an interview without a protocol yet.
func (s *Service) AddInterview(n NewInterview) (*qda.Interview, error) {
	var iv *qda.Interview
	err := s.Write("interview.add", "register interview "+n.Interviewee, func(tx app.Tx) (err error) {
		if iv, _, err = s.resolveInterview(s.newLookup(tx), n); err != nil {
			return err
		}
		if err := s.checkArrivesFinal(tx, iv); err != nil {
			return err
		}
		return tx.PutInterview(iv)
	})
	return iv, err
}

// SetStatus moves an interview's protocol to another status. Moving a final
// protocol back is recorded as a reopening.
func (s *Service) SetStatus(ref string, to qda.Status) (*qda.Interview, error) {
	var iv *qda.Interview
	kind := "interview.status"
	err := s.View(func(tx app.Tx) (err error) { iv, err = app.FindInterview(tx, ref); return err })
	if err != nil {
		return nil, err
	}
	if iv.Status == qda.StatusFinal && to != qda.StatusFinal {
		kind = "interview.reopen"
	}
	err = s.Write(kind, fmt.Sprintf("interview %s: %s → %s", iv.Interviewee, iv.Status, to), func(tx app.Tx) (err error) {
		if iv, err = tx.Interview(iv.GUID); err != nil {
			return err
		}
		if err := qda.CheckTransition(iv.Status, to); err != nil {
			return err
		}
		if to == qda.StatusFinal {
			if err := s.CheckFinal(tx, iv); err != nil {
				return err
			}
		}
		iv.Status = to
		return tx.PutInterview(iv)
	})
	return iv, err
}

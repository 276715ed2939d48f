package app

import (
	"fmt"
	"strings"
	"time"

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

// resolveInterview fills an Interview from a NewInterview inside tx.
func (s *Service) resolveInterview(tx Tx, n NewInterview) (*qda.Interview, *qda.Guideline, error) {
	g, err := findGuideline(tx, n.Guideline)
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
			return nil, nil, qda.Errorf(qda.EInvalid, "guideline %s has no role %q (roles: %s)", g.Key, n.Role, strings.Join(codes, ", "))
		}
		role = n.Role
	}
	c, err := findCase(tx, n.Case)
	if err != nil {
		return nil, nil, err
	}
	id, err := s.newGUID()
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
		u, err := findUser(tx, n.Interviewer)
		if err != nil {
			return nil, nil, err
		}
		iv.Interviewer = u.GUID
	} else if me, err := tx.User(s.actor()); err == nil && me.HasRole(qda.MemberInterviewer) {
		// The acting member conducted it, if they interview at all.
		iv.Interviewer = me.GUID
	}
	if iv.Attributes, err = setAttrs(tx, qda.ScopeInterview, nil, n.Attributes); err != nil {
		return nil, nil, err
	}
	return iv, g, iv.Validate()
}

func findUser(tx Tx, ref string) (*qda.User, error) {
	if u, err := tx.User(qda.GUID(ref)); err == nil {
		return u, nil
	}
	us, err := tx.Users()
	if err != nil {
		return nil, err
	}
	if u := matchMember(us, ref); u != nil {
		return u, nil
	}
	return nil, qda.Errorf(qda.ENotFound, "%q is not a member of this project (add members with: %s)", ref, AddMemberHint)
}

// AddInterview registers an interview without a protocol yet.
func (s *Service) AddInterview(n NewInterview) (*qda.Interview, error) {
	var iv *qda.Interview
	err := s.write("interview.add", "register interview "+n.Interviewee, func(tx Tx) (err error) {
		if iv, _, err = s.resolveInterview(tx, n); err != nil {
			return err
		}
		return tx.PutInterview(iv)
	})
	return iv, err
}

// Interview returns an interview by GUID, interviewee pseudonym or
// "PSEUDONYM@WAVE".
func (s *Service) Interview(ref string) (*qda.Interview, error) {
	var iv *qda.Interview
	err := s.store.View(func(tx Tx) (err error) { iv, err = findInterviewRef(tx, ref); return err })
	return iv, err
}

func findInterview(tx Tx, ref string) (*qda.Interview, error) {
	if iv, err := tx.Interview(qda.GUID(ref)); err == nil {
		return iv, nil
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	var hits []*qda.Interview
	for i := range ivs {
		if strings.EqualFold(ivs[i].Interviewee, ref) {
			hits = append(hits, &ivs[i])
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return nil, qda.Errorf(qda.ENotFound, "no interview %q", ref)
	default:
		return nil, qda.Errorf(qda.EInvalid, "%d interviews have the interviewee %q; use the GUID or %s@WAVE", len(hits), ref, ref)
	}
}

// SetStatus moves an interview's protocol to another status. Moving a final
// protocol back is recorded as a reopening.
func (s *Service) SetStatus(ref string, to qda.Status) (*qda.Interview, error) {
	var iv *qda.Interview
	kind := "interview.status"
	err := s.store.View(func(tx Tx) (err error) { iv, err = findInterview(tx, ref); return err })
	if err != nil {
		return nil, err
	}
	if iv.Status == qda.StatusFinal && to != qda.StatusFinal {
		kind = "interview.reopen"
	}
	err = s.write(kind, fmt.Sprintf("interview %s: %s → %s", iv.Interviewee, iv.Status, to), func(tx Tx) (err error) {
		if iv, err = tx.Interview(iv.GUID); err != nil {
			return err
		}
		if err := qda.CheckTransition(iv.Status, to); err != nil {
			return err
		}
		if to == qda.StatusFinal {
			if err := s.anonGate(tx, iv); err != nil {
				return err
			}
		}
		iv.Status = to
		return tx.PutInterview(iv)
	})
	return iv, err
}

// ProtocolOf returns the protocol document of an interview, if any.
func (s *Service) ProtocolOf(iv qda.GUID) (*qda.Document, error) {
	var out *qda.Document
	err := s.store.View(func(tx Tx) error {
		d, err := protocolOf(tx, iv)
		out = d
		return err
	})
	return out, err
}

func protocolOf(tx Tx, iv qda.GUID) (*qda.Document, error) {
	docs, err := tx.Documents()
	if err != nil {
		return nil, err
	}
	for i := range docs {
		if docs[i].Interview == iv && docs[i].Kind == qda.KindProtocol {
			return &docs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "interview %s has no protocol yet", iv)
}

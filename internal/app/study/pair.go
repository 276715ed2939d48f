package study

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// A pair of the intensive case studies is an integration specialist (IFK)
// interviewed about a customer (A.3.1) and that customer (A.3.2), in every
// wave. It is stored as the interview attribute AttrPair ("Paar") on each
// member, the same value the sample project's protocols carry in their
// front matter, so pairs survive export and need no store change. Linking
// creates the attribute definition when the project lacks it, in the same
// command.

// PairMember is one interview of a pair.
type PairMember struct {
	Interview   qda.GUID   `json:"interview"`
	Interviewee string     `json:"interviewee"`
	Guideline   string     `json:"guideline"`
	Role        string     `json:"role"`
	Wave        int        `json:"wave"`
	Date        string     `json:"date,omitempty"`
	Status      qda.Status `json:"status"`
	// Side is 0 for the first role of the pair (the IFK), 1 for the second
	// (the customer): roles are ordered by their guideline's key.
	Side  int       `json:"side"`
	Start StartInfo `json:"start"`
}

// Pair is a linked IFK–customer pair with its interviews over the waves.
type Pair struct {
	ID   string `json:"id"`
	Case string `json:"case"`
	// Roles are the role codes of side 0 and side 1 (one may be empty).
	Roles [2]string `json:"roles"`
	// Start is the pair's flag: the customer-since date of the earliest
	// wave that has one, against the site's programme start.
	Start   StartInfo    `json:"start"`
	Members []PairMember `json:"members"`
}

// Member returns the member of a side and wave, nil if there is none.
func (p *Pair) Member(side, wave int) *PairMember {
	for i := range p.Members {
		if p.Members[i].Side == side && p.Members[i].Wave == wave {
			return &p.Members[i]
		}
	}
	return nil
}

// Waves returns the waves the pair's members cover, ascending.
func (p *Pair) Waves() []int {
	var ws []int
	for _, m := range p.Members {
		if len(ws) == 0 || ws[len(ws)-1] != m.Wave {
			ws = append(ws, m.Wave)
		}
	}
	return ws
}

// membersOf returns the interviews of pair id, sorted by wave and role.
func membersOf(defs []qda.AttributeDef, ivs []qda.Interview, id string) []qda.Interview {
	var out []qda.Interview
	for _, iv := range ivs {
		if v := attrValue(defs, qda.ScopeInterview, AttrPair, iv.Attributes); v != "" && strings.EqualFold(v, id) {
			out = append(out, iv)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Wave != out[j].Wave {
			return out[i].Wave < out[j].Wave
		}
		return out[i].Role < out[j].Role
	})
	return out
}

// checkPair reports why interviews cannot form one pair: they must belong
// to one site, have at most two roles and one interview per role and wave.
func checkPair(members []qda.Interview) error {
	roles := map[string]bool{}
	seen := map[string]string{}
	for _, m := range members {
		if m.Case != members[0].Case {
			return qda.Errorf(qda.EInvalid, "%s and %s belong to different sites; a pair stays within one site", members[0].Interviewee, m.Interviewee)
		}
		roles[m.Role] = true
		k := fmt.Sprintf("%s@%d", m.Role, m.Wave)
		if o, ok := seen[k]; ok {
			return qda.Errorf(qda.EConflict, "the pair would hold two %s interviews in wave %d (%s and %s)", m.Role, m.Wave, o, m.Interviewee)
		}
		seen[k] = m.Interviewee
	}
	if len(roles) > 2 {
		return qda.Errorf(qda.EInvalid, "a pair links two roles (IFK and customer), not %d", len(roles))
	}
	return nil
}

// buildPair describes pair id from its members.
func buildPair(tx app.Tx, defs []qda.AttributeDef, id string, members []qda.Interview) (*Pair, error) {
	p := &Pair{ID: id}
	if len(members) == 0 {
		return nil, qda.Errorf(qda.ENotFound, "no pair %q", id)
	}
	p.ID = attrValue(defs, qda.ScopeInterview, AttrPair, members[0].Attributes)
	c, err := tx.Case(members[0].Case)
	if err != nil {
		return nil, err
	}
	p.Case = c.Name
	start := attrValue(defs, qda.ScopeCase, AttrProgrammeStart, c.Attributes)
	keys := map[qda.GUID]string{}
	roleKey := map[string]string{}
	for _, m := range members {
		if _, ok := keys[m.Guideline]; !ok {
			if g, err := tx.Guideline(m.Guideline); err == nil {
				keys[m.Guideline] = g.Key
			}
		}
		if k, ok := roleKey[m.Role]; !ok || keys[m.Guideline] < k {
			roleKey[m.Role] = keys[m.Guideline]
		}
	}
	var roles []string
	for r := range roleKey {
		roles = append(roles, r)
	}
	sort.Slice(roles, func(i, j int) bool {
		if roleKey[roles[i]] != roleKey[roles[j]] {
			return roleKey[roles[i]] < roleKey[roles[j]]
		}
		return roles[i] < roles[j]
	})
	copy(p.Roles[:], roles)
	since := pairCustomerSince(defs, members)
	p.Start = StartInfo{CustomerSince: since, ProgrammeStart: start, Flag: CompareStart(since, start)}
	for _, m := range members {
		pm := PairMember{Interview: m.GUID, Interviewee: m.Interviewee, Guideline: keys[m.Guideline], Role: m.Role,
			Wave: m.Wave, Status: m.Status}
		if len(roles) > 1 && m.Role == roles[1] {
			pm.Side = 1
		}
		if !m.Date.IsZero() {
			pm.Date = m.Date.Format(time.DateOnly)
		}
		pm.Start = StartInfo{CustomerSince: attrValue(defs, qda.ScopeInterview, AttrCustomerSince, m.Attributes), ProgrammeStart: start}
		if pm.Start.CustomerSince == "" && since != "" {
			pm.Start.CustomerSince, pm.Start.FromPair = since, p.ID
		}
		pm.Start.Flag = CompareStart(pm.Start.CustomerSince, start)
		p.Members = append(p.Members, pm)
	}
	sort.SliceStable(p.Members, func(i, j int) bool {
		if p.Members[i].Wave != p.Members[j].Wave {
			return p.Members[i].Wave < p.Members[j].Wave
		}
		return p.Members[i].Side < p.Members[j].Side
	})
	return p, nil
}

// findPair resolves a pair by its id or by one of its interviews.
func findPair(tx app.Tx, ref string) (*Pair, error) {
	defs, err := tx.AttributeDefs()
	if err != nil {
		return nil, err
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	id := strings.TrimSpace(ref)
	if len(membersOf(defs, ivs, id)) == 0 {
		iv, err := app.FindInterviewRef(tx, ref)
		if err != nil {
			if qda.ErrorCode(err) == qda.ENotFound {
				return nil, qda.Errorf(qda.ENotFound, "no pair or interview %q", ref)
			}
			return nil, err
		}
		if id = attrValue(defs, qda.ScopeInterview, AttrPair, iv.Attributes); id == "" {
			return nil, qda.Errorf(qda.ENotFound, "interview %s (wave %d) belongs to no pair", iv.Interviewee, iv.Wave)
		}
	}
	return buildPair(tx, defs, id, membersOf(defs, ivs, id))
}

// Pair returns a pair by its id or by one of its interviews.
func (s *Service) Pair(ref string) (*Pair, error) {
	var p *Pair
	err := s.View(func(tx app.Tx) (err error) { p, err = findPair(tx, ref); return err })
	return p, err
}

// Pairs returns every pair, sorted by site and id.
func (s *Service) Pairs() ([]Pair, error) {
	var out []Pair
	err := s.View(func(tx app.Tx) error {
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		ivs, err := tx.Interviews()
		if err != nil {
			return err
		}
		ids := map[string]bool{}
		for _, iv := range ivs {
			if v := attrValue(defs, qda.ScopeInterview, AttrPair, iv.Attributes); v != "" && !ids[strings.ToLower(v)] {
				ids[strings.ToLower(v)] = true
				p, err := buildPair(tx, defs, v, membersOf(defs, ivs, v))
				if err != nil {
					return err
				}
				out = append(out, *p)
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Case != out[j].Case {
			return out[i].Case < out[j].Case
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

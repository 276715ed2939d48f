package pairs

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// A pair — an intensive case study — is an integration specialist (IFK)
// interviewed about their customers (A.3.1) and those customers (A.3.2),
// in every wave; the study follows two customers per IFK. The IFK is
// interviewed about each customer in a separate interview, which names
// the customer in the interview attribute app.AttrCustomer ("Kunde"); an IFK
// interview without it is about every customer of the case. The pair
// itself is It is stored as the interview attribute app.AttrPair ("Paar") on each
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
	Side int `json:"side"`
	// Customer is the customer the interview is about: the customer's own
	// pseudonym on side 1, the app.AttrCustomer value on side 0 (empty: every
	// customer of the case).
	Customer string    `json:"customer,omitempty"`
	Start    StartInfo `json:"start"`
}

// Pair is a linked IFK–customer pair with its interviews over the waves.
type Pair struct {
	ID   string `json:"id"`
	Case string `json:"case"`
	// Roles are the role codes of side 0 and side 1 (one may be empty).
	Roles [2]string `json:"roles"`
	// Start is the pair's flag: the customer-since date of the earliest
	// wave that has one, against the site's programme start.
	Start StartInfo `json:"start"`
	// Customers are the pseudonyms of the case's customers (side 1), in
	// order; empty while no customer interview is linked.
	Customers []string     `json:"customers,omitempty"`
	Members   []PairMember `json:"members"`
}

// Member returns the member of a side and wave, nil if there is none; with
// several customers, the first one's.
func (p *Pair) Member(side, wave int) *PairMember {
	for i := range p.Members {
		if p.Members[i].Side == side && p.Members[i].Wave == wave {
			return &p.Members[i]
		}
	}
	return nil
}

// MemberFor returns the member of a side and wave about a customer: the
// customer's own interview on side 1, the IFK's interview about the
// customer (or about every customer) on side 0; nil if there is none. An
// empty customer matches any member of the side and wave.
func (p *Pair) MemberFor(side, wave int, customer string) *PairMember {
	var general *PairMember
	for i := range p.Members {
		m := &p.Members[i]
		if m.Side != side || m.Wave != wave {
			continue
		}
		switch {
		case customer == "" || strings.EqualFold(m.Customer, customer):
			return m
		case side == 0 && m.Customer == "" && general == nil:
			general = m
		}
	}
	return general
}

// Persons returns how many different people the members of a side and
// wave are: an IFK interviewed about two customers is one person.
func (p *Pair) Persons(side, wave int) int {
	seen := map[string]bool{}
	for _, m := range p.Members {
		if m.Side == side && m.Wave == wave {
			seen[strings.ToLower(m.Interviewee)] = true
		}
	}
	return len(seen)
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
		if v := app.AttrValue(defs, qda.ScopeInterview, app.AttrPair, iv.Attributes); v != "" && strings.EqualFold(v, id) {
			out = append(out, iv)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Wave != out[j].Wave {
			return out[i].Wave < out[j].Wave
		}
		if out[i].Role != out[j].Role {
			return out[i].Role < out[j].Role
		}
		return out[i].Interviewee < out[j].Interviewee
	})
	return out
}

// checkPair reports why interviews cannot form one pair: they must belong
// to one site and have at most two roles. The first role (by guideline
// key: the IFK's A.3.1) is one person per wave; the second (the customers)
// any number of people, each interviewed once per wave. Each IFK
// interview of a wave needs its own subject — the customer it names in
// app.AttrCustomer — so that an IFK can be interviewed about two customers but
// not twice about the same one.
func checkPair(tx app.Tx, defs []qda.AttributeDef, members []qda.Interview) error {
	roles := map[string]string{} // role → smallest guideline key
	for _, m := range members {
		if m.Case != members[0].Case {
			return qda.Errorf(qda.EInvalid, "%s and %s belong to different sites; a pair stays within one site", members[0].Interviewee, m.Interviewee)
		}
		key := ""
		if g, err := tx.Guideline(m.Guideline); err == nil {
			key = g.Key
		}
		if k, ok := roles[m.Role]; !ok || key < k {
			roles[m.Role] = key
		}
	}
	if len(roles) > 2 {
		return qda.Errorf(qda.EInvalid, "a pair links two roles (IFK and customer), not %d", len(roles))
	}
	first := ""
	for r, k := range roles {
		if first == "" || k < roles[first] || k == roles[first] && r < first {
			first = r
		}
	}
	if len(roles) < 2 {
		first = "" // one role so far: its side is not known yet
	}
	person := map[int]string{} // wave → the first role's interviewee
	seen := map[string]string{}
	for _, m := range members {
		subject := m.Interviewee
		if m.Role == first {
			if o, ok := person[m.Wave]; ok && !strings.EqualFold(o, m.Interviewee) {
				return qda.Errorf(qda.EConflict, "the pair already has %s as its %s in wave %d; %s would be a second", o, m.Role, m.Wave, m.Interviewee)
			}
			person[m.Wave] = m.Interviewee
			if c := app.AttrValue(defs, qda.ScopeInterview, app.AttrCustomer, m.Attributes); c != "" {
				subject = c
			}
		}
		k := fmt.Sprintf("%s@%d@%s", m.Role, m.Wave, strings.ToLower(subject))
		if o, ok := seen[k]; ok {
			if m.Role == first {
				return qda.Errorf(qda.EConflict, "the pair would hold two %s interviews of %s in wave %d about the same customer; name the customer of each in the interview attribute %q", m.Role, o, m.Wave, app.AttrCustomer)
			}
			return qda.Errorf(qda.EConflict, "the pair would hold two %s interviews of %s in wave %d", m.Role, o, m.Wave)
		}
		seen[k] = m.Interviewee
	}
	return nil
}

// buildPair describes pair id from its members.
func buildPair(tx app.Tx, defs []qda.AttributeDef, id string, members []qda.Interview) (*Pair, error) {
	p := &Pair{ID: id}
	if len(members) == 0 {
		return nil, qda.Errorf(qda.ENotFound, "no pair %q", id)
	}
	p.ID = app.AttrValue(defs, qda.ScopeInterview, app.AttrPair, members[0].Attributes)
	c, err := tx.Case(members[0].Case)
	if err != nil {
		return nil, err
	}
	p.Case = c.Name
	start := app.AttrValue(defs, qda.ScopeCase, app.AttrProgrammeStart, c.Attributes)
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
	sinceOf := map[string]string{} // customer → customer-since date
	for _, m := range members {
		if v := app.AttrValue(defs, qda.ScopeInterview, app.AttrCustomerSince, m.Attributes); v != "" && sinceOf[strings.ToLower(m.Interviewee)] == "" {
			sinceOf[strings.ToLower(m.Interviewee)] = v
		}
	}
	p.Start = StartInfo{CustomerSince: since, ProgrammeStart: start, Flag: CompareStart(since, start)}
	for _, m := range members {
		pm := PairMember{Interview: m.GUID, Interviewee: m.Interviewee, Guideline: keys[m.Guideline], Role: m.Role,
			Wave: m.Wave, Status: m.Status}
		if len(roles) > 1 && m.Role == roles[1] {
			pm.Side = 1
		}
		if pm.Side == 1 {
			pm.Customer = m.Interviewee
			if !slices.ContainsFunc(p.Customers, func(c string) bool { return strings.EqualFold(c, m.Interviewee) }) {
				p.Customers = append(p.Customers, m.Interviewee)
			}
		} else {
			pm.Customer = app.AttrValue(defs, qda.ScopeInterview, app.AttrCustomer, m.Attributes)
		}
		if !m.Date.IsZero() {
			pm.Date = m.Date.Format(time.DateOnly)
		}
		pm.Start = StartInfo{CustomerSince: app.AttrValue(defs, qda.ScopeInterview, app.AttrCustomerSince, m.Attributes), ProgrammeStart: start}
		if pm.Start.CustomerSince == "" {
			// The IFK's interview about a customer takes that customer's
			// date; one about every customer, the pair's.
			if v := sinceOf[strings.ToLower(pm.Customer)]; v != "" {
				pm.Start.CustomerSince, pm.Start.FromPair = v, p.ID
			} else if since != "" {
				pm.Start.CustomerSince, pm.Start.FromPair = since, p.ID
			}
		}
		pm.Start.Flag = CompareStart(pm.Start.CustomerSince, start)
		p.Members = append(p.Members, pm)
	}
	sort.Strings(p.Customers)
	sort.SliceStable(p.Members, func(i, j int) bool {
		if p.Members[i].Wave != p.Members[j].Wave {
			return p.Members[i].Wave < p.Members[j].Wave
		}
		if p.Members[i].Side != p.Members[j].Side {
			return p.Members[i].Side < p.Members[j].Side
		}
		return p.Members[i].Customer < p.Members[j].Customer
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
		if id = app.AttrValue(defs, qda.ScopeInterview, app.AttrPair, iv.Attributes); id == "" {
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
			if v := app.AttrValue(defs, qda.ScopeInterview, app.AttrPair, iv.Attributes); v != "" && !ids[strings.ToLower(v)] {
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

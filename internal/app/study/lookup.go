package study

import (
	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// lookup answers the reads that registering an interview and importing its
// protocol make inside one command (the guideline by key, its questions
// for a role, the site, the interviewer, the codes of the questions) and
// remembers every answer for the rest of the command. A folder import of
// many protocols then reads and decodes each guideline, site, member and
// code once per command instead of once per protocol. The command changes
// none of them; what it remembers is never changed either (protocols share
// it).
type lookup struct {
	s          *Service
	tx         app.Tx
	guidelines map[string]*qda.Guideline
	forRole    map[roleOf]*qda.Guideline // nil: the role has no view of its own
	cases      map[string]*qda.Case
	users      map[string]*qda.User
	codes      map[qda.GUID]*qda.Code // by question
}

// roleOf names a guideline's view for one role.
type roleOf struct {
	guideline qda.GUID
	role      string
}

// newLookup returns a lookup for tx, the transaction of one command.
func (s *Service) newLookup(tx app.Tx) *lookup {
	return &lookup{s: s, tx: tx, guidelines: map[string]*qda.Guideline{}, forRole: map[roleOf]*qda.Guideline{},
		cases: map[string]*qda.Case{}, users: map[string]*qda.User{}, codes: map[qda.GUID]*qda.Code{}}
}

// guideline is Service.FindGuideline.
func (l *lookup) guideline(ref string) (*qda.Guideline, error) {
	if g, ok := l.guidelines[ref]; ok {
		return g, nil
	}
	g, err := l.s.FindGuideline(l.tx, ref)
	if err != nil {
		return nil, err
	}
	l.guidelines[ref] = g
	return g, nil
}

// roleView is g.ForRole(role), nil where it fails.
func (l *lookup) roleView(g *qda.Guideline, role string) *qda.Guideline {
	k := roleOf{g.GUID, role}
	if fg, ok := l.forRole[k]; ok {
		return fg
	}
	fg, err := g.ForRole(role)
	if err != nil {
		fg = nil
	}
	l.forRole[k] = fg
	return fg
}

// caseOf is app.FindCase.
func (l *lookup) caseOf(ref string) (*qda.Case, error) {
	if c, ok := l.cases[ref]; ok {
		return c, nil
	}
	c, err := app.FindCase(l.tx, ref)
	if err != nil {
		return nil, err
	}
	l.cases[ref] = c
	return c, nil
}

// user is app.FindUser.
func (l *lookup) user(ref string) (*qda.User, error) {
	if u, ok := l.users[ref]; ok {
		return u, nil
	}
	u, err := app.FindUser(l.tx, ref)
	if err != nil {
		return nil, err
	}
	l.users[ref] = u
	return u, nil
}

// questionCode returns the code of a guideline question.
func (l *lookup) questionCode(question qda.GUID) (*qda.Code, error) {
	if c, ok := l.codes[question]; ok {
		return c, nil
	}
	c, err := l.tx.Code(app.CodeGUID(question))
	if err != nil {
		return nil, err
	}
	l.codes[question] = c
	return c, nil
}

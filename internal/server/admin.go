package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/protocoder/protocoder/internal/qda"
)

// ServerRoles are the roles an account may have, in display order.
var ServerRoles = append(append([]Role(nil), qda.AllMemberRoles...), qda.MemberReader)

// ParseRoles reads "interviewer,coder" (or the aliases qda knows).
func ParseRoles(s string) ([]Role, error) {
	rs, err := qda.ParseRoles(s)
	if err != nil {
		return nil, fmt.Errorf("%w (roles: %s, reader)", err, qda.RoleList())
	}
	return rs, nil
}

// AddUser creates an account with roles and a password. It becomes a
// member, with those roles, of the projects named in projects, or of every
// project when projects is nil (the behaviour before memberships were per
// project); an empty non-nil list makes it a member of none.
func AddUser(ctx context.Context, st Store, name string, roles []Role, password string, projects []string, now time.Time) (*User, error) {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' || r == '/' }) {
		return nil, fmt.Errorf("user name %q: give a name without spaces, commas or slashes", name)
	}
	if len(roles) == 0 {
		return nil, fmt.Errorf("user %s needs at least one role (%s, reader)", name, qda.RoleList())
	}
	var ps []Project
	if projects == nil {
		var err error
		if ps, err = st.Projects(ctx); err != nil {
			return nil, err
		}
	}
	for _, n := range projects {
		p, err := st.Project(ctx, n)
		if errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("there is no project %s (protocoder-server project list)", n)
		} else if err != nil {
			return nil, err
		}
		ps = append(ps, *p)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, fmt.Errorf("user %s: %w", name, err)
	}
	id, err := qda.NewGUID(rand.Reader)
	if err != nil {
		return nil, err
	}
	u := &User{GUID: id, Name: name, Roles: qda.NormalizeRoles(roles), Created: now.UTC().Truncate(time.Second), PasswordHash: hash}
	if m := u.Member(); m.Validate() != nil {
		return nil, m.Validate()
	}
	if err := st.AddUser(ctx, u); err != nil {
		if errors.Is(err, ErrExists) {
			return nil, fmt.Errorf("there is a user %s already", name)
		}
		return nil, fmt.Errorf("add user %s: %w", name, err)
	}
	for _, p := range ps {
		if err := AddMember(ctx, st, p.GUID, u, u.Roles, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// CreateProject creates an empty team project. With allMembers, every
// account becomes a member with its account's roles (the behaviour before
// memberships were per project); otherwise it has no members until
// AddMember.
func CreateProject(ctx context.Context, st Store, name string, allMembers bool, now time.Time) (*Project, error) {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')
	}) {
		return nil, fmt.Errorf("project name %q: use letters, digits, '-', '_' and '.' (it is the last part of the URL)", name)
	}
	id, err := qda.NewGUID(rand.Reader)
	if err != nil {
		return nil, err
	}
	p := &Project{GUID: id, Name: name, Created: now.UTC().Truncate(time.Second)}
	if err := st.CreateProject(ctx, p); err != nil {
		if errors.Is(err, ErrExists) {
			return nil, fmt.Errorf("there is a project %s already", name)
		}
		return nil, fmt.Errorf("create project %s: %w", name, err)
	}
	if !allMembers {
		return p, nil
	}
	us, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	for i := range us {
		if err := AddMember(ctx, st, p.GUID, &us[i], us[i].Roles, now); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// AddMember makes u a member of a project with roles (its roles there may
// differ from the account's), or changes the roles of a member: the
// membership on the server and the member record in the project's log (a
// member.add or member.edit command of u's own, so the record reaches
// every replica).
func AddMember(ctx context.Context, st Store, project qda.GUID, u *User, roles []Role, now time.Time) error {
	if len(roles) == 0 {
		return fmt.Errorf("%s needs at least one role in the project (%s, reader)", u.Name, qda.RoleList())
	}
	roles = qda.NormalizeRoles(roles)
	m := u.Member()
	m.Roles = roles
	if err := m.Validate(); err != nil {
		return err
	}
	img, err := json.Marshal(m)
	if err != nil {
		return err
	}
	id, err := qda.NewGUID(rand.Reader)
	if err != nil {
		return err
	}
	cmd := &qda.Command{GUID: id, User: u.GUID, Time: now.UTC(), Kind: "member.add",
		Summary: fmt.Sprintf("%s joins the team (%s)", u.Name, roleNames(roles)),
		Changes: []qda.Change{{Entity: "user", Key: string(u.GUID), After: img}}}
	same := false
	// The member record's before image is the log's: read in the append.
	outs, err := st.Append(ctx, project, []*qda.Command{cmd}, func(s State, c *qda.Command) error {
		before, err := s.Image("user", string(u.GUID))
		if err != nil {
			return err
		}
		if before != nil {
			if bytes.Equal(before, img) {
				same = true
				return errors.New("unchanged")
			}
			c.Kind, c.Summary = "member.edit", fmt.Sprintf("%s's roles in the project: %s", u.Name, roleNames(roles))
			c.Changes[0].Before = before
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("make %s a member: %w", u.Name, err)
	}
	if outs[0].Refused != nil && !same {
		return fmt.Errorf("make %s a member: %w", u.Name, outs[0].Refused)
	}
	if _, err := st.AddMember(ctx, project, u.GUID, roles); err != nil {
		return fmt.Errorf("make %s a member: %w", u.Name, err)
	}
	return nil
}

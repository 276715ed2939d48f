package server

import (
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

// AddUser creates an account with roles and a password and makes it a
// member of every project (a member command in each log).
func AddUser(ctx context.Context, st Store, name string, roles []Role, password string, now time.Time) (*User, error) {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' || r == '/' }) {
		return nil, fmt.Errorf("user name %q: give a name without spaces, commas or slashes", name)
	}
	if len(roles) == 0 {
		return nil, fmt.Errorf("user %s needs at least one role (%s, reader)", name, qda.RoleList())
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
	ps, err := st.Projects(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if err := appendMember(ctx, st, p.GUID, u, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// CreateProject creates an empty team project whose members are all
// accounts (a member command for each).
func CreateProject(ctx context.Context, st Store, name string, now time.Time) (*Project, error) {
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
	us, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	for i := range us {
		if err := appendMember(ctx, st, p.GUID, &us[i], now); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// appendMember puts u's member record into a project's log as a command
// of u's own (the acting member of a command is always a member).
func appendMember(ctx context.Context, st Store, project qda.GUID, u *User, now time.Time) error {
	id, err := qda.NewGUID(rand.Reader)
	if err != nil {
		return err
	}
	img, err := json.Marshal(u.Member())
	if err != nil {
		return err
	}
	cmd := &qda.Command{GUID: id, User: u.GUID, Time: now.UTC(), Kind: "member.add",
		Summary: fmt.Sprintf("%s joins the team (%s)", u.Name, roleNames(u.Roles)),
		Changes: []qda.Change{{Entity: "user", Key: string(u.GUID), After: img}}}
	if _, err := st.Append(ctx, project, []*qda.Command{cmd}, nil); err != nil {
		return fmt.Errorf("make %s a member: %w", u.Name, err)
	}
	return nil
}

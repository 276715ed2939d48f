// Package members holds the use cases of the project's team: adding and
// editing members, joining as a new member, and the check that an imported
// project names who acts. Who acts (the acting member) and the check that
// every write names a member belong to the core (internal/app).
package members

import (
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// NewMember describes a member to add.
type NewMember struct {
	Name     string
	FullName string
	Initials string
	Roles    []qda.MemberRole
}

// AddMember adds a team member, as one command of the acting member. In a
// project without members the new member is the first one and acts
// themselves: that is how a project gets its team.
func (s *Service) AddMember(n NewMember) (*qda.User, error) {
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	u := &qda.User{GUID: id, Name: strings.TrimSpace(n.Name), FullName: strings.TrimSpace(n.FullName),
		Initials: strings.TrimSpace(n.Initials), Roles: qda.NormalizeRoles(n.Roles), Created: s.Now().UTC()}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	cmd := &qda.Command{Kind: app.KindMemberAdd, Summary: "add member " + u.Name + " (" + u.RoleNames() + ")"}
	err = s.WriteAs(cmd, func(app.Tx) (qda.GUID, error) { return u.GUID, nil }, func(tx app.Tx) error {
		if err := uniqueMember(tx, u); err != nil {
			return err
		}
		return tx.PutUser(u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// uniqueMember refuses a name or initials that another member holds (as
// name or initials: either may name a member).
func uniqueMember(tx app.Tx, u *qda.User) error {
	users, err := tx.Users()
	if err != nil {
		return err
	}
	for _, o := range users {
		if o.GUID == u.GUID {
			continue
		}
		if strings.EqualFold(o.Name, u.Name) || (o.Initials != "" && strings.EqualFold(o.Initials, u.Name)) {
			return qda.Errorf(qda.EConflict, "a member %q exists already", u.Name).WithKey("member.exists", map[string]any{"Name": u.Name})
		}
		if u.Initials != "" && (strings.EqualFold(o.Initials, u.Initials) || strings.EqualFold(o.Name, u.Initials)) {
			return qda.Errorf(qda.EConflict, "the initials %q are taken by %s", u.Initials, o.Name)
		}
	}
	return nil
}

// MemberEdit changes a member; nil fields stay as they are.
type MemberEdit struct {
	FullName *string
	Initials *string
	Roles    []qda.MemberRole // nil: unchanged
}

// EditMember changes a member's full name, initials or roles, as one
// command. The name stays: commands and files refer to it.
func (s *Service) EditMember(ref string, e MemberEdit) (*qda.User, error) {
	var u *qda.User
	err := s.Write(app.KindMemberEdit, "edit member "+ref, func(tx app.Tx) (err error) {
		if u, err = app.FindUser(tx, ref); err != nil {
			return err
		}
		if u.Placeholder {
			return qda.Errorf(qda.EConflict, "%s stands for commands recorded before projects had members and cannot be edited", u.Name)
		}
		if e.FullName != nil {
			u.FullName = strings.TrimSpace(*e.FullName)
		}
		if e.Initials != nil {
			u.Initials = strings.TrimSpace(*e.Initials)
		}
		if e.Roles != nil {
			u.Roles = qda.NormalizeRoles(e.Roles)
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := uniqueMember(tx, u); err != nil {
			return err
		}
		return tx.PutUser(u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CheckNewProjectActor checks, before a new project is created from snap,
// that name (else the fallback $USER) names one of the snapshot's users,
// who will be the acting member of the import: a new project's first
// members come from the file.
func CheckNewProjectActor(snap *qda.Snapshot, name, fallback string) error {
	members := app.RealMembers(snap.Users)
	for _, n := range []string{strings.TrimSpace(name), strings.TrimSpace(fallback)} {
		if n == "" {
			continue
		}
		if u := app.MatchMember(members, n); u != nil {
			return nil
		}
		if n == strings.TrimSpace(name) {
			break // an explicit name that is no member: the fallback does not count
		}
	}
	if len(members) == 0 {
		return qda.Errorf(qda.ENoMember, "the file names no users: create the project with init DIR --member NAME --roles lead, then import into it without --new")
	}
	names := make([]string, len(members))
	for i, u := range members {
		names[i] = u.Name
	}
	who := name
	if who == "" {
		who = fallback
	}
	return qda.Errorf(qda.ENoMember, "the new project's members come from the file: %s; act as one of them with --user NAME, or create the project with init DIR --member %s --roles lead and import into it without --new",
		strings.Join(names, ", "), orNAME(who))
}

func orNAME(s string) string {
	if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t") {
		return "NAME"
	}
	return s
}

// JoinAsMember adds the person at the keyboard as a new member and makes
// them the acting user: the command is recorded as theirs. It is the GUI's
// "add yourself" when someone opens a project for the first time (a claimed
// identity, like the name in other QDA programs). The name must be new.
func (s *Service) JoinAsMember(n NewMember) (*qda.User, error) {
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	u := &qda.User{GUID: id, Name: strings.TrimSpace(n.Name), FullName: strings.TrimSpace(n.FullName),
		Initials: strings.TrimSpace(n.Initials), Roles: qda.NormalizeRoles(n.Roles), Created: s.Now().UTC()}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	cmd := &qda.Command{Kind: app.KindMemberAdd, Summary: "member " + u.Name + " joins (" + u.RoleNames() + ")"}
	err = s.WriteJoining(cmd, u, func(tx app.Tx) error {
		if err := uniqueMember(tx, u); err != nil {
			return err
		}
		return tx.PutUser(u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Service runs the members use cases on the core of one open project.
type Service struct {
	*app.Service
}

// New returns the members use cases on core.
func New(core *app.Service) *Service { return &Service{Service: core} }

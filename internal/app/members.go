package app

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/protocoder/protocoder/internal/qda"
)

// Command kinds of the team members.
const (
	KindMemberAdd  = "member.add"
	KindMemberEdit = "member.edit"
	// KindUserAuto is the kind of the commands that registered a user on
	// their first write before projects had members. Nothing writes it any
	// more; old logs keep it and undo skips it.
	KindUserAuto = "user.auto"
)

// AddMemberHint is the command that adds a member, as error messages show it.
const AddMemberHint = "protocoder-cli member add NAME --roles lead,interviewer,coder,dpo"

// ErrNoMembers is the error of every write in a project that has no
// members yet (except adding the first member, or an import that brings
// the acting user along).
var ErrNoMembers = qda.Errorf(qda.ENoMember,
	"this project has no team members yet: add the first one (who then acts) with: %s", AddMemberHint)

// acting holds who acts: the configured names and the member they resolved
// to in the last write (which write functions read as the actor).
type acting struct {
	mu       sync.Mutex
	name     string
	fallback string
	id       qda.GUID
}

func (a *acting) names() (string, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.name, a.fallback
}

func (a *acting) set(id qda.GUID) {
	a.mu.Lock()
	a.id = id
	a.mu.Unlock()
}

// Actor returns the acting member's GUID as the running write resolved it.
// Write functions (inside writeCmd) use it for coder, author and default
// interviewer.
func (s *Service) Actor() qda.GUID {
	s.acting.mu.Lock()
	defer s.acting.mu.Unlock()
	return s.acting.id
}

// SetActingUser makes name (a member's name, initials or GUID) the acting
// user of the following commands; the GUI calls it when someone chooses
// who is working. It does not check the name: the next write does, and
// ActingMember tells now.
func (s *Service) SetActingUser(name string) {
	s.acting.mu.Lock()
	s.acting.name, s.acting.id = strings.TrimSpace(name), ""
	s.acting.mu.Unlock()
}

// ActingMember returns the acting member, or an ENoMember error that names
// the members and the command to add one.
func (s *Service) ActingMember() (*qda.User, error) {
	var u *qda.User
	err := s.store.View(func(tx Tx) (err error) { u, err = s.ResolveMember(tx); return err })
	return u, err
}

// ActingUser returns the acting member's GUID and name; the GUID is empty
// (and the name the configured one) while the name is not a member.
func (s *Service) ActingUser() (qda.GUID, string, error) {
	u, err := s.ActingMember()
	if err == nil {
		return u.GUID, u.Name, nil
	}
	name, fallback := s.acting.names()
	if name == "" {
		name = fallback
	}
	if qda.ErrorCode(err) == qda.ENoMember {
		return "", name, nil
	}
	return "", name, err
}

// CurrentUser returns the acting member's GUID, "" when the configured name
// names no member (undo state, listings).
func (s *Service) CurrentUser(tx Tx) (qda.GUID, error) {
	u, err := s.ResolveMember(tx)
	if qda.ErrorCode(err) == qda.ENoMember {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return u.GUID, nil
}

// ResolveMember finds the member the configured name names: by GUID, by
// name or by initials (case-insensitive); the fallback name ($USER) counts
// only when it names a member.
func (s *Service) ResolveMember(tx Tx) (*qda.User, error) {
	users, err := tx.Users()
	if err != nil {
		return nil, err
	}
	members := RealMembers(users)
	if len(members) == 0 {
		return nil, ErrNoMembers
	}
	name, fallback := s.acting.names()
	if name != "" {
		if u := MatchMember(users, name); u != nil && !u.Placeholder {
			return u, nil
		} else if u != nil {
			return nil, qda.Errorf(qda.ENoMember, "%q stands for commands recorded before projects had members; nobody can act as %s. %s",
				name, u.Name, MembersHint(members))
		}
		return nil, qda.Errorf(qda.ENoMember, "%q is not a member of this project. %s", name, MembersHint(members))
	}
	if fallback != "" {
		if u := MatchMember(members, fallback); u != nil {
			return u, nil
		}
		return nil, qda.Errorf(qda.ENoMember, "no acting user: give --user NAME or set PROTOCODER_USER ($USER %q is not a member). %s",
			fallback, MembersHint(members))
	}
	return nil, qda.Errorf(qda.ENoMember, "no acting user: give --user NAME or set PROTOCODER_USER. %s", MembersHint(members))
}

// MatchMember returns the member with GUID, name or initials ref, nil if
// none.
func MatchMember(users []qda.User, ref string) *qda.User {
	for i := range users {
		if string(users[i].GUID) == ref || strings.EqualFold(users[i].Name, ref) {
			return &users[i]
		}
	}
	var found *qda.User
	for i := range users {
		if users[i].Initials != "" && strings.EqualFold(users[i].Initials, ref) {
			if found != nil {
				return nil // ambiguous initials name nobody
			}
			found = &users[i]
		}
	}
	return found
}

// RealMembers returns the members that are not placeholders, sorted by name.
func RealMembers(users []qda.User) []qda.User {
	var out []qda.User
	for _, u := range users {
		if !u.Placeholder {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// MembersHint lists the members and says how to act as one or add one.
func MembersHint(members []qda.User) string {
	parts := make([]string, len(members))
	for i, u := range members {
		detail := u.RoleNames()
		if u.FullName != "" {
			detail = u.FullName + "; " + detail
		}
		parts[i] = fmt.Sprintf("%s (%s)", u.Name, detail)
	}
	return fmt.Sprintf("Members: %s. Act as one of them with --user NAME (or PROTOCODER_USER), or add a member with: %s",
		strings.Join(parts, ", "), AddMemberHint)
}

// Members returns the project's team members (without the placeholders of
// old commands), sorted by name.
func (s *Service) Members() ([]qda.User, error) {
	var out []qda.User
	err := s.store.View(func(tx Tx) error {
		users, err := tx.Users()
		out = RealMembers(users)
		return err
	})
	return out, err
}

package qda

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MemberRole is what a team member does in the project. Roles are claims, like
// the user name itself (authentication comes with the team server): they
// say who interviews and who codes, and the acting user must be a member.
type MemberRole string

// Roles of team members.
const (
	MemberLead        MemberRole = "lead"        // leads the project (sets up guidelines, codebook, plan)
	MemberInterviewer MemberRole = "interviewer" // conducts interviews
	MemberCoder       MemberRole = "coder"       // codes protocols
	MemberDPO         MemberRole = "dpo"         // data-protection officer (anonymisation, erasure)
	// MemberReader reads and searches a team project and changes nothing;
	// only the team server grants it (see docs/team.md), so it is not in
	// AllMemberRoles, which a project's own member dialog offers.
	MemberReader MemberRole = "reader"
)

// AllMemberRoles lists the roles in their display order.
var AllMemberRoles = []MemberRole{MemberLead, MemberInterviewer, MemberCoder, MemberDPO}

// Valid reports whether r is a known role.
func (r MemberRole) Valid() bool {
	if r == MemberReader {
		return true
	}
	for _, k := range AllMemberRoles {
		if r == k {
			return true
		}
	}
	return false
}

// roleAliases maps spellings accepted on input to roles.
var roleAliases = map[string]MemberRole{
	"lead": MemberLead, "leader": MemberLead, "leitung": MemberLead,
	"interviewer": MemberInterviewer, "interviewerin": MemberInterviewer,
	"coder": MemberCoder, "codiererin": MemberCoder, "codierer": MemberCoder,
	"dpo": MemberDPO, "data-protection-officer": MemberDPO, "data-protection officer": MemberDPO,
	"reader": MemberReader, "leser": MemberReader, "leserin": MemberReader,
	"datenschutz": MemberDPO, "datenschutzbeauftragte": MemberDPO, "datenschutzbeauftragter": MemberDPO,
}

// ParseRoles reads roles separated by commas or spaces ("lead,coder",
// "interviewer coder"), in any case, and returns them sorted in the order
// of AllMemberRoles without duplicates. It refuses unknown roles and an empty
// list.
func ParseRoles(s string) ([]MemberRole, error) {
	var out []MemberRole
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		r, ok := roleAliases[strings.ToLower(f)]
		if !ok {
			return nil, Errorf(EInvalid, "unknown role %q (roles: %s)", f, RoleList())
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, Errorf(EInvalid, "a member needs at least one role (%s)", RoleList())
	}
	return NormalizeRoles(out), nil
}

// RoleList returns the known roles as "lead, interviewer, coder, dpo".
func RoleList() string {
	parts := make([]string, len(AllMemberRoles))
	for i, r := range AllMemberRoles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ", ")
}

// NormalizeRoles sorts roles in the order of AllMemberRoles and drops duplicates.
func NormalizeRoles(rs []MemberRole) []MemberRole {
	rank := map[MemberRole]int{MemberReader: len(AllMemberRoles)}
	for i, r := range AllMemberRoles {
		rank[r] = i
	}
	out := append([]MemberRole(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i]] < rank[out[j]] })
	n := 0
	for i, r := range out {
		if i == 0 || r != out[n-1] {
			out[n] = r
			n++
		}
	}
	return out[:n]
}

// Limits of a member's fields.
const (
	MaxMemberName     = 32
	MaxMemberFullName = 120
	MaxMemberInitials = 6
)

// User is a member of the research team. Commands, codings, memos and
// interviews refer to members by GUID; the name is what people type.
type User struct {
	// GUID identifies the member; codings and commands refer to it.
	GUID GUID `json:"guid"`
	// Name is the short name, unique within a project (e.g. "anna").
	Name string `json:"name"`
	// FullName is an optional longer name.
	FullName string `json:"full_name,omitempty"`
	// Initials are optional short initials (e.g. "AL"), unique within a
	// project; they may stand for the name where a member is named.
	Initials string `json:"initials,omitempty"`
	// Roles says what the member does; at least one.
	Roles []MemberRole `json:"roles,omitempty"`
	// Placeholder marks a member created by a migration for commands
	// recorded before projects had members (without a user, or with one
	// that no longer exists). Nobody can act as a placeholder.
	Placeholder bool `json:"placeholder,omitempty"`
	// RolesDerived is set by readers of files without roles (another
	// program's REFI-QDA export) that derived Roles from the file's work: a
	// merge then keeps the roles of a member the project has already. It
	// is never stored.
	RolesDerived bool `json:"-"`
	// Created is when the member was added.
	Created time.Time `json:"created"`
}

// HasRole reports whether the member has role r.
func (u *User) HasRole(r MemberRole) bool {
	for _, k := range u.Roles {
		if k == r {
			return true
		}
	}
	return false
}

// RoleNames returns the roles as "interviewer, coder".
func (u *User) RoleNames() string {
	parts := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ", ")
}

// Label returns "name (Full Name)" or the name alone.
func (u *User) Label() string {
	if u.FullName != "" {
		return u.Name + " (" + u.FullName + ")"
	}
	return u.Name
}

// Validate checks the member's fields.
func (u *User) Validate() error {
	if err := validGUID("user", u.GUID); err != nil {
		return err
	}
	name := strings.TrimSpace(u.Name)
	switch {
	case name == "":
		return Errorf(EInvalid, "a member needs a name")
	case name != u.Name:
		return Errorf(EInvalid, "member name %q starts or ends with a space", u.Name)
	case utf8.RuneCountInString(name) > MaxMemberName:
		return Errorf(EInvalid, "member name %q is longer than %d characters; put the long form into the full name", name, MaxMemberName)
	case strings.ContainsFunc(name, unicode.IsControl) || strings.ContainsAny(name, ","):
		return Errorf(EInvalid, "member name %q holds a control character or a comma", name)
	case utf8.RuneCountInString(u.FullName) > MaxMemberFullName || strings.ContainsFunc(u.FullName, unicode.IsControl):
		return Errorf(EInvalid, "the full name of %q is longer than %d characters or holds a control character", name, MaxMemberFullName)
	case utf8.RuneCountInString(u.Initials) > MaxMemberInitials || strings.ContainsFunc(u.Initials, unicode.IsSpace) || strings.ContainsFunc(u.Initials, unicode.IsControl):
		return Errorf(EInvalid, "initials %q of %q: at most %d characters without spaces", u.Initials, name, MaxMemberInitials)
	}
	if len(u.Roles) == 0 && !u.Placeholder {
		return Errorf(EInvalid, "member %q needs at least one role (%s)", name, RoleList())
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			return Errorf(EInvalid, "member %q has unknown role %q (roles: %s)", name, r, RoleList())
		}
	}
	return nil
}

// DeriveRoles returns the roles a member's recorded work implies:
// interviewer when they conducted an interview, coder when they made a
// coding, lead when neither (they set the project up: guidelines, codes,
// plan). Migrations and imports of files without roles use it.
func DeriveRoles(interviewed, coded bool) []MemberRole {
	var rs []MemberRole
	if interviewed {
		rs = append(rs, MemberInterviewer)
	}
	if coded {
		rs = append(rs, MemberCoder)
	}
	if len(rs) == 0 {
		rs = append(rs, MemberLead)
	}
	return rs
}

// Placeholder member of commands recorded without a user.
const (
	UnrecordedName     = "unrecorded"
	UnrecordedFullName = "user not recorded (before members)"
)

package qda

import (
	"strings"
	"testing"
)

func TestParseRoles(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for an error
	}{
		{"lead,interviewer,coder,dpo", "lead, interviewer, coder, dpo"},
		{"coder lead", "lead, coder"},
		{"Coder, CODER", "coder"},
		{"data-protection-officer", "dpo"},
		{"", ""},
		{" , ", ""},
		{"boss", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			rs, err := ParseRoles(tt.in)
			if tt.want == "" {
				if ErrorCode(err) != EInvalid {
					t.Errorf("ParseRoles(%q) = %v, %v; want invalid", tt.in, rs, err)
				}
				return
			}
			u := User{Roles: rs}
			if err != nil || u.RoleNames() != tt.want {
				t.Errorf("ParseRoles(%q) = %q, %v; want %q", tt.in, u.RoleNames(), err, tt.want)
			}
		})
	}
}

func TestUser_Validate(t *testing.T) {
	const id = GUID("00000000-0000-4000-8000-000000000001")
	coder := []MemberRole{MemberCoder}
	tests := []struct {
		name string
		u    User
		ok   bool
	}{
		{"member", User{GUID: id, Name: "mara", FullName: "Mara Lindner", Initials: "ML", Roles: coder}, true},
		{"no roles", User{GUID: id, Name: "mara"}, false},
		{"placeholder without roles", User{GUID: id, Name: "unrecorded", Placeholder: true}, true},
		{"unknown role", User{GUID: id, Name: "mara", Roles: []MemberRole{"boss"}}, false},
		{"no name", User{GUID: id, Name: "", Roles: coder}, false},
		{"padded name", User{GUID: id, Name: " mara", Roles: coder}, false},
		{"long name", User{GUID: id, Name: strings.Repeat("m", MaxMemberName+1), Roles: coder}, false},
		{"comma", User{GUID: id, Name: "a,b", Roles: coder}, false},
		{"initials with a space", User{GUID: id, Name: "mara", Initials: "M L", Roles: coder}, false},
		{"long initials", User{GUID: id, Name: "mara", Initials: "ABCDEFG", Roles: coder}, false},
		{"bad GUID", User{GUID: "x", Name: "mara", Roles: coder}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.u.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate(%+v) = %v, want ok %v", tt.u, err, tt.ok)
			}
		})
	}
}

func TestDeriveRoles(t *testing.T) {
	tests := []struct {
		interviewed, coded bool
		want               string
	}{
		{true, true, "interviewer, coder"},
		{true, false, "interviewer"},
		{false, true, "coder"},
		{false, false, "lead"},
	}
	for _, tt := range tests {
		u := User{Roles: DeriveRoles(tt.interviewed, tt.coded)}
		if got := u.RoleNames(); got != tt.want {
			t.Errorf("DeriveRoles(%v, %v) = %q, want %q", tt.interviewed, tt.coded, got, tt.want)
		}
	}
}

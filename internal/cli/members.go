package cli

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

const membersLong = `Members are the project's team: every command that changes the project is recorded with the
acting member (--user NAME or $PROTOCODER_USER; $USER only if it names a member). Roles: lead,
interviewer, coder, dpo (data-protection officer); a member has at least one. The name is short and
unique; the initials (optional, unique) may stand for it. This is a claimed identity, like a user name
in other QDA programs; authentication comes with the team server.`

// memberFlags are the flags member add and init share.
type memberFlags struct {
	fullName, initials, roles string
}

func (m *memberFlags) define(fs *flag.FlagSet, rolesDefault string) {
	*m = memberFlags{}
	fs.StringVar(&m.fullName, "full-name", "", "the member's full name")
	fs.StringVar(&m.initials, "initials", "", "the member's initials (unique, may stand for the name)")
	fs.StringVar(&m.roles, "roles", rolesDefault, "comma-separated roles: lead, interviewer, coder, dpo")
}

func (m *memberFlags) member(name string) (members.NewMember, error) {
	roles, err := qda.ParseRoles(m.roles)
	if err != nil {
		return members.NewMember{}, usagef("%s", qda.ErrorMessage(err))
	}
	return members.NewMember{Name: name, FullName: m.fullName, Initials: m.initials, Roles: roles}, nil
}

func registerMembers() {
	var add memberFlags
	register(&command{
		name: "member add", args: "NAME", short: "add a team member with roles (lead, interviewer, coder, dpo)",
		long: membersLong + `

The acting user must be a member already, except in a project without members: there the new member
is the first one and is recorded as acting. Prints the member's GUID. Example:
member add mara --full-name "Mara Lindner" --initials ML --roles lead,interviewer,coder`,
		flags: func(fs *flag.FlagSet) { add.define(fs, "") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the member's short name")
			}
			n, err := add.member(fs.Arg(0))
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				u, err := s.AddMember(n)
				if err == nil {
					fmt.Fprintln(e.Stdout, u.GUID)
				}
				return err
			})
		},
	})

	var fullName, initials, roles string
	register(&command{
		name: "member edit", args: "MEMBER", short: "change a member's full name, initials or roles",
		long: "Only the flags given change; --roles replaces the roles. The name stays (commands and files refer to it).",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&fullName, "full-name", "", "new full name (empty removes it)")
			fs.StringVar(&initials, "initials", "", "new initials (empty removes them)")
			fs.StringVar(&roles, "roles", "", "new comma-separated roles: lead, interviewer, coder, dpo")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the member's name")
			}
			set := map[string]bool{}
			fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
			var ed members.MemberEdit
			if set["full-name"] {
				ed.FullName = &fullName
			}
			if set["initials"] {
				ed.Initials = &initials
			}
			if set["roles"] {
				rs, err := qda.ParseRoles(roles)
				if err != nil {
					return usagef("%s", qda.ErrorMessage(err))
				}
				ed.Roles = rs
			}
			if ed.FullName == nil && ed.Initials == nil && ed.Roles == nil {
				return usagef("give --full-name, --initials or --roles")
			}
			return e.withService(func(s *project.Project) error {
				u, err := s.EditMember(fs.Arg(0), ed)
				if err == nil {
					fmt.Fprintf(e.Stdout, "%s\t%s\t%s\n", u.Name, u.Initials, u.RoleNames())
				}
				return err
			})
		},
	})

	var listJSON bool
	register(&command{
		name: "member list", short: "list the team members and their roles",
		long:  "Columns: name, initials, roles, full name, GUID. The acting member is marked with *. Placeholder members that stand for commands recorded before projects had members are not listed.",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&listJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				us, err := s.Members()
				if err != nil {
					return err
				}
				if listJSON {
					if us == nil {
						us = []qda.User{}
					}
					return e.printJSON(us)
				}
				me, _, _ := s.ActingUser()
				tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				for _, u := range us {
					mark := " "
					if u.GUID == me {
						mark = "*"
					}
					fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", mark, u.Name, u.Initials, u.RoleNames(), u.FullName, u.GUID)
				}
				return tw.Flush()
			})
		},
	})
}

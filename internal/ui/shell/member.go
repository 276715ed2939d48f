package shell

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/qda"
)

// MemberKey prefixes the Preferences key, one per project folder, of the
// team member who works in that project on this computer.
const MemberKey = "member:"

// roleLabel returns a member role's display name.
func roleLabel(r qda.MemberRole) string {
	switch r {
	case qda.MemberLead:
		return lang.X("member.role.lead", "Project lead")
	case qda.MemberInterviewer:
		return lang.X("member.role.interviewer", "Interviewer")
	case qda.MemberCoder:
		return lang.X("member.role.coder", "Coder")
	case qda.MemberDPO:
		return lang.X("member.role.dpo", "Data-protection officer")
	}
	return string(r)
}

// memberLabel is how a member is shown in the chooser and the status bar.
func memberLabel(u qda.User) string {
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = roleLabel(r)
	}
	return u.Label() + " – " + strings.Join(roles, ", ")
}

// ensureMember decides who works in the freshly opened project p: the
// member named by $PROTOCODER_USER, else the one remembered for this
// project, else it asks. Call it on the UI goroutine.
func (s *Shell) ensureMember(p *openProject) {
	remembered := s.app.Preferences().String(MemberKey + p.dir)
	s.async(func() {
		members, err := p.svc.Members()
		var chosen *qda.User
		if err == nil {
			for _, cand := range []string{p.teamUser, s.user, remembered} {
				if cand == "" {
					continue
				}
				p.svc.SetActingUser(cand)
				if u, err := p.svc.ActingMember(); err == nil {
					chosen = u
					break
				}
			}
			if chosen == nil {
				p.svc.SetActingUser("")
			}
		}
		fyne.Do(func() {
			if s.project != p {
				return
			}
			if err != nil {
				s.showError(err)
				return
			}
			if chosen != nil {
				p.setMember(*chosen)
				return
			}
			s.askMember(p, members)
		})
	})
}

// switchMember asks again who works (File ▸ Switch member…).
func (s *Shell) switchMember() {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		members, err := p.svc.Members()
		fyne.Do(func() {
			if s.project != p {
				return
			}
			if err != nil {
				s.showError(err)
				return
			}
			s.askMember(p, members)
		})
	})
}

// setMember makes u the acting member of p: the service records u on every
// command, the status bar and the interview form show u, and the choice is
// remembered for the project.
func (p *openProject) setMember(u qda.User) {
	p.svc.SetActingUser(u.Name)
	p.member = u.Name
	p.status.SetUser(u.Label())
	if p.views.interviews != nil {
		p.views.interviews.User = u.Name
	}
	if p.prefs != nil {
		p.prefs.SetString(MemberKey+p.dir, u.Name)
	}
}

// memberDialog asks who is working: one of the members, or a new one.
type memberDialog struct {
	d        *dialog.CustomDialog
	choice   *widget.RadioGroup
	name     *widget.Entry
	fullName *widget.Entry
	initials *widget.Entry
	checks   []*widget.Check // one per role, in qda.AllMemberRoles order
	ok       *widget.Button
	members  []qda.User
	newLabel string
}

// askMember shows the "who is working?" dialog for p.
func (s *Shell) askMember(p *openProject, members []qda.User) {
	m := &memberDialog{members: members, newLabel: lang.X("member.new", "I am new: add me as a member")}
	var options []string
	for _, u := range members {
		options = append(options, memberLabel(u))
	}
	options = append(options, m.newLabel)
	m.name = widget.NewEntry()
	m.name.SetPlaceHolder(lang.X("member.namePlaceholder", "short name, e.g. mara"))
	m.fullName = widget.NewEntry()
	m.fullName.SetPlaceHolder(lang.X("member.fullNamePlaceholder", "e.g. Mara Lindner"))
	m.initials = widget.NewEntry()
	m.initials.SetPlaceHolder(lang.X("member.initialsPlaceholder", "e.g. ML"))
	for _, r := range qda.AllMemberRoles {
		m.checks = append(m.checks, widget.NewCheck(roleLabel(r), func(bool) { m.update() }))
	}
	m.name.OnChanged = func(string) { m.update() }
	form := widget.NewForm(
		widget.NewFormItem(lang.X("member.name", "Name"), m.name),
		widget.NewFormItem(lang.X("member.fullName", "Full name"), m.fullName),
		widget.NewFormItem(lang.X("member.initials", "Initials"), m.initials),
		widget.NewFormItem(lang.X("member.roles", "Roles"), container.NewGridWithColumns(2, checksAsObjects(m.checks)...)),
	)
	m.choice = widget.NewRadioGroup(options, func(string) { m.update() })
	m.choice.Required = true
	intro := widget.NewLabel(lang.X("member.intro",
		"Every change is recorded with a team member's name. Choose yourself, or add yourself as a new member. (The name is not a password.)"))
	intro.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(intro, m.choice)
	if len(members) == 0 {
		intro.SetText(lang.X("member.introFirst",
			"This project has no team members yet. Add yourself as its first member: every change is recorded with your name."))
		m.choice.SetSelected(m.newLabel)
		m.choice.Hide()
	} else if p.member != "" {
		for _, u := range members {
			if u.Name == p.member {
				m.choice.SetSelected(memberLabel(u))
			}
		}
	}
	m.ok = widget.NewButton(lang.X("member.ok", "Work as this member"), func() {
		m.d.Hide()
		s.confirmMember(p, m)
	})
	m.ok.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{m.ok}
	if p.member != "" { // switching: one may keep working as before
		buttons = append([]fyne.CanvasObject{widget.NewButton(lang.X("dialog.cancel", "Cancel"), func() { m.d.Hide() })}, buttons...)
	}
	content := container.NewBorder(top, container.NewCenter(container.NewHBox(buttons...)), nil, nil, form)
	m.d = dialog.NewCustomWithoutButtons(lang.X("member.title", "Who is working?"), content, s.win)
	m.update()
	m.d.Resize(fyne.NewSize(620, 520))
	p.memberDialog = m
	m.d.Show()
}

func checksAsObjects(cs []*widget.Check) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(cs))
	for i, c := range cs {
		out[i] = c
	}
	return out
}

// adding reports whether the "new member" choice is selected.
func (m *memberDialog) adding() bool { return m.choice.Selected == m.newLabel }

// selectedRoles returns the checked roles.
func (m *memberDialog) selectedRoles() []qda.MemberRole {
	var rs []qda.MemberRole
	for i, c := range m.checks {
		if c.Checked {
			rs = append(rs, qda.AllMemberRoles[i])
		}
	}
	return rs
}

// update enables the new-member fields only while adding, and the OK
// button only when the choice is complete.
func (m *memberDialog) update() {
	add := m.adding()
	for _, e := range []*widget.Entry{m.name, m.fullName, m.initials} {
		if add {
			e.Enable()
		} else {
			e.Disable()
		}
	}
	for _, c := range m.checks {
		if add {
			c.Enable()
		} else {
			c.Disable()
		}
	}
	if m.ok == nil {
		return
	}
	ready := m.choice.Selected != "" && (!add || strings.TrimSpace(m.name.Text) != "" && len(m.selectedRoles()) > 0)
	if ready {
		m.ok.Enable()
	} else {
		m.ok.Disable()
	}
}

// confirmMember acts on the dialog's choice: an existing member, or a new
// one who joins the project. On an error (a name that is taken) the error
// is shown and the question asked again.
func (s *Shell) confirmMember(p *openProject, m *memberDialog) {
	if !m.adding() {
		for _, u := range m.members {
			if memberLabel(u) == m.choice.Selected {
				p.setMember(u)
				s.refreshMenu()
			}
		}
		return
	}
	n := members.NewMember{Name: m.name.Text, FullName: m.fullName.Text, Initials: m.initials.Text, Roles: m.selectedRoles()}
	s.async(func() {
		u, err := p.svc.JoinAsMember(n)
		fyne.Do(func() {
			if s.project != p {
				return
			}
			if err != nil {
				s.showError(err)
				s.askMember(p, m.members)
				return
			}
			p.setMember(*u)
			s.refreshMenu()
		})
	})
}

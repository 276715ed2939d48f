package shell

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/ui/teamview"
)

// The team server (docs/team.md): File ▸ Team clones a team project into a
// new folder or connects the open project; a linked project syncs in the
// background while it is open, and the status bar shows how it stands.

// teamState is an open project's link.
type teamState struct {
	link   teamview.Link
	status *teamview.SyncStatus
	// refused counts the refusals shown, to tell the user of new ones.
	refused int
	// The last dialogs, for tests.
	connect   *teamview.ConnectDialog
	conflicts *teamview.ConflictDialog
}

// teamMenu is File ▸ Team.
func (s *Shell) teamMenu() *fyne.MenuItem {
	clone := fyne.NewMenuItem(lang.X("team.menu.clone", "Clone a team project…"), s.CloneTeamDialog)
	clone.Icon = theme.DownloadIcon()
	connect := fyne.NewMenuItem(lang.X("team.menu.connect", "Connect this project to the team server…"), s.ConnectTeamDialog)
	connect.Icon = theme.LoginIcon()
	connect.Disabled = s.project == nil
	linked := s.project != nil && s.project.team.link != nil
	syncNow := fyne.NewMenuItem(lang.X("team.menu.sync", "Sync now"), func() {
		if p := s.project; p != nil && p.team.link != nil {
			p.team.link.SyncNow()
		}
	})
	syncNow.Icon, syncNow.Disabled = theme.ViewRefreshIcon(), !linked
	conflicts := fyne.NewMenuItem(lang.X("team.menu.conflicts", "Conflicts…"), s.ShowConflicts)
	conflicts.Icon, conflicts.Disabled = theme.WarningIcon(), !linked
	m := fyne.NewMenuItem(lang.X("team.menu", "Team"), nil)
	m.Icon = theme.AccountIcon()
	m.ChildMenu = fyne.NewMenu("", clone, connect, fyne.NewMenuItemSeparator(), syncNow, conflicts)
	return m
}

// CloneTeamDialog asks for a team project and a new folder, clones the
// project into it and opens it. Call it on the UI goroutine.
func (s *Shell) CloneTeamDialog() {
	if s.team == nil {
		return
	}
	d := teamview.NewConnectDialog(s.win, teamview.ConnectOptions{
		Clone: true, Parent: s.startFolder(), ChooseFolder: s.folderDialog, Async: s.async,
		Run: func(ctx context.Context, url, user, password, folder string) error {
			return s.team.Clone(ctx, url, user, password, folder)
		},
		Done: s.OpenProject,
	})
	s.lastConnect = d
	d.Show(s.win)
}

// ConnectTeamDialog asks for a team project, the user and the password
// and links the open project to it (also to log in again). Call it on
// the UI goroutine.
func (s *Shell) ConnectTeamDialog() {
	p := s.project
	if s.team == nil || p == nil {
		return
	}
	o := teamview.ConnectOptions{Async: s.async,
		Run: func(ctx context.Context, url, user, password, _ string) error {
			return s.team.Connect(ctx, p.svc, p.dir, url, user, password)
		},
		Done: func(string) {
			if s.project != p {
				return
			}
			p.stopTeam()
			s.startTeam(p, func() { s.ensureMember(p) })
		},
	}
	if l := p.team.link; l != nil {
		o.URL, o.User = l.URL(), l.User()
	}
	d := teamview.NewConnectDialog(s.win, o)
	s.lastConnect, p.team.connect = d, d
	d.Show(s.win)
}

// startTeam starts the background sync of p if its folder is linked to a
// team project, then calls then. Call it on the UI goroutine.
func (s *Shell) startTeam(p *openProject, then func()) {
	if s.team == nil {
		then()
		return
	}
	s.async(func() {
		onStatus := func(st teamview.Status) {
			fyne.Do(func() {
				if s.project == p && p.team.status != nil {
					p.showTeamStatus(st)
				}
			})
		}
		onChanged := func(pulled int) {
			fyne.Do(func() {
				if s.project != p {
					return
				}
				s.async(p.refresh)
				if pulled > 0 {
					p.status.SetMessage(lang.XN("team.pulled", "{{.N}} changes of the team arrived", pulled, map[string]any{"N": pulled}))
				}
			})
		}
		link, err := s.team.Start(p.svc, p.dir, onStatus, onChanged)
		fyne.Do(func() {
			if s.project != p {
				if link != nil {
					link.Stop()
				}
				return
			}
			if err != nil {
				s.showError(err)
			} else if link != nil {
				p.attachTeam(s, link)
			}
			then()
		})
	})
}

// attachTeam shows link's state in the status bar and makes its account
// the acting member.
func (p *openProject) attachTeam(s *Shell, link teamview.Link) {
	p.team.link = link
	p.teamUser = link.User()
	if p.team.status == nil {
		p.team.status = teamview.NewSyncStatus(func() { s.teamTapped(p) })
		p.status.SetTeam(p.team.status)
	}
	p.showTeamStatus(link.Status())
	s.refreshMenu()
}

// showTeamStatus shows st and tells of new refusals with the server's
// reason.
func (p *openProject) showTeamStatus(st teamview.Status) {
	p.team.status.Set(st)
	if n := len(st.Refused); n > p.team.refused {
		r := st.Refused[n-1]
		p.status.SetMessage(lang.X("team.refusedMessage", "The team server refused “{{.What}}”: {{.Reason}}", map[string]any{"What": r.Summary, "Reason": r.Reason}))
	}
	p.team.refused = len(st.Refused)
}

// stopTeam ends p's background sync.
func (p *openProject) stopTeam() {
	if p.team.link != nil {
		p.team.link.Stop()
		p.team.link = nil
	}
}

// teamTapped answers a tap on the sync status: the conflicts, the
// refusals, a new login, or a sync at once.
func (s *Shell) teamTapped(p *openProject) {
	if p.team.link == nil {
		return
	}
	st := p.team.link.Status()
	switch {
	case st.Conflicts > 0:
		s.ShowConflicts()
	case len(st.Refused) > 0:
		s.showRefusals(p, st.Refused)
	case st.Problem == teamview.ProblemSession || st.Problem == teamview.ProblemLogin:
		s.ConnectTeamDialog()
	default:
		p.team.link.SyncNow()
	}
}

// ShowConflicts shows the open project's conflicts with the team. Call it
// on the UI goroutine.
func (s *Shell) ShowConflicts() {
	p := s.project
	if p == nil || p.team.link == nil {
		return
	}
	d := teamview.NewConflictDialog(s.win, p.team.link, s.async)
	d.OnResolved = func() { s.async(p.refresh) }
	p.team.conflicts = d
	d.Show()
}

// showRefusals lists the changes the server refused, with its reasons.
func (s *Shell) showRefusals(p *openProject, rs []teamview.Refusal) {
	box := container.NewVBox()
	for _, r := range rs {
		l := widget.NewLabel(lang.X("team.refused.item", "“{{.What}}”: {{.Reason}}", map[string]any{"What": r.Summary, "Reason": r.Reason}))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	note := widget.NewLabel(lang.X("team.refused.note", "These changes were taken back on this computer; they stay in its history."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	box.Add(note)
	d := dialog.NewCustom(lang.X("team.refused.title", "Refused by the team server"), lang.X("dialog.close", "Close"), container.NewVScroll(box), s.win)
	d.SetOnClosed(func() {
		if p.team.link != nil {
			p.team.link.DismissRefused()
			p.team.refused = 0
			p.showTeamStatus(p.team.link.Status())
		}
	})
	d.Resize(fyne.NewSize(600, 320))
	d.Show()
}

// showTeamView shows a team dialog by view name ("team-connect",
// "team-clone", "team-conflicts"); false for other names.
func (s *Shell) showTeamView(name string) bool {
	switch strings.TrimSpace(name) {
	case "team-connect":
		s.ConnectTeamDialog()
	case "team-clone":
		s.CloneTeamDialog()
	case "team-conflicts":
		s.ShowConflicts()
	default:
		return false
	}
	return true
}

// StatusMessage returns the status bar's note (for tests).
func (s *Shell) StatusMessage() string {
	if s.project == nil {
		return ""
	}
	return s.project.status.Message()
}

// LastConnect returns the connect dialog shown last (for tests).
func (s *Shell) LastConnect() *teamview.ConnectDialog { return s.lastConnect }

// LastConflicts returns the open project's conflict dialog shown last
// (for tests).
func (s *Shell) LastConflicts() *teamview.ConflictDialog {
	if s.project == nil {
		return nil
	}
	return s.project.team.conflicts
}

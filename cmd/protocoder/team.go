package main

import (
	"context"
	"net/http"
	"path/filepath"
	"sync"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/team"
	"github.com/protocoder/protocoder/internal/ui/teamview"
	"github.com/protocoder/protocoder/internal/wire"
)

// teamConnector links project folders to team servers for the GUI
// (teamview.Connector) through internal/wire and internal/team. It keeps
// the passwords given in this session in memory only, to log in again
// when a session ends while the app runs.
type teamConnector struct {
	options func() wire.Options
	http    *http.Client // nil: http.DefaultClient

	mu        sync.Mutex
	passwords map[string]string // folder → password
}

func newTeamConnector(options func() wire.Options, hc *http.Client) *teamConnector {
	return &teamConnector{options: options, http: hc, passwords: map[string]string{}}
}

func (t *teamConnector) remember(dir, password string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.passwords[filepath.Clean(dir)] = password
}

func (t *teamConnector) password(dir string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.passwords[filepath.Clean(dir)]
}

// Clone implements teamview.Connector.
func (t *teamConnector) Clone(ctx context.Context, url, user, password, dir string) error {
	if _, err := wire.CloneTeam(ctx, url, user, password, dir, t.http, t.options()); err != nil {
		return err
	}
	t.remember(dir, password)
	return nil
}

// Connect implements teamview.Connector.
func (t *teamConnector) Connect(ctx context.Context, p *project.Project, dir, url, user, password string) error {
	if _, _, err := wire.ConnectTeam(ctx, p, dir, url, user, password, t.http); err != nil {
		return err
	}
	t.remember(dir, password)
	return nil
}

// Start implements teamview.Connector.
func (t *teamConnector) Start(p *project.Project, dir string, onStatus func(teamview.Status), onChanged func(int)) (teamview.Link, error) {
	r, err := wire.TeamRunner(p, dir, t.http, func() string { return t.password(dir) })
	if err != nil || r == nil {
		return nil, err
	}
	r.OnStatus = func(s team.Status) { onStatus(viewStatus(s)) }
	r.OnChanged = func(rep *team.Report) { onChanged(rep.Pulled) }
	r.Start()
	return teamLink{r}, nil
}

// teamLink is a running link (teamview.Link).
type teamLink struct{ r *team.Runner }

func (l teamLink) URL() string             { return l.r.URL() }
func (l teamLink) User() string            { return l.r.User() }
func (l teamLink) Status() teamview.Status { return viewStatus(l.r.Status()) }
func (l teamLink) SyncNow()                { l.r.SyncNow() }
func (l teamLink) DismissRefused()         { l.r.DismissRefused() }
func (l teamLink) Stop()                   { l.r.Stop() }
func (l teamLink) Conflicts() []teamview.Conflict {
	var out []teamview.Conflict
	for _, c := range l.r.Conflicts() {
		vc := teamview.Conflict{ID: string(c.GUID), Summary: c.Summary, Reason: c.Reason, Made: c.Made}
		for _, ch := range c.Changes {
			if !ch.Differs() {
				continue
			}
			vc.Items = append(vc.Items, teamview.ConflictItem{What: ch.Entity, Mine: viewVersion(ch.Mine), Theirs: viewVersion(ch.Theirs)})
		}
		out = append(out, vc)
	}
	return out
}

func (l teamLink) Resolve(id string, keepMine bool) error {
	choice := team.TakeTheirs
	if keepMine {
		choice = team.KeepMine
	}
	_, err := l.r.Resolve(id, choice)
	return err
}

func viewVersion(img []byte) *teamview.Version {
	if img == nil {
		return nil
	}
	title, body := team.Describe(img)
	return &teamview.Version{Title: title, Body: body}
}

// viewStatus is a runner's status as the status bar shows it.
func viewStatus(s team.Status) teamview.Status {
	v := teamview.Status{Online: s.Online, Syncing: s.Syncing, LastSync: s.LastSync, Waiting: s.Waiting, Conflicts: s.Conflicts}
	for _, r := range s.Refused {
		v.Refused = append(v.Refused, teamview.Refusal{Summary: r.Summary, Reason: r.Reason})
	}
	if s.Err != nil {
		v.Problem, v.Detail = teamview.ProblemOf(s.Err), s.Err.Error()
		if v.Problem == "" {
			v.Problem = team.ProblemOf(s.Err)
		}
	}
	return v
}

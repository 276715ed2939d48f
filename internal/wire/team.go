package wire

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/team"
)

// TeamError is a team link's failure with the problem a GUI names in its
// own words (team.ProblemOf, or ProblemFolder and ProblemNotReplica).
type TeamError struct {
	Kind string
	Err  error
}

func (e *TeamError) Error() string { return e.Err.Error() }
func (e *TeamError) Unwrap() error { return e.Err }

// Problem returns the problem's name.
func (e *TeamError) Problem() string { return e.Kind }

// Problems of linking a folder beyond team.ProblemOf's.
const (
	// ProblemFolder: the folder for a new replica exists and is not empty.
	ProblemFolder = "folder"
	// ProblemNotReplica: the open project is not a replica of that team
	// project.
	ProblemNotReplica = "not_replica"
)

func teamErr(err error) error {
	if err == nil {
		return nil
	}
	var te *TeamError
	if errors.As(err, &te) {
		return err
	}
	return &TeamError{Kind: team.ProblemOf(err), Err: err}
}

// TeamLogin logs user in to the server of rawURL (server address and
// project name) and returns the client and the link it makes (not saved).
func TeamLogin(ctx context.Context, rawURL, user, password string, hc *http.Client) (*team.Client, *team.State, error) {
	base, name, err := team.ParseURL(rawURL)
	if err != nil {
		return nil, nil, teamErr(err)
	}
	if user == "" || password == "" {
		return nil, nil, &TeamError{Kind: team.ProblemLogin, Err: errors.New("give your user name and password on the team server")}
	}
	c := &team.Client{Base: base, HTTP: hc}
	resp, err := c.Login(ctx, user, password)
	if err != nil {
		return nil, nil, teamErr(err)
	}
	p, err := c.Project(ctx, name)
	if err != nil {
		return nil, nil, teamErr(err)
	}
	st := &team.State{Server: base, Project: p.Name, ProjectGUID: p.GUID, User: resp.User.Name, UserGUID: resp.User.GUID, Token: resp.Token, Expires: resp.Expires}
	return c, st, nil
}

// CloneTeam makes dir (absent or empty) a new replica of the team project
// at rawURL, logged in as user: it creates the empty project with the
// team project's identity, saves the link and pulls the whole log once.
// A failure before the project exists leaves nothing behind.
func CloneTeam(ctx context.Context, rawURL, user, password, dir string, hc *http.Client, o Options) (*team.Report, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return nil, &TeamError{Kind: ProblemFolder, Err: fmt.Errorf("%s is not empty: a team project is cloned into a new folder", dir)}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, &TeamError{Kind: ProblemFolder, Err: err}
	}
	c, st, err := TeamLogin(ctx, rawURL, user, password, hc)
	if err != nil {
		return nil, err
	}
	pr, err := c.Project(ctx, st.Project)
	if err != nil {
		return nil, teamErr(err)
	}
	if err := InitReplica(dir, qda.Project{GUID: pr.GUID, Name: pr.Name, Created: pr.Created}, o); err != nil {
		return nil, err
	}
	if err := st.Save(dir); err != nil {
		return nil, err
	}
	o.User = st.User
	p, err := Open(dir, o)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	r, err := team.Sync(ctx, p, dir, st, c, time.Now())
	if err != nil {
		return nil, teamErr(fmt.Errorf("%s was created, but the first sync failed (it is tried again when the project is open): %w", dir, err))
	}
	return r, nil
}

// ConnectTeam links the open project p in dir to the team project at
// rawURL as user (again): p must be a replica of it. The cursor and the
// local mark of an earlier link to the same project are kept, so nothing
// is pulled or pushed twice.
func ConnectTeam(ctx context.Context, p *project.Project, dir, rawURL, user, password string, hc *http.Client) (*team.State, *team.Client, error) {
	c, st, err := TeamLogin(ctx, rawURL, user, password, hc)
	if err != nil {
		return nil, nil, err
	}
	var local qda.Project
	if err := p.View(func(tx app.Tx) (err error) { local, err = tx.Project(); return err }); err != nil {
		return nil, nil, err
	}
	if local.GUID != st.ProjectGUID {
		return nil, nil, &TeamError{Kind: ProblemNotReplica, Err: fmt.Errorf("%s holds the project %q, not a replica of %s: clone the team project into a new folder", dir, local.Name, st.URL())}
	}
	if old, err := team.LoadState(dir); err == nil && old.ProjectGUID == st.ProjectGUID && old.Server == st.Server {
		st.Cursor, st.LocalSeq, st.LastSync, st.Conflicts = old.Cursor, old.LocalSeq, old.LastSync, old.Conflicts
	}
	if err := st.Save(dir); err != nil {
		return nil, nil, err
	}
	return st, c, nil
}

// TeamRunner returns a background sync (not started) for the open
// project p in dir, or nil if dir is not linked to a team project.
// relogin, if not nil, gives the password for a new login when the
// session has ended.
func TeamRunner(p *project.Project, dir string, hc *http.Client, password func() string) (*team.Runner, error) {
	st, err := team.LoadState(dir)
	if errors.Is(err, team.ErrNotLinked) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	c := &team.Client{Base: st.Server, Token: st.Token, HTTP: hc}
	if password != nil {
		c.Relogin = func(ctx context.Context) (string, error) {
			pw := password()
			if pw == "" {
				return "", &team.APIError{Status: http.StatusUnauthorized, Code: "expired", Message: "the session has ended: log in again"}
			}
			resp, err := c.Login(ctx, st.User, pw)
			if err != nil {
				return "", err
			}
			st.Token, st.Expires = resp.Token, resp.Expires
			return resp.Token, nil
		}
	}
	return team.NewRunner(p, dir, st, c), nil
}

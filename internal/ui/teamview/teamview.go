// Package teamview is the GUI's side of the team server (docs/team.md):
// the connect dialog (clone a team project into a new folder, or link the
// open project), the sync state in the status bar, and the conflict dialog
// (keep mine / take theirs). It never talks to the server itself: it gets
// a Connector and, for an open project, a Link (cmd/protocoder wires them
// to internal/team and internal/wire).
package teamview

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/project"
)

// Status is an open project's link as the status bar shows it.
type Status struct {
	Online  bool
	Syncing bool
	// LastSync is the last successful sync (zero: never).
	LastSync time.Time
	// Waiting counts the local changes the server does not have yet.
	Waiting   int
	Conflicts int
	// Refused are the changes the server refused (roles, ownership) with
	// its reasons, until dismissed.
	Refused []Refusal
	// Problem names why the last sync failed ("" after a successful one;
	// see Problem*), Detail is the error's text.
	Problem string
	Detail  string
}

// Refusal is a change the server refused.
type Refusal struct {
	Summary string
	Reason  string
}

// Conflict is a change of this laptop that someone else's beat.
type Conflict struct {
	ID      string
	Summary string
	Reason  string
	Made    time.Time
	Items   []ConflictItem
}

// ConflictItem is one entity of a conflict in both versions; a nil
// version is a deleted entity.
type ConflictItem struct {
	// What names the entity's kind ("memo", "code", …).
	What         string
	Mine, Theirs *Version
}

// Version is one side of a conflict, readable.
type Version struct {
	Title string
	Body  string
}

// Link is an open project's link to its team project.
type Link interface {
	URL() string
	User() string
	Status() Status
	// SyncNow asks for a sync at once.
	SyncNow()
	Conflicts() []Conflict
	// Resolve settles a conflict; it blocks, so call it off the UI
	// goroutine.
	Resolve(id string, keepMine bool) error
	DismissRefused()
	// Stop ends the background sync and waits until it has.
	Stop()
}

// Connector logs in to team servers and links project folders.
type Connector interface {
	// Clone makes dir (new or empty) a replica of the team project at
	// url and pulls it once.
	Clone(ctx context.Context, url, user, password, dir string) error
	// Connect links the open project p in dir to the team project at url.
	Connect(ctx context.Context, p *project.Project, dir, url, user, password string) error
	// Start starts the background sync of the open project p in dir;
	// nil if dir is not linked. onStatus and onChanged (after others'
	// changes arrived) are called from any goroutine.
	Start(p *project.Project, dir string, onStatus func(Status), onChanged func(pulled int)) (Link, error)
}

// Problems, as the Connector's errors and Status name them.
const (
	ProblemURL         = "url"
	ProblemUnreachable = "unreachable"
	ProblemLogin       = "login"
	ProblemRateLimited = "rate_limited"
	ProblemSession     = "session"
	ProblemNotMember   = "not_member"
	ProblemNoProject   = "no_project"
	ProblemFolder      = "folder"
	ProblemNotReplica  = "not_replica"
)

// ProblemOf returns the problem an error names (by a Problem() string
// method along its chain), "" if none.
func ProblemOf(err error) string {
	var p interface{ Problem() string }
	if errors.As(err, &p) {
		return p.Problem()
	}
	return ""
}

// ProblemText says what went wrong in the user's language.
func ProblemText(problem string) string {
	switch problem {
	case ProblemURL:
		return lang.X("team.problem.url", "This is no team address. Give the server's address and the project, like https://server/ejo (plain http only for a server on this computer).")
	case ProblemUnreachable:
		return lang.X("team.problem.unreachable", "The team server is not reachable. Check the address and the network connection.")
	case ProblemLogin:
		return lang.X("team.problem.login", "Wrong user name or password.")
	case ProblemRateLimited:
		return lang.X("team.problem.rateLimited", "Too many failed logins. Wait a few minutes and try again.")
	case ProblemSession:
		return lang.X("team.problem.session", "The session on the team server has ended. Log in again.")
	case ProblemNotMember:
		return lang.X("team.problem.notMember", "Your account is not a member of this team project. Ask the project lead.")
	case ProblemNoProject:
		return lang.X("team.problem.noProject", "The team server has no project of this name.")
	case ProblemFolder:
		return lang.X("team.problem.folder", "The folder is not empty. A team project is cloned into a new folder.")
	case ProblemNotReplica:
		return lang.X("team.problem.notReplica", "The open project is not a copy of this team project. Clone the team project into a new folder instead.")
	}
	return lang.X("team.problem.other", "The connection to the team server failed.")
}

// ErrorText is the message for a Connector's error: the problem in the
// user's language, then the server's or the app's own words.
func ErrorText(err error) string {
	if err == nil {
		return ""
	}
	text := ProblemText(ProblemOf(err))
	if d := strings.TrimSpace(err.Error()); d != "" && ProblemOf(err) != ProblemLogin {
		text += "\n" + lang.X("team.detail", "Details: {{.Detail}}", map[string]any{"Detail": d})
	}
	return text
}

// StatusText is the status bar's line for st: when it last synced, what
// waits, the conflicts and refusals, or why it is offline.
func StatusText(st Status) string {
	var parts []string
	switch {
	case st.Problem == ProblemSession || st.Problem == ProblemLogin:
		parts = append(parts, lang.X("team.status.login", "login needed"))
	case st.Problem == ProblemNotMember:
		parts = append(parts, lang.X("team.status.noAccess", "no access"))
	case st.Problem != "" || !st.Online && !st.LastSync.IsZero():
		parts = append(parts, lang.X("team.status.offline", "offline"))
	case st.Online && !st.LastSync.IsZero():
		parts = append(parts, lang.X("team.status.synced", "synced at {{.Time}}", map[string]any{"Time": st.LastSync.Local().Format("15:04")}))
	default:
		parts = append(parts, lang.X("team.status.connecting", "connecting…"))
	}
	if st.Waiting > 0 {
		parts = append(parts, lang.XN("team.status.waiting", "{{.N}} waiting", st.Waiting, map[string]any{"N": st.Waiting}))
	}
	if st.Conflicts > 0 {
		parts = append(parts, lang.XN("team.status.conflicts", "{{.N}} conflicts", st.Conflicts, map[string]any{"N": st.Conflicts}))
	}
	if n := len(st.Refused); n > 0 {
		parts = append(parts, lang.XN("team.status.refused", "{{.N}} refused", n, map[string]any{"N": n}))
	}
	return strings.Join(parts, " · ")
}

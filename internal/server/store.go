// Package server is protocoder's team server: accounts with roles, sessions,
// and one ordered command log per project that laptops push their commands
// to and pull the others' from (docs/team.md). It speaks HTTP+JSON (api.go),
// authenticates with Argon2id password hashes and expiring session tokens
// (auth.go), and checks every pushed command against the pusher's roles and
// the project's state (rules.go) before it takes a place in the log.
//
// Storage sits behind Store: internal/server/pgstore keeps it in
// PostgreSQL, internal/server/memstore in memory (tests of the sync logic).
// The server never imports the GUI, the bbolt store or the search index: a
// laptop's replica is its own business.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// Role is what an account may do on the server: the project roles
// (lead, interviewer, coder, dpo) and reader.
type Role = qda.MemberRole

// User is an account on the server. Its GUID is the member GUID it has in
// every project's replica.
type User struct {
	GUID    qda.GUID  `json:"guid"`
	Name    string    `json:"name"`
	Roles   []Role    `json:"roles"`
	Created time.Time `json:"created"`
	// PasswordHash is the encoded Argon2id hash (see HashPassword); never
	// sent to a client.
	PasswordHash string `json:"-"`
}

// Has reports whether u has role r.
func (u *User) Has(r Role) bool {
	for _, k := range u.Roles {
		if k == r {
			return true
		}
	}
	return false
}

// Member is u as a project member record, the image the server's member
// commands carry.
func (u *User) Member() qda.User {
	return qda.User{GUID: u.GUID, Name: u.Name, Roles: u.Roles, Created: u.Created.UTC()}
}

// Project is a team project (teamapi.Project).
type Project = teamapi.Project

// Session is a login: the SHA-256 of its token, whose it is, until when.
type Session struct {
	TokenHash []byte
	User      qda.GUID
	Expires   time.Time
}

// Entry is one command of a project's log (teamapi.Entry).
type Entry = teamapi.Entry

// State reads the project's entities as the log so far leaves them: the
// after image of the last accepted change of each, nil if none or deleted.
type State interface {
	Image(entity, key string) ([]byte, error)
	// Purged reports whether a purge deleted the entity with this key
	// (of any kind).
	Purged(key string) (bool, error)
	// Each calls fn with the key and image of every entity of the kind
	// the log so far leaves, in the order of their keys (a purge finds
	// what belongs to what it deletes: ExpandPurge).
	Each(entity string, fn func(key string, img []byte) error) error
}

// Membership is an account's membership in a project, with the roles it
// has there.
type Membership struct {
	Project qda.GUID `json:"project"`
	User    qda.GUID `json:"user"`
	Name    string   `json:"name"`
	Roles   []Role   `json:"roles"`
}

// Decide is asked about every pushed command that is not in the log yet,
// in order, with the state before it: nil accepts it, an error refuses it
// (and nothing of it is kept).
type Decide func(st State, cmd *qda.Command) error

// Outcome is what became of one pushed command.
type Outcome struct {
	// Seq is its place in the log (0 if refused).
	Seq uint64
	// Duplicate: it was in the log already (a repeated push).
	Duplicate bool
	// Refused is why it was refused, nil if it was not.
	Refused error
}

// AuditEvent is one line of the central audit: logins, pushes, pulls.
type AuditEvent struct {
	Time    time.Time `json:"time"`
	User    string    `json:"user"`
	Action  string    `json:"action"`
	Project string    `json:"project,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// ErrNotFound is wrapped by every Store error about a missing user,
// project or session.
var ErrNotFound = errors.New("not found")

// ErrExists is wrapped by a Store error about a name already taken.
var ErrExists = errors.New("exists")

// Store keeps the server's accounts, projects, sessions and command logs.
// Every method is safe for concurrent use.
type Store interface {
	// Migrate brings the schema up to date (an empty database first).
	Migrate(ctx context.Context) error
	AddUser(ctx context.Context, u *User) error
	Users(ctx context.Context) ([]User, error)
	UserByName(ctx context.Context, name string) (*User, error)
	User(ctx context.Context, id qda.GUID) (*User, error)
	CreateProject(ctx context.Context, p *Project) error
	Project(ctx context.Context, name string) (*Project, error)
	Projects(ctx context.Context) ([]Project, error)
	// AddMember makes the user a member of the project with roles, or
	// changes the roles of a member; it reports whether the membership is
	// new.
	AddMember(ctx context.Context, project, user qda.GUID, roles []Role) (bool, error)
	// RemoveMember ends a membership (ErrNotFound if there is none).
	RemoveMember(ctx context.Context, project, user qda.GUID) error
	// Member returns the user's roles in the project (ErrNotFound if the
	// user is not a member).
	Member(ctx context.Context, project, user qda.GUID) ([]Role, error)
	// Members lists the project's members by name.
	Members(ctx context.Context, project qda.GUID) ([]Membership, error)
	PutSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, tokenHash []byte) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
	// Append adds cmds to the project's log, in order, as one transaction
	// serialised with every other Append to the project: a command whose
	// GUID is in the log already is a duplicate and changes nothing (the
	// log's version stays, whatever the repeated one holds: a laptop that
	// crashed after applying a pulled command pushes its local record of
	// it), every other one is put to decide (nil decide accepts). An
	// accepted purge (KindPurge) deletes the entities it names, remembers
	// their keys as purged and destroys the data keys of PurgeScopes.
	Append(ctx context.Context, project qda.GUID, cmds []*qda.Command, decide Decide) ([]Outcome, error)
	// Commands returns up to limit commands after seq, oldest first; the
	// changes whose scope a purge destroyed are left out.
	Commands(ctx context.Context, project qda.GUID, after uint64, limit int) ([]Entry, error)
	// Head is the newest sequence number of the project's log.
	Head(ctx context.Context, project qda.GUID) (uint64, error)
	Audit(ctx context.Context, ev AuditEvent) error
	// AuditLog returns the newest limit audit events, oldest first.
	AuditLog(ctx context.Context, limit int) ([]AuditEvent, error)
	Close() error
}

// EncodeCommand is the form in which a command is kept in the log: its
// JSON without the pusher's local sequence number.
func EncodeCommand(c *qda.Command) ([]byte, error) {
	cp := *c
	cp.Seq = 0
	return json.Marshal(&cp)
}

// Package teamapi holds the messages of the team server's HTTP+JSON API,
// shared by the server (internal/server) and the laptops' sync client
// (internal/team), so that the client never depends on the server.
package teamapi

import (
	"encoding/json"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// Limits of the API.
const (
	MaxPushBytes    = 256 << 20 // one push request
	MaxPushCommands = 1000      // commands in one push
	MaxPullCommands = 1000      // commands in one pull answer
)

// KindPurge is the kind of a purge command: it carries the keys of the
// entities it deletes, no images. The server destroys their data keys, and
// every laptop runs the local erasure when it pulls it.
const KindPurge = "purge"

// Project is a team project: the GUID every replica's project record has.
type Project struct {
	GUID    qda.GUID  `json:"guid"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Head is the sequence number of the newest command in its log.
	Head uint64 `json:"head"`
}

// Entry is one command of a project's log: its place (Seq, from 1) and the
// command's JSON as pushed.
type Entry struct {
	Seq     uint64          `json:"seq"`
	Command json.RawMessage `json:"command"`
}

// Account is a user as the API shows it.
type Account struct {
	GUID  qda.GUID         `json:"guid"`
	Name  string           `json:"name"`
	Roles []qda.MemberRole `json:"roles"`
}

// LoginRequest is the body of POST /api/login.
type LoginRequest struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

// LoginResponse answers a successful login.
type LoginResponse struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
	User    Account   `json:"user"`
}

// PushRequest is the body of a push.
type PushRequest struct {
	Commands []*qda.Command `json:"commands"`
}

// PushResult is what became of one pushed command.
type PushResult struct {
	GUID      qda.GUID `json:"guid"`
	Seq       uint64   `json:"seq,omitempty"`
	Duplicate bool     `json:"duplicate,omitempty"`
	Refused   *Refusal `json:"refused,omitempty"`
}

// PushResponse answers a push.
type PushResponse struct {
	Results []PushResult `json:"results"`
	Head    uint64       `json:"head"`
}

// PullResponse answers a pull.
type PullResponse struct {
	Head     uint64  `json:"head"`
	Commands []Entry `json:"commands"`
}

// Refusal is why the server refused a pushed command: the laptop shows
// Message and reverts the command locally.
type Refusal struct {
	// Code is forbidden (the pusher's roles or ownership do not allow
	// it), conflict (someone else changed what it changes first) or
	// invalid (a broken command).
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (r *Refusal) Error() string { return r.Message }

// Refusal codes.
const (
	RefusedForbidden = "forbidden"
	RefusedConflict  = "conflict"
	RefusedInvalid   = "invalid"
)

// Error is the body of every error answer.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"error"`
}

// Error codes of the API beyond the refusal codes.
const (
	CodeUnauthorized = "unauthorized"
	CodeExpired      = "expired"
	CodeRateLimited  = "rate_limited"
	CodeNotFound     = "not_found"
	CodeBadRequest   = "bad_request"
	CodeInternal     = "internal"
)

// Package team is the laptop's side of the team server (docs/team.md): the
// link of a project folder to a server project (team.json), the HTTP
// client of the API, and Sync, which pushes the local commands, takes back
// the ones the server refused and applies the others' commands in the
// server's order, through the core's ApplyRemote. The laptop stays
// offline-first: its bbolt store and bleve index are a full replica.
package team

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// ParseURL splits a team URL (the server's address followed by the
// project's name: https://team.example.org/ejo) into the server's base URL
// and the project name. Plain http is accepted only for a loopback host:
// passwords and protocols must not cross a network in the clear.
func ParseURL(raw string) (base, project string, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "", "", urlErrorf("%q is no team URL: give the server's address and the project, like https://server/ejo", raw)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", "", urlErrorf("%q: a team URL starts with https:// (or http:// on this machine)", raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", "", urlErrorf("%q: plain http only reaches a server on this machine (127.0.0.1, ::1, localhost); use https", raw)
	}
	path := strings.Trim(u.Path, "/")
	i := strings.LastIndex(path, "/")
	project = path[i+1:]
	if project == "" {
		return "", "", urlErrorf("%q names no project: add it to the address (…/ejo)", raw)
	}
	u.Path = "/" + path[:max(i, 0)]
	u.RawQuery, u.Fragment = "", ""
	return strings.TrimSuffix(u.String(), "/"), project, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// URLError says a team URL is malformed or not allowed.
type URLError struct{ msg string }

func (e *URLError) Error() string { return e.msg }

func urlErrorf(format string, args ...any) error {
	return &URLError{msg: fmt.Sprintf(format, args...)}
}

// UnreachableError says the server did not answer (no network, wrong
// address, server down).
type UnreachableError struct {
	Base string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("the team server %s is not reachable: %v", e.Base, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// APIError is an error answer of the server.
type APIError struct {
	Status  int
	Code    string
	Message string
	// Login is set for the answer to a login.
	Login bool
}

// Problems of a link a GUI names in its own words (ProblemOf).
const (
	ProblemURL         = "url"          // the team URL is malformed or plain http to another machine
	ProblemUnreachable = "unreachable"  // no answer from the server
	ProblemLogin       = "login"        // wrong user name or password
	ProblemRateLimited = "rate_limited" // too many failed logins
	ProblemSession     = "session"      // the session ended: log in again
	ProblemNotMember   = "not_member"   // the account may not use the project
	ProblemNoProject   = "no_project"   // the server has no such project
	ProblemOther       = "other"
)

// ProblemOf classifies an error of a link ("" for nil).
func ProblemOf(err error) string {
	var ue *URLError
	var ne *UnreachableError
	var ae *APIError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ue):
		return ProblemURL
	case errors.As(err, &ne):
		return ProblemUnreachable
	case !errors.As(err, &ae):
		return ProblemOther
	case ae.Status == http.StatusTooManyRequests:
		return ProblemRateLimited
	case ae.Status == http.StatusUnauthorized && ae.Login:
		return ProblemLogin
	case ae.Status == http.StatusUnauthorized:
		return ProblemSession
	case ae.Status == http.StatusForbidden:
		return ProblemNotMember
	case ae.Status == http.StatusNotFound:
		return ProblemNoProject
	}
	return ProblemOther
}

func (e *APIError) Error() string {
	return fmt.Sprintf("the team server says: %s", e.Message)
}

// IsAuth reports whether err says the session is missing, unknown or
// expired (log in again).
func IsAuth(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Status == http.StatusUnauthorized
}

// Client calls the team server's API.
type Client struct {
	Base  string
	HTTP  *http.Client
	Token string
	// Relogin, if set, is called once when a request finds the session
	// expired or unknown; it returns a new token.
	Relogin func(ctx context.Context) (string, error)
	// Hook, if set, is called at named points of a sync, for fault tests:
	// pull:applied (a page of pulled commands is in the store, the cursor
	// not yet saved).
	Hook func(point string)
}

func (c *Client) hook(point string) {
	if c.Hook != nil {
		c.Hook(point)
	}
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	err := c.once(ctx, method, path, body, out)
	if IsAuth(err) && c.Relogin != nil && path != "/api/login" {
		tok, lerr := c.Relogin(ctx)
		if lerr != nil {
			return lerr
		}
		c.Token = tok
		err = c.once(ctx, method, path, body, out)
	}
	return err
}

func (c *Client) once(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.http().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &UnreachableError{Base: c.Base, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e teamapi.Error
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(b, &e) != nil || e.Message == "" {
			e.Message = fmt.Sprintf("%s (HTTP %d)", strings.TrimSpace(string(b)), resp.StatusCode)
		}
		return &APIError{Status: resp.StatusCode, Code: e.Code, Message: e.Message}
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("the team server's answer to %s %s is not JSON: %w", method, path, err)
	}
	return nil
}

// Login logs user in and keeps the token.
func (c *Client) Login(ctx context.Context, user, password string) (*teamapi.LoginResponse, error) {
	var out teamapi.LoginResponse
	if err := c.once(ctx, http.MethodPost, "/api/login", teamapi.LoginRequest{User: user, Password: password}, &out); err != nil {
		var ae *APIError
		if errors.As(err, &ae) {
			ae.Login = true
		}
		return nil, err
	}
	c.Token = out.Token
	return &out, nil
}

// Project returns the server's project.
func (c *Client) Project(ctx context.Context, name string) (*teamapi.Project, error) {
	var out teamapi.Project
	return &out, c.do(ctx, http.MethodGet, "/api/projects/"+url.PathEscape(name), nil, &out)
}

// Push sends commands to the project's log.
func (c *Client) Push(ctx context.Context, name string, cmds []*qda.Command) (*teamapi.PushResponse, error) {
	var out teamapi.PushResponse
	return &out, c.do(ctx, http.MethodPost, "/api/projects/"+url.PathEscape(name)+"/commands", teamapi.PushRequest{Commands: cmds}, &out)
}

// Pull fetches up to limit commands after seq; wait > 0 long-polls that
// many seconds when there are none.
func (c *Client) Pull(ctx context.Context, name string, after uint64, limit, wait int) (*teamapi.PullResponse, error) {
	var out teamapi.PullResponse
	q := url.Values{"after": {strconv.FormatUint(after, 10)}, "limit": {strconv.Itoa(limit)}, "wait": {strconv.Itoa(wait)}}
	return &out, c.do(ctx, http.MethodGet, "/api/projects/"+url.PathEscape(name)+"/commands?"+q.Encode(), nil, &out)
}

package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// The API's messages and limits (internal/teamapi).
type (
	LoginRequest  = teamapi.LoginRequest
	LoginResponse = teamapi.LoginResponse
	PushRequest   = teamapi.PushRequest
	PushResult    = teamapi.PushResult
	PushResponse  = teamapi.PushResponse
	PullResponse  = teamapi.PullResponse
	APIError      = teamapi.Error
)

const (
	MaxPushBytes     = teamapi.MaxPushBytes
	MaxPushCommands  = teamapi.MaxPushCommands
	MaxPullCommands  = teamapi.MaxPullCommands
	CodeUnauthorized = teamapi.CodeUnauthorized
	CodeExpired      = teamapi.CodeExpired
	CodeRateLimited  = teamapi.CodeRateLimited
	CodeNotFound     = teamapi.CodeNotFound
	CodeBadRequest   = teamapi.CodeBadRequest
	CodeInternal     = teamapi.CodeInternal
)

// Config configures a Server.
type Config struct {
	Store Store
	// Now tells the time (tests); nil: time.Now.
	Now func() time.Time
	// SessionTTL is how long a login lasts; 0: 12 hours.
	SessionTTL time.Duration
	// LoginFailures within LoginWindow block further logins of the same
	// name or address until the oldest failure leaves the window
	// (defaults 5 and 15 minutes).
	LoginFailures int
	LoginWindow   time.Duration
	// LoginSlots bounds the password checks at once (64 MiB each); 0: 4.
	LoginSlots int
	// MaxWait bounds a pull's long poll; 0: 60 seconds.
	MaxWait time.Duration
	Log     *slog.Logger
	// Hook, if set, is called at named points of a request, for fault
	// tests: login:waiting (before a login slot), login:hashing (holding
	// one), push:deciding (inside the append's transaction, while the
	// rules look at the last pushed command), push:appended (the append
	// committed, the answer not sent), pull:answering (the commands read,
	// the answer not sent).
	Hook func(point string)
}

// Server answers the team API.
type Server struct {
	cfg    Config
	limit  *limiter
	notify notifier
	slots  chan struct{}
	// dummy is the hash an unknown user's password is checked against.
	dummy     string
	dummyOnce sync.Once
}

// New returns a Server on cfg.Store.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.LoginFailures == 0 {
		cfg.LoginFailures = 5
	}
	if cfg.LoginWindow == 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = 60 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Hook == nil {
		cfg.Hook = func(string) {}
	}
	if cfg.LoginSlots <= 0 {
		cfg.LoginSlots = 4
	}
	return &Server{cfg: cfg, limit: newLimiter(cfg.LoginFailures, cfg.LoginWindow), notify: notifier{ch: map[qda.GUID]chan struct{}{}},
		slots: make(chan struct{}, cfg.LoginSlots)}
}

// Handler is the API:
//
//	POST /api/login                      {"user","password"} → {"token","expires","user"}
//	POST /api/logout
//	GET  /api/projects/{name}            the project (GUID, name, head)
//	POST /api/projects/{name}/commands   push: {"commands":[…]} → {"results":[…],"head"}
//	GET  /api/projects/{name}/commands?after=N&limit=M&wait=S   pull (long poll)
//	GET  /api/audit?limit=N              the central audit (lead, dpo)
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/login", s.login)
	mux.HandleFunc("POST /api/logout", s.authed(s.logout))
	mux.HandleFunc("GET /api/projects/{name}", s.authed(s.project))
	mux.HandleFunc("POST /api/projects/{name}/commands", s.authed(s.push))
	mux.HandleFunc("GET /api/projects/{name}/commands", s.authed(s.pull))
	mux.HandleFunc("GET /api/audit", s.authed(s.audit))
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) fail(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, APIError{Code: code, Message: fmt.Sprintf(format, args...)})
}

func (s *Server) internal(w http.ResponseWriter, what string, err error) {
	s.cfg.Log.Error(what, "err", err)
	s.fail(w, http.StatusInternalServerError, CodeInternal, "the server failed to %s; its log has the details", what)
}

func (s *Server) auditf(ctx context.Context, user, action, project, format string, args ...any) {
	ev := AuditEvent{Time: s.cfg.Now().UTC(), User: user, Action: action, Project: project, Detail: fmt.Sprintf(format, args...)}
	if err := s.cfg.Store.Audit(ctx, ev); err != nil {
		s.cfg.Log.Error("audit", "err", err, "event", ev)
	}
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req LoginRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
		s.fail(w, http.StatusBadRequest, CodeBadRequest, "the login request is not JSON {user, password}: %v", err)
		return
	}
	now := s.cfg.Now()
	keys := []string{"user:" + req.User, "addr:" + clientAddr(r)}
	for _, k := range keys {
		if wait := s.limit.blocked(k, now); wait > 0 {
			s.auditf(r.Context(), req.User, "login.blocked", "", "from %s", clientAddr(r))
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			s.fail(w, http.StatusTooManyRequests, CodeRateLimited, "too many failed logins; try again in %s", wait.Round(time.Second))
			return
		}
	}
	u, err := s.cfg.Store.UserByName(r.Context(), req.User)
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.internal(w, "look the user up", err)
		return
	}
	ok, err := s.checkPassword(r, u, req.Password)
	if err != nil {
		return // the client went away while waiting
	}
	if !ok {
		for _, k := range keys {
			s.limit.fail(k, now)
		}
		s.auditf(r.Context(), req.User, "login.failed", "", "from %s", clientAddr(r))
		s.fail(w, http.StatusUnauthorized, CodeUnauthorized, "wrong user name or password")
		return
	}
	s.limit.reset(keys[0])
	tok, hash, err := newToken()
	if err != nil {
		s.internal(w, "make a session", err)
		return
	}
	exp := now.Add(s.cfg.SessionTTL).UTC()
	if err := s.cfg.Store.PutSession(r.Context(), &Session{TokenHash: hash, User: u.GUID, Expires: exp}); err != nil {
		s.internal(w, "store the session", err)
		return
	}
	s.auditf(r.Context(), u.Name, "login", "", "from %s", clientAddr(r))
	writeJSON(w, http.StatusOK, LoginResponse{Token: tok, Expires: exp, User: teamapi.Account{GUID: u.GUID, Name: u.Name, Roles: u.Roles}})
}

// checkPassword checks a login's password in one of the login slots: each
// check holds an Argon2id hash's 64 MiB, so the slots bound the server's
// memory whatever the number of logins at once. An unknown user costs a
// check against a dummy hash, so the answer's time tells nothing.
func (s *Server) checkPassword(r *http.Request, u *User, password string) (bool, error) {
	s.cfg.Hook("login:waiting")
	select {
	case s.slots <- struct{}{}:
	case <-r.Context().Done():
		return false, r.Context().Err()
	}
	defer func() { <-s.slots }()
	s.cfg.Hook("login:hashing")
	if u == nil {
		s.dummyOnce.Do(func() { s.dummy, _ = HashPassword("no such user, no such password") })
		CheckPassword(s.dummy, password)
		return false, nil
	}
	return CheckPassword(u.PasswordHash, password), nil
}

type authedFunc func(w http.ResponseWriter, r *http.Request, u *User, tokenHash []byte)

// authed runs h for a request with a valid session token.
func (s *Server) authed(h authedFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || tok == "" {
			s.fail(w, http.StatusUnauthorized, CodeUnauthorized, "not logged in")
			return
		}
		hash := hashToken(tok)
		se, err := s.cfg.Store.Session(r.Context(), hash)
		if errors.Is(err, ErrNotFound) {
			s.fail(w, http.StatusUnauthorized, CodeUnauthorized, "the session is unknown (logged out?); log in again")
			return
		} else if err != nil {
			s.internal(w, "check the session", err)
			return
		}
		if !s.cfg.Now().Before(se.Expires) {
			_ = s.cfg.Store.DeleteSession(r.Context(), hash)
			s.fail(w, http.StatusUnauthorized, CodeExpired, "the session expired at %s; log in again", se.Expires.Format(time.RFC3339))
			return
		}
		u, err := s.cfg.Store.User(r.Context(), se.User)
		if err != nil {
			s.fail(w, http.StatusUnauthorized, CodeUnauthorized, "the session's user no longer exists")
			return
		}
		h(w, r, u, hash)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *User, hash []byte) {
	if err := s.cfg.Store.DeleteSession(r.Context(), hash); err != nil {
		s.internal(w, "end the session", err)
		return
	}
	s.auditf(r.Context(), u.Name, "logout", "", "")
	writeJSON(w, http.StatusOK, struct{}{})
}

// projectOf looks the request's project up and checks that u is a member:
// it returns the project and u with the roles u has in it.
func (s *Server) projectOf(w http.ResponseWriter, r *http.Request, u *User) (*Project, *User) {
	p, err := s.cfg.Store.Project(r.Context(), r.PathValue("name"))
	if errors.Is(err, ErrNotFound) {
		s.fail(w, http.StatusNotFound, CodeNotFound, "the server has no project %q", r.PathValue("name"))
		return nil, nil
	} else if err != nil {
		s.internal(w, "look the project up", err)
		return nil, nil
	}
	roles, err := s.cfg.Store.Member(r.Context(), p.GUID, u.GUID)
	if errors.Is(err, ErrNotFound) {
		s.auditf(r.Context(), u.Name, "access.refused", p.Name, "%s %s: not a member", r.Method, r.URL.Path)
		s.fail(w, http.StatusForbidden, RefusedForbidden, "%s is not a member of project %s; the lead adds members on the server (protocoder-server project add-member)", u.Name, p.Name)
		return nil, nil
	} else if err != nil {
		s.internal(w, "look the membership up", err)
		return nil, nil
	}
	m := *u
	m.Roles = roles
	return p, &m
}

func (s *Server) project(w http.ResponseWriter, r *http.Request, u *User, _ []byte) {
	if p, _ := s.projectOf(w, r, u); p != nil {
		writeJSON(w, http.StatusOK, p)
	}
}

func (s *Server) push(w http.ResponseWriter, r *http.Request, u *User, _ []byte) {
	p, u := s.projectOf(w, r, u)
	if p == nil {
		return
	}
	var req PushRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxPushBytes)).Decode(&req); err != nil {
		s.fail(w, http.StatusBadRequest, CodeBadRequest, "the push is not JSON {commands: […]} of at most %d MiB: %v", MaxPushBytes>>20, err)
		return
	}
	if len(req.Commands) > MaxPushCommands {
		s.fail(w, http.StatusBadRequest, CodeBadRequest, "a push holds at most %d commands, not %d", MaxPushCommands, len(req.Commands))
		return
	}
	for _, c := range req.Commands {
		if c == nil || c.GUID == "" {
			s.fail(w, http.StatusBadRequest, CodeBadRequest, "a pushed command has no GUID")
			return
		}
	}
	// Names for the refusals, read before the append (which may hold the
	// store's lock while it asks the rules).
	users, err := s.cfg.Store.Users(r.Context())
	if err != nil {
		s.internal(w, "read the accounts", err)
		return
	}
	names := make(map[qda.GUID]string, len(users))
	for _, o := range users {
		names[o.GUID] = o.Name
	}
	rules := Rules{Name: func(id qda.GUID) string { return names[id] }}
	var last *qda.Command
	if len(req.Commands) > 0 {
		last = req.Commands[len(req.Commands)-1]
	}
	outs, err := s.cfg.Store.Append(r.Context(), p.GUID, req.Commands, func(st State, c *qda.Command) error {
		err := rules.Check(st, u, c)
		if err == nil && c.Kind == KindPurge {
			// What the officer's laptop had not pulled yet goes too.
			err = ExpandPurge(st, c)
		}
		if c == last {
			s.cfg.Hook("push:deciding")
		}
		return err
	})
	if err != nil {
		s.internal(w, "append the commands", err)
		return
	}
	s.cfg.Hook("push:appended")
	resp := PushResponse{Results: make([]PushResult, len(outs))}
	accepted, refused := 0, 0
	for i, o := range outs {
		res := PushResult{GUID: req.Commands[i].GUID, Seq: o.Seq, Duplicate: o.Duplicate}
		if o.Refused != nil {
			refused++
			var rf *Refusal
			if !errors.As(o.Refused, &rf) {
				rf = &Refusal{Code: RefusedInvalid, Message: o.Refused.Error()}
			}
			res.Refused = rf
			s.auditf(r.Context(), u.Name, "push.refused", p.Name, "%s %s: %s", req.Commands[i].GUID, req.Commands[i].Kind, rf.Message)
		} else if !o.Duplicate {
			accepted++
			switch c := req.Commands[i]; c.Kind {
			case KindExport:
				s.auditf(r.Context(), u.Name, "export", p.Name, "%s", c.Summary)
			case KindPurge:
				s.auditf(r.Context(), u.Name, "purge", p.Name, "%s: %d entities, their data keys destroyed", c.Summary, len(c.Changes))
			}
		}
		resp.Results[i] = res
	}
	if resp.Head, err = s.cfg.Store.Head(r.Context(), p.GUID); err != nil {
		s.internal(w, "read the log's head", err)
		return
	}
	if accepted > 0 {
		s.notify.wake(p.GUID)
	}
	s.auditf(r.Context(), u.Name, "push", p.Name, "%d accepted, %d refused, %d repeated", accepted, refused, len(outs)-accepted-refused)
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, u *User, _ []byte) {
	p, u := s.projectOf(w, r, u)
	if p == nil {
		return
	}
	q := r.URL.Query()
	num := func(name string, def, max uint64) (uint64, bool) {
		v := q.Get(name)
		if v == "" {
			return def, true
		}
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.fail(w, http.StatusBadRequest, CodeBadRequest, "%s=%q is not a number", name, v)
			return 0, false
		}
		return min(n, max), true
	}
	after, ok1 := num("after", 0, 1<<62)
	limit, ok2 := num("limit", MaxPullCommands, MaxPullCommands)
	wait, ok3 := num("wait", 0, uint64(s.cfg.MaxWait/time.Second))
	if !ok1 || !ok2 || !ok3 {
		return
	}
	if limit == 0 {
		limit = MaxPullCommands
	}
	woken := s.notify.wait(p.GUID)
	es, err := s.cfg.Store.Commands(r.Context(), p.GUID, after, int(limit))
	if err == nil && len(es) == 0 && wait > 0 {
		t := time.NewTimer(time.Duration(wait) * time.Second)
		select {
		case <-woken:
		case <-t.C:
		case <-r.Context().Done():
		}
		t.Stop()
		es, err = s.cfg.Store.Commands(r.Context(), p.GUID, after, int(limit))
	}
	if err != nil {
		s.internal(w, "read the log", err)
		return
	}
	head, err := s.cfg.Store.Head(r.Context(), p.GUID)
	if err != nil {
		s.internal(w, "read the log's head", err)
		return
	}
	if len(es) > 0 {
		s.auditf(r.Context(), u.Name, "pull", p.Name, "%d commands after %d", len(es), after)
	}
	s.cfg.Hook("pull:answering")
	if es == nil {
		es = []Entry{}
	}
	writeJSON(w, http.StatusOK, PullResponse{Head: head, Commands: es})
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request, u *User, _ []byte) {
	if !u.Has(qda.MemberLead) && !u.Has(qda.MemberDPO) {
		s.fail(w, http.StatusForbidden, RefusedForbidden, "only the lead and the data-protection officer read the audit")
		return
	}
	n, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || n <= 0 || n > 10000 {
		n = 1000
	}
	evs, err := s.cfg.Store.AuditLog(r.Context(), n)
	if err != nil {
		s.internal(w, "read the audit", err)
		return
	}
	writeJSON(w, http.StatusOK, evs)
}

// AuditAdmin records an administrator's action on the server's command
// line (accounts, projects, memberships) in the central audit.
func AuditAdmin(ctx context.Context, st Store, now time.Time, user, action, project, format string, args ...any) error {
	return st.Audit(ctx, AuditEvent{Time: now.UTC(), User: user, Action: "admin." + action, Project: project, Detail: fmt.Sprintf(format, args...)})
}

// notifier wakes long polls of a project when its log grows.
type notifier struct {
	mu sync.Mutex
	ch map[qda.GUID]chan struct{}
}

func (n *notifier) wait(id qda.GUID) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	c, ok := n.ch[id]
	if !ok {
		c = make(chan struct{})
		n.ch[id] = c
	}
	return c
}

func (n *notifier) wake(id qda.GUID) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if c, ok := n.ch[id]; ok {
		close(c)
		delete(n.ch, id)
	}
}

// Wake tells the long polls of a project that its log grew (another
// server process appended: pgstore's LISTEN calls it).
func (s *Server) Wake(project qda.GUID) { s.notify.wake(project) }

// Package memstore is an in-memory server.Store: the same contract as
// PostgreSQL's (internal/server/pgstore), for tests of the sync logic that
// need no database. Nothing survives the process.
package memstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
)

// Store is an in-memory server.Store.
type Store struct {
	mu       sync.Mutex
	users    map[qda.GUID]server.User
	projects map[qda.GUID]*project
	sessions map[string]server.Session
	audit    []server.AuditEvent
}

type project struct {
	p       server.Project
	log     []*qda.Command   // log[i] has Seq i+1
	byGUID  map[qda.GUID]int // index into log
	state   map[string][]byte
	members map[qda.GUID][]server.Role
	// purged are the keys a purge deleted, shredded the scopes whose
	// (notional) data keys it destroyed.
	purged   map[string]bool
	shredded map[string]bool
}

// New returns an empty store.
func New() *Store {
	return &Store{users: map[qda.GUID]server.User{}, projects: map[qda.GUID]*project{}, sessions: map[string]server.Session{}}
}

// Migrate implements server.Store; there is no schema.
func (s *Store) Migrate(context.Context) error { return nil }

// Close implements server.Store.
func (s *Store) Close() error { return nil }

// AddUser implements server.Store.
func (s *Store) AddUser(_ context.Context, u *server.User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.users {
		if o.Name == u.Name {
			return fmt.Errorf("user %q: %w", u.Name, server.ErrExists)
		}
	}
	s.users[u.GUID] = *u
	return nil
}

// Users implements server.Store, sorted by name.
func (s *Store) Users(context.Context) ([]server.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]server.User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// UserByName implements server.Store.
func (s *Store) UserByName(_ context.Context, name string) (*server.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Name == name {
			return &u, nil
		}
	}
	return nil, fmt.Errorf("user %q: %w", name, server.ErrNotFound)
}

// User implements server.Store.
func (s *Store) User(_ context.Context, id qda.GUID) (*server.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	if !ok {
		return nil, fmt.Errorf("user %s: %w", id, server.ErrNotFound)
	}
	return &u, nil
}

// CreateProject implements server.Store.
func (s *Store) CreateProject(_ context.Context, p *server.Project) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.projects {
		if o.p.Name == p.Name {
			return fmt.Errorf("project %q: %w", p.Name, server.ErrExists)
		}
	}
	cp := *p
	cp.Head = 0
	s.projects[p.GUID] = &project{p: cp, byGUID: map[qda.GUID]int{}, state: map[string][]byte{}, members: map[qda.GUID][]server.Role{},
		purged: map[string]bool{}, shredded: map[string]bool{}}
	return nil
}

func (s *Store) project(id qda.GUID) (*project, error) {
	p, ok := s.projects[id]
	if !ok {
		return nil, fmt.Errorf("project %s: %w", id, server.ErrNotFound)
	}
	return p, nil
}

// AddMember implements server.Store.
func (s *Store) AddMember(_ context.Context, project, user qda.GUID, roles []server.Role) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.project(project)
	if err != nil {
		return false, err
	}
	if _, ok := s.users[user]; !ok {
		return false, fmt.Errorf("user %s: %w", user, server.ErrNotFound)
	}
	_, had := p.members[user]
	p.members[user] = append([]server.Role(nil), roles...)
	return !had, nil
}

// RemoveMember implements server.Store.
func (s *Store) RemoveMember(_ context.Context, project, user qda.GUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.project(project)
	if err != nil {
		return err
	}
	if _, ok := p.members[user]; !ok {
		return fmt.Errorf("member %s: %w", user, server.ErrNotFound)
	}
	delete(p.members, user)
	return nil
}

// Member implements server.Store.
func (s *Store) Member(_ context.Context, project, user qda.GUID) ([]server.Role, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.project(project)
	if err != nil {
		return nil, err
	}
	rs, ok := p.members[user]
	if !ok {
		return nil, fmt.Errorf("member %s: %w", user, server.ErrNotFound)
	}
	return append([]server.Role(nil), rs...), nil
}

// Members implements server.Store.
func (s *Store) Members(_ context.Context, project qda.GUID) ([]server.Membership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.project(project)
	if err != nil {
		return nil, err
	}
	out := make([]server.Membership, 0, len(p.members))
	for u, rs := range p.members {
		out = append(out, server.Membership{Project: project, User: u, Name: s.users[u].Name, Roles: append([]server.Role(nil), rs...)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Project implements server.Store.
func (s *Store) Project(_ context.Context, name string) (*server.Project, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.projects {
		if o.p.Name == name {
			p := o.p
			return &p, nil
		}
	}
	return nil, fmt.Errorf("project %q: %w", name, server.ErrNotFound)
}

// Projects implements server.Store, sorted by name.
func (s *Store) Projects(context.Context) ([]server.Project, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]server.Project, 0, len(s.projects))
	for _, o := range s.projects {
		out = append(out, o.p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// PutSession implements server.Store.
func (s *Store) PutSession(_ context.Context, se *server.Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[string(se.TokenHash)] = *se
	return nil
}

// Session implements server.Store.
func (s *Store) Session(_ context.Context, h []byte) (*server.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	se, ok := s.sessions[string(h)]
	if !ok {
		return nil, fmt.Errorf("session: %w", server.ErrNotFound)
	}
	return &se, nil
}

// DeleteSession implements server.Store.
func (s *Store) DeleteSession(_ context.Context, h []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, string(h))
	return nil
}

type overlay struct{ p *project }

func (o overlay) Image(entity, key string) ([]byte, error) {
	return o.p.state[entity+"\x00"+key], nil
}

func (o overlay) Purged(key string) (bool, error) { return o.p.purged[key], nil }

func (o overlay) Each(entity string, fn func(key string, img []byte) error) error {
	prefix := entity + "\x00"
	var keys []string
	for k := range o.p.state {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := fn(strings.TrimPrefix(k, prefix), o.p.state[k]); err != nil {
			return err
		}
	}
	return nil
}

// Append implements server.Store. A failed decode leaves the log as it was.
func (s *Store) Append(_ context.Context, id qda.GUID, cmds []*qda.Command, decide server.Decide) ([]server.Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[id]
	if !ok {
		return nil, fmt.Errorf("project %s: %w", id, server.ErrNotFound)
	}
	out := make([]server.Outcome, len(cmds))
	for i, c := range cmds {
		if at, ok := p.byGUID[c.GUID]; ok {
			out[i] = server.Outcome{Seq: uint64(at + 1), Duplicate: true}
			continue
		}
		if decide != nil {
			if err := decide(overlay{p}, c); err != nil {
				out[i].Refused = err
				continue
			}
		}
		var needles []string
		if c.Kind == qda.KindAnonReplace {
			var err error
			if needles, err = server.AnonNeedles(overlay{p}, c); err != nil {
				return nil, err
			}
		}
		body, err := server.EncodeCommand(c)
		if err != nil {
			return nil, err
		}
		var cp qda.Command
		if err := json.Unmarshal(body, &cp); err != nil {
			return nil, err
		}
		p.p.Head++
		p.byGUID[c.GUID] = len(p.log)
		p.log = append(p.log, &cp)
		for _, ch := range c.Changes {
			k := ch.Entity + "\x00" + ch.Key
			if ch.After == nil {
				delete(p.state, k)
			} else {
				p.state[k] = append([]byte(nil), ch.After...)
			}
			if c.Kind == server.KindPurge {
				p.purged[ch.Key] = true
			}
		}
		if c.Kind == server.KindPurge {
			for _, sc := range server.PurgeScopes(c) {
				p.shredded[sc] = true
			}
		}
		p.eraseWords(needles)
		out[i].Seq = p.p.Head
	}
	return out, nil
}

// eraseWords removes from the log every change image holding one of the
// words an anonymisation replaced, unless a live entity still holds it.
func (p *project) eraseWords(needles []string) {
	var ns [][]byte
	for _, n := range needles {
		kept := false
		for _, img := range p.state {
			if bytes.Contains(img, []byte(n)) {
				kept = true
				break
			}
		}
		if !kept {
			ns = append(ns, []byte(n))
		}
	}
	if len(ns) == 0 {
		return
	}
	holds := func(img []byte) bool {
		for _, n := range ns {
			if bytes.Contains(img, n) {
				return true
			}
		}
		return false
	}
	for _, c := range p.log {
		kept := c.Changes[:0]
		for _, ch := range c.Changes {
			if !holds(ch.Before) && !holds(ch.After) {
				kept = append(kept, ch)
			}
		}
		c.Changes = kept
	}
}

// Commands implements server.Store.
func (s *Store) Commands(_ context.Context, id qda.GUID, after uint64, limit int) ([]server.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[id]
	if !ok {
		return nil, fmt.Errorf("project %s: %w", id, server.ErrNotFound)
	}
	if after >= uint64(len(p.log)) {
		return nil, nil
	}
	rest := p.log[after:]
	if len(rest) > limit {
		rest = rest[:limit]
	}
	out := make([]server.Entry, len(rest))
	for i, c := range rest {
		cp := *c
		cp.Changes = nil
		for _, ch := range c.Changes {
			if (ch.Before != nil || ch.After != nil) && p.shredded[server.ScopeOf(ch)] {
				continue // its data key is destroyed
			}
			cp.Changes = append(cp.Changes, ch)
		}
		body, err := json.Marshal(&cp)
		if err != nil {
			return nil, err
		}
		out[i] = server.Entry{Seq: after + uint64(i) + 1, Command: body}
	}
	return out, nil
}

// Head implements server.Store.
func (s *Store) Head(_ context.Context, id qda.GUID) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[id]
	if !ok {
		return 0, fmt.Errorf("project %s: %w", id, server.ErrNotFound)
	}
	return p.p.Head, nil
}

// Audit implements server.Store.
func (s *Store) Audit(_ context.Context, ev server.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audit = append(s.audit, ev)
	return nil
}

// AuditLog implements server.Store.
func (s *Store) AuditLog(_ context.Context, limit int) ([]server.AuditEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.audit
	if len(a) > limit {
		a = a[len(a)-limit:]
	}
	return append([]server.AuditEvent(nil), a...), nil
}

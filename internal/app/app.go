// Package app holds protocoder's use cases. It declares the interfaces it
// needs from the outside world (Store, Tx, Clock, IDSource) and is wired to
// the bbolt store and the bleve index by the commands in cmd/.
//
// Every use case that changes data runs in one store transaction together
// with its command record, so the audit log and undo never miss a write.
package app

import (
	"crypto/rand"
	"io"
	"log/slog"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// Clock tells the time; injected so tests are deterministic.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now implements Clock.
func (SystemClock) Now() time.Time { return time.Now() }

// IDSource mints GUIDs.
type IDSource interface {
	NewGUID() (qda.GUID, error)
}

// RandomIDs mints random version 4 GUIDs from a reader (crypto/rand when nil).
type RandomIDs struct{ R io.Reader }

// NewGUID implements IDSource.
func (r RandomIDs) NewGUID() (qda.GUID, error) {
	src := r.R
	if src == nil {
		src = rand.Reader
	}
	return qda.NewGUID(src)
}

// Config holds a Service's collaborators.
type Config struct {
	Store Store
	Index Index    // nil: no full-text index (tools, tests)
	Clock Clock    // nil: SystemClock
	IDs   IDSource // nil: RandomIDs from crypto/rand
	Log   *slog.Logger
	// UserName is the name of the acting user; the user is created on first
	// write if the project does not know it yet. Empty means "unknown".
	UserName string
}

// Service runs the use cases on one open project.
type Service struct {
	store    Store
	index    Index
	clock    Clock
	ids      IDSource
	log      *slog.Logger
	userName string
	user     qda.GUID
	// indexStale is set when an index update failed; the index is then
	// rebuilt at the next EnsureIndex.
	indexStale bool
}

// New returns a Service for an open store.
func New(cfg Config) *Service {
	s := &Service{store: cfg.Store, index: cfg.Index, clock: cfg.Clock, ids: cfg.IDs, log: cfg.Log, userName: cfg.UserName}
	if s.clock == nil {
		s.clock = SystemClock{}
	}
	if s.ids == nil {
		s.ids = RandomIDs{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Close closes the index and the store.
func (s *Service) Close() error {
	var ierr error
	if s.index != nil {
		ierr = s.index.Close()
	}
	if err := s.store.Close(); err != nil {
		return err
	}
	return ierr
}

// newGUID mints a GUID; a failure here is an internal error.
func (s *Service) newGUID() (qda.GUID, error) { return s.ids.NewGUID() }

// write runs fn in one transaction recorded as a command of the given kind.
// The acting user is created in the same transaction if needed.
func (s *Service) write(kind, summary string, fn func(tx Tx) error) error {
	id, err := s.newGUID()
	if err != nil {
		return err
	}
	cmd := &qda.Command{GUID: id, Time: s.clock.Now().UTC(), Kind: kind, Summary: summary}
	var created qda.GUID
	err = s.store.Update(cmd, func(tx Tx) error {
		u, err := s.ensureUser(tx)
		if err != nil {
			return err
		}
		cmd.User, created = u, u
		return fn(tx)
	})
	if err != nil {
		s.log.Debug("write failed", "kind", kind, "err", err)
		return err
	}
	s.user = created
	s.afterWrite(cmd)
	return nil
}

// ensureUser returns the acting user's GUID, creating the user if the
// project does not know the name yet.
func (s *Service) ensureUser(tx Tx) (qda.GUID, error) {
	if s.userName == "" {
		return "", nil
	}
	if s.user != "" {
		return s.user, nil
	}
	users, err := tx.Users()
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if u.Name == s.userName {
			return u.GUID, nil
		}
	}
	id, err := s.newGUID()
	if err != nil {
		return "", err
	}
	u := &qda.User{GUID: id, Name: s.userName, Created: s.clock.Now().UTC()}
	return id, tx.PutUser(u)
}

// Package app is the core of protocoder's use cases. It owns what every
// feature shares and nothing more:
//
//   - the ports to the outside world (ports.go: Store/Tx, Index, FileReader;
//     Clock and IDSource here), implemented by internal/store,
//     internal/search and internal/importer and wired in internal/wire;
//   - the write path: Write, WriteCmd and WriteAs run a change in one store
//     transaction together with its command record (GUID, member, time,
//     before and after images), then afterWrite hands it to the index
//     keeper (search.go: the IndexKeeper hook; app/indexing brings the
//     search index in step in the background, and a search waits for it)
//     — so the audit log, undo and the index never miss a write;
//   - the read model: decoded metadata and the coding table, kept current
//     by command sequence number (readmodel.go, internal/readmodel);
//   - undo and redo (undo.go), the acting member (members.go);
//   - shared reads every feature needs: cases, interviews and their
//     protocols, guidelines, codes, segments (read.go, segments.go), the
//     re-anchoring of codings when a text changes (text.go), search
//     through the index keeper (search.go);
//   - hooks through which one feature's rule applies on another's path
//     (SetFinalGate: the privacy check every path to a final protocol runs;
//     SetInterviewGate: the consent rules every path that writes an
//     interview's metadata runs).
//
// The use cases themselves live in the feature packages below it
// (coding, analysis, study, pairs, exchange, privacy, members, indexing).
// Each depends on this core and on qda, never on another feature: when a feature needs another's
// rule, the core gets a port or a hook, and internal/project installs it.
// internal/layers enforces this; docs/architecture.md shows where each use
// case lives and where a new one goes.
package app

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/readmodel"
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
	// Files reads protocol and document files for import; nil: file
	// import is not available.
	Files FileReader
	// UserName names the acting user (--user, $PROTOCODER_USER or the
	// GUI's choice): a member's name, initials or GUID. Every write
	// requires it to name a member; nobody is registered on the fly.
	UserName string
	// UserFallback is a weaker name ($USER) used when UserName is empty,
	// and only if it names a member.
	UserFallback string
	// IndexErr says why Index is nil when the project's index could not be
	// opened; Search reports it.
	IndexErr error
}

// Service runs the use cases on one open project.
type Service struct {
	store Store
	index Index
	clock Clock
	ids   IDSource
	log   *slog.Logger
	files FileReader
	// acting is who acts (see members.go).
	acting acting
	// indexErr says why the project has no index (Config.IndexErr).
	indexErr error
	// keeper keeps the index in step and answers searches (see
	// SetIndexKeeper); nil: search is unavailable.
	keeper IndexKeeper
	// meta keeps decoded metadata current by command sequence number
	// (internal/readmodel).
	meta readmodel.MetaCache
	// codings keeps the coding table current (internal/readmodel).
	codings readmodel.CodingCache
	// finalGate checks a protocol that is about to become final (see
	// SetFinalGate).
	finalGate FinalGate
	// unseal opens sealed command images (see SetUnsealer).
	unseal Unsealer
	// sealedRedo redoes an anonymisation (see SetSealedRedo).
	sealedRedo SealedRedo
	// interviewGate checks an interview that is about to be written by
	// registration, import or merge (see SetInterviewGate).
	interviewGate InterviewGate
}

// New returns a Service for an open store.
func New(cfg Config) *Service {
	s := &Service{store: cfg.Store, index: cfg.Index, clock: cfg.Clock, ids: cfg.IDs, log: cfg.Log, files: cfg.Files}
	s.acting.name, s.acting.fallback = strings.TrimSpace(cfg.UserName), strings.TrimSpace(cfg.UserFallback)
	s.indexErr = cfg.IndexErr
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

// Close lets the index keeper finish its work (the index is left current
// unless it must be rebuilt), then closes the index and the store.
func (s *Service) Close() error {
	var ierr error
	if s.keeper != nil {
		s.keeper.Close()
	}
	if s.index != nil {
		ierr = s.index.Close()
	}
	if err := s.store.Close(); err != nil {
		return err
	}
	return ierr
}

// View runs fn in a read-only transaction of the project's store.
func (s *Service) View(fn func(tx Tx) error) error { return s.store.View(fn) }

// WriteJoining runs fn as a command of u, a member fn itself adds, and
// makes u the acting member: the GUI's "add yourself".
func (s *Service) WriteJoining(cmd *qda.Command, u *qda.User, fn func(tx Tx) error) error {
	id, err := s.NewGUID()
	if err != nil {
		return err
	}
	cmd.GUID, cmd.Time, cmd.User = id, s.clock.Now().UTC(), u.GUID
	if err := s.store.Update(cmd, fn); err != nil {
		return err
	}
	s.acting.mu.Lock()
	s.acting.name, s.acting.id = u.Name, u.GUID
	s.acting.mu.Unlock()
	s.afterWrite(cmd)
	return nil
}

// Store is the project's store, for a feature that needs one of its
// optional capabilities (backups, erasure, file checks). Writes go through
// Write, never through Store().Update.
func (s *Service) Store() Store { return s.store }

// Now is the Service's clock's time.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Log is the Service's logger.
func (s *Service) Log() *slog.Logger { return s.log }

// Files is the port that reads files for import; nil when import is not
// available.
func (s *Service) Files() FileReader { return s.files }

// FinalGate checks, inside the transaction that is about to make an
// interview's protocol final, that it may become final.
type FinalGate func(tx Tx, iv *qda.Interview) error

// SetFinalGate installs the check every path to a final protocol runs; the
// privacy feature installs its anonymisation check when it is built.
func (s *Service) SetFinalGate(g FinalGate) { s.finalGate = g }

// CheckFinal runs the final gate on iv. Without a gate installed it
// refuses: a Service assembled without its privacy rules must not make
// anything final.
func (s *Service) CheckFinal(tx Tx, iv *qda.Interview) error {
	if s.finalGate == nil {
		return qda.Errorf(qda.EInternal, "no check for final protocols is installed; %s stays %s", iv.Interviewee, iv.Status)
	}
	return s.finalGate(tx, iv)
}

// InterviewGate checks, inside the transaction that registers, imports or
// merges an interview, that its record obeys the consent rules (a
// recording needs consent to record).
type InterviewGate func(tx Tx, iv *qda.Interview) error

// SetInterviewGate installs the consent check every path that writes an
// interview's metadata runs; the privacy feature installs it when it is
// built.
func (s *Service) SetInterviewGate(g InterviewGate) { s.interviewGate = g }

// CheckInterview runs the interview gate on iv. Without a gate installed it
// refuses an interview that claims a recording: whether it may have one is
// the privacy feature's rule.
func (s *Service) CheckInterview(tx Tx, iv *qda.Interview) error {
	if s.interviewGate == nil {
		if iv.Recording == qda.RecordingPresent {
			return qda.Errorf(qda.EInternal, "no consent check is installed; %s cannot be registered with a recording", iv.Interviewee)
		}
		return nil
	}
	return s.interviewGate(tx, iv)
}

// NewGUID mints a GUID; a failure here is an internal error.
func (s *Service) NewGUID() (qda.GUID, error) { return s.ids.NewGUID() }

// Write runs fn in one transaction recorded as a command of the given kind,
// on behalf of the acting member.
func (s *Service) Write(kind, summary string, fn func(tx Tx) error) error {
	return s.WriteCmd(&qda.Command{Kind: kind, Summary: summary}, fn)
}

// WriteCmd completes cmd (GUID, time, user), runs fn with it in one
// transaction and keeps the index in step afterwards. The acting user must
// be a member (checked in the same transaction); a failed command changes
// nothing, registers nobody.
func (s *Service) WriteCmd(cmd *qda.Command, fn func(tx Tx) error) error {
	return s.WriteAs(cmd, nil, fn)
}

// WriteAs is writeCmd for a command that may run in a project without
// members yet: there first, called after fn, names the acting member (the
// member fn added, or one an import brought in).
func (s *Service) WriteAs(cmd *qda.Command, first func(tx Tx) (qda.GUID, error), fn func(tx Tx) error) error {
	id, err := s.NewGUID()
	if err != nil {
		return err
	}
	cmd.GUID, cmd.Time = id, s.clock.Now().UTC()
	err = s.store.Update(cmd, func(tx Tx) error {
		u, err := s.ResolveMember(tx)
		if err == nil {
			cmd.User = u.GUID
			s.acting.set(u.GUID)
			return fn(tx)
		}
		if first == nil || !errors.Is(err, ErrNoMembers) {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		if cmd.User, err = first(tx); err != nil {
			return err
		}
		s.acting.set(cmd.User)
		return nil
	})
	if err != nil {
		s.log.Debug("write failed", "kind", cmd.Kind, "err", err)
		return err
	}
	s.afterWrite(cmd)
	return nil
}

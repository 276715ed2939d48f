package team

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// Status is what a Runner says about a replica's link, for a status bar.
type Status struct {
	// Online is set after a sync that reached the server, cleared by one
	// that did not.
	Online  bool
	Syncing bool
	// LastSync is the last successful sync (zero: never).
	LastSync time.Time
	// Waiting counts the local commands the server does not have yet.
	Waiting int
	// Conflicts counts the open conflicts.
	Conflicts int
	// Refused are the refusals of other kinds than conflicts (a role's
	// limit, a broken command) since the user last dismissed them.
	Refused []Refused
	// Err is why the last sync failed (nil after a successful one); Retry
	// when the Runner tries again.
	Err   error
	Retry time.Time
	// Last is the last successful sync's report.
	Last *Report
}

// Runner syncs a replica in the background while it is open: at once,
// whenever a local command is made, whenever the server's long poll says
// others pushed, and when asked (SyncNow); after a failure it retries with
// a growing pause (Backoff to MaxBackoff). Sync and Resolve never run at
// the same time. Its callbacks run on its own goroutine.
type Runner struct {
	rep Replica
	dir string
	st  *State
	c   *Client

	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// OnStatus is called whenever the status changes.
	OnStatus func(Status)
	// OnChanged is called after a sync changed the replica (pulled
	// commands or took refused ones back).
	OnChanged func(*Report)
	// Wait is the long poll's length in seconds (25 if 0); Poll how often
	// the local log is looked at (2 s if 0).
	Wait int
	Poll time.Duration
	// Backoff is the first pause after a failure (1 s if 0), doubled up
	// to MaxBackoff (1 min if 0).
	Backoff, MaxBackoff time.Duration

	syncMu sync.Mutex // Sync, Resolve and st
	mu     sync.Mutex // status
	status Status
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// NewRunner returns a runner for the replica rep in dir, linked by st,
// talking through c. Start starts it.
func NewRunner(rep Replica, dir string, st *State, c *Client) *Runner {
	r := &Runner{rep: rep, dir: dir, st: st, c: c, kick: make(chan struct{}, 1)}
	r.status = Status{LastSync: st.LastSync, Conflicts: len(st.OpenConflicts())}
	return r
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Start runs the runner until Stop.
func (r *Runner) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() {
		defer close(r.done)
		r.loop(ctx)
	}()
}

// Stop ends the runner and waits until it has (a sync in flight is
// cancelled; what it applied stays applied, as after a crash).
func (r *Runner) Stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
}

// SyncNow asks for a sync at once (also ending a pause after a failure).
func (r *Runner) SyncNow() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Status returns the current status.
func (r *Runner) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.status
	s.Refused = append([]Refused(nil), s.Refused...)
	return s
}

// User returns the account the replica syncs as.
func (r *Runner) User() string { return r.st.User }

// URL returns the team URL.
func (r *Runner) URL() string { return r.st.URL() }

// Conflicts returns the open conflicts.
func (r *Runner) Conflicts() []Conflict {
	r.syncMu.Lock()
	defer r.syncMu.Unlock()
	return r.st.OpenConflicts()
}

// Resolve settles a conflict (see Resolve) and syncs at once, so that a
// kept version reaches the others.
func (r *Runner) Resolve(id, choice string) (*Conflict, error) {
	r.syncMu.Lock()
	c, err := Resolve(r.rep, r.dir, r.st, id, choice, r.now())
	n := len(r.st.OpenConflicts())
	r.syncMu.Unlock()
	if err != nil {
		return nil, err
	}
	r.update(func(s *Status) { s.Conflicts = n })
	r.SyncNow()
	return c, nil
}

// DismissRefused forgets the refusals shown.
func (r *Runner) DismissRefused() { r.update(func(s *Status) { s.Refused = nil }) }

func (r *Runner) update(f func(*Status)) {
	r.mu.Lock()
	f(&r.status)
	s := r.status
	s.Refused = append([]Refused(nil), s.Refused...)
	r.mu.Unlock()
	if r.OnStatus != nil {
		r.OnStatus(s)
	}
}

func (r *Runner) loop(ctx context.Context) {
	pause := time.Duration(0)
	first, most := r.Backoff, r.MaxBackoff
	if first <= 0 {
		first = time.Second
	}
	if most <= 0 {
		most = time.Minute
	}
	for {
		err := r.syncOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			pause = min(max(2*pause, first), most)
			r.update(func(s *Status) { s.Retry = r.now().Add(pause) })
			r.pauseFor(ctx, pause)
			if ctx.Err() != nil {
				return
			}
			continue
		}
		pause = 0
		if r.Status().Waiting > 0 {
			continue // made while the sync ran
		}
		r.waitForWork(ctx)
		if ctx.Err() != nil {
			return
		}
	}
}

// syncOnce runs one sync and publishes its outcome.
func (r *Runner) syncOnce(ctx context.Context) error {
	r.update(func(s *Status) { s.Syncing = true })
	r.syncMu.Lock()
	rep, err := Sync(ctx, r.rep, r.dir, r.st, r.c, r.now())
	open, last := len(r.st.OpenConflicts()), r.st.LastSync
	r.syncMu.Unlock()
	waiting, werr := r.waiting()
	if err == nil {
		err = werr
	}
	r.update(func(s *Status) {
		s.Syncing, s.Conflicts, s.Waiting = false, open, waiting
		if err != nil {
			s.Online, s.Err = false, err
			return
		}
		s.Online, s.Err, s.Retry, s.LastSync, s.Last = true, nil, time.Time{}, last, rep
		for _, rf := range rep.Refused {
			if rf.Code != teamapi.RefusedConflict {
				s.Refused = append(s.Refused, rf)
			}
		}
	})
	if err == nil && r.OnChanged != nil && (rep.Pulled > 0 || len(rep.Refused) > 0) {
		r.OnChanged(rep)
	}
	return err
}

// waiting counts the local commands after the link's mark that a sync
// would push.
func (r *Runner) waiting() (int, error) {
	r.syncMu.Lock()
	mark := r.st.LocalSeq
	r.syncMu.Unlock()
	return Waiting(r.rep, mark)
}

// Waiting counts the local commands after mark that a sync would push.
func Waiting(rep Replica, mark uint64) (int, error) {
	n := 0
	err := rep.View(func(tx app.Tx) error {
		return tx.Commands(mark+1, func(c *qda.Command) error {
			if c.Kind != app.KindSyncRevert {
				n++
			}
			return nil
		})
	})
	return n, err
}

// errNothing ends a long poll that found nothing new.
var errNothing = errors.New("nothing new")

// pauseFor waits d after a failure (or until SyncNow), counting the
// local commands that wait meanwhile.
func (r *Runner) pauseFor(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	tick := time.NewTicker(r.poll())
	defer tick.Stop()
	seq := r.lastLocal()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.kick:
			return
		case <-t.C:
			return
		case <-tick.C:
			if now := r.lastLocal(); now != seq {
				seq = now
				if n, err := r.waiting(); err == nil {
					r.update(func(s *Status) { s.Waiting = n })
				}
			}
		}
	}
}

func (r *Runner) poll() time.Duration {
	if r.Poll <= 0 {
		return 2 * time.Second
	}
	return r.Poll
}

// lastLocal is the newest local command's place.
func (r *Runner) lastLocal() uint64 {
	var seq uint64
	_ = r.rep.View(func(tx app.Tx) error { seq = tx.LastCommandSeq(); return nil })
	return seq
}

// waitForWork returns when there is something to sync: the server's long
// poll says others pushed (or failed: the sync that follows finds out
// why), a local command was made, or SyncNow was called. A long poll that
// ends with nothing new is started again.
func (r *Runner) waitForWork(ctx context.Context) {
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	remote := make(chan error, 1)
	r.syncMu.Lock()
	project, cursor := r.st.Project, r.st.Cursor
	// The long poll has its own copy of the client: it never logs in
	// again (the sync that follows a refusal does).
	c := &Client{Base: r.c.Base, HTTP: r.c.HTTP, Token: r.c.Token}
	r.syncMu.Unlock()
	wait := r.Wait
	if wait <= 0 {
		wait = 25
	}
	longPoll := func() {
		resp, err := c.Pull(lctx, project, cursor, 1, wait)
		if err == nil && len(resp.Commands) == 0 {
			err = errNothing
		}
		remote <- err
	}
	go longPoll()
	tick := time.NewTicker(r.poll())
	defer tick.Stop()
	seq := r.lastLocal()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.kick:
			return
		case err := <-remote:
			if !errors.Is(err, errNothing) {
				return
			}
			go longPoll()
		case <-tick.C:
			if r.lastLocal() != seq {
				return
			}
		}
	}
}

package team_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/team"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// cable is a transport that can be unplugged.
type cable struct{ down atomic.Bool }

func (c *cable) RoundTrip(r *http.Request) (*http.Response, error) {
	if c.down.Load() {
		return nil, errors.New("network is unreachable")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// watch starts a runner for l and returns a function that waits until
// the runner's status satisfies cond (the failsafe only ends a broken
// test; nothing races it).
func watch(t *testing.T, l *laptop, plug *cable) (*team.Runner, func(what string, cond func(team.Status) bool) team.Status) {
	t.Helper()
	l.c.HTTP = &http.Client{Transport: plug}
	r := team.NewRunner(l.p, l.dir, l.st, l.c)
	r.Poll, r.Backoff, r.MaxBackoff, r.Wait = 5*time.Millisecond, 5*time.Millisecond, 20*time.Millisecond, 30
	changed := make(chan struct{}, 1)
	r.OnStatus = func(team.Status) {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	r.Start()
	t.Cleanup(r.Stop)
	return r, func(what string, cond func(team.Status) bool) team.Status {
		t.Helper()
		failsafe := time.After(60 * time.Second)
		for {
			if s := r.Status(); cond(s) {
				return s
			}
			select {
			case <-changed:
			case <-failsafe:
				t.Fatalf("%s: never happened; status %+v", what, r.Status())
			}
		}
	}
}

func hasCode(l *laptop, name string) bool {
	found := false
	_ = l.p.View(func(tx app.Tx) error {
		cs, err := tx.Codes()
		for _, c := range cs {
			found = found || c.Name == name
		}
		return err
	})
	return found
}

// TestRunner_Background: a laptop's runner pushes its commands as they
// are made, gets the others' through the long poll, counts what waits
// while offline and catches up when back, reports a refusal with the
// server's reason and a conflict, which Resolve settles.
func TestRunner_Background(t *testing.T) {
	f := newTeam(t, map[string]string{"ben": "coder", "cora": "coder"})
	ben, cora := f.clone(t, "ben"), f.clone(t, "cora")
	plug := &cable{}
	r, await := watch(t, cora, plug)
	await("first sync", func(s team.Status) bool { return s.Online && !s.LastSync.IsZero() })

	// The others' commands arrive through the long poll.
	if _, err := ben.p.AddCode(coding.NewCode{Name: "Von Ben"}); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	await("ben's code arrives", func(team.Status) bool { return hasCode(cora, "Von Ben") })

	// Local commands are pushed as they are made.
	m, err := cora.p.AddMemo(coding.NewMemo{Title: "Teamarbeit", Text: "Erste Beobachtungen."})
	if err != nil {
		t.Fatal(err)
	}
	// A sync that started after the memo was made and succeeded has
	// pushed it and recorded so: the server holding it is not enough (an
	// answer lost on the way back leaves it waiting, to be pushed again),
	// and the sync the memo set off may have started before AddMemo
	// returned, so one more is asked for.
	made := time.Now()
	r.SyncNow()
	await("cora's memo pushed", func(s team.Status) bool {
		return s.Online && s.Waiting == 0 && s.LastSync.After(made) && f.logState(t)["memo "+string(m.GUID)] != ""
	})

	// Offline: what is made waits, and the status says why.
	plug.down.Store(true)
	if _, err := cora.p.AddCode(coding.NewCode{Name: "Offline gemacht"}); err != nil {
		t.Fatal(err)
	}
	s := await("offline with one waiting", func(s team.Status) bool { return !s.Online && s.Waiting == 1 && s.Err != nil })
	if team.ProblemOf(s.Err) != team.ProblemUnreachable {
		t.Errorf("offline: %v is %q", s.Err, team.ProblemOf(s.Err))
	}
	// Both edit the memo meanwhile; ben's arrives first.
	if _, err := cora.p.UpdateMemo(m.GUID, "Teamarbeit", "Coras Fassung."); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	if _, err := ben.p.UpdateMemo(m.GUID, "Teamarbeit", "Bens Fassung."); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	plug.down.Store(false)
	r.SyncNow()
	s = await("back online with a conflict", func(s team.Status) bool { return s.Online && s.Waiting == 0 && s.Conflicts == 1 })
	if ben.sync(t); !hasCode(ben, "Offline gemacht") {
		t.Error("the code made offline never reached ben")
	}
	cs := r.Conflicts()
	if len(cs) != 1 || cs[0].Reason == "" {
		t.Fatalf("conflicts: %+v", cs)
	}
	if _, err := r.Resolve(string(cs[0].GUID), team.KeepMine); err != nil {
		t.Fatal(err)
	}
	await("kept version pushed", func(s team.Status) bool { return s.Online && s.Conflicts == 0 && s.Waiting == 0 })
	ben.sync(t)
	if got := memoText(t, ben, m.GUID); got != "Coras Fassung." {
		t.Errorf("ben's memo after cora kept hers: %q", got)
	}

	// A refusal for a role's limit is shown with the server's reason.
	if _, err := cora.p.AddCase(study.NewCase{Name: "JC-99"}); err != nil {
		t.Fatal(err)
	}
	s = await("refused", func(s team.Status) bool { return len(s.Refused) == 1 })
	if s.Refused[0].Code != teamapi.RefusedForbidden || !strings.Contains(s.Refused[0].Reason, "cora") {
		t.Errorf("refusal: %+v", s.Refused[0])
	}
	r.DismissRefused()
	if len(r.Status().Refused) != 0 {
		t.Error("dismissed refusals still shown")
	}
}

func TestProblemOf(t *testing.T) {
	f := newTeam(t, map[string]string{"ben": "coder"})
	ctx := context.Background()
	c := &team.Client{Base: f.url}
	_, loginErr := c.Login(ctx, "ben", "falsch-falsch-falsch")
	if _, err := c.Login(ctx, "ben", "pw-of-ben-long"); err != nil {
		t.Fatal(err)
	}
	_, noProject := c.Project(ctx, "gibtsnicht")
	_, _, urlErr := team.ParseURL("http://team.example.org/ejo")
	off := &team.Client{Base: f.url, HTTP: &http.Client{Transport: func() *cable { c := &cable{}; c.down.Store(true); return c }()}}
	_, unreachable := off.Project(ctx, "ejo")
	expired := &team.Client{Base: f.url, Token: "abgelaufen"}
	_, session := expired.Project(ctx, "ejo")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{loginErr, team.ProblemLogin},
		{noProject, team.ProblemNoProject},
		{urlErr, team.ProblemURL},
		{unreachable, team.ProblemUnreachable},
		{session, team.ProblemSession},
		{&team.APIError{Status: http.StatusForbidden}, team.ProblemNotMember},
		{&team.APIError{Status: http.StatusTooManyRequests}, team.ProblemRateLimited},
		{qda.Errorf(qda.EInvalid, "x"), team.ProblemOther},
	} {
		if got := team.ProblemOf(tc.err); got != tc.want {
			t.Errorf("ProblemOf(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/memstore"
	"github.com/protocoder/protocoder/internal/team"
	"github.com/protocoder/protocoder/internal/ui/shell"
	"github.com/protocoder/protocoder/internal/ui/teamview"
	"github.com/protocoder/protocoder/internal/ui/uitest"
	"github.com/protocoder/protocoder/internal/wire"
)

var _ teamview.Connector = (*teamConnector)(nil)

// cable is a transport that can be unplugged.
type cable struct{ down atomic.Bool }

func (c *cable) RoundTrip(r *http.Request) (*http.Response, error) {
	if c.down.Load() {
		return nil, errors.New("network is unreachable")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// teamServer serves the project ejo on an in-memory store with the
// coders ben and cora; it returns the project's URL.
func teamServer(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	st := memstore.New()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, n := range []string{"ben", "cora"} {
		rs, err := server.ParseRoles("coder")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := server.AddUser(ctx, st, n, rs, "pw-of-"+n+"-long", nil, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := server.CreateProject(ctx, st, "ejo", true, now); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(server.Config{Store: st}).Handler())
	t.Cleanup(hs.Close)
	return hs.URL + "/ejo"
}

// serial hands the runner's callbacks to the test's goroutine, which
// runs them in await: the test driver runs fyne.Do at once on the calling
// goroutine, so this plays the app's UI goroutine.
type serial struct {
	teamview.Connector
	mu    sync.Mutex
	queue []func()
}

func (s *serial) post(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, f)
}

func (s *serial) Start(p *project.Project, dir string, onStatus func(teamview.Status), onChanged func(int)) (teamview.Link, error) {
	return s.Connector.Start(p, dir,
		func(st teamview.Status) { s.post(func() { onStatus(st) }) },
		func(n int) { s.post(func() { onChanged(n) }) })
}

// await runs the posted callbacks until cond holds (the failsafe only
// ends a broken test).
func (s *serial) await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	failsafe := time.Now().Add(60 * time.Second)
	for {
		s.mu.Lock()
		q := s.queue
		s.queue = nil
		s.mu.Unlock()
		for _, f := range q {
			f()
		}
		if cond() {
			return
		}
		if time.Now().After(failsafe) {
			t.Fatalf("%s: never happened", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walk(ch, fn)
		}
	case *fyne.Container:
		for _, ch := range c.Objects {
			walk(ch, fn)
		}
	}
}

// syncStatus returns the status bar's team part.
func syncStatus(w fyne.Window) *teamview.SyncStatus {
	var found *teamview.SyncStatus
	walk(w.Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*teamview.SyncStatus); ok {
			found = s
		}
	})
	return found
}

func statusText(w fyne.Window) string {
	if s := syncStatus(w); s != nil {
		return s.Text
	}
	return ""
}

func memoText(p *project.Project, id qda.GUID) string {
	var m *qda.Memo
	if err := p.View(func(tx app.Tx) (err error) { m, err = tx.Memo(id); return err }); err != nil {
		return ""
	}
	return m.Text
}

// TestShell_TeamProject: cora clones the team project in the GUI (a wrong
// password and an unknown project are said in German first), the status
// bar shows when it synced, a memo ben pushes arrives through the long
// poll; offline, cora's edit waits and the bar says so; back online her
// edit meets ben's as a conflict, which the conflict dialog settles by
// keeping hers — and ben gets her text.
func TestShell_TeamProject(t *testing.T) {
	url := teamServer(t)
	a := test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 760))
	log := slog.New(slog.DiscardHandler)
	op := opener{log: log}
	plug := &cable{}
	conn := &serial{Connector: newTeamConnector(op.options, &http.Client{Transport: plug})}
	s := shell.New(shell.Config{App: a, Window: w, Opener: op, Log: log, Team: conn, Async: func(f func()) { f() }})
	s.Start("")
	t.Cleanup(s.Close)

	// Clone in the connect dialog.
	s.CloneTeamDialog()
	d := s.LastConnect()
	folder := filepath.Join(t.TempDir(), "ejo")
	d.URL.SetText(strings.TrimSuffix(url, "/ejo") + "/gibtsnicht")
	d.User.SetText("cora")
	d.Password.SetText("pw-of-cora-long")
	d.Folder.SetText(folder)
	test.Tap(d.OK)
	if !strings.Contains(d.Error.Text, "kein Projekt dieses Namens") {
		t.Errorf("unknown project: %q", d.Error.Text)
	}
	d.URL.SetText(url)
	d.Folder.SetText(folder)
	d.Password.SetText("falsch-falsch")
	test.Tap(d.OK)
	if !strings.Contains(d.Error.Text, "Benutzername oder Passwort ist falsch") {
		t.Errorf("wrong password: %q", d.Error.Text)
	}
	d.Password.SetText("pw-of-cora-long")
	test.Tap(d.OK)
	if d.Visible() {
		t.Fatalf("the dialog stays: %q", d.Error.Text)
	}
	if s.Dir() != folder || s.Service() == nil {
		t.Fatalf("the clone is not open: %q", s.Dir())
	}
	cora := s.Service()
	conn.await(t, "synced", func() bool { return strings.HasPrefix(statusText(w), "synchronisiert um ") })
	if u, err := cora.ActingMember(); err != nil || u.Name != "cora" {
		t.Errorf("the acting member is %v, %v; want the account cora", u, err)
	}

	// ben works on his own replica through the team package.
	ctx := context.Background()
	benDir := filepath.Join(t.TempDir(), "ben")
	if _, err := wire.CloneTeam(ctx, url, "ben", "pw-of-ben-long", benDir, nil, wire.Options{}); err != nil {
		t.Fatal(err)
	}
	ben, err := wire.Open(benDir, wire.Options{User: "ben", NoIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ben.Close() })
	benSt, err := team.LoadState(benDir)
	if err != nil {
		t.Fatal(err)
	}
	benClient := &team.Client{Base: benSt.Server, Token: benSt.Token}
	benSync := func() {
		t.Helper()
		if _, err := team.Sync(ctx, ben, benDir, benSt, benClient, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	m, err := ben.AddMemo(coding.NewMemo{Title: "Teamarbeit", Text: "Erste Beobachtungen."})
	if err != nil {
		t.Fatal(err)
	}
	benSync()
	conn.await(t, "ben's memo arrives", func() bool { return memoText(cora, m.GUID) == "Erste Beobachtungen." })

	// Offline: cora's edit waits.
	plug.down.Store(true)
	if _, err := cora.UpdateMemo(m.GUID, "Teamarbeit", "Coras Fassung."); err != nil {
		t.Fatal(err)
	}
	conn.await(t, "offline, 1 waiting", func() bool { return statusText(w) == "offline · 1 wartet" })
	if _, err := ben.UpdateMemo(m.GUID, "Teamarbeit", "Bens Fassung."); err != nil {
		t.Fatal(err)
	}
	benSync()
	plug.down.Store(false)
	test.Tap(syncStatus(w)) // a tap syncs at once
	conn.await(t, "a conflict", func() bool { return strings.HasSuffix(statusText(w), "1 Konflikt") })
	if got := memoText(cora, m.GUID); got != "Bens Fassung." {
		t.Errorf("until resolved, cora has the server's version: %q", got)
	}

	// The conflict dialog opens from the status bar; keep mine.
	test.Tap(syncStatus(w))
	cd := s.LastConflicts()
	if cd == nil || len(cd.Conflicts()) != 1 || cd.Mine.Text != "Teamarbeit\nCoras Fassung." || cd.Theirs.Text != "Teamarbeit\nBens Fassung." {
		t.Fatalf("conflict dialog: %+v", cd)
	}
	test.Tap(cd.KeepMine)
	conn.await(t, "resolved and pushed", func() bool {
		return strings.HasPrefix(statusText(w), "synchronisiert um ") && !strings.Contains(statusText(w), "Konflikt") && !strings.Contains(statusText(w), "wart")
	})
	// The status may say "synced" before the new command went out; ben
	// syncs until cora's version reaches him.
	conn.await(t, "ben gets cora's kept version", func() bool {
		benSync()
		return memoText(ben, m.GUID) == "Coras Fassung."
	})
	if got := memoText(cora, m.GUID); got != "Coras Fassung." {
		t.Errorf("cora after keeping hers: %q", got)
	}

	// A coder may not add a site: the server refuses, and the status bar
	// says why in the server's words.
	if _, err := cora.AddCase(study.NewCase{Name: "JC-99"}); err != nil {
		t.Fatal(err)
	}
	conn.await(t, "refused", func() bool { return strings.HasSuffix(statusText(w), "1 abgelehnt") })
	if msg := s.StatusMessage(); !strings.Contains(msg, "Der Teamserver hat") || !strings.Contains(msg, "cora") {
		t.Errorf("the refusal's message: %q", msg)
	}

	// Connecting the open project again (a new login) keeps its link.
	s.ConnectTeamDialog()
	d = s.LastConnect()
	if d.URL.Text != url || d.User.Text != "cora" {
		t.Errorf("the connect dialog is not filled in: %q, %q", d.URL.Text, d.User.Text)
	}
	d.Password.SetText("pw-of-cora-long")
	test.Tap(d.OK)
	if d.Visible() {
		t.Fatalf("connect: %q", d.Error.Text)
	}
	conn.await(t, "synced after connecting again", func() bool { return strings.HasPrefix(statusText(w), "synchronisiert um ") })

	// A project of its own is no replica of the team project.
	other := filepath.Join(t.TempDir(), "eigenes")
	if err := op.Init(other, "Eigenes Projekt"); err != nil {
		t.Fatal(err)
	}
	s.OpenProject(other)
	if s.Dir() != other {
		t.Fatalf("open %s: %s", other, s.Dir())
	}
	if syncStatus(w) != nil {
		t.Error("a project without a team link shows a sync status")
	}
	s.ConnectTeamDialog()
	d = s.LastConnect()
	d.URL.SetText(url)
	d.User.SetText("cora")
	d.Password.SetText("pw-of-cora-long")
	test.Tap(d.OK)
	if !strings.Contains(d.Error.Text, "keine Kopie dieses Teamprojekts") {
		t.Errorf("connecting a project of its own: %q", d.Error.Text)
	}
}

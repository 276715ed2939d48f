package teamview

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// problemErr is an error naming a problem, as the Connector's do.
type problemErr struct{ p, msg string }

func (e problemErr) Error() string   { return e.msg }
func (e problemErr) Problem() string { return e.p }

func TestStatusText(t *testing.T) {
	at := time.Date(2026, 12, 5, 10, 42, 0, 0, time.Local)
	tests := []struct {
		name   string
		st     Status
		de, en string
	}{
		{"connecting", Status{}, "verbinde…", "connecting…"},
		{"synced", Status{Online: true, LastSync: at}, "synchronisiert um 10:42", "synced at 10:42"},
		{"waiting offline", Status{LastSync: at, Waiting: 3, Problem: ProblemUnreachable}, "offline · 3 warten", "offline · 3 waiting"},
		{"one waiting", Status{Online: true, LastSync: at, Waiting: 1}, "synchronisiert um 10:42 · 1 wartet", "synced at 10:42 · 1 waiting"},
		{"conflicts", Status{Online: true, LastSync: at, Conflicts: 2}, "synchronisiert um 10:42 · 2 Konflikte", "synced at 10:42 · 2 conflicts"},
		{"refused", Status{Online: true, LastSync: at, Refused: []Refusal{{"x", "y"}}}, "synchronisiert um 10:42 · 1 abgelehnt", "synced at 10:42 · 1 refused"},
		{"session", Status{LastSync: at, Problem: ProblemSession}, "Anmeldung nötig", "login needed"},
		{"not member", Status{Problem: ProblemNotMember}, "kein Zugang", "no access"},
	}
	for _, lang := range []string{"de_DE.UTF-8", "en_GB.UTF-8"} {
		uitest.Language(t, lang)
		for _, tt := range tests {
			want := tt.de
			if strings.HasPrefix(lang, "en") {
				want = tt.en
			}
			if got := StatusText(tt.st); got != want {
				t.Errorf("%s/%s: %q, want %q", lang, tt.name, got, want)
			}
		}
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		problem string
		de, en  string
	}{
		{ProblemLogin, "Benutzername oder Passwort ist falsch.", "Wrong user name or password."},
		{ProblemUnreachable, "Der Teamserver ist nicht erreichbar.", "The team server is not reachable."},
		{ProblemNotMember, "Ihr Konto gehört nicht zu diesem Teamprojekt.", "Your account is not a member of this team project."},
		{ProblemNoProject, "kein Projekt dieses Namens", "no project of this name"},
		{ProblemURL, "keine Teamadresse", "no team address"},
		{ProblemFolder, "Der Ordner ist nicht leer.", "The folder is not empty."},
		{"", "Die Verbindung zum Teamserver ist fehlgeschlagen.", "The connection to the team server failed."},
	}
	for _, lang := range []string{"de_DE.UTF-8", "en_GB.UTF-8"} {
		uitest.Language(t, lang)
		for _, tt := range tests {
			want := tt.de
			if strings.HasPrefix(lang, "en") {
				want = tt.en
			}
			var err error = problemErr{tt.problem, "the server says: something"}
			if tt.problem == "" {
				err = errors.New("boom")
			}
			got := ErrorText(err)
			if !strings.Contains(got, want) {
				t.Errorf("%s/%q: %q lacks %q", lang, tt.problem, got, want)
			}
			if tt.problem == ProblemLogin && strings.Contains(got, "server says") {
				t.Errorf("a wrong password needs no details: %q", got)
			}
		}
	}
}

// inline runs work at once (tests).
func inline(f func()) { f() }

func TestConnectDialog_Clone(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 700))
	parent := t.TempDir()
	var got []string
	answers := []error{problemErr{ProblemLogin, "wrong user name or password"}, problemErr{ProblemUnreachable, "dial tcp: connection refused"}, nil}
	var done string
	d := NewConnectDialog(w, ConnectOptions{Clone: true, Parent: parent, Async: inline,
		Run: func(_ context.Context, url, user, password, folder string) error {
			got = append(got, strings.Join([]string{url, user, password, folder}, "|"))
			err := answers[0]
			answers = answers[1:]
			return err
		},
		Done: func(folder string) { done = folder },
	})
	d.Show(w)
	if !d.Visible() || d.Folder.Text != filepath.Join(parent, "team") {
		t.Fatalf("shown %v, folder %q", d.Visible(), d.Folder.Text)
	}
	test.Type(d.URL, "http://127.0.0.1:8443/ejo")
	if want := filepath.Join(parent, "ejo"); d.Folder.Text != want {
		t.Errorf("the folder follows the project's name: %q, want %q", d.Folder.Text, want)
	}
	d.User.SetText("ben")
	d.Password.SetText("falsch")
	test.Tap(d.OK)
	if !d.Error.Visible() || !strings.Contains(d.Error.Text, "Passwort ist falsch") || d.Password.Text != "" || !d.Visible() {
		t.Errorf("after a wrong password: error %q (shown %v), password %q, dialog shown %v", d.Error.Text, d.Error.Visible(), d.Password.Text, d.Visible())
	}
	d.Password.SetText("richtig")
	test.Tap(d.OK)
	if !strings.Contains(d.Error.Text, "nicht erreichbar") || !strings.Contains(d.Error.Text, "connection refused") {
		t.Errorf("unreachable: %q", d.Error.Text)
	}
	// A folder the user typed is kept when the address changes.
	d.Folder.SetText(filepath.Join(parent, "meins"))
	d.URL.SetText("http://127.0.0.1:8443/ejo2")
	test.Tap(d.OK)
	if done != filepath.Join(parent, "meins") || d.Visible() || d.Error.Visible() {
		t.Errorf("done %q, shown %v, error %q", done, d.Visible(), d.Error.Text)
	}
	if want := "http://127.0.0.1:8443/ejo2|ben|richtig|" + filepath.Join(parent, "meins"); got[2] != want {
		t.Errorf("run with %q, want %q", got[2], want)
	}
}

func TestConnectDialog_Connect(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "en_GB.UTF-8")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 700))
	calls := 0
	d := NewConnectDialog(w, ConnectOptions{URL: "http://127.0.0.1:8443/ejo", User: "ben", Async: inline,
		Run: func(_ context.Context, url, user, password, folder string) error {
			calls++
			if folder != "" {
				t.Errorf("connect got a folder %q", folder)
			}
			return problemErr{ProblemNotMember, "the server says: ben is not a member of ejo"}
		}})
	d.Show(w)
	if d.Folder != nil {
		t.Error("connecting the open project asks for no folder")
	}
	if w.Canvas().Focused() != d.Password {
		t.Errorf("the focus is on %T, want the password (address and user are given)", w.Canvas().Focused())
	}
	d.Password.SetText("pw")
	d.Password.OnSubmitted("pw") // Enter in the password field connects
	if calls != 1 || !strings.Contains(d.Error.Text, "not a member of this team project") || !strings.Contains(d.Error.Text, "ben is not a member of ejo") {
		t.Errorf("calls %d, error %q", calls, d.Error.Text)
	}
	test.Tap(d.Cancel)
	if d.Visible() {
		t.Error("cancel leaves the dialog open")
	}
}

// fakeLink is a Link over a list of conflicts.
type fakeLink struct {
	mu        sync.Mutex
	conflicts []Conflict
	resolved  map[string]bool // id → keep mine
}

func (l *fakeLink) URL() string     { return "http://127.0.0.1:8443/ejo" }
func (l *fakeLink) User() string    { return "cora" }
func (l *fakeLink) Status() Status  { return Status{Online: true, Conflicts: len(l.conflicts)} }
func (l *fakeLink) SyncNow()        {}
func (l *fakeLink) DismissRefused() {}
func (l *fakeLink) Stop()           {}
func (l *fakeLink) Conflicts() []Conflict {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Conflict(nil), l.conflicts...)
}
func (l *fakeLink) Resolve(id string, keepMine bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, c := range l.conflicts {
		if c.ID == id {
			l.conflicts = append(l.conflicts[:i], l.conflicts[i+1:]...)
			l.resolved[id] = keepMine
			return nil
		}
	}
	return errors.New("no such conflict")
}

func TestConflictDialog(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 700))
	made := time.Date(2026, 12, 5, 10, 40, 0, 0, time.Local)
	link := &fakeLink{resolved: map[string]bool{}, conflicts: []Conflict{
		{ID: "c1", Summary: "update memo Teamarbeit", Reason: "someone else changed it first", Made: made,
			Items: []ConflictItem{{What: "memo", Mine: &Version{Title: "Teamarbeit", Body: "Coras Fassung."}, Theirs: &Version{Title: "Teamarbeit", Body: "Bens Fassung."}}}},
		{ID: "c2", Summary: "rename code Ziele", Reason: "someone else changed it first", Made: made,
			Items: []ConflictItem{{What: "code", Mine: &Version{Title: "Ziele (Cora)"}, Theirs: nil}}},
	}}
	resolved := 0
	d := NewConflictDialog(w, link, inline)
	d.OnResolved = func() { resolved++ }
	d.Show()
	if len(d.Conflicts()) != 2 || d.Header.Text != "Memo „Teamarbeit“" || !strings.Contains(d.Reason.Text, "someone else changed it first") {
		t.Fatalf("listed %d, header %q", len(d.Conflicts()), d.Header.Text)
	}
	if d.Mine.Text != "Teamarbeit\nCoras Fassung." || d.Theirs.Text != "Teamarbeit\nBens Fassung." {
		t.Errorf("mine %q, theirs %q", d.Mine.Text, d.Theirs.Text)
	}
	if d.KeepMine.Text != "Meine behalten" || d.TakeTheirs.Text != "Fassung des Teams übernehmen" {
		t.Errorf("buttons %q, %q", d.KeepMine.Text, d.TakeTheirs.Text)
	}
	test.Tap(d.KeepMine)
	if keep, ok := link.resolved["c1"]; !ok || !keep || resolved != 1 {
		t.Errorf("keep mine: %v, %v, %d", keep, ok, resolved)
	}
	if len(d.Conflicts()) != 1 || d.Header.Text != "Code „Ziele (Cora)“" || d.Theirs.Text != "(gelöscht)" {
		t.Errorf("after the first: %d left, header %q, theirs %q", len(d.Conflicts()), d.Header.Text, d.Theirs.Text)
	}
	test.Tap(d.TakeTheirs)
	if keep, ok := link.resolved["c2"]; !ok || keep {
		t.Errorf("take theirs: %v, %v", keep, ok)
	}
	if d.Visible() {
		t.Error("the dialog stays open with no conflict left")
	}
}

func TestSyncStatus(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	taps := 0
	s := NewSyncStatus(func() { taps++ })
	s.Set(Status{LastSync: time.Now(), Waiting: 2, Problem: ProblemUnreachable})
	if s.Text != "offline · 2 warten" || s.Importance != widget.LowImportance {
		t.Errorf("offline: %q, %v", s.Text, s.Importance)
	}
	s.Set(Status{Online: true, LastSync: time.Now(), Conflicts: 1})
	if !strings.Contains(s.Text, "1 Konflikt") || s.Importance != widget.WarningImportance {
		t.Errorf("conflict: %q, %v", s.Text, s.Importance)
	}
	test.Tap(s)
	if taps != 1 {
		t.Errorf("taps %d", taps)
	}
}

func TestLabel(t *testing.T) {
	uitest.Language(t, "de_DE.UTF-8")
	memo := ConflictItem{What: "memo", Mine: &Version{Title: "Teamarbeit"}}
	gone := ConflictItem{What: "coding", Theirs: &Version{Body: "start: 3"}}
	for _, tc := range []struct {
		c    Conflict
		want string
	}{
		{Conflict{Summary: "s", Items: []ConflictItem{memo}}, "Memo „Teamarbeit“"},
		{Conflict{Summary: "s", Items: []ConflictItem{gone, memo, memo}}, "Memo „Teamarbeit“ und 2 weitere"},
		{Conflict{Summary: "add coding", Items: []ConflictItem{gone}}, "add coding"},
	} {
		if got := Label(tc.c); got != tc.want {
			t.Errorf("Label = %q, want %q", got, tc.want)
		}
	}
}

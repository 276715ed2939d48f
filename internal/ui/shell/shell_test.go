package shell

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// fixture is a shell in a 1400×900 test window with a fake opener that
// knows the sample project in <tmp>/ejo. Background work runs inline.
type fixture struct {
	s      *Shell
	w      fyne.Window
	app    fyne.App
	opener *uitest.Opener
	sample string // folder of the sample project
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1400, 900))
	f := &fixture{w: w, app: a, opener: uitest.NewOpener("anna"), sample: filepath.Join(t.TempDir(), "ejo")}
	if err := f.opener.Add(f.sample, uitest.Sample()); err != nil {
		t.Fatal(err)
	}
	f.s = New(Config{App: a, Window: w, Opener: f.opener, User: "anna"})
	f.s.async = func(fn func()) { fn() }
	return f
}

// walk calls fn for every visible object below o, widgets' parts included.
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

// labels returns the texts of the visible labels below o.
func labels(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text != "" {
			out = append(out, l.Text)
		}
	})
	return out
}

// button finds the visible button labelled text below o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// overlay returns the topmost overlay (dialog), failing if there is none.
func (f *fixture) overlay(t *testing.T) fyne.CanvasObject {
	t.Helper()
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shows")
	}
	return top
}

func TestShell_Start(t *testing.T) {
	f := newFixture(t)
	f.s.Recent().Add(f.sample)
	f.s.Start("")
	content := f.w.Content()
	button(t, content, "Neues Projekt…")
	button(t, content, "Projekt öffnen…")
	if got := labels(content); !slices.Contains(got, "Zuletzt geöffnet") {
		t.Errorf("start screen labels %q", got)
	}
	test.Tap(button(t, content, "ejo  —  "+f.sample))
	if f.s.Dir() != f.sample {
		t.Fatalf("tapping a recent project opened %q", f.s.Dir())
	}
	if got := f.w.Title(); got != "protocoder – ejo" {
		t.Errorf("title %q", got)
	}
}

func TestShell_OpenProject(t *testing.T) {
	tests := []struct {
		name    string
		dir     func(f *fixture) string
		opened  bool
		message string
	}{
		{"sample", func(f *fixture) string { return f.sample }, true, ""},
		{"not a project", func(f *fixture) string { return f.sample + "-nope" }, false, "enthält kein protocoder-Projekt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.s.Start(tt.dir(f))
			if (f.s.Service() != nil) != tt.opened {
				t.Fatalf("opened = %v", f.s.Service() != nil)
			}
			if !tt.opened {
				if got := strings.Join(labels(f.overlay(t)), " "); !strings.Contains(got, tt.message) {
					t.Errorf("error dialog says %q, want %q", got, tt.message)
				}
				return
			}
			want := "EJO-Evaluation | 2 Leitfäden · 5 Interviews · 7 Dokumente · 5 Codes · 4 Codierungen | anna"
			if got := f.s.project.status.Text(); got != want {
				t.Errorf("status bar %q, want %q", got, want)
			}
			if got := f.s.Recent().List(); len(got) == 0 || got[0] != f.sample {
				t.Errorf("recent %q", got)
			}
			if got := labels(f.s.project.codes); !slices.Contains(got, "Ziele") || !slices.Contains(got, "Überraschungen") {
				t.Errorf("code tree shows %q", got)
			}
		})
	}
}

func TestShell_search(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	p := f.s.project
	tests := []struct {
		query string
		shows []string
		hides []string
	}{
		{"GF-07", []string{"Interviews", "Strategische Ebene", "JC-07", "Welle 1", "Protokoll GF-07"},
			[]string{"Protokoll PL-07", "Fallberichte", "Leitfäden"}},
		{"Fallbericht", []string{"Fallberichte", "Fallbericht JC-07", "Fallbericht JC-12"}, []string{"Interviews"}},
		{"xyz", []string{"Keine Treffer"}, []string{"Interviews", "Leitfäden"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p.search.SetText("")
			test.Type(p.search, tt.query)
			got := labels(p.nav)
			for _, s := range tt.shows {
				if !slices.Contains(got, s) {
					t.Errorf("navigation lacks %q: %q", s, got)
				}
			}
			for _, s := range tt.hides {
				if slices.Contains(got, s) {
					t.Errorf("navigation shows %q", s)
				}
			}
		})
	}
	test.Tap(p.search.ActionItem.(*widget.Button))
	if got := labels(p.nav); !slices.Contains(got, "Leitfäden") || !slices.Contains(got, "Fallberichte") {
		t.Errorf("clearing the search shows %q", got)
	}
}

func TestShell_select(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	p := f.s.project
	tests := []struct {
		item navigation.Item
		want string
	}{
		{navigation.Item{Kind: navigation.KindDocument, ID: uitest.ID("doc:Protokoll GF-07")}, "Protokoll GF-07"},
		{navigation.Item{Kind: navigation.KindGuideline, ID: uitest.ID("g:A.1.1")}, "A.1.1 – Strategische Ebene – Geschäftsführung"},
		{navigation.Item{Kind: navigation.KindInterview, ID: uitest.ID("iv:IFK-12")}, "Protokoll IFK-12"},
	}
	for _, tt := range tests {
		p.nav.OnSelected(tt.item)
		if got := labels(p.area); !slices.Contains(got, tt.want) {
			t.Errorf("document area shows %q, want %q", got, tt.want)
		}
	}
}

func TestShell_verifyAndBackup(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	f.s.verify()
	if got := strings.Join(labels(f.overlay(t)), "\n"); !strings.Contains(got, "Keine Probleme gefunden") || !strings.Contains(got, "Leitfäden: 2") {
		t.Errorf("verify dialog says %q", got)
	}
	f.w.Canvas().Overlays().Remove(f.overlay(t))
	f.s.backup()
	if got := strings.Join(labels(f.overlay(t)), "\n"); !strings.Contains(got, "Sicherung geschrieben") {
		t.Errorf("backup dialog says %q", got)
	}
}

func TestShell_newProjectDialog(t *testing.T) {
	f := newFixture(t)
	f.s.Start("")
	f.s.newProjectDialog()
	d := f.overlay(t)
	var entries []*widget.Entry
	walk(d, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
	})
	if len(entries) != 2 {
		t.Fatalf("%d entries in the dialog", len(entries))
	}
	parent := t.TempDir()
	test.Type(entries[0], "Jobcenter Süd")
	entries[1].SetText(parent)
	test.Tap(button(t, d, "Anlegen"))
	want := filepath.Join(parent, "Jobcenter Süd")
	if f.s.Dir() != want {
		t.Fatalf("created and opened %q, want %q", f.s.Dir(), want)
	}
	if got := f.s.project.status.Text(); !strings.HasPrefix(got, "Jobcenter Süd | 0 Leitfäden") {
		t.Errorf("status %q", got)
	}
}

func TestShell_mainMenu(t *testing.T) {
	f := newFixture(t)
	f.s.Start("")
	items := func() map[string]*fyne.MenuItem {
		out := map[string]*fyne.MenuItem{}
		for _, it := range f.s.mainMenu().Items[0].Items {
			out[it.Label] = it
		}
		return out
	}
	if !items()["Projekt prüfen"].Disabled || !items()["Jetzt sichern"].Disabled {
		t.Error("verify and backup are disabled without a project")
	}
	f.s.OpenProject(f.sample)
	m := items()
	if m["Projekt prüfen"].Disabled || m["Jetzt sichern"].Disabled || m["Projekt schließen"].Disabled {
		t.Error("project items are enabled with a project")
	}
	var recent []string
	for _, it := range m["Zuletzt geöffnet"].ChildMenu.Items {
		recent = append(recent, it.Label)
	}
	if !reflect.DeepEqual(recent, []string{f.sample}) {
		t.Errorf("recent submenu %q", recent)
	}
	if !m["Beenden"].IsQuit {
		t.Error("quit item")
	}
	m["Projekt schließen"].Action()
	if f.s.Service() != nil || !f.opener.Projects[f.sample].Closed() {
		t.Error("closing the project closes the store")
	}
}

func TestErrorMessage(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	tests := []struct {
		err  error
		want string
	}{
		{qda.Errorf(qda.EAlreadyOpen, "the project is open in another window"), "Das Projekt ist in einem anderen protocoder-Fenster oder Programm geöffnet. Schließen Sie es dort und versuchen Sie es erneut."},
		{filepath.ErrBadPattern, "Ein interner Fehler ist aufgetreten. Einzelheiten stehen im Log."},
		{fmt.Errorf("open: %w", qda.Errorf(qda.EInvalid, "a code needs a name")), "Die Eingabe ist nicht gültig.\nEinzelheiten: a code needs a name"},
		{qda.Errorf(qda.EConflict, ""), "Das ist im jetzigen Zustand des Projekts nicht möglich."},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := ErrorMessage(tt.err); got != tt.want {
			t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

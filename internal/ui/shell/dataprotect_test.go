package shell

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// protecting is the fake opener that also encrypts: it records the calls.
type protecting struct {
	*uitest.Opener
	calls []string
}

func (p *protecting) Protect(dir string, pass []byte) error {
	p.calls = append(p.calls, "protect "+filepath.Base(dir)+" "+string(pass))
	return nil
}

func (p *protecting) Unprotect(dir string, pass []byte) error {
	p.calls = append(p.calls, "unprotect "+filepath.Base(dir)+" "+string(pass))
	return nil
}

// entriesIn returns the entries below o.
func entriesIn(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	walk(o, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	})
	return out
}

func TestShell_protect(t *testing.T) {
	f := newFixture(t)
	po := &protecting{Opener: f.opener}
	f.s.opener = po
	f.s.Start(f.sample)
	if it := menuItem(t, f.s.mainMenu(), "Datei", "Datenschutz", "Schutz aufheben…"); !it.Disabled {
		t.Error("an unprotected project offers to remove the protection")
	}
	menuItem(t, f.s.mainMenu(), "Datei", "Datenschutz", "Mit Passphrase schützen…").Action()
	dlg := f.overlay(t)
	if text := strings.Join(labels(dlg), " "); !strings.Contains(text, "Ohne die Passphrase kann niemand") {
		t.Errorf("the dialog does not warn: %q", text)
	}
	es := entriesIn(dlg)
	es[0].SetText("kurz")
	es[1].SetText("kurz")
	ok := button(t, dlg, "Verschlüsseln")
	if !ok.Disabled() {
		t.Error("a short passphrase is accepted")
	}
	es[0].SetText("lange-passphrase")
	es[1].SetText("lange-passphrase")
	if ok.Disabled() {
		t.Fatal("a good passphrase is refused")
	}
	test.Tap(ok)
	if want := "protect ejo lange-passphrase"; len(po.calls) != 1 || po.calls[0] != want {
		t.Fatalf("calls %q, want %q", po.calls, want)
	}
	if f.s.project == nil || !f.s.project.protected {
		t.Fatal("the project is not open again, known as protected")
	}
	if msg := f.s.project.status.Message(); !strings.Contains(msg, "verschlüsselt") {
		t.Errorf("status %q", msg)
	}
	// Now it offers to take the protection off.
	menuItem(t, f.s.mainMenu(), "Datei", "Datenschutz", "Schutz aufheben…").Action()
	dlg = f.overlay(t)
	entriesIn(dlg)[0].SetText("lange-passphrase")
	test.Tap(button(t, dlg, "Entschlüsseln"))
	if want := "unprotect ejo lange-passphrase"; len(po.calls) != 2 || po.calls[1] != want {
		t.Fatalf("calls %q, want %q", po.calls, want)
	}
	if f.s.project == nil || f.s.project.protected {
		t.Error("after unprotect the project should be open and unprotected")
	}
}

// interviewsOf counts the sample's interviews of a site.
func interviewsOf(m *uitest.MemStore, site string) int {
	n := 0
	for _, iv := range m.Interviews {
		if iv.Case == uitest.ID("case:"+site) {
			n++
		}
	}
	return n
}

func TestShell_eraseSite(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	m := f.opener.Projects[f.sample]
	if interviewsOf(m, "JC-07") == 0 {
		t.Fatal("the sample has no interviews of JC-07")
	}
	others := len(m.Interviews) - interviewsOf(m, "JC-07")
	menuItem(t, f.s.mainMenu(), "Datei", "Datenschutz", "Standort unwiderruflich löschen…").Action()
	dlg := f.overlay(t)
	text := strings.Join(labels(dlg), " ")
	for _, w := range []string{"Interviews", "Protokollen", "Aufnahmen", "nicht rückgängig"} {
		if !strings.Contains(text, w) {
			t.Errorf("the confirmation does not say %q: %q", w, text)
		}
	}
	var sel *widget.Select
	walk(dlg, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok {
			sel = s
		}
	})
	sel.SetSelected("JC-07")
	ok := button(t, dlg, "Unwiderruflich löschen")
	entriesIn(dlg)[0].SetText("JC-12")
	if !ok.Disabled() {
		t.Error("erasing is possible with another site's name typed")
	}
	entriesIn(dlg)[0].SetText("JC-07")
	if ok.Disabled() {
		t.Fatal("erasing is not possible with the site's name typed")
	}
	test.Tap(ok)
	if n := interviewsOf(m, "JC-07"); n != 0 {
		t.Errorf("%d interviews of JC-07 left", n)
	}
	if len(m.Interviews) != others {
		t.Errorf("%d interviews left, want the %d of other sites", len(m.Interviews), others)
	}
	if msg := f.s.project.status.Message(); !strings.HasPrefix(msg, "Unwiderruflich gelöscht:") {
		t.Errorf("status %q", msg)
	}
}

func TestShell_eraseAll(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	m := f.opener.Projects[f.sample]
	menuItem(t, f.s.mainMenu(), "Datei", "Datenschutz", "Studienende: alle Protokolle löschen…").Action()
	dlg := f.overlay(t)
	ok := button(t, dlg, "Unwiderruflich löschen")
	if !ok.Disabled() {
		t.Error("erasing everything is possible without typing the project's name")
	}
	entriesIn(dlg)[0].SetText("ejo")
	test.Tap(ok)
	if len(m.Interviews) != 0 {
		t.Errorf("%d interviews left", len(m.Interviews))
	}
}

func TestShell_merge(t *testing.T) {
	tests := []struct {
		name      string
		protected bool
		want      []string
	}{
		{"plain", false, []string{"merge other "}},
		{"protected: asks for the passphrase", true, []string{"merge other ", "merge other geheim-genug"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ff := filesFixture(t)
			if tt.protected {
				ff.protect = "geheim-genug"
			}
			f.s.chooseFolder = func(then func(string)) { then(filepath.Join(t.TempDir(), "other")) }
			menuItem(t, f.s.mainMenu(), "Datei", "Importieren", "Anderes protocoder-Projekt zusammenführen…").Action()
			if tt.protected {
				dlg := f.overlay(t)
				entriesIn(dlg)[0].SetText("geheim-genug")
				test.Tap(button(t, dlg, "Zusammenführen"))
			}
			if fmt.Sprint(ff.calls) != fmt.Sprint(tt.want) {
				t.Errorf("calls %q, want %q", ff.calls, tt.want)
			}
			if got := strings.Join(labels(f.overlay(t)), " "); !strings.Contains(got, "other: 2 hinzugefügt") {
				t.Errorf("report %q", got)
			}
		})
	}
}

// TestShell_cancelledTask: a cancelled task says so in the status bar and
// shows no error.
func TestShell_cancelledTask(t *testing.T) {
	f, ff := filesFixture(t)
	ff.err = fmt.Errorf("import: %w", context.Canceled)
	menuItem(t, f.s.mainMenu(), "Datei", "Importieren", "REFI-QDA-Projekt (QDPX)…").Action()
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog shows: %q", labels(top))
	}
	if msg := f.s.project.status.Message(); msg != "Abgebrochen: Es wurde nichts geändert." {
		t.Errorf("status %q", msg)
	}
	if f.s.task == nil || f.s.task.Cancel.Hidden {
		t.Error("the import's progress dialog has no Cancel button")
	}
}

func TestShell_importGuideline(t *testing.T) {
	f, ff := filesFixture(t)
	menuItem(t, f.s.mainMenu(), "Datei", "Importieren", "Leitfaden (Leitfadenformat)…").Action()
	if fmt.Sprint(ff.calls) != "[guideline in]" {
		t.Errorf("calls %q", ff.calls)
	}
	if msg := f.s.project.status.Message(); msg != "Leitfaden B.9 importiert: 4 Fragen, 6 Codes angelegt, 0 beibehalten." {
		t.Errorf("status %q", msg)
	}
}

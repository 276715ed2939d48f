package shell

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// fakeFiles records the GUI's file operations.
type fakeFiles struct {
	mu    sync.Mutex
	calls []string
	err   error
	// protect is the passphrase a merge source needs ("": none).
	protect string
}

func (f *fakeFiles) record(s string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
	return f.err
}

func (f *fakeFiles) ExportQDPX(_ context.Context, p *project.Project, path string) (*qda.Snapshot, error) {
	return &qda.Snapshot{Documents: make([]qda.Document, 3)}, f.record("qdpx " + filepath.Base(path))
}
func (f *fakeFiles) ExportQDC(p *project.Project, path string) error {
	return f.record("qdc " + filepath.Base(path))
}
func (f *fakeFiles) ExportTable(p *project.Project, what, format, path string) error {
	return f.record("table " + what + " " + format + " " + filepath.Base(path))
}
func (f *fakeFiles) WriteDocument(text, format, path string) error {
	return f.record("document " + format + " " + filepath.Base(path))
}
func (f *fakeFiles) Import(_ context.Context, p *project.Project, path string) (*exchange.MergeReport, error) {
	return &exchange.MergeReport{Source: filepath.Base(path), Added: map[string]int{"codes": 4}, Warnings: []string{"[picture] a picture"}},
		f.record("import " + filepath.Base(path))
}
func (f *fakeFiles) ImportGuideline(p *project.Project, path string) (*study.ImportResult, error) {
	if err := f.record("guideline " + filepath.Base(path)); err != nil {
		return nil, err
	}
	return &study.ImportResult{Key: "B.9", Counts: qda.Counts{Questions: 4}, CodesAdded: 6}, nil
}
func (f *fakeFiles) Merge(_ context.Context, p *project.Project, src string, pass []byte) (*exchange.MergeReport, error) {
	if err := f.record("merge " + filepath.Base(src) + " " + string(pass)); err != nil {
		return nil, err
	}
	if f.protect != "" && string(pass) != f.protect {
		return nil, qda.Errorf(qda.EProtected, "%s is protected", src)
	}
	return &exchange.MergeReport{Source: filepath.Base(src), Added: map[string]int{"codings": 2}}, nil
}

// filesFixture is the fixture with fake Files and file choosers that
// answer with a file in a temporary folder.
func filesFixture(t *testing.T) (*fixture, *fakeFiles) {
	t.Helper()
	f := newFixture(t)
	ff := &fakeFiles{}
	f.s.files = ff
	dir := t.TempDir()
	f.s.chooseSave = func(name string, then func(string)) { then(filepath.Join(dir, name)) }
	f.s.chooseOpen = func(ext string, then func(string)) { then(filepath.Join(dir, "in"+ext)) }
	f.s.Start(f.sample)
	return f, ff
}

// menuItem finds a menu item by its labels, from the menu down.
func menuItem(t *testing.T, m *fyne.MainMenu, path ...string) *fyne.MenuItem {
	t.Helper()
	var items []*fyne.MenuItem
	for _, menu := range m.Items {
		if menu.Label == path[0] {
			items = menu.Items
		}
	}
	var found *fyne.MenuItem
	for _, label := range path[1:] {
		found = nil
		for _, it := range items {
			if it.Label == label {
				found = it
			}
		}
		if found == nil {
			t.Fatalf("no menu item %q", strings.Join(path, " › "))
		}
		if found.ChildMenu != nil {
			items = found.ChildMenu.Items
		}
	}
	return found
}

func TestShell_exports(t *testing.T) {
	tests := []struct {
		path []string
		call string
	}{
		{[]string{"Datei", "Exportieren", "REFI-QDA-Projekt (QDPX)…"}, "qdpx ejo.qdpx"},
		{[]string{"Datei", "Exportieren", "REFI-QDA-Codebuch (QDC)…"}, "qdc ejo.qdc"},
		{[]string{"Datei", "Exportieren", "Segmente, Codebuch und Matrix (Excel)…"}, "table all xlsx ejo.xlsx"},
		{[]string{"Datei", "Exportieren", "Codierte Segmente (CSV)…"}, "table segments csv Segmente.csv"},
		{[]string{"Datei", "Exportieren", "Codematrix (Excel)…"}, "table matrix xlsx Matrix.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			f, ff := filesFixture(t)
			menuItem(t, f.s.mainMenu(), tt.path...).Action()
			if len(ff.calls) != 1 || ff.calls[0] != tt.call {
				t.Errorf("calls %q, want %q", ff.calls, tt.call)
			}
			if msg := f.s.project.status.Message(); !strings.Contains(msg, "Gespeichert") {
				t.Errorf("status %q", msg)
			}
			if top := f.w.Canvas().Overlays().Top(); top != nil {
				t.Errorf("a dialog stays open: %q", labels(top))
			}
		})
	}
	// A failed export says so in a dialog.
	f, ff := filesFixture(t)
	ff.err = qda.Errorf(qda.EInvalid, "disk full")
	menuItem(t, f.s.mainMenu(), "Datei", "Exportieren", "REFI-QDA-Codebuch (QDC)…").Action()
	if got := strings.Join(labels(f.overlay(t)), " "); !strings.Contains(got, "nicht gültig") {
		t.Errorf("error dialog %q", got)
	}
}

func TestShell_importFile(t *testing.T) {
	f, ff := filesFixture(t)
	menuItem(t, f.s.mainMenu(), "Datei", "Importieren", "REFI-QDA-Codebuch (QDC)…").Action()
	if len(ff.calls) != 1 || ff.calls[0] != "import in.qdc" {
		t.Fatalf("calls %q", ff.calls)
	}
	got := strings.Join(labels(f.overlay(t)), " ")
	if !strings.Contains(got, "in.qdc: 4 hinzugefügt") || !strings.Contains(got, "a picture") {
		t.Errorf("report %q", got)
	}
}

func TestShell_report(t *testing.T) {
	f, ff := filesFixture(t)
	menuItem(t, f.s.mainMenu(), "Datei", "Fallbericht…").Action()
	form := f.s.reportForm
	if form == nil {
		t.Fatal("no report dialog")
	}
	// Without a site the dialog refuses.
	if _, ok := form.request(); ok {
		t.Error("a request without a site")
	}
	form.cse.SetSelected("JC-07")
	form.level.SetSelectedIndex(0)
	req, ok := form.request()
	if !ok || req.Case != string(uitest.ID("case:JC-07")) || req.Level != qda.LevelStrategic {
		t.Fatalf("request %+v", req)
	}
	test.Tap(button(t, f.overlay(t), "Erzeugen"))
	if f.s.reportPreview == nil {
		t.Fatalf("no preview; dialog %q", labels(f.overlay(t)))
	}
	if !strings.Contains(f.s.reportPreview.Text, "JC-07") {
		t.Errorf("report text %q", f.s.reportPreview.Text)
	}
	test.Tap(button(t, f.overlay(t), "DOCX"))
	if len(ff.calls) != 1 || !strings.HasPrefix(ff.calls[0], "document docx ") {
		t.Errorf("calls %q", ff.calls)
	}
}

func TestShell_preferences(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	menuItem(t, f.s.mainMenu(), "Datei", "Einstellungen…").Action()
	form := f.s.prefsForm
	if form == nil || len(form.Items) != 4 {
		t.Fatal("no preferences form")
	}
	prefs := f.app.Preferences()
	tests := []struct {
		item, option string
		check        func() error
	}{
		{"Darstellung", "Dunkel", func() error {
			if f.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark) {
				return errors.New("not dark")
			}
			return nil
		}},
		{"Darstellung", "Hell", func() error {
			if f.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight) {
				return errors.New("not light")
			}
			return nil
		}},
		{"Textgröße", "Größer", func() error {
			if got, want := f.app.Settings().Theme().Size(theme.SizeNameText), theme.DefaultTheme().Size(theme.SizeNameText)*1.3; got != want {
				return errors.New("text not larger")
			}
			return nil
		}},
		{"Sprache", "English", func() error {
			if prefs.String(LanguageKey) != "en" {
				return errors.New("language not stored")
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.item+" "+tt.option, func(t *testing.T) {
			for _, it := range form.Items {
				if it.Text != tt.item {
					continue
				}
				walk(it.Widget, func(o fyne.CanvasObject) {
					if r, ok := o.(interface{ SetSelected(string) }); ok {
						r.SetSelected(tt.option)
					}
				})
			}
			if err := tt.check(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestShell_restoreBackup(t *testing.T) {
	f := newFixture(t)
	r := &restoringOpener{Opener: f.opener}
	f.s.opener = r
	f.s.Start(f.sample)
	if _, err := f.s.project.svc.Backup(); err != nil {
		t.Fatal(err)
	}
	menuItem(t, f.s.mainMenu(), "Datei", "Sicherung wiederherstellen…").Action()
	if f.s.backupList == nil || len(f.s.backupList.Options) != 1 {
		t.Fatal("no backup list")
	}
	test.Tap(button(t, f.overlay(t), "Wiederherstellen"))
	if r.restored != "backup-manual" || f.s.Dir() != f.sample {
		t.Errorf("restored %q, open %q", r.restored, f.s.Dir())
	}
}

// restoringOpener is the fake opener that records restores.
type restoringOpener struct {
	*uitest.Opener
	restored string
}

func (r *restoringOpener) Restore(_ context.Context, dir, name string) (string, error) {
	r.restored = name
	return "backup-restore", nil
}

package shell

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestShell_OpenSample(t *testing.T) {
	f := newFixture(t)
	home := t.TempDir()
	other := filepath.Join(home, "other")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	f.s.Recent().Add(other)
	f.s.Start("")
	test.Tap(button(t, f.w.Content(), "Beispielprojekt öffnen"))
	want := filepath.Join(home, "protocoder Beispielprojekt")
	if f.s.Dir() != want {
		t.Fatalf("sample opened in %q, want %q", f.s.Dir(), want)
	}
	// A second sample goes into a new folder, never over the first.
	f.s.CloseProject()
	f.s.OpenSample()
	if f.s.Dir() != want+"-2" {
		t.Errorf("second sample opened in %q", f.s.Dir())
	}
}

func TestShell_interviewsTab(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	p := f.s.project
	v := &p.views
	v.tabs.Select(v.ivTab)
	// The list loads off the UI goroutine; the fixture runs that inline.
	if n := len(v.interviews.Rows()); n == 0 {
		t.Fatal("the interviews tab shows no interviews")
	}
	v.interviews.OnOpen(v.interviews.Rows()[0])
	if v.tabs.Selected() != v.docTab || !v.editing {
		t.Fatal("opening an interview does not show the editor in the document area")
	}
	// Choosing a document leaves the editor (saving it first).
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: uitest.ID("doc:Protokoll GF-07")})
	if v.editing || !slices.Contains(labels(p.area), "Protokoll GF-07") {
		t.Errorf("after choosing a document the area shows %q", labels(p.area))
	}
}

func TestShell_Undo(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	// Nothing was edited yet: undo and redo say so in the status bar, not
	// in a dialog.
	f.s.Undo()
	if got := f.s.project.status.Message(); got != "Nichts rückgängig zu machen" {
		t.Errorf("undo without edits says %q", got)
	}
	f.s.Redo()
	if got := f.s.project.status.Message(); got != "Nichts zu wiederholen" {
		t.Errorf("redo without edits says %q", got)
	}
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog shows: %q", labels(top))
	}
}

func TestShell_tabs(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	v := &f.s.project.views
	for _, it := range v.tabs.Items {
		v.tabs.Select(it)
		if top := f.w.Canvas().Overlays().Top(); top != nil {
			t.Fatalf("tab %q shows a dialog: %q", it.Text, labels(top))
		}
	}
	for _, lt := range v.lazy {
		if lt.stale && lt.update != nil {
			t.Errorf("tab %q was shown but not loaded", lt.item.Text)
		}
	}
	// An edit elsewhere makes the tabs load again when shown.
	f.s.project.markStale(f.s)
	if n := len(v.lazy); n < 4 || !v.lazy[0].stale {
		t.Errorf("%d lazy tabs; after a change the first is stale=%v", n, n > 0 && v.lazy[0].stale)
	}
}

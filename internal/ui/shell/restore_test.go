package shell

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// damagedOpener reports the project as damaged until its newest backup is
// restored.
type damagedOpener struct {
	*uitest.Opener
	damaged  bool
	restores int
}

func (d *damagedOpener) Open(dir string) (*project.Project, error) {
	if d.damaged {
		return nil, qda.Errorf(qda.EDamaged, "the project file %s/project.db is damaged (page 7: invalid type)", dir)
	}
	return d.Opener.Open(dir)
}

func (d *damagedOpener) RestoreNewest(dir string) (string, error) {
	d.restores++
	d.damaged = false
	return "20261124T090000.000Z-s9-close.db", nil
}

func newDamagedFixture(t *testing.T) (*fixture, *damagedOpener) {
	t.Helper()
	f := newFixture(t)
	d := &damagedOpener{Opener: f.opener, damaged: true}
	f.s = New(Config{App: f.app, Window: f.w, Opener: d, User: "anna"})
	f.s.async = func(fn func()) { fn() }
	return f, d
}

func TestShell_OfferRestore(t *testing.T) {
	f, d := newDamagedFixture(t)
	f.s.Start(f.sample)
	if f.s.Service() != nil {
		t.Fatal("a damaged project opened")
	}
	dlg := f.overlay(t)
	text := strings.Join(labels(dlg), " ")
	for _, want := range []string{"ist beschädigt", "neueste Sicherung", "page 7: invalid type"} {
		if !strings.Contains(text, want) {
			t.Errorf("dialog says %q, lacks %q", text, want)
		}
	}
	test.Tap(button(t, dlg, "Neueste Sicherung wiederherstellen"))
	if d.restores != 1 {
		t.Fatalf("%d restores", d.restores)
	}
	if f.s.Service() == nil || f.s.Dir() != f.sample {
		t.Fatalf("project not opened after the restore (dir %q)", f.s.Dir())
	}
}

func TestShell_OfferRestore_Cancel(t *testing.T) {
	f, d := newDamagedFixture(t)
	f.s.Start(f.sample)
	test.Tap(button(t, f.overlay(t), "Abbrechen"))
	if d.restores != 0 || f.s.Service() != nil {
		t.Errorf("cancel: %d restores, service %v", d.restores, f.s.Service() != nil)
	}
}

package shell

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// protectedOpener opens its one project only with the passphrase "geheim".
type protectedOpener struct {
	*uitest.Opener
	tries []string
}

func (o *protectedOpener) Open(dir string) (*project.Project, error) {
	return nil, qda.Errorf(qda.EProtected, "%s is protected: a passphrase is needed", dir)
}

func (o *protectedOpener) OpenWithPassphrase(dir string, pass []byte) (*project.Project, error) {
	o.tries = append(o.tries, string(pass))
	if string(pass) != "geheim" {
		return nil, qda.Errorf(qda.EProtected, "wrong passphrase")
	}
	return o.Opener.Open(dir)
}

func TestShell_askPassphrase(t *testing.T) {
	f := newFixture(t)
	po := &protectedOpener{Opener: f.opener}
	f.s.opener = po
	f.s.Start(f.sample)
	for i, pass := range []string{"falsch", "geheim"} {
		var entry *widget.Entry
		walk(f.overlay(t), func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok && entry == nil {
				entry = e
			}
		})
		if entry == nil {
			t.Fatalf("try %d: no passphrase field", i)
		}
		test.Type(entry, pass)
		test.Tap(button(t, f.overlay(t), "Öffnen"))
	}
	if f.s.Dir() != filepath.Clean(f.sample) {
		t.Fatalf("the project did not open after the right passphrase; tries %q", po.tries)
	}
	if len(po.tries) != 2 || po.tries[0] != "falsch" {
		t.Errorf("tries %q", po.tries)
	}
}

package shell

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// finishingOpener reports an interrupted operation on every open and
// records what the window showed meanwhile.
type finishingOpener struct {
	*uitest.Opener
	kind  string
	f     *fixture
	shown []string
}

func (o *finishingOpener) OpenFinishing(dir string, pass []byte, finishing func(string)) (*project.Project, error) {
	finishing(o.kind)
	if top := o.f.w.Canvas().Overlays().Top(); top != nil {
		walk(top, func(c fyne.CanvasObject) {
			if l, ok := c.(*widget.Label); ok {
				o.shown = append(o.shown, l.Text)
			}
		})
	}
	return o.Opener.Open(dir)
}

func TestShell_openServiceShowsFinishing(t *testing.T) {
	for _, tc := range []struct{ kind, want string }{
		{"erase", "Löschung wurde unterbrochen"},
		{"protect", "Verschlüsselung wurde unterbrochen"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			f := newFixture(t)
			fo := &finishingOpener{Opener: f.opener, kind: tc.kind, f: f}
			f.s.opener = fo
			f.s.Start(f.sample)
			if !strings.Contains(strings.Join(fo.shown, "\n"), tc.want) {
				t.Errorf("while finishing the window showed %q, want %q", fo.shown, tc.want)
			}
			if f.s.Dir() != filepath.Clean(f.sample) {
				t.Fatal("the project did not open")
			}
			if top := f.w.Canvas().Overlays().Top(); top != nil {
				t.Error("the progress dialog stays after the open")
			}
		})
	}
}

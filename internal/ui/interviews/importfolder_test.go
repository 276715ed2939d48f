package interviews

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/ui/uitest"

	"github.com/protocoder/protocoder/internal/qda"
)

// folderWith writes files into a new folder and returns it.
func folderWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestList_importFolder(t *testing.T) {
	second := strings.Replace(protocolFile, "interviewee: PL-09", "interviewee: PL-11", 1)
	noMeta := "Nur Text ohne Kopf.\n\n1.1 Eine Antwort.\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		added  int
		dialog string // text the dialog shows
	}{
		{"two protocols and a picture", map[string]string{"a.txt": protocolFile, "b.md": second, "bild.png": "PNG"}, 2,
			"2 Protokolle importiert."},
		{"one without front matter", map[string]string{"a.txt": protocolFile, "c.txt": noMeta}, 0, "„c.txt“ konnte nicht importiert werden."},
		{"the reason in German", map[string]string{"c.txt": noMeta}, 0, "In der Datei fehlt: Leitfaden, Standort, interviewte Person."},
		{"no protocol files", map[string]string{"bild.png": "PNG"}, 0, "Der Ordner enthält keine Protokolldateien"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := folderWith(t, tc.files)
			h := importHarness(t, "")
			h.l.chooseFolder = func(then func(string)) { then(dir) }
			before := len(h.m.Interviews)
			changed := 0
			h.l.OnChanged = func(qda.Interview) { changed++ }
			h.ui(func() { test.Tap(button(t, h.l, "Ordner importieren…")) })
			h.settle()
			if got := len(h.m.Interviews) - before; got != tc.added {
				t.Errorf("%d interviews added, want %d", got, tc.added)
			}
			h.ui(func() {
				dlg := h.w.Canvas().Overlays().Top()
				if dlg == nil {
					t.Fatal("no dialog")
				}
				if texts := labelTexts(dlg); !strings.Contains(texts, tc.dialog) {
					t.Errorf("dialog says %q, want %q", texts, tc.dialog)
				}
				if tc.added > 0 && (len(h.l.rows) != before+tc.added || changed != 1) {
					t.Errorf("list has %d rows, OnChanged called %d times", len(h.l.rows), changed)
				}
			})
		})
	}
}

// pausing is a source that stops in its second ReadSource until the test
// releases it, so that the test can cancel the import there.
type pausing struct {
	*project.Project
	n                int
	reached, release chan struct{}
}

func (p *pausing) ReadSource(path string) (*app.SourceFile, error) {
	p.n++
	if p.n == 2 {
		close(p.reached)
		<-p.release
	}
	return p.Project.ReadSource(path)
}

// TestList_importFolderCancel cancels a folder import between its files:
// nothing is imported, nothing recorded, and the dialog says so.
func TestList_importFolderCancel(t *testing.T) {
	second := strings.Replace(protocolFile, "interviewee: PL-09", "interviewee: PL-11", 1)
	third := strings.Replace(protocolFile, "interviewee: PL-09", "interviewee: PL-12", 1)
	dir := folderWith(t, map[string]string{"a.txt": protocolFile, "b.txt": second, "c.txt": third})
	src := &pausing{reached: make(chan struct{}), release: make(chan struct{})}
	h := loadedOn(t, textReader{}, func(p *project.Project) Source { src.Project = p; return src })
	for _, q := range []string{"q:1.1", "q:1.2", "q:2.1"} {
		id := qda.NameGUID(uitest.ID(q), "code")
		h.m.Codes[id] = qda.Code{GUID: id, Name: q}
	}
	h.l.chooseFolder = func(then func(string)) { then(dir) }
	before := len(h.m.Interviews)
	undoBefore, err := h.svc.UndoState()
	if err != nil {
		t.Fatal(err)
	}
	h.ui(func() { test.Tap(button(t, h.l, "Ordner importieren…")) })
	<-src.reached
	h.ui(func() { test.Tap(h.l.task.Cancel) })
	close(src.release)
	h.settle()
	if got := len(h.m.Interviews) - before; got != 0 {
		t.Errorf("%d interviews imported after cancelling", got)
	}
	if undo, err := h.svc.UndoState(); err != nil || !reflect.DeepEqual(undo, undoBefore) {
		t.Errorf("a command was recorded after cancelling: %+v, before %+v (%v)", undo, undoBefore, err)
	}
	h.ui(func() {
		if texts := labelTexts(h.w.Canvas().Overlays().Top()); !strings.Contains(texts, "Abgebrochen: Es wurde nichts geändert.") {
			t.Errorf("dialog says %q", texts)
		}
	})
}

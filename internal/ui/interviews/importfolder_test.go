package interviews

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

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

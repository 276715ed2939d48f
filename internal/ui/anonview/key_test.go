package anonview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/keyfile"
)

// overlayParts returns the entries, buttons and label texts of the top
// overlay.
func (h harness) overlayParts(t *testing.T) (entries []*widget.Entry, buttons map[string]*widget.Button, text string) {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	buttons = map[string]*widget.Button{}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			entries = append(entries, x)
		case *widget.Button:
			buttons[x.Text] = x
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return entries, buttons, b.String()
}

// menuLabels returns the enabled items of the key menu.
func (h harness) menuLabels() []string {
	var out []string
	for _, it := range h.v.keyMenu().Items {
		if it.Label != "" && !it.Disabled {
			out = append(out, it.Label)
		}
	}
	return out
}

// TestView_key creates the pseudonym key, adds a name, shows, copies and
// locks it, all from the key's menu.
func TestView_key(t *testing.T) {
	h := loaded(t, "de_DE.UTF-8")
	h.m.Folder = t.TempDir()
	h.svc.SetKeyParams(keyfile.Params{Time: 1, Memory: 64, Threads: 1})
	if got := strings.Join(h.menuLabels(), "|"); got != "Schlüssel anlegen…" {
		t.Errorf("without a key the menu offers %q", got)
	}
	h.ui(func() {
		h.v.askCreateKey()
		es, bs, text := h.overlayParts(t)
		if !strings.Contains(text, "Passphrase") {
			t.Errorf("dialog %q", text)
		}
		es[0].SetText("kurz")
		es[1].SetText("kurz")
		if !bs["Anlegen"].Disabled() {
			t.Error("a short passphrase is accepted")
		}
		es[0].SetText("geheime passphrase")
		es[1].SetText("geheime passphrase")
		test.Tap(bs["Anlegen"])
	})
	h.wg.Wait()
	if st := h.svc.KeyStatus(); !st.Exists || !st.Unlocked {
		t.Fatalf("status %+v", st)
	}
	h.ui(func() {
		h.v.askAddEntry()
		es, bs, _ := h.overlayParts(t)
		es[0].SetText("Westermann")
		es[1].SetText("[Person 1]")
		test.Tap(bs["Hinzufügen"])
	})
	h.wg.Wait()
	if st := h.svc.KeyStatus(); st.Entries != 1 {
		t.Fatalf("status %+v", st)
	}
	h.ui(func() { h.v.showEntries() })
	h.wg.Wait()
	h.ui(func() {
		if _, _, text := h.overlayParts(t); !strings.Contains(text, "Klarnamen: nur") {
			t.Errorf("the list does not warn: %q", text)
		}
	})
	out := filepath.Join(t.TempDir(), "kopie.key")
	h.v.chooseSave = func(_ string, then func(string)) { then(out) }
	h.ui(func() { h.v.askExportKey() })
	h.wg.Wait()
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no copy: %v", err)
	}
	h.ui(func() { h.v.lockKey() })
	h.wg.Wait()
	if st := h.svc.KeyStatus(); st.Unlocked {
		t.Error("the key is still unlocked")
	}
	if got := strings.Join(h.menuLabels(), "|"); got != "Schlüssel entsperren…|Schlüssel in eine Datei kopieren…" {
		t.Errorf("a locked key's menu offers %q", got)
	}
}

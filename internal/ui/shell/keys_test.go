package shell

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestShell_undoKeysFromAnyFocus(t *testing.T) {
	f := newFixture(t)
	m := openGF07(t, f)
	p := f.s.project
	before := len(m.Codings)
	code := uitest.ID("code:Erwartungen")
	p.codes.Select(code)
	p.bench.View().Select(45, 53)
	p.bench.Apply(code)
	if len(m.Codings) != before+1 {
		t.Fatal("no coding to undo")
	}
	var tree fyne.Focusable
	walk(p.codes, func(o fyne.CanvasObject) {
		if tr, ok := o.(*widget.Tree); ok {
			tree = tr
		}
	})
	inTree := func() { f.w.Canvas().Focus(tree) }
	ctrlShiftZ := &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	removed := "Codierung „Erwartungen“ in „Protokoll GF-07“ entfernt"
	restored := "Codierung „Erwartungen“ in „Protokoll GF-07“ wiederhergestellt"
	steps := []struct {
		name  string
		focus func()
		key   fyne.Shortcut
		want  int // codings added
		msg   string
	}{
		{"Ctrl+Z in the code tree", inTree, &fyne.ShortcutUndo{}, 0, removed},
		{"Ctrl+Shift+Z in the document", func() { f.w.Canvas().Focus(p.bench.View()) }, ctrlShiftZ, 1, restored},
		{"Ctrl+Z in the search field", func() { f.w.Canvas().Focus(p.search) }, &fyne.ShortcutUndo{}, 0, removed},
		{"Ctrl+Y in the search field", func() { f.w.Canvas().Focus(p.search) }, &fyne.ShortcutRedo{}, 1, restored},
		{"Ctrl+Z in the document", func() { f.w.Canvas().Focus(p.bench.View()) }, &fyne.ShortcutUndo{}, 0, removed},
		{"Ctrl+Z with nothing focused", func() { f.w.Canvas().Unfocus() }, &fyne.ShortcutUndo{}, 0, "Nichts rückgängig zu machen"},
		{"Ctrl+Y in the code tree", inTree, &fyne.ShortcutRedo{}, 1, restored},
		{"Ctrl+Y again", func() {}, &fyne.ShortcutRedo{}, 1, "Nichts zu wiederholen"},
	}
	focused := map[string]fyne.Focusable{"code tree": nil, "document": p.bench.View(), "search field": p.search}
	for _, st := range steps {
		st.focus()
		for where, o := range focused {
			if o != nil && strings.HasSuffix(st.name, "in the "+where) && f.w.Canvas().Focused() != o {
				t.Fatalf("%s: focus is on %T", st.name, f.w.Canvas().Focused())
			}
		}
		if strings.HasSuffix(st.name, "in the code tree") && fmt.Sprintf("%T", f.w.Canvas().Focused()) != "*widget.Tree" {
			t.Fatalf("%s: focus is on %T", st.name, f.w.Canvas().Focused())
		}
		uitest.PressShortcut(f.w, st.key)
		if got := len(m.Codings) - before; got != st.want {
			t.Errorf("%s: %d codings added, want %d", st.name, got, st.want)
		}
		if got := p.status.Message(); got != st.msg {
			t.Errorf("%s: status %q, want %q", st.name, got, st.msg)
		}
		if top := f.w.Canvas().Overlays().Top(); top != nil {
			t.Fatalf("%s: a dialog shows: %q", st.name, labels(top))
		}
	}
	if p.views.tabs.Selected() != p.views.docTab {
		t.Error("undo left the document tab")
	}
}

func TestShell_entryKeepsItsOwnUndo(t *testing.T) {
	f := newFixture(t)
	m := openGF07(t, f)
	p := f.s.project
	before := len(m.Codings)
	p.codes.Select(uitest.ID("code:Ziele"))
	p.bench.View().Select(45, 53)
	p.bench.Apply(uitest.ID("code:Ziele"))
	// A text field with its own history (here one in a dialog) undoes its
	// typing, not the project's coding.
	e := widget.NewMultiLineEntry()
	f.w.SetContent(e)
	f.w.Canvas().Focus(e)
	test.Type(e, "abc")
	uitest.PressShortcut(f.w, &fyne.ShortcutUndo{})
	if len(m.Codings) != before+1 {
		t.Error("Ctrl+Z in a text field undid the project's coding")
	}
	if e.Text == "abc" {
		t.Error("Ctrl+Z in a text field did not undo its typing")
	}
}

func TestShell_menusAndFind(t *testing.T) {
	f := newFixture(t)
	openGF07(t, f)
	p := f.s.project
	menu := f.w.MainMenu()
	var titles []string
	for _, m := range menu.Items {
		titles = append(titles, m.Label)
	}
	if got := strings.Join(titles, ","); got != "Datei,Bearbeiten,Studie,Hilfe" {
		t.Fatalf("menus %q", got)
	}
	help := menu.Items[3]
	if len(help.Items) != 3 || help.Items[0].Label != "Tastenkürzel" || help.Items[1].Label != "Dokumentation (Ordner)" ||
		!help.Items[1].Disabled || help.Items[2].Label != "Über protocoder" {
		t.Fatalf("help menu %+v", help.Items)
	}
	help.Items[0].Action()
	got := strings.Join(labels(f.overlay(t)), "\n")
	for _, want := range []string{"Strg+Z", "Strg+F", "1 … 9", "Eingabe"} {
		if !strings.Contains(got, want) {
			t.Errorf("shortcut list lacks %q:\n%s", want, got)
		}
	}
	f.w.Canvas().Overlays().Top().Hide()
	f.w.Canvas().Overlays().Remove(f.w.Canvas().Overlays().Top())
	help.Items[2].Action()
	if got := labels(f.overlay(t)); !strings.Contains(strings.Join(got, " "), "Version 0.") {
		t.Errorf("about box %q", got)
	}
	f.w.Canvas().Overlays().Remove(f.w.Canvas().Overlays().Top())
	// Ctrl+F from the document goes to the search field.
	f.w.Canvas().Focus(p.bench.View())
	uitest.PressShortcut(f.w, shortcut(fyne.KeyF))
	if f.w.Canvas().Focused() != p.search {
		t.Errorf("Ctrl+F focused %T", f.w.Canvas().Focused())
	}
}

func TestShell_saveKeyInTheEditor(t *testing.T) {
	f := newFixture(t)
	f.opener.Projects[f.sample] = uitest.Sample()
	f.s.Start(f.sample)
	p := f.s.project
	p.views.editor.Delay = time.Hour // no autosave meanwhile
	p.editProtocol(f.s, uitest.ID("iv:GF-07"))
	// The answers are multi-line entries (a type of the editor's own).
	var entry interface {
		fyne.Focusable
		fyne.Shortcutable
	}
	walk(p.views.editor, func(o fyne.CanvasObject) {
		if e, ok := o.(interface {
			fyne.Focusable
			fyne.Shortcutable
		}); ok && entry == nil && fmt.Sprintf("%T", o) == "*protocoleditor.answerEntry" {
			entry = e
		}
	})
	if entry == nil {
		t.Fatal("the editor shows no text field")
	}
	f.w.Canvas().Focus(entry)
	test.Type(entry, "Neu ")
	if !p.views.editor.Dirty() {
		t.Fatal("typing left the editor clean")
	}
	// Ctrl+S from inside the text field (which keeps other shortcuts)
	// saves; the editor saves off the UI goroutine and reports it.
	saved := make(chan struct{})
	prev := p.views.editor.OnSaved
	p.views.editor.OnSaved = func(d *qda.Document) { prev(d); close(saved) }
	uitest.PressShortcut(f.w, shortcut(fyne.KeyS))
	select {
	case <-saved:
	case <-time.After(time.Minute):
		t.Fatal("Ctrl+S did not save the protocol")
	}
}

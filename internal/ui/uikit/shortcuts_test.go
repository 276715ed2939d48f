package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func TestCommandEntry_TypedShortcut(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name      string
		key       fyne.Shortcut
		toProject bool
	}{
		{"Ctrl+Z", &fyne.ShortcutUndo{}, true},
		{"Ctrl+Y", &fyne.ShortcutRedo{}, true},
		{"Ctrl+Shift+Z", &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, true},
		{"Ctrl+A", &fyne.ShortcutSelectAll{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewCommandEntry()
			var got fyne.Shortcut
			e.OnShortcut = func(s fyne.Shortcut) { got = s }
			w := test.NewTempWindow(t, e)
			w.Canvas().Focus(e)
			test.Type(e, "abc")
			e.TypedShortcut(tt.key)
			if (got != nil) != tt.toProject {
				t.Errorf("passed on: %v, want %v", got != nil, tt.toProject)
			}
			if e.Text != "abc" {
				t.Errorf("text %q after %s", e.Text, tt.name)
			}
		})
	}
}

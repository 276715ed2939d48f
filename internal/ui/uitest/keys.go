package uitest

import (
	"reflect"

	"fyne.io/fyne/v2"
)

// PressShortcut delivers a shortcut to window w the way Fyne's desktop
// driver does (internal/driver/glfw, window.triggersShortcut): first to a
// main-menu item with that shortcut, else to the focused widget if it
// takes shortcuts (which ends it, used or not), else to the canvas'
// shortcuts. Note that the driver sends Ctrl+Z as fyne.ShortcutUndo and
// Ctrl+Y as fyne.ShortcutRedo. Tests use it to press keys "from"
// whatever has the focus.
func PressShortcut(w fyne.Window, s fyne.Shortcut) {
	if m := w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			if pressMenu(menu, s) {
				return
			}
		}
	}
	c := w.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	type typer interface{ TypedShortcut(fyne.Shortcut) }
	if t, ok := c.(typer); ok {
		t.TypedShortcut(s)
		return
	}
	// The test canvas hides its shortcut handler behind the interface it
	// embeds; the embedded canvas has it.
	if v := reflect.ValueOf(c); v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		if f := v.Elem().FieldByName("WindowlessCanvas"); f.IsValid() && f.CanInterface() {
			if t, ok := f.Interface().(typer); ok {
				t.TypedShortcut(s)
			}
		}
	}
}

func pressMenu(m *fyne.Menu, s fyne.Shortcut) bool {
	for _, it := range m.Items {
		if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
			it.Action()
			return true
		}
		if it.ChildMenu != nil && pressMenu(it.ChildMenu, s) {
			return true
		}
	}
	return false
}

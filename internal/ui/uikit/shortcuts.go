package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// How a key combination reaches its handler (Fyne's desktop driver, as of
// v2.8): the driver turns Ctrl+Z into fyne.ShortcutUndo and Ctrl+Y into
// fyne.ShortcutRedo (not into a desktop.CustomShortcut), every other
// Ctrl/Alt combination into a desktop.CustomShortcut. It then offers the
// shortcut to the main menu (by name), else to the focused widget if that
// is fyne.Shortcutable — and stops there, whether the widget used it or
// not — else to the canvas' shortcuts. So a focusable widget of our own
// that handles some shortcuts passes the others on with ForwardShortcut,
// and the window's actions are canvas shortcuts.

// shortcutTyper is a canvas that dispatches its registered shortcuts (the
// driver's canvas and the test canvas both are).
type shortcutTyper interface {
	TypedShortcut(fyne.Shortcut)
}

// ForwardShortcut passes a shortcut that the widget o does not handle to
// the shortcuts of the canvas o is on, as if o were not focused. It
// reports whether there was a canvas to take it.
func ForwardShortcut(o fyne.CanvasObject, s fyne.Shortcut) bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c, ok := app.Driver().CanvasForObject(o).(shortcutTyper)
	if !ok {
		return false
	}
	c.TypedShortcut(s)
	return true
}

// IsProjectUndo reports whether s is one of the keys for the project's
// undo and redo: Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z (Cmd on macOS).
func IsProjectUndo(s fyne.Shortcut) bool {
	switch s := s.(type) {
	case *fyne.ShortcutUndo, *fyne.ShortcutRedo:
		return true
	case *desktop.CustomShortcut:
		return s.KeyName == fyne.KeyZ && s.Modifier&fyne.KeyModifierShortcutDefault != 0
	}
	return false
}

// CommandEntry is a one-line text field whose Ctrl+Z, Ctrl+Y and
// Ctrl+Shift+Z act on the project, not on the field's typing: a search or
// filter field holds a few words that are quickly typed again, and a user
// who presses Ctrl+Z after coding while the cursor rests there means the
// coding. Every other shortcut (copy, paste, select all, word moves) is
// the entry's own.
type CommandEntry struct {
	widget.Entry

	// OnShortcut, if set, gets the undo and redo keys; without it they go
	// to the canvas' shortcuts (ForwardShortcut).
	OnShortcut func(fyne.Shortcut)
}

// NewCommandEntry returns an empty CommandEntry.
func NewCommandEntry() *CommandEntry {
	e := &CommandEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut implements fyne.Shortcutable.
func (e *CommandEntry) TypedShortcut(s fyne.Shortcut) {
	if IsProjectUndo(s) && e.OnShortcut != nil {
		e.OnShortcut(s)
		return
	}
	if IsProjectUndo(s) && ForwardShortcut(e, s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

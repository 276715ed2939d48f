package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/protocoder/protocoder/internal/qda"
)

// undoShortcut and redoShortcut are Ctrl+Z and Ctrl+Shift+Z (Cmd on
// macOS). A focused text field handles them itself first, for its own
// typing; everywhere else they undo the user's last edit to the project.
var (
	undoShortcut = shortcut(fyne.KeyZ)
	redoShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

// Undo reverts the acting user's last edit off the UI goroutine and
// refreshes the views. Call it on the UI goroutine.
func (s *Shell) Undo() { s.revert(true) }

// Redo restores the last undone edit; see Undo.
func (s *Shell) Redo() { s.revert(false) }

func (s *Shell) revert(undo bool) {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		var cmd *qda.Command
		var err error
		if undo {
			cmd, err = p.svc.Undo()
		} else {
			cmd, err = p.svc.Redo()
		}
		if err == nil {
			p.refresh()
		}
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			p.reloadArea(s)
			p.markStale(s)
			if cmd != nil {
				p.status.SetMessage(RevertText(undo, cmd))
			}
		})
	})
}

// RevertText says what undo or redo just did.
func RevertText(undo bool, cmd *qda.Command) string {
	if undo {
		return lang.X("undo.done", "Undone: {{.What}}", map[string]any{"What": cmd.Summary})
	}
	return lang.X("redo.done", "Redone: {{.What}}", map[string]any{"What": cmd.Summary})
}

// editMenu builds the Edit menu with undo and redo.
func (s *Shell) editMenu() *fyne.Menu {
	undo := fyne.NewMenuItem(lang.X("menu.undo", "Undo"), s.Undo)
	undo.Shortcut, undo.Icon = undoShortcut, theme.ContentUndoIcon()
	redo := fyne.NewMenuItem(lang.X("menu.redo", "Redo"), s.Redo)
	redo.Shortcut, redo.Icon = redoShortcut, theme.ContentRedoIcon()
	undo.Disabled, redo.Disabled = s.project == nil, s.project == nil
	return fyne.NewMenu(lang.X("menu.edit", "Edit"), undo, redo)
}

// short cuts a message to a status-bar length.
func short(s string) string {
	r := []rune(s)
	if len(r) > 72 {
		return string(r[:71]) + "…"
	}
	return s
}

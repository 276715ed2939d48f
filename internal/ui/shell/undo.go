package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
)

// Undo reverts the acting user's last edit off the UI goroutine, refreshes
// the views and says in the status bar what it undid — or that there is
// nothing to undo. Call it on the UI goroutine.
func (s *Shell) Undo() { s.revert(true) }

// Redo restores the last undone edit; see Undo.
func (s *Shell) Redo() { s.revert(false) }

func (s *Shell) revert(undo bool) {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		st, err := p.svc.UndoState()
		if err == nil && (undo && st.Undo == nil || !undo && st.Redo == nil) {
			fyne.Do(func() { p.status.SetMessage(nothingText(undo)) })
			return
		}
		var cmd *qda.Command
		if err == nil {
			if undo {
				cmd, err = p.svc.Undo()
			} else {
				cmd, err = p.svc.Redo()
			}
		}
		var names map[qda.GUID]string
		if err == nil {
			p.refresh()
			// The names only word the message; without them it still says
			// what kind of thing was undone.
			names, _ = p.svc.Names()
		}
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			p.reloadArea(s)
			p.markStale(s)
			if cmd != nil {
				p.status.SetMessage(RevertText(undo, cmd, names))
			}
		})
	})
}

// nothingText is the status line when there is nothing to undo or redo.
func nothingText(undo bool) string {
	if undo {
		return lang.X("undo.nothing", "Nothing to undo")
	}
	return lang.X("redo.nothing", "Nothing to redo")
}

// short cuts a message to a status-bar length.
func short(s string) string {
	r := []rune(s)
	if len(r) > 72 {
		return string(r[:71]) + "…"
	}
	return s
}

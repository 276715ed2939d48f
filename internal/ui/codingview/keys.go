package codingview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// FocusGained implements fyne.Focusable.
func (v *View) FocusGained() { v.focused = true; v.Refresh() }

// FocusLost implements fyne.Focusable.
func (v *View) FocusLost() { v.focused, v.shift = false, false; v.Refresh() }

// TypedRune implements fyne.Focusable; the text is read-only, so typed
// characters only go to OnTypedRune (e.g. digits as coding shortcuts).
func (v *View) TypedRune(r rune) {
	if v.OnTypedRune != nil {
		v.OnTypedRune(r)
	}
}

// KeyDown tracks the shift keys for shift+arrow selection.
func (v *View) KeyDown(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		v.shift = true
	}
}

// KeyUp tracks the shift keys for shift+arrow selection.
func (v *View) KeyUp(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		v.shift = false
	}
}

// shifted reports whether a shift key is held.
func (v *View) shifted() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok && d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0 {
		return true
	}
	return v.shift
}

// TypedKey moves the caret by rune (left, right), line (up, down), to the
// line's start or end (home, end) or by a page; with shift held it
// extends the selection instead.
func (v *View) TypedKey(e *fyne.KeyEvent) {
	if v.lay.Width() == 0 {
		return
	}
	shift := v.shifted()
	s, end := v.Selection()
	to, keepGoal := v.caret, false
	switch e.Name {
	case fyne.KeyLeft:
		to = v.lay.snap(v.caret-1, -1)
		if !shift && s < end {
			to = s
		}
	case fyne.KeyRight:
		to = v.lay.snap(v.caret+1, 1)
		if !shift && s < end {
			to = end
		}
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyPageUp, fyne.KeyPageDown:
		to, keepGoal = v.vertical(e.Name), true
	case fyne.KeyHome:
		to = v.lay.Line(v.lay.LineAt(v.caret)).start
	case fyne.KeyReturn, fyne.KeyEnter:
		if s < end && v.OnEnter != nil {
			v.OnEnter()
		}
		return
	case fyne.KeyEnd:
		lp := v.lay.LineAt(v.caret)
		to = v.lay.Line(lp).end
		if lp.l+1 < len(v.lay.Lines(lp.p)) && isSpace(v.lay.runes[to-1]) {
			to-- // stay on this line, before the space it wraps at
		}
	default:
		return
	}
	if !keepGoal {
		v.goalX = -1
	}
	v.moveCaret(to, shift)
}

// vertical returns the caret offset a line or a page up or down, keeping
// the x the caret had before vertical moves began.
func (v *View) vertical(key fyne.KeyName) int {
	lp := v.lay.LineAt(v.caret)
	if v.goalX < 0 {
		v.goalX = v.lay.X(lp, v.caret)
	}
	n := 1
	if key == fyne.KeyPageUp || key == fyne.KeyPageDown {
		n = max(1, int(v.sc.viewH/v.sc.lineH)-1)
		dir := float32(1)
		if key == fyne.KeyPageUp {
			dir = -1
		}
		v.sc.by(dir * float32(n) * v.sc.lineH)
	}
	for ; n > 0; n-- {
		var ok bool
		if key == fyne.KeyUp || key == fyne.KeyPageUp {
			if lp, ok = v.lay.Prev(lp); !ok {
				return 0
			}
		} else if lp, ok = v.lay.Next(lp); !ok {
			return v.lay.Len()
		}
	}
	return v.lay.OffsetAt(lp, v.goalX)
}

// moveCaret moves the caret to offset, extending the selection if
// extend is set, and scrolls to it.
func (v *View) moveCaret(to int, extend bool) {
	anchor := to
	if extend {
		anchor = v.anchor
	}
	v.setSelection(anchor, to)
	v.reveal(v.caret)
	v.Refresh()
}

// TypedShortcut handles copy (the selection's text, rune-exact), select
// all, and ctrl+home/end (with shift: selecting) to the text's start or
// end. Every other shortcut (undo, search, …) goes on to the window's
// shortcuts, as if the view had no focus.
func (v *View) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		if t := v.SelectedText(); t != "" {
			fyne.CurrentApp().Clipboard().SetContent(t)
		}
		return
	case *fyne.ShortcutSelectAll:
		v.setSelection(0, v.lay.Len())
		v.Refresh()
		return
	case *desktop.CustomShortcut:
		shift := sc.Modifier&fyne.KeyModifierShift != 0
		if sc.Modifier&fyne.KeyModifierShortcutDefault != 0 {
			switch sc.KeyName {
			case fyne.KeyHome:
				v.moveCaret(0, shift)
				return
			case fyne.KeyEnd:
				v.moveCaret(v.lay.Len(), shift)
				return
			}
		}
	}
	if v.OnShortcut != nil {
		v.OnShortcut(s)
		return
	}
	uikit.ForwardShortcut(v, s)
}

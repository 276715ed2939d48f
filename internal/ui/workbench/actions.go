package workbench

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/codetree"
)

// maxRecent is how many recently used codes keys 1–9 reach.
const maxRecent = 9

// use is a recently used code; slots keep their key while in use, the
// least recently used one is replaced by a new code.
type use struct {
	code qda.GUID
	at   int
}

// edit runs an edit off the UI goroutine; on success the document is
// loaded again and OnChanged gets done's message.
func (w *Workbench) edit(change func() (string, error)) { w.editThen(change, nil) }

// editThen is edit with a step run on the UI goroutine after success,
// before OnChanged.
func (w *Workbench) editThen(change func() (string, error), then func()) {
	doc := w.doc.GUID
	w.async(func() {
		msg, err := change()
		if err != nil {
			fyne.Do(func() { w.onError(err) })
			return
		}
		w.Load(doc)
		fyne.Do(func() {
			if then != nil {
				then()
			}
			if w.OnChanged != nil {
				w.OnChanged(msg)
			}
		})
	})
}

// clearSelection drops the selection after it was coded, unless the user
// has selected something else meanwhile.
func (w *Workbench) clearSelection(doc qda.GUID, s, e int) func() {
	return func() {
		if w.doc != nil && w.doc.GUID == doc {
			if s2, e2 := w.view.Selection(); s2 == s && e2 == e {
				w.view.ClearSelection()
			}
		}
	}
}

// codeName is a code's name as loaded.
func (w *Workbench) codeName(id qda.GUID) string {
	if c, ok := w.codes[id]; ok {
		return c.Name
	}
	return "?"
}

// Apply codes the selection with code, for the acting user, and then
// clears the selection. Call it on the UI goroutine; it does nothing
// without a selection or code, or while the workbench is not on screen.
// It is the only way a coding is made from a code: the coding button,
// Enter, keys 1–9 and dropping a code on the selection call it; choosing
// a code in the code tree never does.
func (w *Workbench) Apply(code qda.GUID) {
	s, e := w.view.Selection()
	if w.doc == nil || e <= s || code == "" || !w.inView() {
		return
	}
	w.useCode(code)
	args := map[string]any{"Code": w.codeName(code), "Text": short(w.view.SelectedText(), 40)}
	doc := w.doc.GUID
	w.editThen(func() (string, error) {
		_, err := w.src.AddCoding(coding.NewCoding{Document: doc, Start: s, End: e, Code: code})
		return lang.X("workbench.done.apply", "Coded “{{.Text}}” with “{{.Code}}”", args), err
	}, w.clearSelection(doc, s, e))
}

// DropCode codes the selection with code when abs, a position on the
// canvas, lies inside the selected text: a code dragged from the code
// tree and dropped on the selection. It reports whether it coded.
func (w *Workbench) DropCode(code qda.GUID, abs fyne.Position) bool {
	s, e := w.view.Selection()
	if w.doc == nil || e <= s || !w.inView() {
		return false
	}
	drv := fyne.CurrentApp().Driver()
	if drv.CanvasForObject(w.view) == nil {
		return false
	}
	off, ok := w.view.OffsetAt(abs.Subtract(drv.AbsolutePositionForObject(w.view)))
	if !ok || off < s || off > e {
		return false
	}
	w.Apply(code)
	return true
}

// ApplyCurrent codes the selection with the code chosen in the code tree
// (Enter). Call it on the UI goroutine.
func (w *Workbench) ApplyCurrent() { w.Apply(w.current) }

// TypeKey handles a key typed for the workbench while the document does
// not have the focus: 1–9 code the selection with a recently used code.
// Call it on the UI goroutine.
func (w *Workbench) TypeKey(r rune) { w.typed(r) }

// typed applies the recently used code of a digit key 1–9.
func (w *Workbench) typed(r rune) {
	if r < '1' || r > '9' {
		return
	}
	if i := int(r - '1'); i < len(w.used) {
		if _, ok := w.codes[w.used[i].code]; ok {
			w.Apply(w.used[i].code)
		}
	}
}

// touch returns the recently used codes after using code: its slot is
// kept, or it takes the slot of a code that no longer exists, or a free
// one, or the least recently used one.
func (w *Workbench) touch(code qda.GUID) []use {
	w.useClock++
	out := append([]use(nil), w.used...)
	for i := range out {
		if out[i].code == code {
			out[i].at = w.useClock
			return out
		}
	}
	for i := range out {
		if _, ok := w.codes[out[i].code]; !ok && len(w.codes) > 0 {
			out[i] = use{code, w.useClock}
			return out
		}
	}
	if len(out) < maxRecent {
		return append(out, use{code, w.useClock})
	}
	old := 0
	for i := range out {
		if out[i].at < out[old].at {
			old = i
		}
	}
	out[old] = use{code, w.useClock}
	return out
}

// InVivo creates a code named by the selected words and codes the
// selection with it, as one command.
func (w *Workbench) InVivo() {
	s, e := w.view.Selection()
	if w.doc == nil || e <= s || !w.inView() {
		return
	}
	doc := w.doc.GUID
	w.editThen(func() (string, error) {
		r, err := w.src.InVivo(coding.InVivoCoding{Document: doc, Start: s, End: e})
		if err != nil {
			return "", err
		}
		fyne.Do(func() { w.useCode(r.Code.GUID) })
		if !r.Created {
			return lang.X("workbench.done.invivoExisting", "Coded with the existing code “{{.Code}}”", map[string]any{"Code": r.Code.Name}), nil
		}
		return lang.X("workbench.done.invivo", "In-vivo code “{{.Code}}” created and applied", map[string]any{"Code": r.Code.Name}), nil
	}, w.clearSelection(doc, s, e))
}

// Remove deletes the picked coding.
func (w *Workbench) Remove() {
	c := w.coding(w.active)
	if c == nil {
		return
	}
	id, name := c.GUID, w.codeName(c.Code)
	w.active = ""
	w.edit(func() (string, error) {
		return lang.X("workbench.done.remove", "Coding “{{.Code}}” removed", map[string]any{"Code": name}), w.src.DeleteCoding(id)
	})
}

// Recode lets the user choose another code for the picked coding.
func (w *Workbench) Recode() {
	c := w.coding(w.active)
	if c == nil {
		return
	}
	id, old := c.GUID, c.Code
	codes := make([]qda.Code, 0, len(w.codes))
	for _, code := range w.codes {
		codes = append(codes, code)
	}
	title := lang.X("workbench.recode.title", "Recode “{{.Code}}” as…", map[string]any{"Code": w.codeName(old)})
	codetree.PickCode(w.win, title, codetree.SortCodes(codes), codetree.PickOptions{
		Exclude:  func(g qda.GUID) bool { return g == old },
		Selected: w.current,
	}, func(code qda.GUID) { w.RecodeTo(id, code) })
}

// RecodeTo gives coding id the code code.
func (w *Workbench) RecodeTo(id, code qda.GUID) {
	old := ""
	if c := w.coding(id); c != nil {
		old = w.codeName(c.Code)
	}
	args := map[string]any{"Old": old, "New": w.codeName(code)}
	w.edit(func() (string, error) {
		_, err := w.src.RecodeCoding(id, code)
		return lang.X("workbench.done.recode", "Coding recoded from “{{.Old}}” to “{{.New}}”", args), err
	})
}

// FitToSelection gives the picked coding the selection's range.
func (w *Workbench) FitToSelection() {
	c := w.coding(w.active)
	s, e := w.view.Selection()
	if c == nil || e <= s {
		return
	}
	id, name := c.GUID, w.codeName(c.Code)
	w.edit(func() (string, error) {
		_, err := w.src.SetCodingRange(id, s, e)
		return lang.X("workbench.done.resize", "Coding “{{.Code}}” fitted to the selection", map[string]any{"Code": name}), err
	})
}

// EditMemo edits the picked coding's memo.
func (w *Workbench) EditMemo() {
	c := w.coding(w.active)
	if c == nil {
		return
	}
	id := c.GUID
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(6)
	e.SetText(c.Memo)
	title := lang.X("workbench.memo.title", "Memo on the coding “{{.Code}}”", map[string]any{"Code": w.codeName(c.Code)})
	d := dialog.NewCustomConfirm(title, lang.X("workbench.save", "Save"), lang.X("workbench.cancel", "Cancel"), e, func(ok bool) {
		if ok {
			w.SetMemo(id, e.Text)
		}
	}, w.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	w.win.Canvas().Focus(e)
}

// SetMemo sets coding id's memo.
func (w *Workbench) SetMemo(id qda.GUID, memo string) {
	w.edit(func() (string, error) {
		_, err := w.src.SetCodingMemo(id, memo)
		return lang.X("workbench.done.memo", "Memo saved"), err
	})
}

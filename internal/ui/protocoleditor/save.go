package protocoleditor

import (
	"errors"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// errKeepEditing is passed to Close's waiters when the user chose to keep
// editing instead of removing codings.
var errKeepEditing = errors.New("the user keeps editing")

// saveState is the autosave's bookkeeping; it is only touched on the UI
// goroutine.
type saveState struct {
	epoch    int // counts loads; results of an older load are dropped
	gen      int // counts edits
	savedGen int // the edit last saved
	saving   bool
	blocked  bool // the lost-codings dialog is open
	timer    *time.Timer
	waiters  []func(error)
}

// reset forgets the state of the protocol shown before; waiters are told
// that nothing was saved for them.
func (s *saveState) reset() {
	if s.timer != nil {
		s.timer.Stop()
	}
	ws := s.waiters
	*s = saveState{epoch: s.epoch + 1}
	for _, w := range ws {
		w(errKeepEditing)
	}
}

// dirty reports whether there are unsaved edits.
func (e *Editor) dirty() bool { return e.save.gen != e.save.savedGen }

// Dirty reports whether the form has unsaved changes.
func (e *Editor) Dirty() bool { return e.dirty() }

// changed records an edit and (re)starts the autosave timer.
func (e *Editor) changed() {
	if e.iv == nil || e.readOnly {
		return
	}
	e.save.gen++
	if !e.save.saving {
		e.setStatus(lang.X("editor.unsaved", "unsaved changes"))
	}
	e.arm()
}

// arm starts the autosave timer anew.
func (e *Editor) arm() {
	d := e.Delay
	if d <= 0 {
		d = DefaultDelay
	}
	if e.save.timer != nil {
		e.save.timer.Stop()
	}
	epoch := e.save.epoch
	e.save.timer = time.AfterFunc(d, func() {
		e.do(func() {
			if epoch == e.save.epoch {
				e.Save()
			}
		})
	})
}

func (e *Editor) focusLost() {
	if e.dirty() {
		e.Save()
	}
}

// Save saves unsaved changes now, off the UI goroutine (Ctrl+S, focus
// changes, the autosave timer). Call it on the UI goroutine.
func (e *Editor) Save() { e.saveThen(false, nil) }

// Close saves unsaved changes and then calls then on the UI goroutine —
// before the window closes or another interview is loaded. If the save
// fails, or would remove codings and the user keeps editing, then is not
// called. Call it on the UI goroutine.
func (e *Editor) Close(then func()) {
	e.saveThen(false, func(err error) {
		if err != nil {
			return
		}
		e.player.Close() // the recording stops with its protocol
		if then != nil {
			then()
		}
	})
}

// saveThen starts a save unless one is running (that one saves again when
// it finds new edits); done, if set, gets the outcome once nothing is left
// to save.
func (e *Editor) saveThen(confirm bool, done func(error)) {
	if done != nil {
		e.save.waiters = append(e.save.waiters, done)
	}
	if e.save.saving || e.save.blocked {
		return
	}
	if e.iv == nil || e.readOnly || !e.dirty() && !confirm {
		e.finish(nil)
		return
	}
	if e.save.timer != nil {
		e.save.timer.Stop()
	}
	e.save.saving = true
	epoch, gen, id := e.save.epoch, e.save.gen, e.iv.GUID
	blocks := blocksOf(e.items, e.texts())
	e.setStatus(lang.X("editor.saving", "saving…"))
	go func() {
		doc, err := e.src.SaveProtocol(id, blocks, confirm)
		var lost *app.LostCodingsError
		var names map[qda.GUID]string
		if errors.As(err, &lost) {
			names, _ = e.src.Names()
		}
		e.do(func() {
			if epoch == e.save.epoch {
				e.saved(gen, doc, err, lost, names)
			}
		})
	}()
}

// saved applies a save's outcome.
func (e *Editor) saved(gen int, doc *qda.Document, err error, lost *app.LostCodingsError, names map[qda.GUID]string) {
	e.save.saving = false
	switch {
	case lost != nil:
		e.save.blocked = true
		e.setStatus(lang.X("editor.notSavedLoss", "not saved: the change would remove codings"))
		e.askLoss(lost, names)
	case err != nil:
		e.setStatus(lang.X("editor.notSaved", "not saved"))
		e.onError(err)
		e.finish(err)
	default:
		e.save.savedGen = gen
		if e.OnSaved != nil {
			e.OnSaved(doc)
		}
		if !e.dirty() {
			e.setStatus(lang.X("editor.saved", "saved {{.Time}}", map[string]any{"Time": time.Now().Format("15:04:05")}))
			e.finish(nil)
			return
		}
		e.setStatus(lang.X("editor.unsaved", "unsaved changes"))
		if len(e.save.waiters) > 0 {
			e.saveThen(false, nil)
		} else {
			e.arm()
		}
	}
}

// finish passes err to the waiters.
func (e *Editor) finish(err error) {
	ws := e.save.waiters
	e.save.waiters = nil
	for _, w := range ws {
		w(err)
	}
}

// askLoss lists the codings a save would remove and lets the user remove
// them or keep editing.
func (e *Editor) askLoss(lost *app.LostCodingsError, names map[qda.GUID]string) {
	intro := wrapped(lang.X("editor.lossIntro", "Saving would remove these codings, because their whole text was deleted:"), fyne.TextStyle{}, theme.SizeNameText)
	list := wrapped(LostList(lost.Lost, names), fyne.TextStyle{}, theme.SizeNameText)
	content := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustomConfirm(lang.X("editor.lossTitle", "Remove codings?"),
		lang.X("editor.lossRemove", "Remove codings"), lang.X("editor.lossKeep", "Keep editing"), content,
		func(remove bool) {
			e.save.blocked = false
			if remove {
				e.saveThen(true, nil)
				return
			}
			e.setStatus(lang.X("editor.unsaved", "unsaved changes"))
			e.finish(errKeepEditing)
		}, e.win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}

// LostList renders lost codings, one line each: the code's name, the coder
// and the range, using names from Names.
func LostList(lost []qda.Coding, names map[qda.GUID]string) string {
	cs := append([]qda.Coding(nil), lost...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].Start < cs[j].Start })
	lines := make([]string, len(cs))
	for i, c := range cs {
		code := names[c.Code]
		if code == "" {
			code = string(c.Code)
		}
		line := "• " + code
		if coder := names[c.Coder]; coder != "" {
			line += " – " + lang.X("editor.lossBy", "coded by {{.Name}}", map[string]any{"Name": coder})
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

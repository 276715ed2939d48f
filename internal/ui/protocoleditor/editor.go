// Package protocoleditor is the protocol editor: an interview's guideline,
// filtered to the interviewee's role, as a form with one answer field per
// lead question between free opening and closing notes. Each question shows
// its id and full text, its notes and prompts as hints. The editor saves
// with app's SaveProtocol (which codes every answer with its question)
// shortly after the last keystroke, when a field loses the focus and when
// it is closed; codings that a save would delete are only removed after
// the user confirms. A final protocol is shown read-only. Above the form,
// the recording bar (internal/ui/player) attaches, plays and deletes the
// interview's recording; its keys (F4, F5) work while typing in any field.
package protocoleditor

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/audio"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/player"
)

// DefaultDelay is the autosave delay after the last keystroke.
const DefaultDelay = 3 * time.Second

// Source is what the editor needs of an open project; *project.Project
// implements it.
type Source interface {
	// Interview returns an interview by GUID.
	Interview(ref string) (*qda.Interview, error)
	// ProtocolTemplate returns the guideline filtered to a role ("" for
	// all) and the blocks of an empty protocol.
	ProtocolTemplate(guideline, role string) (*qda.Guideline, []qda.ProtocolBlock, error)
	// ProtocolBlocks returns a saved protocol's blocks (not-found error
	// when there is none yet).
	ProtocolBlocks(interview qda.GUID) ([]qda.ProtocolBlock, error)
	// SaveProtocol writes the protocol; a *app.LostCodingsError asks for
	// confirmation.
	SaveProtocol(interview qda.GUID, blocks []qda.ProtocolBlock, confirmLoss bool) (*qda.Document, error)
	// Names maps GUIDs of codes, users, cases and guidelines to names.
	Names() (map[qda.GUID]string, error)
	// player.Source attaches, finds and deletes recordings.
	player.Source
}

// Editor is the protocol editor widget.
type Editor struct {
	widget.BaseWidget

	// Delay is the autosave delay after the last keystroke; set it before
	// Load. Zero means DefaultDelay.
	Delay time.Duration
	// OnSaved is called on the UI goroutine after each successful save.
	OnSaved func(*qda.Document)
	// OnLoaded is called on the UI goroutine after Load showed a protocol.
	OnLoaded func(*qda.Interview)

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine (fyne.Do); tests serialise.
	do func(func())

	title  *widget.Label
	meta   *widget.Label
	banner *widget.Label
	status *widget.Label
	form   *fyne.Container
	scroll *container.Scroll
	player *player.Player

	iv       *qda.Interview
	items    []item
	entries  []*answerEntry // parallel to items; nil when read-only
	readOnly bool

	save saveState
}

// New returns an empty editor on src; dialogs open on win and errors go
// to onError.
func New(src Source, win fyne.Window, onError func(error)) *Editor {
	e := &Editor{src: src, win: win, onError: onError, do: fyne.Do}
	e.title = wrapped("", fyne.TextStyle{Bold: true}, theme.SizeNameSubHeadingText)
	e.meta = widget.NewLabel("")
	e.meta.TextStyle = fyne.TextStyle{Italic: true}
	e.meta.Truncation = fyne.TextTruncateEllipsis
	e.banner = wrapped("", fyne.TextStyle{Bold: true}, theme.SizeNameText)
	e.banner.Importance = widget.WarningImportance
	e.banner.Hide()
	e.status = widget.NewLabel("")
	e.status.Truncation = fyne.TextTruncateEllipsis
	e.form = container.NewVBox()
	e.scroll = container.NewVScroll(e.form)
	e.player = player.New(src, nil, win, onError)
	e.player.SetDo(func(f func()) { e.do(f) })
	e.player.OnChanged = func(iv *qda.Interview) {
		if e.iv != nil && e.iv.GUID == iv.GUID {
			e.iv.Recording = iv.Recording
		}
	}
	e.ExtendBaseWidget(e)
	return e
}

// SetAudio sets the audio output the recording bar plays on (nil: none).
func (e *Editor) SetAudio(o audio.Opener) { e.player.SetOpener(o) }

// SetAsync sets how the recording bar runs blocking work off the UI
// goroutine (the shell's tests run it inline).
func (e *Editor) SetAsync(async func(func())) { e.player.SetAsync(async) }

// Player returns the recording bar.
func (e *Editor) Player() *player.Player { return e.player }

// HandleKey passes a key typed while no field has the focus to the
// recording bar, and reports whether it took it.
func (e *Editor) HandleKey(ev *fyne.KeyEvent) bool { return e.iv != nil && e.player.HandleKey(ev) }

// DropURIs attaches a file dropped onto the window as the recording of the
// interview shown, and reports whether it took the drop.
func (e *Editor) DropURIs(uris []fyne.URI) bool { return e.iv != nil && e.player.DropURIs(uris) }

// CreateRenderer implements fyne.Widget.
func (e *Editor) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(e.title, e.meta, e.player, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), e.status)
	return widget.NewSimpleRenderer(container.NewBorder(top, bottom, nil, nil, e.scroll))
}

// Interview returns the interview shown, or nil.
func (e *Editor) Interview() *qda.Interview { return e.iv }

// ReadOnly reports whether the protocol is shown read-only (it is final).
func (e *Editor) ReadOnly() bool { return e.readOnly }

// Status returns the status line's text.
func (e *Editor) Status() string { return e.status.Text }

// loaded is what Load reads.
type loaded struct {
	iv     *qda.Interview
	items  []item
	names  map[qda.GUID]string
	labels map[string]string // role code → label
}

// Load loads the interview id with its guideline and protocol and shows
// the form. It blocks while loading, so call it off the UI goroutine; the
// editor is updated with fyne.Do. Unsaved changes of a protocol shown
// before are saved first by the caller (Close).
func (e *Editor) Load(id qda.GUID) {
	l, err := e.read(id)
	e.do(func() {
		if err != nil {
			e.onError(err)
			return
		}
		e.show(l)
	})
}

func (e *Editor) read(id qda.GUID) (*loaded, error) {
	iv, err := e.src.Interview(string(id))
	if err != nil {
		return nil, err
	}
	g, _, err := e.src.ProtocolTemplate(string(iv.Guideline), iv.Role)
	if err != nil {
		return nil, err
	}
	l := &loaded{iv: iv, items: templateItems(g), labels: map[string]string{}}
	for _, r := range g.Roles {
		l.labels[r.Code] = r.Label
	}
	blocks, err := e.src.ProtocolBlocks(iv.GUID)
	switch {
	case qda.ErrorCode(err) == qda.ENotFound:
	case err != nil:
		return nil, err
	case len(blocks) > 0:
		full, _, err := e.src.ProtocolTemplate(string(iv.Guideline), "")
		if err != nil {
			return nil, err
		}
		l.items = merge(l.items, full, blocks)
	}
	if l.names, err = e.src.Names(); err != nil {
		return nil, err
	}
	return l, nil
}

// show builds the form for l.
func (e *Editor) show(l *loaded) {
	e.save.reset()
	e.iv, e.items = l.iv, l.items
	e.readOnly = l.iv.Status == qda.StatusFinal
	e.player.SetInterview(l.iv, e.readOnly)
	e.title.SetText(lang.X("editor.title", "Protocol {{.Name}}", map[string]any{"Name": l.iv.Interviewee}))
	e.meta.SetText(metaLine(l))
	if e.readOnly {
		e.banner.SetText(lang.X("editor.final", "This protocol is final and read-only. To change it, reopen it in the interview list (the reopening is recorded in the audit log)."))
		e.banner.Show()
	} else {
		e.banner.Hide()
	}
	// The banner scrolls with the form: a wrapping label's height is only
	// known once it has a width, which a VBox in a scroll handles.
	objs := []fyne.CanvasObject{e.banner}
	e.entries = nil
	var prev *qda.Section
	for i := range e.items {
		it := &e.items[i]
		if i > 0 || e.readOnly {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, heading(it, prev)...)
		if it.section != nil {
			prev = it.section
		}
		if e.readOnly {
			objs = append(objs, readOnlyAnswer(it.block.Body))
			continue
		}
		en := newAnswerEntry()
		en.SetPlaceHolder(placeholder(it))
		en.SetText(it.block.Body)
		en.OnChanged = func(string) { en.grow(); e.changed() }
		en.onFocusLost = e.focusLost
		en.onKey = e.player.HandleKey
		e.entries = append(e.entries, en)
		objs = append(objs, en)
	}
	e.form.Objects = objs
	e.form.Refresh()
	e.scroll.ScrollToTop()
	if e.readOnly {
		e.setStatus(lang.X("editor.readOnly", "read-only (final)"))
	} else {
		e.setStatus(lang.X("editor.autosaveHint", "Changes are saved automatically."))
	}
	if e.OnLoaded != nil {
		e.OnLoaded(e.iv)
	}
}

// FocusFirstEmpty puts the cursor into the first empty answer to a
// question (or the first field if all are filled) and scrolls to it. Call
// it on the UI goroutine once the editor is in a window.
func (e *Editor) FocusFirstEmpty() {
	if len(e.entries) == 0 || e.win == nil {
		return
	}
	target := e.entries[0]
	for i, en := range e.entries {
		if !e.items[i].free() && en.Text == "" {
			target = en
			break
		}
	}
	e.win.Canvas().Focus(target)
	e.scroll.ScrollToOffset(fyne.NewPos(0, max(0, target.Position().Y-4*theme.Padding())))
}

func placeholder(it *item) string {
	if it.free() {
		return lang.X("editor.notes", "Notes…")
	}
	return lang.X("editor.answer", "Answer…")
}

// metaLine summarises the interview: guideline, role, site, wave, date,
// status.
func metaLine(l *loaded) string {
	iv := l.iv
	parts := []string{l.names[iv.Guideline]}
	if iv.Role != "" {
		role := iv.Role
		if lb := l.labels[iv.Role]; lb != "" && !sameName(lb, iv.Role) {
			role += " – " + lb
		}
		parts = append(parts, role)
	}
	parts = append(parts, l.names[iv.Case], lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": iv.Wave}))
	if !iv.Date.IsZero() {
		parts = append(parts, i18n.Date(iv.Date))
	}
	parts = append(parts, i18n.Status(iv.Status))
	return strings.Join(parts, " · ")
}

// sameName reports whether a role's label only repeats its code
// ("TL Basisteam" for "TL-Basisteam").
func sameName(label, code string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "-")) }
	return norm(label) == norm(code)
}

// texts returns the fields' texts, parallel to items.
func (e *Editor) texts() []string {
	out := make([]string, len(e.items))
	for i := range e.items {
		if e.entries != nil {
			out[i] = e.entries[i].Text
		} else {
			out[i] = e.items[i].block.Body
		}
	}
	return out
}

func (e *Editor) setStatus(s string) { e.status.SetText(s) }

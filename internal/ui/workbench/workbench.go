// Package workbench is the coding workbench: a document shown in the
// coding widget (codingview.View) under a header with the document's title
// and metadata, a choice of whose codings to show (all coders, one coder,
// or two side by side), and the coding actions — apply a code to the
// selection (the code chosen in the code tree, or keys 1–9 for the codes
// used last, shown as chips), in-vivo coding, and for a coding picked by
// its stripe: recode, resize to the selection, memo, remove. Every action
// is one command of the app, so it can be undone. A line under the text
// tells what is coded under the mouse.
package workbench

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/codingview"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the workbench needs of an open project.
type Source interface {
	DocumentWithText(id qda.GUID) (*qda.Document, string, []qda.Coding, error)
	Codes() ([]qda.Code, error)
	Users() ([]qda.User, error)
	Cases() ([]qda.Case, error)
	Interviews() ([]qda.Interview, error)
	ActingUser() (qda.GUID, string, error)
	AddCoding(coding.NewCoding) (*qda.Coding, error)
	DeleteCoding(id qda.GUID) error
	RecodeCoding(id, code qda.GUID) (*qda.Coding, error)
	SetCodingRange(id qda.GUID, start, end int) (*qda.Coding, error)
	SetCodingMemo(id qda.GUID, memo string) (*qda.Coding, error)
	InVivo(coding.InVivoCoding) (*coding.InVivoResult, error)
}

// Workbench is the coding workbench widget.
type Workbench struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after an edit made here,
	// with a sentence saying what was done.
	OnChanged func(message string)
	// InView, if set, reports whether the workbench is on screen (its tab
	// shown). Nothing codes while it is not: a selection the user cannot
	// see is never coded, whatever has the keyboard focus.
	InView func() bool

	src     Source
	win     fyne.Window
	onError func(error)
	async   func(func())

	view                         *codingview.View
	title                        *widget.Label
	meta                         *widget.Label
	hover                        *widget.Label
	coders                       *widget.Select
	codeL                        *widget.Label // the picked coding
	chips                        *fyne.Container
	recent                       *widget.Label
	apply, vivo                  *widget.Button
	recode, resize, memo, remove *widget.Button

	doc      *qda.Document
	text     string
	codings  []qda.Coding
	codes    map[qda.GUID]qda.Code
	names    map[qda.GUID]string // users
	me       qda.GUID
	current  qda.GUID // the code to apply (selected in the code tree)
	active   qda.GUID // the coding picked by its stripe
	used     []use    // recently used codes, for keys 1–9
	useClock int
	// recentCodes keeps used between sessions; nil keeps nothing.
	recentCodes RecentCodes
	choice      coderChoice
	options     []coderChoice

	mu    sync.Mutex
	docID qda.GUID // the document shown, for Reload off the UI goroutine
}

// New returns an empty workbench on src; dialogs open over win and errors
// go to onError.
func New(src Source, win fyne.Window, onError func(error)) *Workbench {
	w := &Workbench{src: src, win: win, onError: onError, async: func(f func()) { go f() },
		codes: map[qda.GUID]qda.Code{}, names: map[qda.GUID]string{}}
	w.view = codingview.New()
	w.view.OnSelectionChanged = func(int, int) { w.selectionChanged() }
	w.view.OnCodingTapped = func(id qda.GUID) { w.active = id; w.updateActions() }
	w.view.OnHover = w.showHover
	w.view.OnTypedRune = w.typed
	w.view.OnEnter = func() { w.Apply(w.current) }
	w.title = widget.NewLabel("")
	w.title.TextStyle = fyne.TextStyle{Bold: true}
	w.title.SizeName = theme.SizeNameSubHeadingText
	w.title.Truncation = fyne.TextTruncateEllipsis
	w.meta = widget.NewLabel("")
	w.meta.TextStyle = fyne.TextStyle{Italic: true}
	w.meta.Truncation = fyne.TextTruncateEllipsis
	w.hover = widget.NewLabel("")
	w.hover.TextStyle = fyne.TextStyle{Italic: true}
	w.hover.Truncation = fyne.TextTruncateEllipsis
	w.coders = widget.NewSelect(nil, w.coderChosen)
	w.coders.PlaceHolder = i18n.Choose()
	w.codeL = widget.NewLabel("")
	w.codeL.Truncation = fyne.TextTruncateEllipsis
	w.recent = widget.NewLabel(lang.X("workbench.recent", "Keys 1–9:"))
	w.recent.Importance = widget.LowImportance
	w.chips = container.NewHBox()
	w.makeButtons()
	w.ExtendBaseWidget(w)
	w.updateActions()
	return w
}

func (w *Workbench) makeButtons() {
	btn := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, f)
		b.Importance = widget.LowImportance
		return b
	}
	w.apply = btn("", theme.ConfirmIcon(), func() { w.Apply(w.current) })
	w.apply.Importance = widget.HighImportance
	w.vivo = btn(lang.X("workbench.invivo", "In vivo"), theme.ContentAddIcon(), w.InVivo)
	w.recode = btn(lang.X("workbench.recode", "Recode…"), theme.ViewRefreshIcon(), w.Recode)
	w.resize = btn(lang.X("workbench.resize", "Fit"), theme.ViewFullScreenIcon(), w.FitToSelection)
	w.memo = btn(lang.X("workbench.memo", "Memo…"), theme.DocumentCreateIcon(), w.EditMemo)
	w.remove = btn(lang.X("workbench.remove", "Remove"), theme.DeleteIcon(), w.Remove)
}

// CreateRenderer implements fyne.Widget.
func (w *Workbench) CreateRenderer() fyne.WidgetRenderer {
	wide := canvas.NewRectangle(color.Transparent)
	wide.SetMinSize(fyne.NewSize(280, 0))
	coderBox := container.NewHBox(widget.NewIcon(theme.AccountIcon()), container.NewStack(wide, w.coders))
	head := container.NewBorder(nil, nil, nil, coderBox, w.title)
	selRow := container.NewBorder(nil, nil, container.NewHBox(w.apply, w.vivo), nil,
		container.NewHScroll(container.NewHBox(w.recent, w.chips)))
	codingRow := container.NewBorder(nil, nil, widget.NewIcon(theme.MenuIcon()),
		container.NewHBox(w.recode, w.resize, w.memo, w.remove), w.codeL)
	top := container.NewVBox(head, w.meta, selRow, codingRow, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), w.hover)
	return widget.NewSimpleRenderer(container.NewBorder(top, bottom, nil, nil, w.view))
}

// SetAsync sets how edits run off the UI goroutine (default: a new
// goroutine each); a caller that runs them inline gets them done when the
// action returns, as tests want.
func (w *Workbench) SetAsync(run func(func())) { w.async = run }

// View returns the coding widget, for tests and focus handling.
func (w *Workbench) View() *codingview.View { return w.view }

// Document returns the document shown, nil if none.
func (w *Workbench) Document() *qda.Document { return w.doc }

// HasSelection reports whether text is selected.
func (w *Workbench) HasSelection() bool {
	s, e := w.view.Selection()
	return w.doc != nil && e > s
}

// inView reports whether the workbench may code: it is on screen.
func (w *Workbench) inView() bool { return w.InView == nil || w.InView() }

// CurrentCode returns the code that Apply, Enter and the coding button
// apply.
func (w *Workbench) CurrentCode() qda.GUID { return w.current }

// SetCurrentCode sets the code that Apply applies (the code selected in
// the code tree). Call it on the UI goroutine.
func (w *Workbench) SetCurrentCode(id qda.GUID) {
	w.current = id
	w.updateActions()
}

// Load shows document id with its codings. When id is the document shown
// already and its text is unchanged, only the codings are replaced and
// the position and selection stay. Load blocks while loading, so call it
// off the UI goroutine; the view is updated with fyne.Do.
func (w *Workbench) Load(id qda.GUID) {
	d, text, codings, err := w.src.DocumentWithText(id)
	var codes []qda.Code
	var users []qda.User
	var meta string
	var me qda.GUID
	if err == nil {
		codes, err = w.src.Codes()
	}
	if err == nil {
		users, err = w.src.Users()
	}
	if err == nil {
		me, _, err = w.src.ActingUser()
	}
	if err == nil {
		meta, err = metadata(w.src, d, codings)
	}
	fyne.Do(func() {
		if err != nil {
			w.onError(err)
			return
		}
		w.show(d, text, codings, codes, users, me, meta)
	})
}

// Reload loads the document shown again (after edits made elsewhere);
// it blocks like Load.
func (w *Workbench) Reload() {
	w.mu.Lock()
	id := w.docID
	w.mu.Unlock()
	if id != "" {
		w.Load(id)
	}
}

// show applies loaded data on the UI goroutine.
func (w *Workbench) show(d *qda.Document, text string, codings []qda.Coding, codes []qda.Code, users []qda.User, me qda.GUID, meta string) {
	same := w.doc != nil && w.doc.GUID == d.GUID && w.text == text
	w.mu.Lock()
	w.docID = d.GUID
	w.mu.Unlock()
	w.doc, w.text, w.codings, w.me = d, text, codings, me
	w.codes = make(map[qda.GUID]qda.Code, len(codes))
	styles := make(map[qda.GUID]codingview.CodeStyle, len(codes))
	for _, c := range codes {
		w.codes[c.GUID] = c
		styles[c.GUID] = codingview.CodeStyle{Name: c.Name, Color: c.Color}
	}
	w.names = make(map[qda.GUID]string, len(users))
	for _, u := range users {
		w.names[u.GUID] = u.Name
	}
	w.view.SetCoderNames(w.names)
	w.title.SetText(d.Name)
	w.meta.SetText(meta)
	if same {
		w.view.SetCodings(codings, styles)
	} else {
		w.active = ""
		w.view.SetDocument(text, codings, styles)
	}
	if w.coding(w.active) == nil {
		w.active = ""
	}
	w.updateCoders()
	w.updateChips()
	w.updateActions()
}

// coding returns the loaded coding id, nil if there is none.
func (w *Workbench) coding(id qda.GUID) *qda.Coding {
	for i := range w.codings {
		if w.codings[i].GUID == id && id != "" {
			return &w.codings[i]
		}
	}
	return nil
}

// selectionChanged drops the picked coding once the selection has left
// it, so that the coding actions never act on a coding out of sight.
func (w *Workbench) selectionChanged() {
	if c := w.coding(w.active); c != nil {
		s, e := w.view.Selection()
		if !(s < c.End && c.Start < e || s == e && c.Start <= s && s <= c.End) {
			w.active = ""
		}
	}
	w.updateActions()
}

// showHover puts the view's hover description into the line under it:
// "code · coder: memo; …".
func (w *Workbench) showHover(info string) {
	w.hover.SetText(hoverLine(info))
}

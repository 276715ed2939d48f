// Package anonview is the anonymization review: the findings of the
// checker (real names from the pseudonym key, German place names, e-mail
// addresses, phone numbers, addresses, postcodes, dates of birth, URLs) in
// one list with their context, and the actions on the selected finding:
// replace it (or every occurrence of its text) by the suggested pseudonym
// or an edited replacement, or ignore it with a reason. Replacing is one
// undoable command; ignoring is recorded in the audit log.
package anonview

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/anon"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the review needs of an open project; *project.Project
// implements it.
type Source interface {
	// AnonCheck lists the findings.
	AnonCheck(o privacy.AnonCheckOptions) ([]privacy.AnonFinding, error)
	// AnonApply replaces findings.
	AnonApply(req privacy.AnonApplyRequest) (*privacy.AnonApplyResult, error)
	// AnonIgnore leaves a finding as it is, with a reason.
	AnonIgnore(id, reason string) error
	// KeyStatus and UnlockKey manage the pseudonym key.
	KeyStatus() privacy.KeyStatus
	UnlockKey(pass []byte) error
}

// View is the review widget.
type View struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after a replacement or an
	// ignore decision (the shell refreshes document views and undo).
	OnChanged func()

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	doc      string // document scope, "" for all
	all      []privacy.AnonFinding
	shown    []privacy.AnonFinding
	selected int
	kinds    []anon.Kind // filter choices after "all kinds"

	list       *widget.List
	summary    *widget.Label
	kindSel    *widget.Select
	keyInfo    *widget.Label
	unlockBtn  *widget.Button
	refreshBtn *widget.Button
	detail     *widget.RichText
	rule       *widget.Label
	repl       *widget.Entry
	replaceBtn *widget.Button
	allBtn     *widget.Button
	ignoreBtn  *widget.Button
	keyBtn     *widget.Button
	// dialog is the last key dialog (for tests); chooseSave asks where to
	// copy the key (tests replace it).
	dialog     dialog.Dialog
	chooseSave func(name string, then func(path string))
}

// New returns an empty review on src; dialogs open on win and errors go to
// onError. Call Update (off the UI goroutine) to run the check.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }, selected: -1}
	v.list = widget.NewList(func() int { return len(v.shown) }, newRow, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) { v.selected = id; v.showDetail() }
	v.list.OnUnselected = func(widget.ListItemID) { v.selected = -1; v.showDetail() }
	v.summary = widget.NewLabel("")
	v.kindSel = widget.NewSelect(nil, func(string) { v.applyFilter() })
	v.kindSel.PlaceHolder = i18n.Choose()
	v.keyInfo = widget.NewLabel("")
	v.keyInfo.Wrapping = fyne.TextWrapWord
	v.unlockBtn = widget.NewButtonWithIcon(lang.X("anonview.unlock", "Unlock key…"), theme.LoginIcon(), v.askUnlock)
	v.refreshBtn = widget.NewButtonWithIcon(lang.X("anonview.check", "Check again"), theme.ViewRefreshIcon(), func() { v.async(v.Update) })
	v.detail = widget.NewRichText()
	v.detail.Wrapping = fyne.TextWrapWord
	v.rule = widget.NewLabel("")
	v.rule.Importance = widget.LowImportance
	v.rule.Wrapping = fyne.TextWrapWord
	v.repl = widget.NewEntry()
	v.repl.SetPlaceHolder(lang.X("anonview.replacementHint", "Replacement"))
	v.replaceBtn = widget.NewButtonWithIcon(lang.X("anonview.replace", "Replace"), theme.ContentRedoIcon(), func() { v.replace(false) })
	v.replaceBtn.Importance = widget.HighImportance
	v.allBtn = widget.NewButtonWithIcon(lang.X("anonview.replaceAll", "Replace everywhere"), theme.ContentCopyIcon(), func() { v.replace(true) })
	v.ignoreBtn = widget.NewButtonWithIcon(lang.X("anonview.ignore", "Ignore…"), theme.VisibilityOffIcon(), v.askIgnore)
	v.keyBtn = v.newKeyButton()
	v.chooseSave = v.defaultChooseSave
	v.setKindOptions()
	v.showDetail()
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, container.NewHBox(v.refreshBtn, v.kindSel), nil, v.summary)
	key := container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), container.NewHBox(v.unlockBtn, v.keyBtn), v.keyInfo)
	actions := container.NewGridWithColumns(3, v.replaceBtn, v.allBtn, v.ignoreBtn)
	side := container.NewVBox(
		widget.NewLabelWithStyle(lang.X("anonview.context", "Context"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.detail, v.rule, widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.X("anonview.replacement", "Replace with"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.repl, actions)
	split := container.NewHSplit(v.list, container.NewPadded(side))
	split.Offset = 0.55
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(top, key, widget.NewSeparator()), nil, nil, nil, split))
}

// SetDocument limits the review to one document (GUID or name; "" for
// all). Call Update afterwards.
func (v *View) SetDocument(doc string) { v.doc = doc }

// Update runs the check. It blocks, so call it off the UI goroutine.
func (v *View) Update() {
	fs, err := v.src.AnonCheck(privacy.AnonCheckOptions{Document: v.doc})
	st := v.src.KeyStatus()
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.all = fs
		v.showKey(st)
		v.applyFilter()
	})
}

// Findings returns the findings shown (for the shell and tests).
func (v *View) Findings() []privacy.AnonFinding {
	return append([]privacy.AnonFinding(nil), v.shown...)
}

// showKey tells whether the key's names are part of the check.
func (v *View) showKey(st privacy.KeyStatus) {
	switch {
	case st.Unlocked:
		v.keyInfo.SetText(lang.X("anonview.keyUnlocked", "Pseudonym key unlocked: {{.N}} real names are checked.", map[string]any{"N": st.Entries}))
		v.unlockBtn.Hide()
	case st.Exists:
		v.keyInfo.SetText(lang.X("anonview.keyLocked", "The pseudonym key is locked: real names from it are not checked."))
		v.unlockBtn.Show()
	default:
		v.keyInfo.SetText(lang.X("anonview.keyNone", "No pseudonym key yet: only place names and patterns are checked."))
		v.unlockBtn.Hide()
	}
}

// setKindOptions fills the kind filter.
func (v *View) setKindOptions() {
	opts := []string{lang.X("anonview.allKinds", "All kinds")}
	v.kinds = anon.Kinds
	for _, k := range v.kinds {
		opts = append(opts, KindLabel(k))
	}
	cb := v.kindSel.OnChanged
	v.kindSel.OnChanged = nil
	v.kindSel.Options = opts
	v.kindSel.SetSelectedIndex(0)
	v.kindSel.OnChanged = cb
}

// applyFilter shows the findings of the chosen kind.
func (v *View) applyFilter() {
	v.shown = v.shown[:0]
	i := v.kindSel.SelectedIndex()
	docs := map[string]bool{}
	for _, f := range v.all {
		if i <= 0 || f.Kind == v.kinds[i-1] {
			v.shown = append(v.shown, f)
			docs[string(f.Document)] = true
		}
	}
	if len(v.shown) == 0 {
		v.summary.SetText(lang.X("anonview.none", "No open findings."))
	} else {
		v.summary.SetText(lang.XN("anonview.findings", "{{.N}} open findings", len(v.shown), map[string]any{"N": len(v.shown)}) + " · " +
			lang.XN("anonview.documents", "in {{.N}} documents", len(docs), map[string]any{"N": len(docs)}))
	}
	v.list.UnselectAll()
	v.selected = -1
	v.list.Refresh()
	if len(v.shown) > 0 {
		v.list.Select(0)
	}
	v.showDetail()
}

// current returns the selected finding.
func (v *View) current() (privacy.AnonFinding, bool) {
	if v.selected < 0 || v.selected >= len(v.shown) {
		return privacy.AnonFinding{}, false
	}
	return v.shown[v.selected], true
}

// showDetail shows the selected finding's context and suggestion.
func (v *View) showDetail() {
	f, ok := v.current()
	for _, b := range []*widget.Button{v.replaceBtn, v.allBtn, v.ignoreBtn} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if !ok {
		v.detail.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: lang.X("anonview.select", "Select a finding.")}}
		v.detail.Refresh()
		v.rule.SetText("")
		v.repl.SetText("")
		v.repl.Disable()
		return
	}
	v.repl.Enable()
	v.detail.Segments = contextSegments(f, true)
	v.detail.Refresh()
	v.rule.SetText(fmt.Sprintf("%s · %s · %s", f.DocName, KindLabel(f.Kind), sourceLabel(f.Source)))
	v.repl.SetText(f.Suggestion)
}

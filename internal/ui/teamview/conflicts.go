package teamview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ConflictDialog lists the open conflicts of a link, each with this
// laptop's version beside the server's, and settles the chosen one:
// "keep mine" puts mine on top of theirs as a new change (pushed at
// once), "take theirs" keeps the server's version (mine stays in the
// record and the log). It closes when none is left.
type ConflictDialog struct {
	List   *widget.List
	Header *widget.Label
	// Mine and Theirs show the chosen conflict's versions.
	Mine, Theirs *widget.Label
	Reason       *widget.Label
	KeepMine     *widget.Button
	TakeTheirs   *widget.Button
	Error        *widget.Label

	link      Link
	conflicts []Conflict
	chosen    int
	dlg       *dialog.CustomDialog
	async     func(func())
	shown     bool
	// OnResolved is called on the UI goroutine after a conflict was
	// settled.
	OnResolved func()
}

// NewConflictDialog builds the dialog for link on win; async runs
// blocking work off the UI goroutine (go f() if nil).
func NewConflictDialog(win fyne.Window, link Link, async func(func())) *ConflictDialog {
	d := &ConflictDialog{link: link, async: async, chosen: -1}
	if d.async == nil {
		d.async = func(f func()) { go f() }
	}
	d.List = widget.NewList(func() int { return len(d.conflicts) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := d.conflicts[i]
			o.(*widget.Label).SetText(c.Made.Local().Format("02.01. 15:04") + "  " + Label(c))
		})
	d.List.OnSelected = func(i widget.ListItemID) { d.choose(i) }
	d.Header = widget.NewLabel("")
	d.Header.Wrapping = fyne.TextWrapWord
	d.Header.TextStyle = fyne.TextStyle{Bold: true}
	d.Reason = widget.NewLabel("")
	d.Reason.Wrapping = fyne.TextWrapWord
	d.Reason.SizeName = theme.SizeNameCaptionText
	d.Reason.TextStyle = fyne.TextStyle{Italic: true}
	d.Mine, d.Theirs = readOnly(), readOnly()
	d.Error = widget.NewLabel("")
	d.Error.Wrapping = fyne.TextWrapWord
	d.Error.Importance = widget.DangerImportance
	d.Error.Hide()
	d.KeepMine = widget.NewButtonWithIcon(lang.X("team.conflict.keepMine", "Keep mine"), theme.DocumentSaveIcon(), func() { d.resolve(true) })
	d.TakeTheirs = widget.NewButtonWithIcon(lang.X("team.conflict.takeTheirs", "Take theirs"), theme.DownloadIcon(), func() { d.resolve(false) })
	d.KeepMine.Importance = widget.HighImportance

	side := func(title string, l *widget.Label) fyne.CanvasObject {
		t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		bg.CornerRadius = theme.InputRadiusSize()
		return container.NewBorder(t, nil, nil, nil, container.NewStack(bg, container.NewVScroll(l)))
	}
	versions := container.NewGridWithColumns(2,
		side(lang.X("team.conflict.mine", "My version"), d.Mine),
		side(lang.X("team.conflict.theirs", "The server's version (now in the project)"), d.Theirs))
	explain := widget.NewLabel(lang.X("team.conflict.explain", "Someone else changed this first. Nothing is lost: both versions are kept until you choose. \"Keep mine\" puts your version on top of theirs as a new change; \"Take theirs\" keeps theirs, yours stays in the record."))
	explain.Wrapping = fyne.TextWrapWord
	explain.SizeName = theme.SizeNameCaptionText
	buttons := container.NewHBox(d.TakeTheirs, d.KeepMine)
	detail := container.NewBorder(container.NewVBox(d.Header, d.Reason), container.NewVBox(d.Error, container.NewBorder(nil, nil, nil, buttons)), nil, nil, versions)
	split := container.NewHSplit(d.List, detail)
	split.Offset = 0.28
	content := container.NewBorder(explain, nil, nil, nil, split)

	d.dlg = dialog.NewCustomWithoutButtons(lang.X("team.conflict.title", "Conflicts with the team"), content, win)
	closeBtn := widget.NewButton(lang.X("dialog.close", "Close"), func() { d.dlg.Hide() })
	d.dlg.SetButtons([]fyne.CanvasObject{closeBtn})
	d.dlg.SetOnClosed(func() { d.shown = false })
	d.dlg.Resize(fyne.NewSize(min(940, win.Canvas().Size().Width-40), min(560, win.Canvas().Size().Height-40)))
	return d
}

// readOnly is a version's text: selectable to copy, never edited (the
// versions are records).
func readOnly() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	return l
}

// Show loads the open conflicts and shows the dialog with the first one
// chosen. Call it on the UI goroutine.
func (d *ConflictDialog) Show() {
	d.shown = true
	d.dlg.Show()
	d.reload()
}

// Visible reports whether the dialog is shown.
func (d *ConflictDialog) Visible() bool { return d.shown }

// Conflicts returns the conflicts listed.
func (d *ConflictDialog) Conflicts() []Conflict { return d.conflicts }

func (d *ConflictDialog) reload() {
	d.async(func() {
		cs := d.link.Conflicts()
		fyne.Do(func() {
			d.conflicts = cs
			d.List.UnselectAll()
			d.List.Refresh()
			if len(cs) == 0 {
				d.dlg.Hide()
				return
			}
			d.List.Select(0)
		})
	})
}

// choose shows conflict i.
func (d *ConflictDialog) choose(i int) {
	if i < 0 || i >= len(d.conflicts) {
		return
	}
	d.chosen = i
	c := d.conflicts[i]
	d.Header.SetText(Label(c))
	d.Reason.SetText(lang.X("team.detail", "Details: {{.Detail}}", map[string]any{"Detail": c.Reason}))
	d.Error.Hide()
	mine, theirs := "", ""
	for _, it := range c.Items {
		head := entityName(it.What)
		if len(c.Items) > 1 {
			mine, theirs = mine+"▸ "+head+"\n", theirs+"▸ "+head+"\n"
		}
		mine += versionText(it.Mine) + "\n\n"
		theirs += versionText(it.Theirs) + "\n\n"
	}
	d.Mine.SetText(trimNL(mine))
	d.Theirs.SetText(trimNL(theirs))
}

func trimNL(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return s
}

func versionText(v *Version) string {
	if v == nil {
		return lang.X("team.conflict.deleted", "(deleted)")
	}
	if v.Title != "" && v.Body != "" {
		return v.Title + "\n" + v.Body
	}
	return v.Title + v.Body
}

// Label names what a conflict is about: the kind and name of the entity
// it changes (“Memo „Teamarbeit““), with the number of further ones;
// the command's summary if none has a name.
func Label(c Conflict) string {
	for _, it := range c.Items {
		name := ""
		for _, v := range []*Version{it.Mine, it.Theirs} {
			if v != nil && v.Title != "" && name == "" {
				name = v.Title
			}
		}
		if name == "" {
			continue
		}
		l := lang.X("team.conflict.label", "{{.What}} “{{.Name}}”", map[string]any{"What": entityName(it.What), "Name": name})
		if n := len(c.Items) - 1; n > 0 {
			l += " " + lang.XN("team.conflict.more", "and {{.N}} more", n, map[string]any{"N": n})
		}
		return l
	}
	return c.Summary
}

// entityName names an entity kind in the user's language.
func entityName(what string) string {
	switch what {
	case "memo":
		return lang.X("team.entity.memo", "Memo")
	case "code":
		return lang.X("team.entity.code", "Code")
	case "coding":
		return lang.X("team.entity.coding", "Coding")
	case "document", "text":
		return lang.X("team.entity.document", "Document")
	case "case":
		return lang.X("team.entity.case", "Site")
	case "interview":
		return lang.X("team.entity.interview", "Interview")
	case "summary":
		return lang.X("team.entity.summary", "Summary")
	}
	return what
}

// resolve settles the chosen conflict.
func (d *ConflictDialog) resolve(keepMine bool) {
	if d.chosen < 0 || d.chosen >= len(d.conflicts) {
		return
	}
	id := d.conflicts[d.chosen].ID
	d.KeepMine.Disable()
	d.TakeTheirs.Disable()
	d.async(func() {
		err := d.link.Resolve(id, keepMine)
		fyne.Do(func() {
			d.KeepMine.Enable()
			d.TakeTheirs.Enable()
			if err != nil {
				d.Error.SetText(lang.X("team.conflict.failed", "The conflict could not be settled: {{.Err}}", map[string]any{"Err": err.Error()}))
				d.Error.Show()
				return
			}
			if d.OnResolved != nil {
				d.OnResolved()
			}
			d.reload()
		})
	})
}

package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/version"
)

// helpMenu builds the Help menu: the list of keys and the About box.
func (s *Shell) helpMenu() *fyne.Menu {
	keys := fyne.NewMenuItem(lang.X("menu.shortcuts", "Keyboard shortcuts"), s.ShowShortcuts)
	keys.Icon = theme.ComputerIcon()
	about := fyne.NewMenuItem(lang.X("menu.about", "About protocoder"), s.ShowAbout)
	about.Icon = theme.InfoIcon()
	docs := fyne.NewMenuItem(lang.X("menu.docs", "Documentation folder"), s.openDocs)
	docs.Icon = theme.HelpIcon()
	docs.Disabled = s.docs == ""
	return fyne.NewMenu(lang.X("menu.help", "Help"), keys, docs, about)
}

// Shortcut is one line of the shortcut list: the keys and what they do.
type Shortcut struct{ Keys, Action string }

// Shortcuts lists the keys the window knows, in the user's language.
func Shortcuts() []Shortcut {
	mod := lang.X("keys.ctrl", "Ctrl")
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		mod = "⌘"
	}
	return []Shortcut{
		{mod + "+Z", lang.X("keys.undo", "Undo the last change to the project (in a text field: the typing)")},
		{mod + "+Y, " + mod + "+" + lang.X("keys.shift", "Shift") + "+Z", lang.X("keys.redo", "Redo")},
		{mod + "+F", lang.X("keys.search", "Go to the search field")},
		{mod + "+S", lang.X("keys.save", "Save the protocol being edited")},
		{mod + "+N", lang.X("keys.new", "New project")},
		{mod + "+O", lang.X("keys.open", "Open project")},
		{mod + "+Q", lang.X("keys.quit", "Quit")},
		{"1 … 9", lang.X("keys.recent", "In the document: code the selection with a recently used code")},
		{lang.X("keys.enter", "Enter"), lang.X("keys.apply", "In the document: code the selection with the code chosen in the code system")},
		{lang.X("keys.drag", "Drag"), lang.X("keys.dragCode", "A code from the code system onto the selection: code the selection with it")},
		{lang.X("keys.shift", "Shift") + "+← → ↑ ↓", lang.X("keys.select", "In the document: extend the selection")},
		{mod + "+C", lang.X("keys.copy", "Copy the selected text")},
		{mod + "+A", lang.X("keys.selectAll", "Select the whole document")},
	}
}

// ShowShortcuts shows the shortcut list. Call it on the UI goroutine.
func (s *Shell) ShowShortcuts() {
	rows := container.New(layout.NewFormLayout())
	for _, sc := range Shortcuts() {
		k := widget.NewLabelWithStyle(sc.Keys, fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
		a := widget.NewLabel(sc.Action)
		a.Wrapping = fyne.TextWrapWord
		rows.Add(k)
		rows.Add(a)
	}
	d := dialog.NewCustom(lang.X("menu.shortcuts", "Keyboard shortcuts"), lang.X("dialog.close", "Close"),
		container.NewVScroll(rows), s.win)
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}

// ShowAbout shows the program's name and version. Call it on the UI
// goroutine.
func (s *Shell) ShowAbout() {
	in := version.Read()
	text := lang.X("about.version", "Version {{.Version}}", map[string]any{"Version": in.Version})
	if in.Revision != "" {
		rev := in.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		text += "\n" + lang.X("about.revision", "Build {{.Revision}}", map[string]any{"Revision": rev})
	}
	title := widget.NewLabelWithStyle("protocoder", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabelWithStyle(lang.X("start.subtitle", "Guidelines, protocols and coding for qualitative interview research"),
		fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Wrapping = fyne.TextWrapWord
	ver := widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{})
	d := dialog.NewCustom(lang.X("menu.about", "About protocoder"), lang.X("dialog.close", "Close"),
		container.NewVBox(title, sub, ver), s.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

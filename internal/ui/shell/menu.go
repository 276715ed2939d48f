package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// shortcut returns Ctrl+key (Cmd+key on macOS).
func shortcut(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// The window's keys. Fyne's desktop driver offers a key combination first
// to a main-menu item with that shortcut, then to the focused widget if it
// takes shortcuts (a text field does, and keeps them), then to the
// canvas (see uikit.ForwardShortcut). So:
//   - Ctrl+F, Ctrl+S, Ctrl+N, Ctrl+O and Ctrl+Q are menu shortcuts: they
//     work whatever has the focus;
//   - undo and redo are canvas shortcuts. The driver sends Ctrl+Z as
//     fyne.ShortcutUndo and Ctrl+Y as fyne.ShortcutRedo; a text field with
//     its own edit history (the protocol editor, a memo) undoes its typing,
//     everywhere else — the document, the code tree, the lists, the
//     search field on top (uikit.CommandEntry) — they undo and redo the
//     project's last edit. The Edit menu shows them with shortcuts the
//     driver never sends (Ctrl+Z and Ctrl+Y as custom shortcuts), so the
//     menu does not take the keys from a text field.
var (
	undoMenuKey = shortcut(fyne.KeyZ)
	redoMenuKey = shortcut(fyne.KeyY)
	redoAltKey  = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

// installShortcuts registers the window's canvas shortcuts; widgets that
// take shortcuts themselves pass the others to TypedShortcut.
func (s *Shell) installShortcuts() {
	s.keys = map[string]func(){}
	add := func(sc fyne.Shortcut, f func()) {
		s.keys[sc.ShortcutName()] = f
		s.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { f() })
	}
	add(shortcut(fyne.KeyN), s.newProjectDialog)
	add(shortcut(fyne.KeyO), s.openProjectDialog)
	add(shortcut(fyne.KeyF), s.FocusSearch)
	add(shortcut(fyne.KeyS), s.Save)
	add(shortcut(fyne.KeyQ), s.RequestClose)
	add(&fyne.ShortcutUndo{}, s.Undo)
	add(&fyne.ShortcutRedo{}, s.Redo)
	add(redoAltKey, s.Redo)
	// Keys typed while nothing has the focus — as after clicking a code in
	// the code tree, since a click elsewhere takes the focus from the
	// document — still code the document's visible selection: Enter with
	// the chosen code, 1–9 with a recently used one.
	s.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if p := s.project; p != nil && p.views.editing && p.views.editor.HandleKey(e) {
			return // F4, F5: the protocol's recording
		}
		if p := s.project; p != nil && (e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter) {
			p.bench.ApplyCurrent()
		}
	})
	s.win.Canvas().SetOnTypedRune(func(r rune) {
		if p := s.project; p != nil {
			p.bench.TypeKey(r)
		}
	})
}

// TypedShortcut runs the window's action for sc, if it has one: the keys
// a focused widget passes on.
func (s *Shell) TypedShortcut(sc fyne.Shortcut) {
	if f, ok := s.keys[sc.ShortcutName()]; ok {
		f()
	}
}

// FocusSearch puts the keyboard focus into the search field on top.
func (s *Shell) FocusSearch() {
	if s.project != nil {
		s.win.Canvas().Focus(s.project.search)
	}
}

// Save saves the protocol being edited, if any; everything else is saved
// as it is done.
func (s *Shell) Save() {
	if p := s.project; p != nil && p.views.editing {
		p.views.editor.Save()
	}
}

// mainMenu builds the menus for the current state.
func (s *Shell) mainMenu() *fyne.MainMenu {
	newItem := fyne.NewMenuItem(lang.X("menu.new", "New project…"), s.newProjectDialog)
	newItem.Shortcut, newItem.Icon = shortcut(fyne.KeyN), theme.FolderNewIcon()
	openItem := fyne.NewMenuItem(lang.X("menu.open", "Open project…"), s.openProjectDialog)
	openItem.Shortcut, openItem.Icon = shortcut(fyne.KeyO), theme.FolderOpenIcon()

	recentItem := fyne.NewMenuItem(lang.X("menu.recent", "Recent projects"), nil)
	var recent []*fyne.MenuItem
	for _, dir := range s.recent.List() {
		recent = append(recent, fyne.NewMenuItem(dir, func() { s.OpenProject(dir) }))
	}
	if len(recent) == 0 {
		none := fyne.NewMenuItem(lang.X("menu.recentNone", "No recent projects"), nil)
		none.Disabled = true
		recent = append(recent, none)
	}
	recentItem.ChildMenu = fyne.NewMenu("", recent...)

	fileItems := []*fyne.MenuItem{newItem, openItem, recentItem}
	if _, ok := s.opener.(SampleMaker); ok {
		fileItems = append(fileItems, fyne.NewMenuItem(lang.X("menu.sample", "Open sample project"), s.OpenSample))
	}
	if s.team != nil {
		fileItems = append(fileItems, s.teamMenu())
	}
	saveItem := fyne.NewMenuItem(lang.X("menu.save", "Save protocol"), s.Save)
	saveItem.Shortcut, saveItem.Icon = shortcut(fyne.KeyS), theme.DocumentSaveIcon()
	closeItem := fyne.NewMenuItem(lang.X("menu.close", "Close project"), s.CloseProject)
	memberItem := fyne.NewMenuItem(lang.X("menu.member", "Switch member…"), s.switchMember)
	memberItem.Icon = theme.AccountIcon()
	verifyItem := fyne.NewMenuItem(lang.X("menu.verify", "Verify project"), s.verify)
	backupItem := fyne.NewMenuItem(lang.X("menu.backup", "Back up now"), s.backup)
	backupItem.Icon = theme.DocumentSaveIcon()
	restoreItem := fyne.NewMenuItem(lang.X("menu.restore", "Restore a backup…"), s.showRestore)
	restoreItem.Icon = theme.HistoryIcon()
	for _, it := range []*fyne.MenuItem{saveItem, closeItem, memberItem, verifyItem, backupItem, restoreItem} {
		it.Disabled = s.project == nil
	}
	if _, ok := s.opener.(BackupRestorer); !ok {
		restoreItem.Disabled = true
	}
	prefsItem := fyne.NewMenuItem(lang.X("menu.prefs", "Preferences…"), s.ShowPreferences)
	prefsItem.Icon = theme.SettingsIcon()
	quitItem := fyne.NewMenuItem(lang.X("menu.quit", "Quit"), s.RequestClose)
	quitItem.IsQuit, quitItem.Shortcut = true, shortcut(fyne.KeyQ)

	items := append(fileItems, fyne.NewMenuItemSeparator(), saveItem, fyne.NewMenuItemSeparator())
	items = append(items, s.fileItems()...)
	items = append(items,
		fyne.NewMenuItemSeparator(), memberItem, prefsItem, closeItem,
		fyne.NewMenuItemSeparator(), verifyItem, backupItem, restoreItem,
		fyne.NewMenuItemSeparator(), quitItem)
	file := fyne.NewMenu(lang.X("menu.file", "File"), items...)
	return fyne.NewMainMenu(file, s.editMenu(), s.studyMenu(), s.helpMenu())
}

// editMenu builds the Edit menu: undo, redo and the search field.
func (s *Shell) editMenu() *fyne.Menu {
	undo := fyne.NewMenuItem(lang.X("menu.undo", "Undo"), s.Undo)
	undo.Shortcut, undo.Icon = undoMenuKey, theme.ContentUndoIcon()
	redo := fyne.NewMenuItem(lang.X("menu.redo", "Redo"), s.Redo)
	redo.Shortcut, redo.Icon = redoMenuKey, theme.ContentRedoIcon()
	find := fyne.NewMenuItem(lang.X("menu.search", "Search"), s.FocusSearch)
	find.Shortcut, find.Icon = shortcut(fyne.KeyF), theme.SearchIcon()
	undo.Disabled, redo.Disabled, find.Disabled = s.project == nil, s.project == nil, s.project == nil
	return fyne.NewMenu(lang.X("menu.edit", "Edit"), undo, redo, fyne.NewMenuItemSeparator(), find)
}

// refreshMenu rebuilds the menu after the state or the recent list changed.
func (s *Shell) refreshMenu() { s.win.SetMainMenu(s.mainMenu()) }

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

// installShortcuts registers the window's keyboard shortcuts.
func (s *Shell) installShortcuts() {
	c := s.win.Canvas()
	c.AddShortcut(shortcut(fyne.KeyN), func(fyne.Shortcut) { s.newProjectDialog() })
	c.AddShortcut(shortcut(fyne.KeyO), func(fyne.Shortcut) { s.openProjectDialog() })
	c.AddShortcut(shortcut(fyne.KeyF), func(fyne.Shortcut) {
		if s.project != nil {
			c.Focus(s.project.search)
		}
	})
	c.AddShortcut(shortcut(fyne.KeyQ), func(fyne.Shortcut) { s.RequestClose() })
	c.AddShortcut(undoShortcut, func(fyne.Shortcut) { s.Undo() })
	c.AddShortcut(redoShortcut, func(fyne.Shortcut) { s.Redo() })
}

// mainMenu builds the File menu for the current state.
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
	closeItem := fyne.NewMenuItem(lang.X("menu.close", "Close project"), s.CloseProject)
	memberItem := fyne.NewMenuItem(lang.X("menu.member", "Switch member…"), s.switchMember)
	memberItem.Icon = theme.AccountIcon()
	verifyItem := fyne.NewMenuItem(lang.X("menu.verify", "Verify project"), s.verify)
	backupItem := fyne.NewMenuItem(lang.X("menu.backup", "Back up now"), s.backup)
	backupItem.Icon = theme.DocumentSaveIcon()
	for _, it := range []*fyne.MenuItem{closeItem, memberItem, verifyItem, backupItem} {
		it.Disabled = s.project == nil
	}
	quitItem := fyne.NewMenuItem(lang.X("menu.quit", "Quit"), s.RequestClose)
	quitItem.IsQuit, quitItem.Shortcut = true, shortcut(fyne.KeyQ)

	file := fyne.NewMenu(lang.X("menu.file", "File"), append(fileItems,
		fyne.NewMenuItemSeparator(), memberItem, closeItem,
		fyne.NewMenuItemSeparator(), verifyItem, backupItem,
		fyne.NewMenuItemSeparator(), quitItem)...)
	return fyne.NewMainMenu(file, s.editMenu())
}

// refreshMenu rebuilds the menu after the state or the recent list changed.
func (s *Shell) refreshMenu() { s.win.SetMainMenu(s.mainMenu()) }

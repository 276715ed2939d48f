package shell

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// startScreen is shown while no project is open: New and Open buttons and
// the recent projects.
func (s *Shell) startScreen() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("protocoder", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabelWithStyle(lang.X("start.subtitle", "Guidelines, protocols and coding for qualitative interview research"),
		fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Importance = widget.LowImportance

	newBtn := widget.NewButtonWithIcon(lang.X("menu.new", "New project…"), theme.FolderNewIcon(), s.newProjectDialog)
	newBtn.Importance = widget.HighImportance
	openBtn := widget.NewButtonWithIcon(lang.X("menu.open", "Open project…"), theme.FolderOpenIcon(), s.openProjectDialog)

	buttons := container.NewGridWithColumns(2, newBtn, openBtn)
	if _, ok := s.opener.(SampleMaker); ok {
		sample := widget.NewButtonWithIcon(lang.X("menu.sample", "Open sample project"), theme.HelpIcon(), s.OpenSample)
		buttons = container.NewGridWithColumns(3, newBtn, openBtn, sample)
	}

	var teamRow fyne.CanvasObject = container.NewVBox()
	if s.team != nil {
		clone := widget.NewButtonWithIcon(lang.X("team.menu.clone", "Clone a team project…"), theme.DownloadIcon(), s.CloneTeamDialog)
		teamRow = clone
	}

	recent := container.NewVBox()
	for _, dir := range s.recent.List() {
		b := widget.NewButtonWithIcon(filepath.Base(dir)+"  —  "+dir, theme.FolderIcon(), func() { s.OpenProject(dir) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		recent.Add(b)
	}
	if len(recent.Objects) == 0 {
		none := widget.NewLabel(lang.X("menu.recentNone", "No recent projects"))
		none.Importance = widget.LowImportance
		recent.Add(none)
	}
	recentTitle := widget.NewLabelWithStyle(lang.X("menu.recent", "Recent projects"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(520, 0))
	box := container.NewVBox(
		title, sub, width,
		buttons,
		teamRow,
		widget.NewSeparator(),
		recentTitle, recent,
	)
	return container.NewCenter(box)
}

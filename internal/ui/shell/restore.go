package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// Restorer is implemented by Openers that can restore a project's newest
// backup. When a project does not open because its file is damaged
// (qda.EDamaged), the shell offers to restore it.
type Restorer interface {
	// RestoreNewest replaces the damaged project file in dir by the newest
	// backup (the damaged file is kept) and returns the backup's name.
	RestoreNewest(dir string) (string, error)
}

// offerRestore handles a failed open of dir: for a damaged project file it
// asks whether to restore the newest backup and, if so, restores it and
// opens the project again. It reports whether it handled err. Call it on
// the UI goroutine.
func (s *Shell) offerRestore(dir string, err error) bool {
	r, ok := s.opener.(Restorer)
	if !ok || qda.ErrorCode(err) != qda.EDamaged {
		return false
	}
	s.log.Error("project file damaged", "dir", dir, "err", err)
	intro := widget.NewLabel(lang.X("restore.question",
		"The project file in {{.Dir}} is damaged and cannot be opened. Restore the newest backup? The damaged file is kept in the backups folder.",
		map[string]any{"Dir": dir}))
	intro.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(lang.X("error.detail", "Details: {{.Detail}}", map[string]any{"Detail": qda.ErrorMessage(err)}))
	detail.Wrapping = fyne.TextWrapWord
	detail.TextStyle.Italic = true
	d := dialog.NewCustomConfirm(lang.X("restore.title", "Project file damaged"),
		lang.X("restore.yes", "Restore newest backup"), lang.X("restore.no", "Cancel"),
		container.NewVBox(intro, detail), func(yes bool) {
			if yes {
				s.restoreNewest(r, dir)
			}
		}, s.win)
	d.Resize(fyne.NewSize(640, 320))
	d.Show()
	return true
}

// restoreNewest restores the newest backup of dir off the UI goroutine and
// opens the project.
func (s *Shell) restoreNewest(r Restorer, dir string) {
	s.async(func() {
		name, err := r.RestoreNewest(dir)
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			s.log.Info("backup restored", "dir", dir, "backup", name)
			s.OpenProject(dir)
		})
	})
}

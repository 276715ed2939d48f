package shell

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uikit"
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

// BackupRestorer is implemented by Openers that can restore a chosen
// backup of a project that is not open.
type BackupRestorer interface {
	// Restore replaces the project file in dir by the backup named name
	// (the current state is backed up first) and returns that safety
	// backup's name; cancelled through ctx before the swap, it leaves the
	// project file as it was.
	Restore(ctx context.Context, dir, name string) (string, error)
}

// showRestore lists the open project's backups; restoring one closes the
// project, restores it and opens the project again.
func (s *Shell) showRestore() {
	p := s.project
	r, ok := s.opener.(BackupRestorer)
	if p == nil || !ok {
		return
	}
	s.async(func() {
		list, err := p.svc.Backups()
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			if len(list) == 0 {
				dialog.ShowInformation(lang.X("restore.choose", "Restore a backup"), lang.X("restore.none", "This project has no backups yet."), s.win)
				return
			}
			var opts []string
			for _, b := range list {
				opts = append(opts, b.Time+" · "+b.Reason+" · "+b.Name)
			}
			sel := widget.NewSelect(opts, nil)
			sel.SetSelectedIndex(0)
			s.backupList = sel
			intro := widget.NewLabel(lang.X("restore.intro", "The project is closed, replaced by the backup and opened again. Its current state is backed up first, so this can be undone by restoring that backup."))
			intro.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustomConfirm(lang.X("restore.choose", "Restore a backup"), lang.X("restore.do", "Restore"), lang.X("dialog.cancel", "Cancel"),
				container.NewVBox(intro, sel), func(ok bool) {
					if ok && sel.SelectedIndex() >= 0 {
						s.restoreBackup(r, list[sel.SelectedIndex()].Name)
					}
				}, s.win)
			d.Resize(fyne.NewSize(640, 0))
			d.Show()
		})
	})
}

// restoreBackup closes the project, restores the backup off the UI
// goroutine and opens the project again.
func (s *Shell) restoreBackup(r BackupRestorer, name string) {
	p := s.project
	dir := p.dir
	p.leaveEditor(func() {
		s.closeService()
		s.showStart()
		var safety string
		s.task = uikit.RunTask(s.win, s.async, nil, lang.X("restore.running", "Restoring {{.Name}} …", map[string]any{"Name": name}),
			func(ctx context.Context) (err error) { safety, err = r.Restore(ctx, dir, name); return err },
			func(err error) {
				switch {
				case uikit.Cancelled(err):
					s.log.Info("restore cancelled", "dir", dir, "backup", name)
				case err != nil:
					s.showError(err)
				default:
					s.log.Info("backup restored", "dir", dir, "backup", name, "safety", safety)
				}
				s.OpenProject(dir)
				if s.project == nil {
					return
				}
				switch {
				case uikit.Cancelled(err):
					s.project.status.SetMessage(uikit.CancelledText())
				case err == nil:
					s.project.status.SetMessage(lang.X("restore.done", "Backup {{.Name}} restored; the state before is in {{.Safety}}.",
						map[string]any{"Name": name, "Safety": safety}))
				}
			})
	})
}

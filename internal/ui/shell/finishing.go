package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/project"
)

// FinishingOpener is implemented by Openers that report, while opening,
// that they finish an operation a crash interrupted (an erasure, an
// encryption at rest), so that the shell can say why the open takes long.
type FinishingOpener interface {
	// OpenFinishing opens the project in dir (with the passphrase, if any)
	// and calls finishing, from the opening goroutine, with the kind of
	// each interrupted operation before it finishes it ("erase",
	// "protect").
	OpenFinishing(dir string, passphrase []byte, finishing func(kind string)) (*project.Project, error)
}

// finishingText is what the progress dialog says while an interrupted
// operation of kind is finished.
func finishingText(kind string) string {
	switch kind {
	case "erase":
		return lang.X("opening.finishErase", "An erasure was interrupted. Finishing it now: the erased texts are removed from the project file, the backups, the recordings and the search index.")
	case "protect":
		return lang.X("opening.finishProtect", "An encryption was interrupted. Finishing it now: the unencrypted backups and the search index are deleted.")
	default:
		return lang.X("opening.finishOther", "An interrupted operation is being finished.")
	}
}

// openService opens dir off the UI goroutine (call it there) and, when the
// opener reports an interrupted operation, shows a progress dialog until
// the open ends. done runs on the UI goroutine.
func (s *Shell) openService(dir string, passphrase []byte, done func(*project.Project, error)) {
	var shown dialog.Dialog
	finishing := func(kind string) {
		fyne.Do(func() {
			if shown != nil {
				shown.Hide()
			}
			text := widget.NewLabel(finishingText(kind))
			text.Wrapping = fyne.TextWrapWord
			bar := widget.NewProgressBarInfinite()
			shown = dialog.NewCustomWithoutButtons(lang.X("opening.title", "Opening the project"), container.NewVBox(text, bar), s.win)
			shown.Resize(fyne.NewSize(520, 180))
			shown.Show()
		})
	}
	s.async(func() {
		var svc *project.Project
		var err error
		if fo, ok := s.opener.(FinishingOpener); ok {
			svc, err = fo.OpenFinishing(dir, passphrase, finishing)
		} else if po, ok := s.opener.(ProtectedOpener); ok && passphrase != nil {
			svc, err = po.OpenWithPassphrase(dir, passphrase)
		} else {
			svc, err = s.opener.Open(dir)
		}
		fyne.Do(func() {
			if shown != nil {
				shown.Hide()
			}
			done(svc, err)
		})
	})
}

package shell

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// ProtectedOpener is implemented by Openers that can open projects
// encrypted at rest; the shell asks for the passphrase when Open reports
// qda.EProtected.
type ProtectedOpener interface {
	// OpenWithPassphrase opens the protected project in dir.
	OpenWithPassphrase(dir string, passphrase []byte) (*project.Project, error)
}

// askPassphrase asks for a protected project's passphrase and opens it;
// a wrong passphrase asks again, Cancel gives up. Call it on the UI
// goroutine.
func (s *Shell) askPassphrase(dir string, again bool) {
	if _, ok := s.opener.(ProtectedOpener); !ok {
		s.showError(qda.Errorf(qda.EProtected, "%s is encrypted; this build cannot open it", dir))
		return
	}
	pass := widget.NewPasswordEntry()
	items := []*widget.FormItem{widget.NewFormItem(lang.X("pass.label", "Passphrase"), pass)}
	if again {
		items[0].HintText = lang.X("pass.wrong", "That passphrase does not open the project. Try again.")
	}
	d := dialog.NewForm(lang.X("pass.title", "Protected project"), lang.X("pass.open", "Open"), lang.X("dialog.cancel", "Cancel"), items,
		func(ok bool) {
			if !ok {
				return
			}
			secret := []byte(pass.Text)
			s.openService(dir, secret, func(svc *project.Project, err error) {
				clear(secret)
				switch {
				case qda.ErrorCode(err) == qda.EProtected:
					s.askPassphrase(dir, true)
				case err != nil:
					s.showError(err)
				default:
					s.protectedDir = dir
					s.show(dir, svc)
				}
			})
		}, s.win)
	d.Resize(fyne.NewSize(520, 200))
	d.Show()
	s.win.Canvas().Focus(pass)
}

// isProtected reports an error that asks for the project's passphrase.
func isProtected(err error) bool {
	var e *qda.Error
	return errors.As(err, &e) && e.Code == qda.EProtected
}

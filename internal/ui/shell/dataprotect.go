package shell

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// Protector is implemented by Openers that can encrypt a project at rest
// and take the encryption off again; the project is closed meanwhile.
type Protector interface {
	// Protect encrypts the project in dir with the passphrase.
	Protect(dir string, pass []byte) error
	// Unprotect decrypts the protected project in dir.
	Unprotect(dir string, pass []byte) error
}

// minPassphrase is the shortest passphrase the GUI accepts for a project.
const minPassphrase = 8

// protectionMenu returns File ▸ Data protection: encryption at rest and
// the irrevocable erasures that concern more than one interview (one
// interview is erased from the interview list).
func (s *Shell) protectionMenu() *fyne.MenuItem {
	_, canProtect := s.opener.(Protector)
	item := func(label string, on bool, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		it.Disabled = s.project == nil || !on
		return it
	}
	protected := s.project != nil && s.project.protected
	m := item(lang.X("dp.menu", "Data protection"), true, nil)
	m.Icon = theme.VisibilityOffIcon()
	m.ChildMenu = fyne.NewMenu("",
		item(lang.X("dp.protect", "Protect with a passphrase…"), canProtect && !protected, s.showProtect),
		item(lang.X("dp.unprotect", "Remove the protection…"), canProtect && protected, s.showUnprotect),
		fyne.NewMenuItemSeparator(),
		item(lang.X("dp.eraseSite", "Erase a site irrevocably…"), true, s.showEraseSite),
		item(lang.X("dp.eraseAll", "End of the study: erase all protocols…"), true, s.showEraseAll))
	return m
}

// passEntry is a password field that needs minPassphrase characters.
func passEntry() *widget.Entry {
	e := widget.NewPasswordEntry()
	e.Validator = func(v string) error {
		if len([]rune(v)) < minPassphrase {
			return errText(lang.X("dp.passShort", "At least {{.N}} characters.", map[string]any{"N": minPassphrase}))
		}
		return nil
	}
	return e
}

// errText is a validation message already in the user's language.
type errText string

func (e errText) Error() string { return string(e) }

// wrapped is a label that wraps, for the dialogs' explanations.
func wrapped(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}

// showProtect asks for a new passphrase (twice) and encrypts the project.
func (s *Shell) showProtect() {
	pr, ok := s.opener.(Protector)
	p := s.project
	if !ok || p == nil {
		return
	}
	pass, again := passEntry(), widget.NewPasswordEntry()
	again.Validator = func(v string) error {
		if v != pass.Text {
			return errText(lang.X("dp.passMismatch", "The two passphrases differ."))
		}
		return nil
	}
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped(lang.X("dp.protectText", "Every value of the project file and every backup is encrypted with this passphrase; the search index then lives in memory only. Without the passphrase nobody can open the project again, not even you: keep it safe. The project is closed, encrypted and opened again."), widget.MediumImportance)),
		widget.NewFormItem(lang.X("dp.pass", "Passphrase"), pass),
		widget.NewFormItem(lang.X("dp.passAgain", "Repeat"), again)}
	d := dialog.NewForm(lang.X("dp.protectTitle", "Protect the project"), lang.X("dp.protectConfirm", "Encrypt"), lang.X("dialog.cancel", "Cancel"), items,
		func(ok bool) {
			if !ok || pass.Text != again.Text {
				return
			}
			secret := []byte(pass.Text)
			pass.SetText("")
			again.SetText("")
			s.reopenAfter(p, lang.X("dp.protecting", "Encrypting the project …"), func() error { return pr.Protect(p.dir, secret) }, secret,
				lang.X("dp.protected", "The project is encrypted. It opens only with its passphrase."))
		}, s.win)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
	s.dpDialog = d
}

// showUnprotect asks for the passphrase and takes the encryption off.
func (s *Shell) showUnprotect() {
	pr, ok := s.opener.(Protector)
	p := s.project
	if !ok || p == nil {
		return
	}
	pass := widget.NewPasswordEntry()
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped(lang.X("dp.unprotectText", "The project file and its backups are stored without encryption again, and the search index is kept on disk. The project is closed, decrypted and opened again."), widget.MediumImportance)),
		widget.NewFormItem(lang.X("dp.pass", "Passphrase"), pass)}
	d := dialog.NewForm(lang.X("dp.unprotectTitle", "Remove the protection"), lang.X("dp.unprotectConfirm", "Decrypt"), lang.X("dialog.cancel", "Cancel"), items,
		func(ok bool) {
			if !ok {
				return
			}
			secret := []byte(pass.Text)
			pass.SetText("")
			s.reopenAfter(p, lang.X("dp.unprotecting", "Decrypting the project …"), func() error { err := pr.Unprotect(p.dir, secret); clear(secret); return err }, nil,
				lang.X("dp.unprotected", "The project is no longer encrypted."))
		}, s.win)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
	s.dpDialog = d
}

// reopenAfter closes the project, runs op (which needs it closed) while
// a dialog says what, and opens the project again, with pass if it is
// protected then; done is the status line after it worked.
func (s *Shell) reopenAfter(p *openProject, what string, op func() error, pass []byte, done string) {
	dir := p.dir
	p.leaveEditor(func() {
		s.closeService()
		s.showStart()
		t := s.runTaskOn(nil, what, func(context.Context) error { return op() }, func(err error) {
			if err != nil {
				clear(pass)
				s.showError(err)
				s.OpenProject(dir)
				return
			}
			s.openService(dir, pass, func(svc *project.Project, err error) {
				clear(pass)
				if err != nil {
					s.showError(err)
					return
				}
				s.protectedDir = ""
				if pass != nil {
					s.protectedDir = dir
				}
				s.show(dir, svc)
				s.project.status.SetMessage(done)
			})
		})
		t.Cancel.Hide() // it replaces the project file in one step
	})
}

// showEraseSite asks for a site and erases its interviews and documents
// after a confirmation that names it.
func (s *Shell) showEraseSite() {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		cases, err := p.svc.Cases()
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			s.eraseSiteDialog(p, cases)
		})
	})
}

func (s *Shell) eraseSiteDialog(p *openProject, cases []qda.Case) {
	var names []string
	for _, c := range cases {
		names = append(names, c.Name)
	}
	confirm := widget.NewEntry()
	sel := widget.NewSelect(names, func(string) { _ = confirm.Validate() })
	confirm.Validator = func(v string) error {
		if sel.Selected == "" || strings.TrimSpace(v) != sel.Selected {
			return errText(lang.X("dp.typeSite", "Type the site's name to confirm."))
		}
		return nil
	}
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped(lang.X("dp.eraseSiteText", "Erased irrevocably: every interview of the site with its protocols, codings, memos, summaries and recordings, and the site's case reports — from the project file, every backup and the search index. The site itself, its attributes and its plan stay. This cannot be undone, not even with Undo or a backup."), widget.DangerImportance)),
		widget.NewFormItem(lang.X("dp.site", "Site"), sel),
		widget.NewFormItem(lang.X("dp.confirmSite", "To confirm, type its name"), confirm)}
	d := dialog.NewForm(lang.X("dp.eraseSiteTitle", "Erase a site irrevocably"), lang.X("dp.eraseConfirm", "Erase irrevocably"), lang.X("dialog.cancel", "Cancel"), items,
		func(ok bool) {
			if !ok || sel.Selected == "" || strings.TrimSpace(confirm.Text) != sel.Selected {
				return
			}
			site := sel.Selected
			s.erase(p, lang.X("dp.erasingSite", "Erasing {{.Site}} …", map[string]any{"Site": site}),
				func() (*privacy.PurgeReport, error) { return p.svc.PurgeSite(site) })
		}, s.win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
	s.dpDialog = d
}

// showEraseAll erases every interview and protocol at the end of the
// study; the pseudonym key leaves the project with them, copied to a file
// outside it or destroyed.
func (s *Shell) showEraseAll() {
	p := s.project
	if p == nil {
		return
	}
	name := filepath.Base(p.dir)
	keyExists := p.svc.KeyStatus().Exists
	exportOpt, destroyOpt := lang.X("dp.keyExport", "Keep an encrypted copy of the pseudonym key in a file outside the project"),
		lang.X("dp.keyDestroy", "Destroy the pseudonym key without a copy")
	key := widget.NewRadioGroup([]string{exportOpt, destroyOpt}, nil)
	key.SetSelected(exportOpt)
	confirm := widget.NewEntry()
	confirm.Validator = func(v string) error {
		if strings.TrimSpace(v) != name {
			return errText(lang.X("dp.typeProject", "Type {{.Name}} to confirm.", map[string]any{"Name": name}))
		}
		return nil
	}
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapped(lang.X("dp.eraseAllText", "Erased irrevocably: every interview and every protocol of the project with their codings, memos, summaries and recordings — from the project file, every backup and the search index. Case reports, guidelines and codes stay. This cannot be undone, not even with Undo or a backup."), widget.DangerImportance))}
	if keyExists {
		items = append(items, widget.NewFormItem(lang.X("dp.key", "Pseudonym key"), key))
	}
	items = append(items, widget.NewFormItem(lang.X("dp.confirmProject", "To confirm, type {{.Name}}", map[string]any{"Name": name}), confirm))
	d := dialog.NewForm(lang.X("dp.eraseAllTitle", "Erase all protocols"), lang.X("dp.eraseConfirm", "Erase irrevocably"), lang.X("dialog.cancel", "Cancel"), items,
		func(ok bool) {
			if !ok || strings.TrimSpace(confirm.Text) != name {
				return
			}
			what := lang.X("dp.erasingAll", "Erasing all protocols …")
			if !keyExists || key.Selected == destroyOpt {
				s.erase(p, what, func() (*privacy.PurgeReport, error) { return p.svc.PurgeAll(privacy.KeyDisposal{Destroy: keyExists}) })
				return
			}
			s.chooseSave("pseudonyms.key", func(path string) {
				// The save dialog created the file; the key copy must be new.
				if st, err := os.Stat(path); err == nil && st.Size() == 0 {
					_ = os.Remove(path)
				}
				s.erase(p, what, func() (*privacy.PurgeReport, error) {
					return p.svc.PurgeAll(privacy.KeyDisposal{ExportTo: path})
				})
			})
		}, s.win)
	d.Resize(fyne.NewSize(680, 0))
	d.Show()
	s.dpDialog = d
}

// erase runs an erasure while a dialog says so (it cannot be cancelled:
// it finishes even after a crash) and reloads every view.
func (s *Shell) erase(p *openProject, what string, run func() (*privacy.PurgeReport, error)) {
	var rep *privacy.PurgeReport
	t := s.runTaskOn(p, what, func(context.Context) (err error) { rep, err = run(); return err }, func(err error) {
		p.forgetErased(s, nil)
		if err != nil {
			s.showError(err)
		}
		if rep != nil {
			p.status.SetMessage(PurgeText(rep))
		}
	})
	t.Cancel.Hide()
}

// PurgeText words what an erasure removed, in the user's language.
func PurgeText(r *privacy.PurgeReport) string {
	text := lang.X("dp.erased", "Erased irrevocably: {{.Interviews}} interviews, {{.Documents}} documents, {{.Codings}} codings, {{.Memos}} memos, {{.Recordings}} recordings.",
		map[string]any{"Interviews": r.Interviews, "Documents": r.Documents, "Codings": r.Codings, "Memos": r.Memos, "Recordings": r.Recordings})
	if r.KeyExported != "" {
		text += " " + lang.X("dp.keyExported", "The pseudonym key was copied to {{.Path}}.", map[string]any{"Path": r.KeyExported})
	}
	if r.KeyDestroyed {
		text += " " + lang.X("dp.keyDestroyed", "The pseudonym key left the project.")
	}
	if len(r.BackupsDeleted) > 0 {
		text += " " + lang.X("dp.backupsDeleted", "Backups deleted: {{.List}}", map[string]any{"List": strings.Join(r.BackupsDeleted, ", ")})
	}
	return text
}

// merge merges another protocoder project (a folder) into the open one;
// a protected source asks for its passphrase.
func (s *Shell) merge() {
	p := s.project
	if p == nil || s.files == nil {
		return
	}
	s.chooseFolder(func(dir string) { s.mergeFrom(p, dir, nil) })
}

func (s *Shell) mergeFrom(p *openProject, dir string, pass []byte) {
	var rep *exchange.MergeReport
	s.runTaskOn(p, lang.X("dp.merging", "Merging {{.Dir}} …", map[string]any{"Dir": filepath.Base(dir)}),
		func(ctx context.Context) (err error) { rep, err = s.files.Merge(ctx, p.svc, dir, pass); return err },
		func(err error) {
			clear(pass)
			switch {
			case isProtected(err) && pass == nil:
				s.askMergePassphrase(p, dir)
			case err != nil:
				s.showError(err)
			default:
				p.markStale(s)
				s.async(p.refresh)
				s.showImportReport(rep)
			}
		})
}

// askMergePassphrase asks for a protected merge source's passphrase.
func (s *Shell) askMergePassphrase(p *openProject, dir string) {
	pass := widget.NewPasswordEntry()
	items := []*widget.FormItem{widget.NewFormItem(lang.X("dp.pass", "Passphrase"), pass)}
	d := dialog.NewForm(lang.X("dp.mergePassTitle", "{{.Dir}} is protected", map[string]any{"Dir": filepath.Base(dir)}),
		lang.X("dp.mergeConfirm", "Merge"), lang.X("dialog.cancel", "Cancel"), items, func(ok bool) {
			if ok {
				secret := []byte(pass.Text)
				pass.SetText("")
				s.mergeFrom(p, dir, secret)
			}
		}, s.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	s.dpDialog = d
}

// defaultChooseFolder asks for a folder and passes its path to then;
// tests replace it.
func (s *Shell) defaultChooseFolder(then func(dir string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if u != nil {
			then(u.Path())
		}
	}, s.win)
	d.SetTitleText(lang.X("dp.mergeChoose", "Choose the project folder to merge"))
	s.startIn(d)
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

package anonview

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/keyfile"
)

// KeySource is what the pseudonym key's actions need of an open project;
// *project.Project implements it.
type KeySource interface {
	// InitKey creates the key, encrypted with its own passphrase.
	InitKey(pass []byte) error
	// LockKey forgets the unlocked key.
	LockKey()
	// AddKeyEntry maps a real name to a pseudonym in the unlocked key.
	AddKeyEntry(e keyfile.Entry) error
	// KeyEntries lists the unlocked key.
	KeyEntries() ([]keyfile.Entry, error)
	// ExportKey copies the (encrypted) key file to a new file outside
	// the project.
	ExportKey(to string) error
}

// minKeyPass is the shortest passphrase the GUI accepts for a new key.
const minKeyPass = 8

// keySource returns the source's key side, nil without one.
func (v *View) keySource() KeySource {
	k, _ := v.src.(KeySource)
	return k
}

// keyMenu returns the pseudonym key's actions for its status.
func (v *View) keyMenu() *fyne.Menu {
	st := v.src.KeyStatus()
	item := func(label string, on bool, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		it.Disabled = !on || v.keySource() == nil
		return it
	}
	return fyne.NewMenu("",
		item(lang.X("anonkey.create", "Create the key…"), !st.Exists, v.askCreateKey),
		item(lang.X("anonview.unlock", "Unlock key…"), st.Exists && !st.Unlocked, v.askUnlock),
		item(lang.X("anonkey.add", "Add a real name…"), st.Unlocked, v.askAddEntry),
		item(lang.X("anonkey.show", "Show the key…"), st.Unlocked, v.showEntries),
		item(lang.X("anonkey.export", "Copy the key to a file…"), st.Exists, v.askExportKey),
		fyne.NewMenuItemSeparator(),
		item(lang.X("anonkey.lock", "Lock the key"), st.Unlocked, v.lockKey))
}

// newKeyButton is the key row's menu button.
func (v *View) newKeyButton() *widget.Button {
	b := widget.NewButtonWithIcon(lang.X("anonkey.menu", "Pseudonym key…"), theme.AccountIcon(), nil)
	b.OnTapped = func() {
		if v.win == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).AddXY(0, b.Size().Height)
		widget.ShowPopUpMenuAtPosition(v.keyMenu(), v.win.Canvas(), pos)
	}
	return b
}

type errText string

func (e errText) Error() string { return string(e) }

// askCreateKey asks for the new key's passphrase, twice.
func (v *View) askCreateKey() {
	ks := v.keySource()
	if ks == nil {
		return
	}
	pass, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	pass.Validator = func(s string) error {
		if len([]rune(s)) < minKeyPass {
			return errText(lang.X("anonkey.passShort", "At least {{.N}} characters.", map[string]any{"N": minKeyPass}))
		}
		return nil
	}
	again.Validator = func(s string) error {
		if s != pass.Text {
			return errText(lang.X("anonkey.passMismatch", "The two passphrases differ."))
		}
		return nil
	}
	hint := widget.NewLabel(lang.X("anonkey.createText", "The pseudonym key maps real names to pseudonyms; the check then finds them in the protocols. It is a file of its own in the project folder, encrypted with this passphrase, and no export contains it. Only staff bound by data protection should know the passphrase; without it the key cannot be opened."))
	hint.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem("", hint),
		widget.NewFormItem(lang.X("anonview.passphrase", "Passphrase"), pass),
		widget.NewFormItem(lang.X("anonkey.again", "Repeat"), again)}
	d := dialog.NewForm(lang.X("anonkey.createTitle", "Create the pseudonym key"), lang.X("anonkey.createConfirm", "Create"),
		lang.X("anonview.cancel", "Cancel"), items, func(ok bool) {
			if !ok || pass.Text != again.Text {
				return
			}
			p := []byte(pass.Text)
			pass.SetText("")
			again.SetText("")
			v.async(func() {
				err := ks.InitKey(p)
				clear(p)
				v.afterAction(err)
			})
		}, v.win)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
	v.dialog = d
}

// kinds are the key's entry kinds, in the order of the select.
var kinds = []string{"person", "place", "org"}

// askAddEntry asks for a real name and its pseudonym.
func (v *View) askAddEntry() {
	ks := v.keySource()
	if ks == nil {
		return
	}
	real, pseudo, note := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	notEmpty := func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errText(lang.X("anonkey.required", "Required."))
		}
		return nil
	}
	real.Validator, pseudo.Validator = notEmpty, notEmpty
	pseudo.SetPlaceHolder(lang.X("anonkey.pseudonymHint", "e.g. [Person 12]"))
	note.SetPlaceHolder(lang.X("anonkey.noteHint", "optional, e.g. the role"))
	kind := widget.NewSelect([]string{lang.X("anonkey.person", "Person"), lang.X("anonkey.place", "Place"), lang.X("anonkey.org", "Organisation")}, nil)
	kind.SetSelectedIndex(0)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("anonkey.real", "Real name"), real),
		widget.NewFormItem(lang.X("anonkey.pseudonym", "Pseudonym"), pseudo),
		widget.NewFormItem(lang.X("anonkey.kind", "Kind"), kind),
		widget.NewFormItem(lang.X("anonkey.note", "Note"), note)}
	d := dialog.NewForm(lang.X("anonkey.addTitle", "Add a real name to the key"), lang.X("anonkey.addConfirm", "Add"),
		lang.X("anonview.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			e := keyfile.Entry{Real: real.Text, Pseudonym: pseudo.Text, Kind: kinds[max(0, kind.SelectedIndex())], Note: note.Text}
			real.SetText("")
			v.async(func() { v.afterAction(ks.AddKeyEntry(e)) })
		}, v.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	v.dialog = d
}

// showEntries lists the unlocked key: real names, so the dialog says to
// handle it with care.
func (v *View) showEntries() {
	ks := v.keySource()
	if ks == nil {
		return
	}
	v.async(func() {
		entries, err := ks.KeyEntries()
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			rows := [][]string{{lang.X("anonkey.kind", "Kind"), lang.X("anonkey.real", "Real name"), lang.X("anonkey.pseudonym", "Pseudonym"), lang.X("anonkey.note", "Note")}}
			for _, e := range entries {
				rows = append(rows, []string{kindLabel(e.Kind), e.Real, e.Pseudonym, e.Note})
			}
			t := widget.NewTable(func() (int, int) { return len(rows), 4 },
				func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
				func(id widget.TableCellID, o fyne.CanvasObject) {
					l := o.(*widget.Label)
					l.TextStyle.Bold = id.Row == 0
					l.SetText(rows[id.Row][id.Col])
				})
			for c, w := range []float32{110, 200, 160, 200} {
				t.SetColumnWidth(c, w)
			}
			warn := widget.NewLabel(lang.X("anonkey.showText", "Real names: show them only to staff bound by data protection. The list is not saved anywhere."))
			warn.Wrapping = fyne.TextWrapWord
			warn.Importance = widget.WarningImportance
			d := dialog.NewCustom(lang.XN("anonkey.showTitle", "The pseudonym key: {{.N}} entries", len(entries), map[string]any{"N": len(entries)}),
				lang.X("anonkey.close", "Close"), container.NewBorder(warn, nil, nil, nil, t), v.win)
			d.Resize(fyne.NewSize(720, 460))
			d.Show()
			v.dialog = d
		})
	})
}

// kindLabel names an entry kind in the user's language.
func kindLabel(k string) string {
	switch k {
	case "place":
		return lang.X("anonkey.place", "Place")
	case "org":
		return lang.X("anonkey.org", "Organisation")
	}
	return lang.X("anonkey.person", "Person")
}

// askExportKey asks where to copy the encrypted key file.
func (v *View) askExportKey() {
	ks := v.keySource()
	if ks == nil {
		return
	}
	v.chooseSave(keyfile.FileName, func(path string) {
		// A save dialog creates the file; the copy must be a new one.
		if st, err := os.Stat(path); err == nil && st.Size() == 0 {
			_ = os.Remove(path)
		}
		v.async(func() {
			err := ks.ExportKey(path)
			v.do(func() {
				if err != nil {
					v.onError(err)
					return
				}
				dialog.ShowInformation(lang.X("anonkey.exportTitle", "Pseudonym key copied"),
					lang.X("anonkey.exported", "The key was copied, still encrypted with its passphrase, to {{.Path}}. Keep the copy as safe as the key.",
						map[string]any{"Path": path}), v.win)
			})
		})
	})
}

// defaultChooseSave asks where to save a file named name.
func (v *View) defaultChooseSave(name string, then func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			v.onError(err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		_ = wc.Close()
		then(path)
	}, v.win)
	d.SetFileName(name)
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

// lockKey forgets the unlocked key.
func (v *View) lockKey() {
	if ks := v.keySource(); ks != nil {
		ks.LockKey()
		v.async(v.Update)
	}
}

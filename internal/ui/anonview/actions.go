package anonview

import (
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
)

// replace replaces the selected finding (everywhere: every finding with
// its text) by the replacement entered.
func (v *View) replace(everywhere bool) {
	f, ok := v.current()
	if !ok {
		return
	}
	req := privacy.AnonApplyRequest{IDs: []string{f.ID}, SameText: everywhere}
	if r := strings.TrimSpace(v.repl.Text); r != "" && r != f.Suggestion {
		req.Replacement = r
	}
	v.async(func() {
		res, err := v.src.AnonApply(req)
		v.afterAction(err)
		if err == nil {
			v.tellKept(res)
		}
	})
}

// tellKept says so when the replaced text still stands elsewhere in the
// project (a memo, a code's description): it stays there, and so does its
// history, until it is changed there too. Without this the review would
// look as if the name had left the project.
func (v *View) tellKept(res *privacy.AnonApplyResult) {
	if res == nil || res.Erasure == nil || res.Erasure.NeedlesKept == 0 {
		return
	}
	n := res.Erasure.NeedlesKept
	v.do(func() {
		d := dialog.NewInformation(lang.X("anonview.keptTitle", "Still elsewhere in the project"),
			lang.XN("anonview.kept", "{{.N}} of the replaced texts still occur elsewhere in the project (for example in a memo or a code's description). They stay there, and in the project's history, until they are changed there too.",
				n, map[string]any{"N": n}), v.win)
		d.Show()
	})
}

// afterAction reports an error or reloads and tells the shell.
func (v *View) afterAction(err error) {
	if err != nil {
		v.do(func() { v.onError(err) })
		return
	}
	v.Update()
	v.do(func() {
		if v.OnChanged != nil {
			v.OnChanged()
		}
	})
}

// askIgnore asks for the reason to leave the selected finding as it is.
func (v *View) askIgnore() {
	f, ok := v.current()
	if !ok {
		return
	}
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder(lang.X("anonview.reasonHint", "e.g. the name of a federal programme, not of a person"))
	reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errReasonMissing{}
		}
		return nil
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.X("anonview.reason", "Reason"), reason)}
	d := dialog.NewForm(lang.X("anonview.ignoreTitle", "Leave “{{.T}}” as it is?", map[string]any{"T": oneLine(f.Text)}),
		lang.X("anonview.ignoreConfirm", "Ignore"), lang.X("anonview.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			text := reason.Text
			v.async(func() { v.afterAction(v.src.AnonIgnore(f.ID, text)) })
		}, v.win)
	d.Resize(d.MinSize().AddWidthHeight(200, 60))
	d.Show()
}

type errReasonMissing struct{}

func (errReasonMissing) Error() string {
	return lang.X("anonview.reasonMissing", "Give a reason; it is recorded in the audit log.")
}

// askUnlock asks for the pseudonym key's passphrase.
func (v *View) askUnlock() {
	pass := widget.NewPasswordEntry()
	items := []*widget.FormItem{widget.NewFormItem(lang.X("anonview.passphrase", "Passphrase"), pass)}
	dialog.ShowForm(lang.X("anonview.unlockTitle", "Unlock the pseudonym key"), lang.X("anonview.unlockConfirm", "Unlock"),
		lang.X("anonview.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			p := []byte(pass.Text)
			pass.SetText("")
			v.async(func() {
				err := v.src.UnlockKey(p)
				clear(p)
				if err != nil {
					v.do(func() { v.onError(err) })
					return
				}
				v.Update()
			})
		}, v.win)
}

package interviews

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// next returns the status after s, or "" for a final (or unknown) one.
func next(s qda.Status) qda.Status {
	i := rank(qda.Statuses, s)
	if i+1 >= len(qda.Statuses) {
		return ""
	}
	return qda.Statuses[i+1]
}

// updateActions enables the buttons that apply to the selection.
func (l *List) updateActions() {
	iv, ok := l.Selected()
	enable := func(b interface {
		Enable()
		Disable()
	}, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(l.openBtn, ok)
	if l.privBtn != nil {
		enable(l.privBtn, ok)
	}
	to := next(iv.Status)
	if ok && to != "" {
		l.nextBtn.SetText(lang.X("interviews.advance", "Mark as {{.Status}}", map[string]any{"Status": i18n.Status(to)}))
	} else {
		l.nextBtn.SetText(lang.X("interviews.advanceNone", "Next status"))
	}
	enable(l.nextBtn, ok && to != "")
	final := ok && iv.Status == qda.StatusFinal
	enable(l.reopen, final)
	// Only one of the two status buttons shows, so that the action row
	// stays narrow enough for the tab beside the project tree.
	if final {
		l.nextBtn.Hide()
		l.reopen.Show()
	} else {
		l.reopen.Hide()
		l.nextBtn.Show()
	}
}

func (l *List) openSelected() {
	if iv, ok := l.Selected(); ok && l.OnOpen != nil {
		l.OnOpen(iv)
	}
}

// advance moves the selected protocol one status forward.
func (l *List) advance() {
	iv, ok := l.Selected()
	if to := next(iv.Status); ok && to != "" {
		l.setStatus(iv, to)
	}
}

// confirmReopen asks before moving a final protocol back to checked.
func (l *List) confirmReopen() {
	iv, ok := l.Selected()
	if !ok || iv.Status != qda.StatusFinal {
		return
	}
	msg := lang.X("interviews.reopenText", "The protocol of {{.Name}} is final. Reopening sets it back to “{{.Status}}” so that it can be edited again; the reopening is recorded in the audit log.",
		map[string]any{"Name": iv.Interviewee, "Status": i18n.Status(qda.StatusChecked)})
	d := dialog.NewConfirm(lang.X("interviews.reopenTitle", "Reopen protocol?"), msg, func(yes bool) {
		if yes {
			l.setStatus(iv, qda.StatusChecked)
		}
	}, l.win)
	d.SetConfirmText(lang.X("interviews.reopenConfirm", "Reopen"))
	d.SetDismissText(lang.X("dialog.cancel", "Cancel"))
	d.Show()
}

// setStatus changes a status off the UI goroutine and reloads the list.
func (l *List) setStatus(iv qda.Interview, to qda.Status) {
	l.async(func() {
		got, err := l.src.SetStatus(string(iv.GUID), to)
		if err != nil {
			l.do(func() { l.onError(err) })
			return
		}
		l.Update()
		l.do(func() {
			if l.OnChanged != nil {
				l.OnChanged(*got)
			}
			l.askDeleteRecording(got)
		})
	})
}

// askDeleteRecording asks, after a protocol became complete, whether to
// delete the interview's recording now (as the CLI does after a status
// change); kept, the protocol editor's recording bar keeps asking.
func (l *List) askDeleteRecording(iv *qda.Interview) {
	if iv.Status != qda.StatusComplete || !privacy.RecordingPending(iv) {
		return
	}
	msg := lang.X("interviews.recordingText", "The protocol of {{.Name}} is complete, and its recording is still in the project. Delete the recording irrevocably now? It cannot be restored, not even by undo.",
		map[string]any{"Name": iv.Interviewee})
	d := dialog.NewConfirm(lang.X("interviews.recordingTitle", "Delete the recording?"), msg, func(yes bool) {
		if !yes {
			return
		}
		l.async(func() {
			got, err := l.src.DeleteRecording(string(iv.GUID))
			if err != nil {
				l.do(func() { l.onError(err) })
				return
			}
			l.Update()
			l.do(func() {
				if l.OnChanged != nil {
					l.OnChanged(*got)
				}
			})
		})
	}, l.win)
	d.SetConfirmText(lang.X("interviews.recordingDelete", "Delete irrevocably"))
	d.SetDismissText(lang.X("interviews.recordingKeep", "Keep for now"))
	d.Show()
}

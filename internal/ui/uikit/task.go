package uikit

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Task is a long task running off the UI goroutine while a dialog says
// what is being done, with a moving bar and a Cancel button.
type Task struct {
	// Cancel is the dialog's Cancel button (for tests).
	Cancel *widget.Button
	// Label says what is being done.
	Label  *widget.Label
	cancel context.CancelFunc
	dialog dialog.Dialog
}

// RunTask runs work off the UI goroutine with async (tests run it inline)
// while a dialog on win says what (do runs on the UI goroutine; nil:
// fyne.Do); its Cancel button cancels work's
// context, and work must then return without having changed anything
// (the use cases check the context before they commit). done gets
// work's error on the UI goroutine after the dialog closed; Cancelled
// tells a cancelled task. Call RunTask on the UI goroutine.
func RunTask(win fyne.Window, async, do func(func()), what string, work func(ctx context.Context) error, done func(error)) *Task {
	if do == nil {
		do = fyne.Do
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &Task{cancel: cancel, Label: widget.NewLabel(what)}
	t.Label.Wrapping = fyne.TextWrapWord
	bar := widget.NewProgressBarInfinite()
	t.Cancel = widget.NewButtonWithIcon(lang.X("uikit.task.cancel", "Cancel"), theme.CancelIcon(), func() {
		cancel()
		t.Cancel.Disable()
		t.Label.SetText(lang.X("uikit.task.cancelling", "Cancelling … nothing is changed."))
	})
	t.dialog = dialog.NewCustomWithoutButtons(lang.X("uikit.task.title", "Please wait"),
		container.NewVBox(t.Label, bar, container.NewCenter(t.Cancel)), win)
	t.dialog.Resize(fyne.NewSize(460, 0))
	t.dialog.Show()
	async(func() {
		err := work(ctx)
		do(func() {
			bar.Stop()
			t.dialog.Hide()
			cancel()
			done(err)
		})
	})
	return t
}

// Cancelled reports whether err says that a task was cancelled.
func Cancelled(err error) bool { return errors.Is(err, context.Canceled) }

// CancelledText is the status line after a cancelled task.
func CancelledText() string {
	return lang.X("uikit.task.cancelled", "Cancelled: nothing was changed.")
}

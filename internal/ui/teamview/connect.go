package teamview

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ConnectDialog asks for a team project's address, the user name and the
// password and then clones the project into a new folder (Clone mode) or
// links the open project to it. It stays open and says what went wrong
// (wrong password, server unreachable, not a member …) until it succeeds
// or is cancelled; the work runs off the UI goroutine.
type ConnectDialog struct {
	URL, User, Password, Folder *widget.Entry
	// Error shows what went wrong; Progress runs while connecting.
	Error    *widget.Label
	Progress *widget.ProgressBarInfinite
	OK       *widget.Button
	Cancel   *widget.Button

	dlg   *dialog.CustomDialog
	async func(func())
	// folderEdited: the user typed a folder, so the project's name no
	// longer fills it in.
	folderEdited bool
	settingName  bool
	parent       string
	shown        bool
}

// ConnectOptions configure a ConnectDialog.
type ConnectOptions struct {
	// Clone: clone into a new folder (Folder is asked); otherwise connect
	// the open project.
	Clone bool
	// URL and User prefill the fields (the link's, to log in again).
	URL, User string
	// Parent is the folder a clone's new folder goes into at first.
	Parent string
	// ChooseFolder asks for a parent folder (nil: no button).
	ChooseFolder func(start string, then func(string))
	// Run does the work (Connector.Clone or Connect with the fields'
	// values); it blocks and is run through Async.
	Run func(ctx context.Context, url, user, password, folder string) error
	// Done is called on the UI goroutine after Run succeeded, with the
	// folder (Clone) or "".
	Done func(folder string)
	// Async runs blocking work off the UI goroutine (go f() if nil).
	Async func(func())
}

// NewConnectDialog builds the dialog on win; Show shows it.
func NewConnectDialog(win fyne.Window, o ConnectOptions) *ConnectDialog {
	d := &ConnectDialog{async: o.Async, parent: o.Parent}
	if d.async == nil {
		d.async = func(f func()) { go f() }
	}
	d.URL = widget.NewEntry()
	d.URL.SetPlaceHolder("https://team.example.org/ejo")
	d.URL.SetText(o.URL)
	d.User = widget.NewEntry()
	d.User.SetText(o.User)
	d.Password = widget.NewPasswordEntry()
	d.Error = widget.NewLabel("")
	d.Error.Wrapping = fyne.TextWrapWord
	d.Error.Importance = widget.DangerImportance
	d.Error.Hide()
	d.Progress = widget.NewProgressBarInfinite()
	d.Progress.Stop()
	d.Progress.Hide()

	items := []*widget.FormItem{
		{Text: lang.X("team.connect.url", "Team project"), Widget: d.URL, HintText: lang.X("team.connect.urlHint", "The server's address and the project's name, e.g. http://127.0.0.1:8443/ejo")},
		{Text: lang.X("team.connect.user", "User name"), Widget: d.User},
		{Text: lang.X("team.connect.password", "Password"), Widget: d.Password},
	}
	title := lang.X("team.connect.title", "Connect to the team server")
	okText := lang.X("team.connect.ok", "Connect")
	if o.Clone {
		title, okText = lang.X("team.clone.title", "Clone a team project"), lang.X("team.clone.ok", "Clone")
		d.Folder = widget.NewEntry()
		d.Folder.OnChanged = func(string) {
			if !d.settingName {
				d.folderEdited = true
			}
		}
		d.URL.OnChanged = func(string) { d.nameFolder() }
		d.nameFolder()
		var folder fyne.CanvasObject = d.Folder
		if o.ChooseFolder != nil {
			choose := widget.NewButton(lang.X("team.clone.choose", "Choose…"), func() {
				o.ChooseFolder(d.parent, func(p string) {
					d.parent, d.folderEdited = p, false
					d.nameFolder()
				})
			})
			folder = container.NewBorder(nil, nil, nil, choose, d.Folder)
		}
		items = append(items, &widget.FormItem{Text: lang.X("team.clone.folder", "New folder"), Widget: folder,
			HintText: lang.X("team.clone.folderHint", "The copy of the team project on this computer; it works offline too.")})
	}
	form := widget.NewForm(items...)
	d.Cancel = widget.NewButton(lang.X("dialog.cancel", "Cancel"), nil)
	d.OK = widget.NewButtonWithIcon(okText, theme.LoginIcon(), nil)
	d.OK.Importance = widget.HighImportance
	content := container.NewVBox(form, d.Progress, d.Error)
	d.dlg = dialog.NewCustomWithoutButtons(title, content, win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.Cancel, d.OK})
	d.dlg.SetOnClosed(func() { d.shown = false })
	var cancel context.CancelFunc
	d.Cancel.OnTapped = func() {
		if cancel != nil {
			cancel()
		}
		d.dlg.Hide()
	}
	d.OK.OnTapped = func() {
		url, user, pw := strings.TrimSpace(d.URL.Text), strings.TrimSpace(d.User.Text), d.Password.Text
		folder := ""
		if d.Folder != nil {
			folder = strings.TrimSpace(d.Folder.Text)
		}
		d.busy(true)
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		d.async(func() {
			err := o.Run(ctx, url, user, pw, folder)
			fyne.Do(func() {
				d.busy(false)
				if ctx.Err() != nil {
					return // cancelled
				}
				if err != nil {
					d.Error.SetText(ErrorText(err))
					d.Error.Show()
					if ProblemOf(err) == ProblemLogin {
						d.Password.SetText("")
						win.Canvas().Focus(d.Password)
					}
					return
				}
				d.dlg.Hide()
				if o.Done != nil {
					o.Done(folder)
				}
			})
		})
	}
	d.Password.OnSubmitted = func(string) { d.OK.OnTapped() }
	d.dlg.Resize(fyne.NewSize(640, 0))
	return d
}

// nameFolder fills in the new folder from the project's name in the
// address, until the user types a folder of their own.
func (d *ConnectDialog) nameFolder() {
	if d.Folder == nil || d.folderEdited {
		return
	}
	name := "team"
	if u := strings.TrimRight(strings.TrimSpace(d.URL.Text), "/"); u != "" {
		if i := strings.LastIndex(u, "/"); i >= 0 && i+1 < len(u) && !strings.HasSuffix(u[:i+1], "//") {
			name = u[i+1:]
		}
	}
	d.settingName = true
	d.Folder.SetText(filepath.Join(d.parent, name))
	d.settingName = false
}

func (d *ConnectDialog) busy(on bool) {
	if on {
		d.Error.Hide()
		d.Progress.Show()
		d.Progress.Start()
		d.OK.Disable()
		return
	}
	d.Progress.Stop()
	d.Progress.Hide()
	d.OK.Enable()
}

// Show shows the dialog and puts the focus in the first empty field.
func (d *ConnectDialog) Show(win fyne.Window) {
	d.shown = true
	d.dlg.Show()
	for _, e := range []*widget.Entry{d.URL, d.User, d.Password} {
		if e.Text == "" {
			win.Canvas().Focus(e)
			return
		}
	}
}

// Visible reports whether the dialog is shown.
func (d *ConnectDialog) Visible() bool { return d.shown }

// Package shell is protocoder's main window: the start screen when no
// project is open, and for an open project the search field, the navigation,
// the document area, the code tree and the status bar, with the File menu.
//
// The shell does not know how projects are stored: opening and creating
// them is injected as an Opener (cmd/protocoder wires it to the bbolt store),
// so the shell is tested headlessly on an in-memory store.
package shell

import (
	"log/slog"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/audio"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/teamview"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Opener opens and creates project folders.
type Opener interface {
	// Open opens the project in dir; the caller closes the Service.
	Open(dir string) (*project.Project, error)
	// Init creates a new, empty project named name in dir.
	Init(dir, name string) error
}

// Config holds the shell's collaborators.
type Config struct {
	// App is the running Fyne app; its Preferences keep the recent projects.
	App fyne.App
	// Window is the main window.
	Window fyne.Window
	// Opener opens and creates projects.
	Opener Opener
	// User names the team member who works ($PROTOCODER_USER), if set;
	// otherwise the shell asks on the first open of a project and
	// remembers the choice per project.
	User string
	// Log receives error details; nil discards them.
	Log *slog.Logger
	// Files writes and reads exchange and export files (File menu); nil
	// leaves those items disabled.
	Files Files
	// DocsDir is the documentation folder the Help menu opens ("": none).
	DocsDir string
	// View names the view to show when the first project opens
	// ($PROTOCODER_VIEW, see ShowView); "" reopens the document shown
	// last in that project.
	View string
	// Audio plays recordings in the protocol editor; nil for none (the
	// editor then says so).
	Audio audio.Opener
	// Team clones and connects team projects and syncs linked ones in
	// the background; nil hides the team items.
	Team teamview.Connector
	// Async runs blocking work off the UI goroutine; nil starts a
	// goroutine each time (tests pass one that runs it inline).
	Async func(func())
}

// Shell is the main window's controller.
type Shell struct {
	app    fyne.App
	win    fyne.Window
	opener Opener
	user   string
	log    *slog.Logger
	audio  audio.Opener
	recent *Recent
	// async runs blocking work off the UI goroutine; tests run it inline.
	async func(func())

	keys    map[string]func() // the window's shortcuts by name (menu.go)
	project *openProject      // nil while the start screen shows
	opening string            // folder being opened, to ignore double clicks
	view    string            // Config.View, until the first project shows
	files   Files
	docs    string
	// chooseSave and chooseOpen ask for a file to write or read (file
	// dialogs; tests replace them).
	chooseSave   func(name string, then func(path string))
	chooseOpen   func(ext string, then func(path string))
	chooseFolder func(then func(dir string))
	// protectedDir is the folder of the project last opened with a
	// passphrase (File ▸ Data protection offers to decrypt it).
	protectedDir string
	// The last dialogs' parts, for tests.
	reportForm    *reportForm
	reportPreview *analysis.ReportResult
	prefsForm     *widget.Form
	backupList    *widget.Select
	// team links project folders to team servers (team.go).
	team        teamview.Connector
	lastConnect *teamview.ConnectDialog
	task        *uikit.Task   // the last long task's dialog
	dpDialog    dialog.Dialog // the last data-protection dialog
}

// New returns a shell on cfg's window. Call Start to show something.
func New(cfg Config) *Shell {
	s := &Shell{app: cfg.App, win: cfg.Window, opener: cfg.Opener, user: cfg.User, log: cfg.Log, audio: cfg.Audio,
		recent: NewRecent(cfg.App.Preferences()), async: func(f func()) { go f() }, view: cfg.View,
		files: cfg.Files, docs: cfg.DocsDir, team: cfg.Team}
	if cfg.Async != nil {
		s.async = cfg.Async
	}
	s.chooseSave, s.chooseOpen, s.chooseFolder = s.defaultChooseSave, s.defaultChooseOpen, s.defaultChooseFolder
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.applyTheme()
	s.installShortcuts()
	s.win.SetOnDropped(s.dropped)
	s.win.SetCloseIntercept(s.RequestClose)
	return s
}

// RequestClose saves the protocol being edited and then closes the
// window, which ends the app. If saving fails the window stays open and
// the error is shown. Call it on the UI goroutine.
func (s *Shell) RequestClose() {
	if s.project == nil {
		s.win.Close()
		return
	}
	s.project.leaveEditor(s.win.Close)
}

// Start shows the start screen and, if dir is not empty, opens the project
// in dir. Call it on the UI goroutine.
func (s *Shell) Start(dir string) {
	s.showStart()
	if dir != "" {
		s.OpenProject(dir)
	}
}

// Recent returns the recent-projects list.
func (s *Shell) Recent() *Recent { return s.recent }

// Service returns the open project's service, or nil.
func (s *Shell) Service() *project.Project {
	if s.project == nil {
		return nil
	}
	return s.project.svc
}

// Dir returns the open project's folder, or "".
func (s *Shell) Dir() string {
	if s.project == nil {
		return ""
	}
	return s.project.dir
}

// OpenProject opens the project in dir off the UI goroutine and shows it;
// the project open before is closed. Call it on the UI goroutine.
func (s *Shell) OpenProject(dir string) {
	dir = cleanDir(dir)
	if s.project != nil && s.project.dir == dir || s.opening == dir {
		return
	}
	s.opening = dir
	s.openService(dir, nil, func(svc *project.Project, err error) {
		s.opening = ""
		if isProtected(err) {
			s.askPassphrase(dir, false)
			return
		}
		if err != nil {
			if !s.offerRestore(dir, err) {
				s.showError(err)
			}
			return
		}
		s.show(dir, svc)
	})
}

// CreateProject creates a project named name in dir and opens it. Call it
// on the UI goroutine.
func (s *Shell) CreateProject(dir, name string) {
	dir = cleanDir(dir)
	s.async(func() {
		err := s.opener.Init(dir, name)
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			s.OpenProject(dir)
		})
	})
}

// CloseProject closes the open project and shows the start screen. Call it
// on the UI goroutine.
func (s *Shell) CloseProject() {
	done := func() {
		s.closeService()
		s.showStart()
	}
	if s.project == nil {
		done()
		return
	}
	s.project.leaveEditor(done)
}

// Close releases the open project; call it when the app ends.
func (s *Shell) Close() { s.closeService() }

func (s *Shell) closeService() {
	if s.project == nil {
		return
	}
	s.project.stopTeam()
	if err := s.project.svc.Close(); err != nil {
		s.log.Error("close project", "dir", s.project.dir, "err", err)
	}
	s.project = nil
}

// show replaces whatever is shown by the project's main layout.
func (s *Shell) show(dir string, svc *project.Project) {
	s.closeService()
	s.project = newProject(s, dir, svc)
	s.project.protected = s.protectedDir == dir
	s.recent.Add(dir)
	s.win.SetTitle("protocoder – " + filepath.Base(dir))
	s.win.SetContent(s.project.content)
	s.refreshMenu()
	s.async(s.project.update)
	s.project.repairIndex(s)
	p := s.project
	// A team replica acts as its account: the link starts first.
	s.startTeam(p, func() {
		s.ensureMember(p)
		if view := s.view; view != "" {
			s.view = ""
			if err := s.ShowView(view); err != nil {
				s.log.Error("show view", "err", err)
			}
			return
		}
		p.reopenLast(s)
	})
}

// showStart shows the start screen.
func (s *Shell) showStart() {
	s.win.SetTitle("protocoder")
	s.win.SetContent(s.startScreen())
	s.refreshMenu()
}

// showError shows err's user-facing message in a dialog and logs the
// details.
func (s *Shell) showError(err error) {
	s.log.Error("error", "code", qda.ErrorCode(err), "err", err)
	lead, detail := i18n.ErrorParts(err)
	text := widget.NewLabel(lead)
	text.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(text)
	if detail != "" {
		box.Add(newErrorDetail(detail, i18n.Keyed(err)))
	}
	d := dialog.NewCustom(lang.X("error.title", "Error"), lang.X("dialog.close", "Close"), box, s.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// errorDetail is the app's own sentence under an error message: it names
// what went wrong (a field, a name, a number), set apart, small and in
// italics, after "Details:". It is in the user's language when the app
// error carries a message key (keyed), else the app's English sentence.
type errorDetail struct {
	widget.Label
	keyed bool
}

func newErrorDetail(detail string, keyed bool) *errorDetail {
	l := &errorDetail{keyed: keyed}
	l.Text = lang.X("error.detail", "Details: {{.Detail}}", map[string]any{"Detail": detail})
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle = fyne.TextStyle{Italic: true}
	l.SizeName = theme.SizeNameCaptionText
	l.ExtendBaseWidget(l)
	return l
}

// ErrorMessage returns the message shown to the user for err, in the
// user's language (i18n.Error).
func ErrorMessage(err error) string { return i18n.Error(err) }

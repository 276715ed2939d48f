package shell

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/protocoder/protocoder/internal/app/study"
)

// InfoSource is what the status bar needs of an open project: its counts
// (study.Service.Counts, cheap enough to load after every change).
type InfoSource interface {
	Counts() (study.Info, error)
}

// StatusBar shows the project's name, its counts and the current user.
type StatusBar struct {
	widget.BaseWidget

	// OnUpdated is called on the UI goroutine after new counts are shown.
	OnUpdated func(study.Info)

	src     InfoSource
	onError func(error)
	name    *widget.Label
	counts  *widget.Label
	user    *widget.Label
	message *widget.Label
	extra   *fyne.Container // the team link's part (SetTeam)
	info    study.Info
}

// NewStatusBar returns a status bar on src for the given user.
func NewStatusBar(src InfoSource, user string, onError func(error)) *StatusBar {
	s := &StatusBar{src: src, onError: onError}
	s.name = widget.NewLabel("")
	s.name.TextStyle = fyne.TextStyle{Bold: true}
	s.counts = widget.NewLabel("")
	s.counts.Truncation = fyne.TextTruncateEllipsis
	if user == "" {
		user = lang.X("status.noUser", "no member chosen")
	}
	s.message = widget.NewLabel("")
	s.message.Importance = widget.LowImportance
	s.user = widget.NewLabelWithStyle(user, fyne.TextAlignTrailing, fyne.TextStyle{})
	s.extra = container.NewHBox()
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer implements fyne.Widget.
func (s *StatusBar) CreateRenderer() fyne.WidgetRenderer {
	right := container.NewHBox(s.message, s.extra, widget.NewIcon(theme.AccountIcon()), s.user)
	bar := container.NewBorder(nil, nil, s.name, right, s.counts)
	return widget.NewSimpleRenderer(container.NewVBox(widget.NewSeparator(), bar))
}

// SetMessage shows a short note about the last action (e.g. what undo
// reverted) until the next one. Call it on the UI goroutine.
func (s *StatusBar) SetMessage(text string) { s.message.SetText(short(text)) }

// SetTeam shows o (the team link's state) beside the user. Call it on the
// UI goroutine.
func (s *StatusBar) SetTeam(o fyne.CanvasObject) {
	s.extra.Objects = []fyne.CanvasObject{o}
	s.extra.Refresh()
}

// Message returns the note shown by SetMessage.
func (s *StatusBar) Message() string { return s.message.Text }

// SetUser shows the acting team member. Call it on the UI goroutine.
func (s *StatusBar) SetUser(label string) {
	if label == "" {
		label = lang.X("status.noUser", "no member chosen")
	}
	s.user.SetText(label)
}

// User returns the acting member as shown.
func (s *StatusBar) User() string { return s.user.Text }

// Info returns the counts shown.
func (s *StatusBar) Info() study.Info { return s.info }

// Text returns the bar's text as shown, for tests and accessibility.
func (s *StatusBar) Text() string {
	return s.name.Text + " | " + s.counts.Text + " | " + s.user.Text
}

// Update loads the project's counts. It blocks while loading, so call it
// off the UI goroutine; the bar is updated with fyne.Do.
func (s *StatusBar) Update() {
	in, err := s.src.Counts()
	fyne.Do(func() {
		if err != nil {
			s.onError(err)
			return
		}
		s.info = in
		s.name.SetText(in.Name)
		s.counts.SetText(CountsText(in))
		if s.OnUpdated != nil {
			s.OnUpdated(in)
		}
	})
}

// CountsText summarises a project's counts in one line.
func CountsText(in study.Info) string {
	return strings.Join([]string{
		lang.XN("count.guidelines", "{{.N}} guidelines", in.Guidelines, map[string]any{"N": in.Guidelines}),
		lang.XN("count.interviews", "{{.N}} interviews", in.Interviews, map[string]any{"N": in.Interviews}),
		lang.XN("count.documents", "{{.N}} documents", in.Documents, map[string]any{"N": in.Documents}),
		lang.XN("count.codes", "{{.N}} codes", in.Codes, map[string]any{"N": in.Codes}),
		lang.XN("count.codings", "{{.N}} codings", in.Codings, map[string]any{"N": in.Codings}),
	}, " · ")
}

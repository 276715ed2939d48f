// Package player is the recording bar of the protocol editor: it shows
// whether an interview has a recording, attaches one (a file dialog, or a
// file dropped onto the window), plays it while the protocol is written —
// play/pause (F4), back 5 s (F5), speed 0.75–1.5×, position and length —
// and deletes it irrevocably. Playing goes through an audio.Opener
// (cmd/protocoder hands in the oto device); without one, or without a
// sound card, the bar says so and everything else still works.
package player

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/audio"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the player needs of an open project; *project.Project
// implements it.
type Source interface {
	// Interview returns an interview by GUID.
	Interview(ref string) (*qda.Interview, error)
	// RecordingFile returns the path of an interview's recording file.
	RecordingFile(ref string) (string, error)
	// AttachRecording copies a recording into the project.
	AttachRecording(ref, path string, maxSize int64) (*privacy.Recording, error)
	// DeleteRecording deletes an interview's recording irrevocably.
	DeleteRecording(ref string) (*qda.Interview, error)
}

// The keys that work while typing in the protocol, as in transcription
// tools.
const (
	KeyPlayPause = fyne.KeyF4
	KeyBack      = fyne.KeyF5
)

// BackStep is how far KeyBack goes back.
const BackStep = 5 * time.Second

// Speeds are the playback speeds offered.
var Speeds = []float64{0.75, 1, 1.25, 1.5}

// DefaultTick is how often the position is shown anew while playing.
const DefaultTick = 250 * time.Millisecond

// Player is the recording bar.
type Player struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after a recording was
	// attached or deleted, with the interview as it is now.
	OnChanged func(*qda.Interview)
	// Tick is how often the position is shown anew while playing; zero
	// means DefaultTick, a negative value never (headless tests, whose
	// fyne.Do runs on the calling goroutine, refresh it themselves).
	Tick time.Duration

	src     Source
	opener  audio.Opener // nil: no audio output in this build
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())
	// chooseFile asks for a recording to attach, confirm whether to
	// delete it; tests replace both.
	chooseFile func(then func(path string))
	confirm    func(title, msg, ok string, then func())

	info    *widget.Label
	attach  *widget.Button
	play    *widget.Button
	back    *widget.Button
	speed   *widget.Select
	pos     *widget.Label
	del     *widget.Button
	players *fyne.Container // play, back, speed, position

	iv       *qda.Interview
	readOnly bool
	track    audio.Track
	trackFor qda.GUID // the interview track belongs to
	opening  bool
	rate     float64
	stop     chan struct{} // closes to end the position ticker
	mu       sync.Mutex    // guards stop
}

// New returns a player bar on src with opener for the audio output (nil
// for none); dialogs open on win and errors go to onError.
func New(src Source, opener audio.Opener, win fyne.Window, onError func(error)) *Player {
	p := &Player{src: src, opener: opener, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }, rate: 1}
	p.chooseFile = p.chooseRecording
	p.confirm = p.confirmDialog
	// Not wrapped: a wrapping label's height is only known once it has a
	// width, which the editor's header does not give it; the messages are
	// short lines instead, each cut with an ellipsis if the bar is narrow.
	p.info = widget.NewLabel("")
	p.info.Truncation = fyne.TextTruncateEllipsis
	p.attach = widget.NewButtonWithIcon(lang.X("player.attach", "Attach recording…"), theme.ContentAddIcon(), p.AskAttach)
	p.play = widget.NewButtonWithIcon(playLabel(), theme.MediaPlayIcon(), p.TogglePlay)
	p.back = widget.NewButtonWithIcon(lang.X("player.back", "5 s back (F5)"), theme.MediaReplayIcon(), p.Back)
	var labels []string
	for _, f := range Speeds {
		labels = append(labels, speedLabel(f))
	}
	p.speed = widget.NewSelect(labels, func(s string) {
		for _, f := range Speeds {
			if speedLabel(f) == s {
				p.SetSpeed(f)
			}
		}
	})
	p.speed.SetSelected(speedLabel(1))
	p.pos = widget.NewLabel("")
	p.pos.TextStyle = fyne.TextStyle{Monospace: true}
	p.del = widget.NewButtonWithIcon(lang.X("player.delete", "Delete recording…"), theme.DeleteIcon(), p.AskDelete)
	p.del.Importance = widget.DangerImportance
	p.players = container.NewHBox(p.play, p.back, p.speed, p.pos)
	p.ExtendBaseWidget(p)
	p.show()
	return p
}

// SetOpener sets the audio output (nil: none). Call it before playing.
func (p *Player) SetOpener(o audio.Opener) {
	p.closeTrack()
	p.opener = o
	p.show()
}

// SetDo sets how functions are run on the UI goroutine (the editor's
// tests serialise them).
func (p *Player) SetDo(do func(func())) { p.do = do }

// SetAsync sets how blocking work (copying, deleting, opening) runs off
// the UI goroutine; the shell's tests run it inline.
func (p *Player) SetAsync(async func(func())) { p.async = async }

// CreateRenderer implements fyne.Widget.
func (p *Player) CreateRenderer() fyne.WidgetRenderer {
	row := container.NewBorder(nil, nil, p.players, container.NewHBox(p.attach, p.del))
	return widget.NewSimpleRenderer(container.NewVBox(row, p.info))
}

func playLabel() string  { return lang.X("player.play", "Play (F4)") }
func pauseLabel() string { return lang.X("player.pause", "Pause (F4)") }

func speedLabel(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if sep := lang.X("format.decimal", "."); sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	return s + "×"
}

// SetInterview shows iv's recording (nil: none); a final protocol's bar
// only offers to delete. A track playing for another interview stops.
// Call it on the UI goroutine.
func (p *Player) SetInterview(iv *qda.Interview, readOnly bool) {
	if iv == nil || p.trackFor != iv.GUID {
		p.closeTrack()
	}
	p.iv, p.readOnly = iv, readOnly
	p.show()
}

// Interview returns the interview shown, or nil.
func (p *Player) Interview() *qda.Interview { return p.iv }

// Info returns the bar's message.
func (p *Player) Info() string { return p.info.Text }

// PositionText returns the position label's text.
func (p *Player) PositionText() string { return p.pos.Text }

// show sets the bar for the current interview.
func (p *Player) show() {
	hide := func(objs ...fyne.CanvasObject) {
		for _, o := range objs {
			o.Hide()
		}
	}
	iv := p.iv
	switch {
	case iv == nil:
		hide(p.attach, p.del, p.players)
		p.info.SetText("")
	case iv.Recording == qda.RecordingPresent:
		p.attach.Hide()
		p.del.Show()
		p.players.Show()
		switch {
		case privacy.RecordingPending(iv):
			p.info.SetText(lang.X("player.pending", "The protocol is {{.Status}}: please delete the recording now.",
				map[string]any{"Status": i18n.Status(iv.Status)}))
		case p.opener == nil:
			p.info.SetText(lang.X("player.noOutput", "This build of protocoder has no audio output;\nplay the recording with another program."))
		default:
			p.info.SetText(lang.X("player.keys", "Recording attached. F4 plays and pauses, F5 goes back 5 s, also while typing."))
		}
	case iv.Recording == qda.RecordingDeleted:
		hide(p.attach, p.del, p.players)
		p.info.SetText(lang.X("player.deleted", "The recording of this interview was deleted."))
	case p.readOnly:
		hide(p.attach, p.del, p.players)
		p.info.SetText("")
	default:
		hide(p.del, p.players)
		p.attach.Show()
		p.info.SetText(lang.X("player.none", "No recording. Drag an audio file onto the window or choose one."))
	}
	p.updatePosition()
	p.Refresh()
}

// HandleKey handles the player's keys (F4, F5) and reports whether it did;
// the protocol editor's fields and the window pass their keys here first.
func (p *Player) HandleKey(ev *fyne.KeyEvent) bool {
	if p.iv == nil || p.iv.Recording != qda.RecordingPresent {
		return false
	}
	switch ev.Name {
	case KeyPlayPause:
		p.TogglePlay()
	case KeyBack:
		p.Back()
	default:
		return false
	}
	return true
}

// TogglePlay plays or pauses the recording; the first time it opens it
// (off the UI goroutine). Call it on the UI goroutine.
func (p *Player) TogglePlay() {
	if p.iv == nil || p.iv.Recording != qda.RecordingPresent || p.opening {
		return
	}
	if p.opener == nil {
		p.info.SetText(lang.X("player.noOutput", "This build of protocoder has no audio output;\nplay the recording with another program."))
		return
	}
	if p.track != nil {
		if p.track.Playing() {
			p.track.Pause()
			p.stopTicker()
		} else {
			p.track.Play()
			p.startTicker()
		}
		p.updatePosition()
		return
	}
	p.opening = true
	id := p.iv.GUID
	p.info.SetText(lang.X("player.opening", "Opening the recording…"))
	p.async(func() {
		tr, err := p.openTrack(id)
		p.do(func() {
			p.opening = false
			if p.iv == nil || p.iv.GUID != id {
				if tr != nil {
					tr.Close()
				}
				return
			}
			if err != nil {
				p.info.SetText(openMessage(err))
				if qda.ErrorCode(err) == qda.ENotFound {
					p.attach.Show() // kept on the recorder: it can be attached now
				}
				return
			}
			p.track, p.trackFor = tr, id
			tr.SetSpeed(p.rate)
			tr.Play()
			p.show()
			p.startTicker()
		})
	})
}

func (p *Player) openTrack(id qda.GUID) (audio.Track, error) {
	path, err := p.src.RecordingFile(string(id))
	if err != nil {
		return nil, err
	}
	return p.opener.Open(path)
}

// openMessage says why a recording does not play.
func openMessage(err error) string {
	switch {
	case audio.IsUnsupported(err):
		var u *audio.UnsupportedError
		errors.As(err, &u)
		return withDetail(lang.X("player.unsupported", "This recording ({{.Format}}) cannot be played here;\nplay the file with another program. Deleting it works all the same.",
			map[string]any{"Format": u.Format}), err)
	case audio.IsDevice(err):
		return withDetail(lang.X("player.noDevice", "No audio output could be opened (no sound card or sound server?);\nplay the recording with another program."), err)
	case qda.ErrorCode(err) == qda.ENotFound:
		return lang.X("player.notHere", "The recording is not in the project folder (still on the recorder?);\nattach the file to play it here.")
	}
	return withDetail(lang.X("player.failed", "The recording could not be played."), err)
}

// withDetail adds the (English) detail of err under a message.
func withDetail(msg string, err error) string {
	return msg + "\n" + lang.X("error.detail", "Details: {{.Detail}}", map[string]any{"Detail": err.Error()})
}

// Back goes back BackStep (and keeps playing or pausing).
func (p *Player) Back() {
	if p.track == nil {
		return
	}
	if err := p.track.Seek(p.track.Position() - BackStep); err != nil {
		p.info.SetText(openMessage(err))
	}
	p.updatePosition()
}

// SetSpeed sets the playback speed for this and later recordings.
func (p *Player) SetSpeed(f float64) {
	p.rate = f
	if p.track != nil {
		p.track.SetSpeed(f)
	}
	if s := speedLabel(f); p.speed.Selected != s {
		p.speed.SetSelected(s)
	}
}

// Playing reports whether the recording is playing.
func (p *Player) Playing() bool { return p.track != nil && p.track.Playing() }

// updatePosition shows the position and the play button's state.
func (p *Player) updatePosition() {
	if p.track == nil {
		p.pos.SetText("")
		p.play.SetText(playLabel())
		p.play.SetIcon(theme.MediaPlayIcon())
		p.back.Disable()
		return
	}
	p.back.Enable()
	p.pos.SetText(clock(p.track.Position()) + " / " + clock(p.track.Duration()))
	if p.track.Playing() {
		p.play.SetText(pauseLabel())
		p.play.SetIcon(theme.MediaPauseIcon())
	} else {
		p.play.SetText(playLabel())
		p.play.SetIcon(theme.MediaPlayIcon())
	}
}

// clock formats d as m:ss, or h:mm:ss from an hour on.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// startTicker shows the position while playing; it stops itself at the
// recording's end.
func (p *Player) startTicker() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil || p.Tick < 0 {
		return
	}
	tick := p.Tick
	if tick == 0 {
		tick = DefaultTick
	}
	stop := make(chan struct{})
	p.stop = stop
	go func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.do(func() {
					p.updatePosition()
					if p.track == nil || !p.track.Playing() {
						p.stopTicker()
					}
				})
			}
		}
	}()
}

func (p *Player) stopTicker() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
}

// Close stops playing and releases the recording's file. Call it on the
// UI goroutine when the editor closes.
func (p *Player) Close() { p.closeTrack(); p.updatePosition() }

func (p *Player) closeTrack() {
	p.stopTicker()
	if p.track != nil {
		_ = p.track.Close()
		p.track, p.trackFor = nil, ""
	}
}

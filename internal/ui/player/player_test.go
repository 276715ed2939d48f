package player

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/audio"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// canary marks the audio bytes of the test recordings.
const canary = "AUDIO-CANARY-7f3a"

// fakeTrack records what the player asks of it.
type fakeTrack struct {
	path    string
	playing bool
	pos     time.Duration
	dur     time.Duration
	speed   float64
	closed  bool
}

func (f *fakeTrack) Play()                   { f.playing = true }
func (f *fakeTrack) Pause()                  { f.playing = false }
func (f *fakeTrack) Playing() bool           { return f.playing }
func (f *fakeTrack) Position() time.Duration { return f.pos }
func (f *fakeTrack) Duration() time.Duration { return f.dur }
func (f *fakeTrack) Speed() float64          { return f.speed }
func (f *fakeTrack) SetSpeed(s float64)      { f.speed = s }
func (f *fakeTrack) Close() error            { f.closed = true; f.playing = false; return nil }
func (f *fakeTrack) Seek(d time.Duration) error {
	f.pos = max(0, min(f.dur, d))
	return nil
}

// fakeOpener opens fake tracks, or fails with err.
type fakeOpener struct {
	err    error
	tracks []*fakeTrack
}

func (o *fakeOpener) Open(path string) (audio.Track, error) {
	if o.err != nil {
		return nil, o.err
	}
	t := &fakeTrack{path: path, dur: 3*time.Minute + 7*time.Second, pos: 42 * time.Second, speed: 1}
	o.tracks = append(o.tracks, t)
	return t, nil
}

// fixture is the sample project in a temporary folder (so recordings can
// be attached) with TL-12 a draft with recording consent.
type fixture struct {
	svc    *project.Project
	m      *uitest.MemStore
	iv     *qda.Interview
	dir    string
	errs   []error
	opener *fakeOpener
	p      *Player
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "en_US.UTF-8")
	m := uitest.Sample()
	m.Folder = t.TempDir()
	id := uitest.ID("iv:TL-12")
	iv := m.Interviews[id]
	iv.Status, iv.Consent.Recording = qda.StatusDraft, true
	m.Interviews[id] = iv
	f := &fixture{svc: uitest.Service(m, "anna"), m: m, dir: m.Folder, opener: &fakeOpener{}}
	f.p = New(f.svc, f.opener, nil, func(err error) { f.errs = append(f.errs, err) })
	f.p.do, f.p.async, f.p.Tick = func(g func()) { g() }, func(g func()) { g() }, -1
	f.p.confirm = func(_, _, _ string, then func()) { then() }
	f.load(t)
	return f
}

// load shows TL-12 as it is in the store.
func (f *fixture) load(t *testing.T) {
	t.Helper()
	iv, err := f.svc.Interview(string(uitest.ID("iv:TL-12")))
	if err != nil {
		t.Fatal(err)
	}
	f.iv = iv
	f.p.SetInterview(iv, false)
}

// recording writes a WAV-looking file with the canary in it.
func recording(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	data := append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), strings.Repeat(canary, 100)...)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// canaries lists the files below dir holding the canary.
func canaries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, []byte(canary)) {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlayer_Attach(t *testing.T) {
	tests := []struct {
		name   string
		attach func(f *fixture, path string)
	}{
		{"file dialog", func(f *fixture, path string) {
			f.p.chooseFile = func(then func(string)) { then(path) }
			f.p.AskAttach()
		}},
		{"dropped file", func(f *fixture, path string) {
			if !f.p.DropURIs([]fyne.URI{storage.NewURI("https://example.org/x.mp3"), storage.NewFileURI(path)}) {
				f.errs = append(f.errs, errors.New("drop not taken"))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if f.p.attach.Hidden || !f.p.players.Hidden {
				t.Error("without a recording the bar should offer to attach one and no player")
			}
			var changed *qda.Interview
			f.p.OnChanged = func(iv *qda.Interview) { changed = iv }
			tt.attach(f, recording(t, "tl12.wav"))
			if len(f.errs) > 0 {
				t.Fatal(f.errs)
			}
			if changed == nil || changed.Recording != qda.RecordingPresent {
				t.Fatalf("OnChanged got %+v", changed)
			}
			if got := canaries(t, f.dir); len(got) != 1 || filepath.Dir(got[0]) != filepath.Join(f.dir, "recordings") {
				t.Errorf("recording files %v", got)
			}
			if !f.p.attach.Hidden || f.p.players.Hidden || f.p.del.Hidden {
				t.Error("with a recording the bar should show the player and the delete button")
			}
			if !strings.Contains(f.p.Info(), "F4") {
				t.Errorf("info %q does not name the keys", f.p.Info())
			}
			f.p.DropURIs([]fyne.URI{storage.NewFileURI(recording(t, "other.wav"))})
			if len(f.errs) != 1 || qda.ErrorCode(f.errs[0]) != qda.EConflict {
				t.Errorf("a second recording: errors %v, want the use case's conflict", f.errs)
			}
		})
	}
}

func TestPlayer_AttachRefused(t *testing.T) {
	f := newFixture(t)
	bad := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(bad, []byte("no audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.p.Attach(bad)
	if len(f.errs) != 1 || qda.ErrorCode(f.errs[0]) != qda.EInvalid {
		t.Fatalf("errors %v, want the use case's EInvalid", f.errs)
	}
	if f.p.attach.Hidden {
		t.Error("after a refused attach the bar should still offer to attach")
	}
}

func TestPlayer_HandleKey(t *testing.T) {
	f := newFixture(t)
	if f.p.HandleKey(&fyne.KeyEvent{Name: KeyPlayPause}) {
		t.Error("F4 taken without a recording")
	}
	f.p.Attach(recording(t, "tl12.wav"))
	steps := []struct {
		key     fyne.KeyName
		taken   bool
		playing bool
		pos     time.Duration
		label   string
	}{
		{KeyPlayPause, true, true, 42 * time.Second, "0:42 / 3:07"},
		{KeyBack, true, true, 37 * time.Second, "0:37 / 3:07"},
		{KeyPlayPause, true, false, 37 * time.Second, "0:37 / 3:07"},
		{fyne.KeyA, false, false, 37 * time.Second, "0:37 / 3:07"},
		{KeyPlayPause, true, true, 37 * time.Second, "0:37 / 3:07"},
	}
	for i, s := range steps {
		if got := f.p.HandleKey(&fyne.KeyEvent{Name: s.key}); got != s.taken {
			t.Errorf("step %d: %s taken = %v", i, s.key, got)
		}
		if len(f.opener.tracks) != 1 {
			t.Fatalf("step %d: %d tracks opened, want 1", i, len(f.opener.tracks))
		}
		tr := f.opener.tracks[0]
		if tr.playing != s.playing || tr.pos != s.pos || f.p.PositionText() != s.label {
			t.Errorf("step %d: playing %v at %v (%q), want %v at %v (%q)", i, tr.playing, tr.pos, f.p.PositionText(), s.playing, s.pos, s.label)
		}
	}
	if want := filepath.Join(f.dir, "recordings", string(f.iv.GUID)+".wav"); f.opener.tracks[0].path != want {
		t.Errorf("opened %q, want %q", f.opener.tracks[0].path, want)
	}
	f.p.speed.SetSelected("1.5×")
	if sp := f.opener.tracks[0].speed; sp != 1.5 {
		t.Errorf("speed %v after choosing 1.5×", sp)
	}
	f.p.SetInterview(nil, false)
	if !f.opener.tracks[0].closed {
		t.Error("the track stays open after the editor moved on")
	}
}

func TestPlayer_OpenErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"format", &audio.UnsupportedError{Path: "x.m4a", Format: "m4a"}, "This recording (m4a) cannot be played here;\nplay the file with another program"},
		{"device", &audio.DeviceError{Err: errors.New("ALSA: no such device")}, "No audio output could be opened"},
		{"other", errors.New("boom"), "could not be played"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.p.Attach(recording(t, "tl12.wav"))
			f.opener.err = tt.err
			f.p.HandleKey(&fyne.KeyEvent{Name: KeyPlayPause})
			if !strings.Contains(f.p.Info(), tt.want) || !strings.Contains(f.p.Info(), tt.err.Error()) {
				t.Errorf("info %q, want %q and the detail", f.p.Info(), tt.want)
			}
			if f.p.Playing() || f.p.del.Hidden {
				t.Error("the recording should stay deletable, not playing")
			}
		})
	}
}

func TestPlayer_NoOpener(t *testing.T) {
	f := newFixture(t)
	f.p.opener = nil
	f.p.Attach(recording(t, "tl12.wav"))
	f.p.HandleKey(&fyne.KeyEvent{Name: KeyPlayPause})
	if !strings.Contains(f.p.Info(), "no audio output") {
		t.Errorf("info %q", f.p.Info())
	}
}

func TestPlayer_Delete(t *testing.T) {
	f := newFixture(t)
	f.p.Attach(recording(t, "tl12.wav"))
	f.p.TogglePlay()
	var asked string
	f.p.confirm = func(title, msg, ok string, then func()) { asked = msg; then() }
	f.p.AskDelete()
	if len(f.errs) > 0 {
		t.Fatal(f.errs)
	}
	if !strings.Contains(asked, "TL-12") || !strings.Contains(asked, "irrevocably") {
		t.Errorf("confirmation %q", asked)
	}
	if !f.opener.tracks[0].closed {
		t.Error("the track was not closed before the file was deleted")
	}
	if got := canaries(t, f.dir); len(got) > 0 {
		t.Errorf("audio bytes left after deleting: %v", got)
	}
	if iv := f.m.Interviews[f.iv.GUID]; iv.Recording != qda.RecordingDeleted {
		t.Errorf("recording state %q", iv.Recording)
	}
	if !f.p.del.Hidden || !f.p.players.Hidden || !f.p.attach.Hidden || !strings.Contains(f.p.Info(), "deleted") {
		t.Errorf("after deleting: info %q, buttons shown", f.p.Info())
	}
}

func TestPlayer_Pending(t *testing.T) {
	f := newFixture(t)
	f.p.Attach(recording(t, "tl12.wav"))
	iv := f.m.Interviews[f.iv.GUID]
	iv.Status = qda.StatusComplete
	f.m.Interviews[iv.GUID] = iv
	f.load(t)
	if !strings.Contains(f.p.Info(), "The protocol is complete: please delete the recording") {
		t.Errorf("info %q", f.p.Info())
	}
}

func TestPlayer_RecordingElsewhere(t *testing.T) {
	f := newFixture(t)
	iv := f.m.Interviews[f.iv.GUID]
	iv.Recording = qda.RecordingPresent // kept on the recorder, no file
	f.m.Interviews[iv.GUID] = iv
	f.load(t)
	f.p.TogglePlay()
	if !strings.Contains(f.p.Info(), "not in the project folder") || f.p.attach.Hidden {
		t.Errorf("info %q, attach hidden %v", f.p.Info(), f.p.attach.Hidden)
	}
	f.p.Attach(recording(t, "tl12.wav"))
	if len(f.errs) > 0 {
		t.Fatal(f.errs)
	}
	f.p.TogglePlay()
	if !f.p.Playing() {
		t.Error("the recording attached afterwards does not play")
	}
}

package shell

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/protocoder/protocoder/internal/audio"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

type playTrack struct{ playing bool }

func (p *playTrack) Play()                    { p.playing = true }
func (p *playTrack) Pause()                   { p.playing = false }
func (p *playTrack) Playing() bool            { return p.playing }
func (p *playTrack) Position() time.Duration  { return 0 }
func (p *playTrack) Duration() time.Duration  { return time.Minute }
func (p *playTrack) Seek(time.Duration) error { return nil }
func (p *playTrack) SetSpeed(float64)         {}
func (p *playTrack) Speed() float64           { return 1 }
func (p *playTrack) Close() error             { p.playing = false; return nil }

type playOpener struct{ t *playTrack }

func (o playOpener) Open(string) (audio.Track, error) { return o.t, nil }

// TestShell_dropRecording drops a file onto the window: outside a
// protocol the status bar says where recordings go; onto an open draft
// protocol it becomes the interview's recording, which F4 then plays with
// nothing focused.
func TestShell_dropRecording(t *testing.T) {
	f := newFixture(t)
	tr := &playTrack{}
	f.s.audio = playOpener{t: tr}
	m := uitest.Sample()
	m.Folder = t.TempDir()
	id := uitest.ID("iv:TL-12")
	iv := m.Interviews[id]
	iv.Status, iv.Consent.Recording = qda.StatusDraft, true
	m.Interviews[id] = iv
	f.opener.Projects[f.sample] = m
	f.s.Start(f.sample)
	p := f.s.project
	p.views.editor.Delay = time.Hour
	p.views.editor.Player().Tick = -1 // the test driver's fyne.Do would run ticks on the timer's goroutine
	rec := filepath.Join(t.TempDir(), "tl12.mp3")
	if err := os.WriteFile(rec, []byte("ID3\x04\x00\x00\x00\x00\x00\x00 audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	drop := []fyne.URI{storage.NewFileURI(rec)}

	f.s.dropped(fyne.NewPos(10, 10), drop)
	if msg := p.status.Message(); !strings.Contains(msg, "öffnen Sie das Protokoll") {
		t.Errorf("status after a drop outside a protocol: %q", msg)
	}
	p.editProtocol(f.s, id)
	f.s.dropped(fyne.NewPos(10, 10), drop)
	if got := m.Interviews[id].Recording; got != qda.RecordingPresent {
		t.Fatalf("recording %q after the drop", got)
	}
	f.w.Canvas().Unfocus()
	f.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF4})
	if !tr.playing {
		t.Error("F4 with nothing focused did not play the recording")
	}
}

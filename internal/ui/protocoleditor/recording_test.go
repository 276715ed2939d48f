package protocoleditor

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/audio"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/player"
)

// stubTrack is a track that only remembers play, pause and seeks.
type stubTrack struct {
	playing bool
	pos     time.Duration
}

func (s *stubTrack) Play()                      { s.playing = true }
func (s *stubTrack) Pause()                     { s.playing = false }
func (s *stubTrack) Playing() bool              { return s.playing }
func (s *stubTrack) Position() time.Duration    { return s.pos }
func (s *stubTrack) Duration() time.Duration    { return time.Minute }
func (s *stubTrack) Seek(d time.Duration) error { s.pos = max(0, d); return nil }
func (s *stubTrack) SetSpeed(float64)           {}
func (s *stubTrack) Speed() float64             { return 1 }
func (s *stubTrack) Close() error               { s.playing = false; return nil }

type stubOpener struct{ track *stubTrack }

func (o *stubOpener) Open(string) (audio.Track, error) { return o.track, nil }

// TestEditor_recordingKeys checks that a recording dropped onto the editor
// is attached and that F4 and F5 reach the player while the cursor is in
// an answer field, without changing its text.
func TestEditor_recordingKeys(t *testing.T) {
	svc, m := editorProject(t)
	m.Folder = t.TempDir()
	iv, err := svc.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: "Test-GF",
		Date: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC), Consent: qda.Consent{Recording: true}})
	if err != nil {
		t.Fatal(err)
	}
	h := editor(t, svc, iv.GUID)
	tr := &stubTrack{pos: 20 * time.Second}
	h.ui(func() { h.e.SetAudio(&stubOpener{track: tr}) })
	rec := filepath.Join(t.TempDir(), "gf.mp3")
	if err := os.WriteFile(rec, []byte("ID3\x04\x00\x00\x00\x00\x00\x00 audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	var took bool
	h.ui(func() { took = h.e.DropURIs([]fyne.URI{storage.NewFileURI(rec)}) })
	if !took {
		t.Fatal("the drop was not taken")
	}
	h.eventually(t, "recording attached", func() bool {
		p := h.e.Player().Interview()
		return p != nil && p.Recording == qda.RecordingPresent
	})
	en := h.e.entryFor(t, "1.1")
	h.ui(func() {
		h.w.Canvas().Focus(en)
		en.SetText("Antwort")
	})
	press := func(k fyne.KeyName) {
		h.ui(func() { h.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) })
	}
	press(player.KeyPlayPause)
	h.eventually(t, "playing", func() bool { return tr.playing })
	press(player.KeyBack)
	h.ui(func() {
		if tr.pos != 15*time.Second {
			t.Errorf("position %v after F5, want 15s", tr.pos)
		}
		if en.Text != "Antwort" {
			t.Errorf("the field's text changed to %q", en.Text)
		}
		if h.w.Canvas().Focused() != en {
			t.Error("the field lost the focus")
		}
	})
	press(player.KeyPlayPause)
	h.ui(func() {
		if tr.playing {
			t.Error("F4 did not pause")
		}
		if !h.e.HandleKey(&fyne.KeyEvent{Name: player.KeyPlayPause}) || !tr.playing {
			t.Error("F4 without a focused field did not play")
		}
	})
	done := make(chan struct{})
	h.ui(func() { h.e.Close(func() { close(done) }) })
	<-done
	h.ui(func() {
		if tr.playing {
			t.Error("still playing after the editor closed")
		}
	})
}

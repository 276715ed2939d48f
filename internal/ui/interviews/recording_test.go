package interviews

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestList_statusRecording checks the question after a protocol became
// complete while its recording is still there: deleting leaves no audio
// bytes in the project folder, keeping keeps the file.
func TestList_statusRecording(t *testing.T) {
	const canary = "AUDIO-CANARY-19c2"
	tests := []struct {
		answer string
		want   qda.RecordingState
		left   int
	}{
		{"Unwiderruflich löschen", qda.RecordingDeleted, 0},
		{"Vorerst behalten", qda.RecordingPresent, 1},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			h := loaded(t)
			h.m.Folder = t.TempDir()
			iv, err := h.svc.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: "S-1",
				Consent: qda.Consent{Recording: true}})
			if err != nil {
				t.Fatal(err)
			}
			rec := filepath.Join(t.TempDir(), "s1.wav")
			if err := os.WriteFile(rec, append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), strings.Repeat(canary, 50)...), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := h.svc.AttachRecording(string(iv.GUID), rec, 0); err != nil {
				t.Fatal(err)
			}
			h.l.Update()
			h.ui(func() {
				h.l.Select(iv.GUID)
				test.Tap(button(t, h.l, "Als „vollständig“ markieren"))
			})
			h.settle()
			h.ui(func() {
				dlg := h.w.Canvas().Overlays().Top()
				if dlg == nil {
					t.Fatal("no question about the recording")
				}
				if !strings.Contains(texts(dlg), "S-1") {
					t.Errorf("the question does not name the interview: %q", texts(dlg))
				}
				test.Tap(button(t, dlg, tt.answer))
			})
			h.settle()
			got, err := h.svc.Interview(string(iv.GUID))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != qda.StatusComplete || got.Recording != tt.want {
				t.Errorf("interview %s with recording %q, want complete with %q", got.Status, got.Recording, tt.want)
			}
			left := 0
			err = filepath.WalkDir(h.m.Folder, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if bytes.Contains(b, []byte(canary)) {
					left++
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if left != tt.left {
				t.Errorf("%d files with the recording's bytes, want %d", left, tt.left)
			}
		})
	}
}

// texts returns the texts of the labels below o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range objects(o) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

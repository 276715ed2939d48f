package privacy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_RecordingFile(t *testing.T) {
	s, _ := openProject(t)
	apptest.SiteAndGuideline(t, s)
	with, err := s.AddInterview(apptest.NewIV("GF-07"))
	if err != nil {
		t.Fatal(err)
	}
	without, err := s.AddInterview(apptest.NewIV("GF-08"))
	if err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(t.TempDir(), "a.wav")
	if err := os.WriteFile(rec, []byte("RIFF\x24\x00\x00\x00WAVEfmt "), 0o600); err != nil {
		t.Fatal(err)
	}
	att, err := s.AttachRecording(string(with.GUID), rec, 0)
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := s.AddInterview(apptest.NewIV("GF-09"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AttachRecording(string(deleted.GUID), rec, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteRecording(string(deleted.GUID)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ref  qda.GUID
		want string
		code string
	}{
		{"attached", with.GUID, att.Path, ""},
		{"none", without.GUID, "", qda.ENotFound},
		{"deleted", deleted.GUID, "", qda.ENotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.RecordingFile(string(tt.ref))
			if got != tt.want || qda.ErrorCode(err) != tt.code {
				t.Errorf("RecordingFile = %q, %v; want %q, code %q", got, err, tt.want, tt.code)
			}
		})
	}
}

// TestService_CheckFinal_Recording: a protocol becomes final only after its
// recording was deleted, on every path to final.
func TestService_CheckFinal_Recording(t *testing.T) {
	tests := []struct {
		name      string
		recording qda.RecordingState
		want      string
	}{
		{"recording still there", qda.RecordingPresent, qda.EConflict},
		{"recording deleted", qda.RecordingDeleted, ""},
		{"never recorded", qda.RecordingNone, ""},
	}
	for _, tt := range tests {
		for _, path := range []string{"set-status", "add"} {
			t.Run(tt.name+"/"+path, func(t *testing.T) {
				s := apptest.NewService(t, "mara")
				apptest.SiteAndGuideline(t, s)
				n := apptest.NewIV("X-07")
				n.Recording = tt.recording
				var err error
				switch path {
				case "set-status":
					if _, err = s.AddInterview(n); err != nil {
						t.Fatal(err)
					}
					for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked, qda.StatusFinal} {
						if _, err = s.SetStatus("X-07", st); err != nil {
							break
						}
					}
				case "add":
					n.Status = qda.StatusFinal
					_, err = s.AddInterview(n)
				}
				if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
					t.Fatalf("%v, want code %q", err, tt.want)
				}
				if tt.want != "" && !strings.Contains(err.Error(), "recording delete") {
					t.Errorf("the message does not say what to do: %v", err)
				}
			})
		}
	}
}

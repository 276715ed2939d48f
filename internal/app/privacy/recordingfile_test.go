package privacy_test

import (
	"os"
	"path/filepath"
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

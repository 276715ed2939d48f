package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// draftInterview returns the GUID of a draft interview of the sample copy.
func draftInterview(t *testing.T, dir string) string {
	t.Helper()
	var ivs []map[string]any
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "interview", "list", "--json")), &ivs); err != nil {
		t.Fatal(err)
	}
	for _, iv := range ivs {
		if iv["status"] == "draft" {
			return iv["guid"].(string)
		}
	}
	t.Skip("no draft interview in the sample")
	return ""
}

func TestRecordingAttach_Refuses(t *testing.T) {
	dir := sampleCopy(t)
	id := draftInterview(t, dir)
	tmp := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	folder := filepath.Join(tmp, "folder.mp3")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	big := write("big.wav", "RIFF\x00\x00\x00\x00WAVEfmt "+strings.Repeat("x", 100))
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"device", []string{"/dev/zero"}, nil, "not an audio or video file"},
		{"device named like audio", []string{devAudio(t, tmp)}, nil, "not a regular file (a device)"},
		{"folder", []string{folder}, nil, "not a regular file (a folder)"},
		{"text named mp3", []string{write("notes.mp3", "just some notes, no audio")}, nil, "does not look like an audio or video file"},
		{"text file", []string{write("notes.txt", "ID3 looks like audio")}, nil, "not an audio or video file"},
		{"too big by flag", []string{big, "--max-size", "64"}, nil, "more than the limit of 64"},
		{"too big by env", []string{big}, map[string]string{envMaxRecording: "0.1K"}, "is not a size"},
		{"too big by env size", []string{big}, map[string]string{envMaxRecording: "100"}, "more than the limit of 100"},
		{"missing", []string{filepath.Join(tmp, "gone.mp3")}, nil, "cannot read the recording"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"-p", dir, "recording", "attach", id}, tt.args...)
			code, _, stderr := runEnv(t, tt.env, args...)
			if code == 0 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %q", code, stderr, tt.want)
			}
			if m, _ := filepath.Glob(filepath.Join(dir, "recordings", "*")); len(m) != 0 {
				t.Errorf("files left: %v", m)
			}
		})
	}
}

// devAudio returns a name ending in .mp3 for /dev/null (a device).
func devAudio(t *testing.T, tmp string) string {
	t.Helper()
	p := filepath.Join(tmp, "null.mp3")
	if err := os.Symlink("/dev/null", p); err != nil {
		t.Skip("no symlinks:", err)
	}
	return p
}

// TestRecordingAttach_AfterKill: the temporary file an attach killed before
// it finished left behind blocks neither a new attach nor a delete, and
// open and verify remove it.
func TestRecordingAttach_AfterKill(t *testing.T) {
	dir := sampleCopy(t)
	id := draftInterview(t, dir)
	recs := filepath.Join(dir, "recordings")
	stale := filepath.Join(recs, id+".tmp")
	leave := func() {
		t.Helper()
		if err := os.MkdirAll(recs, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(stale, []byte("half a recording"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	leave()
	rec := filepath.Join(t.TempDir(), "a.m4a")
	if err := os.WriteFile(rec, []byte("\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	runOK(t, "-p", dir, "recording", "attach", id, rec)
	if m, _ := filepath.Glob(filepath.Join(recs, "*")); len(m) != 1 || m[0] != filepath.Join(recs, id+".m4a") {
		t.Fatalf("recordings: %v", m)
	}
	leave()
	runOK(t, "-p", dir, "recording", "delete", id)
	if m, _ := filepath.Glob(filepath.Join(recs, "*")); len(m) != 0 {
		t.Errorf("left after delete: %v", m)
	}
	leave()
	out := runOK(t, "-p", dir, "verify", "--json")
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("verify left the temporary file: %v\n%s", err, out)
	}
}

// TestRecording_Reconcile: the states a kill between an attach's or a
// delete's file step and its commit leaves are repaired at the next open.
func TestRecording_Reconcile(t *testing.T) {
	dir := sampleCopy(t)
	id := draftInterview(t, dir)
	var ivs []map[string]any
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "interview", "list", "--json")), &ivs); err != nil {
		t.Fatal(err)
	}
	none := ""
	for _, iv := range ivs {
		if iv["recording"] == nil {
			none = iv["guid"].(string)
		}
	}
	if none == "" {
		t.Skip("no interview without a recording in the sample")
	}
	recs := filepath.Join(dir, "recordings")
	if err := os.MkdirAll(recs, 0o700); err != nil {
		t.Fatal(err)
	}
	// An attach killed after the rename, before its commit: the file is
	// there, the interview knows nothing of it.
	orphan := filepath.Join(recs, none+".wav")
	if err := os.WriteFile(orphan, []byte("RIFF\x00\x00\x00\x00WAVEfmt Westermann"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := runOK(t, "-p", dir, "verify", "--json")
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("an unconfirmed recording stays: %v\n%s", err, out)
	}
	// A delete killed after its commit, before the shred: the next open
	// shreds the file of the deleted recording.
	rec := filepath.Join(t.TempDir(), "a.wav")
	if err := os.WriteFile(rec, []byte("RIFF\x00\x00\x00\x00WAVEfmt data"), 0o600); err != nil {
		t.Fatal(err)
	}
	runOK(t, "-p", dir, "recording", "attach", id, rec)
	kept, err := os.ReadFile(filepath.Join(recs, id+".wav"))
	if err != nil {
		t.Fatal(err)
	}
	runOK(t, "-p", dir, "recording", "delete", id)
	deleted := filepath.Join(recs, id+".wav")
	if err := os.WriteFile(deleted, kept, 0o600); err != nil { // as if the shred never ran
		t.Fatal(err)
	}
	runOK(t, "-p", dir, "info")
	if _, err := os.Stat(deleted); !os.IsNotExist(err) {
		t.Errorf("the file of a deleted recording stays after the next open: %v", err)
	}
	// Recording commands are not undone (their files cannot be restored):
	// undo reverts something else, and the recording stays deleted.
	run(t, "", "-p", dir, "--user", "mara", "undo")
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "interview", "list", "--json")), &ivs); err != nil {
		t.Fatal(err)
	}
	for _, iv := range ivs {
		if iv["guid"] == id && iv["recording"] != "deleted" {
			t.Errorf("after undo the recording is %v", iv["recording"])
		}
	}
}

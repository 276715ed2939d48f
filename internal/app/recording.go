package app

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// RecordingsDir is the folder of recordings inside a project folder.
const RecordingsDir = "recordings"

// Recording describes an interview's recording file; never its content.
type Recording struct {
	Interview qda.GUID `json:"interview"`
	Path      string   `json:"path"`
	Size      int64    `json:"size"`
}

// recordingFiles returns the recording files of an interview.
func (s *Service) recordingFiles(iv qda.GUID) ([]string, error) {
	dir, err := s.projectDir()
	if err != nil {
		return nil, err
	}
	return filepath.Glob(filepath.Join(dir, RecordingsDir, string(iv)+"*"))
}

// AttachRecording copies an audio file into the project's recordings
// folder for an interview and marks the interview's recording present.
// The command records the size and type, never the content.
func (s *Service) AttachRecording(ref, path string) (*Recording, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	if iv.Recording == qda.RecordingDeleted {
		return nil, qda.Errorf(qda.EConflict, "the recording of %s was deleted; a recording is not attached again", iv.Interviewee)
	}
	dir, err := s.projectDir()
	if err != nil {
		return nil, err
	}
	old, err := s.recordingFiles(iv.GUID)
	if err != nil {
		return nil, err
	}
	if len(old) > 0 {
		return nil, qda.Errorf(qda.EConflict, "interview %s has a recording already; delete it first", iv.Interviewee)
	}
	ext := strings.ToLower(filepath.Ext(path))
	dst := filepath.Join(dir, RecordingsDir, string(iv.GUID)+ext)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return nil, err
	}
	n, err := copyNew(path, dst+".tmp")
	if err != nil {
		_ = os.Remove(dst + ".tmp")
		return nil, err
	}
	err = s.write("recording.attach", fmt.Sprintf("attach a recording (%s, %d bytes) to interview %s", strings.TrimPrefix(ext, "."), n, iv.Interviewee), func(tx Tx) error {
		cur, err := tx.Interview(iv.GUID)
		if err != nil {
			return err
		}
		cur.Recording = qda.RecordingPresent
		return tx.PutInterview(cur)
	})
	if err == nil {
		err = os.Rename(dst+".tmp", dst)
	}
	if err != nil {
		_ = shred(dst + ".tmp")
		return nil, err
	}
	return &Recording{Interview: iv.GUID, Path: dst, Size: n}, nil
}

// copyNew copies src to a new file dst and syncs it.
func copyNew(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, qda.Errorf(qda.ENotFound, "cannot read the recording %s: %v", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// RecordingPending reports whether an interview's recording is still there
// although its protocol is complete: the app then asks to delete it.
func RecordingPending(iv *qda.Interview) bool {
	return iv.Recording == qda.RecordingPresent && iv.Status != qda.StatusDraft
}

// DeleteRecording deletes an interview's recording irrevocably: the file
// is overwritten with random bytes, synced and removed. The command
// records when and by whom.
func (s *Service) DeleteRecording(ref string) (*qda.Interview, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	if iv.Recording != qda.RecordingPresent {
		return nil, qda.Errorf(qda.EConflict, "interview %s has no recording to delete", iv.Interviewee)
	}
	n, err := s.removeRecordingFiles(iv.GUID)
	if err != nil {
		return nil, err
	}
	err = s.write("recording.delete", fmt.Sprintf("delete the recording of interview %s irrevocably (%d file(s))", iv.Interviewee, n), func(tx Tx) error {
		cur, err := tx.Interview(iv.GUID)
		if err != nil {
			return err
		}
		cur.Recording = qda.RecordingDeleted
		iv = cur
		return tx.PutInterview(cur)
	})
	return iv, err
}

// removeRecordingFiles shreds an interview's recording files.
func (s *Service) removeRecordingFiles(iv qda.GUID) (int, error) {
	files, err := s.recordingFiles(iv)
	if err != nil {
		if qda.ErrorCode(err) == qda.EUnsupported {
			return 0, nil
		}
		return 0, err
	}
	for _, f := range files {
		if err := shred(f); err != nil {
			return 0, fmt.Errorf("delete recording: %w", err)
		}
	}
	return len(files), nil
}

// shred overwrites a file with random bytes, syncs it and removes it.
// (On copy-on-write or flash storage the old blocks may survive the
// overwrite; the project folder itself holds no trace afterwards.)
func shred(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	st, err := f.Stat()
	if err == nil {
		_, err = io.CopyN(f, rand.Reader, st.Size())
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Remove(path)
}

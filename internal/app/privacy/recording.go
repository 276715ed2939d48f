package privacy

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/shred"
)

// RecordingsDir is the folder of recordings inside a project folder.
const RecordingsDir = "recordings"

// Recording describes an interview's recording file; never its content.
type Recording struct {
	Interview qda.GUID `json:"interview"`
	Path      string   `json:"path"`
	Size      int64    `json:"size"`
}

// recordingFiles returns the recording files of an interview (not the
// temporary file of an attach in progress).
func (s *Service) recordingFiles(iv qda.GUID) ([]string, error) {
	dir, err := s.projectDir()
	if err != nil {
		return nil, err
	}
	all, err := filepath.Glob(filepath.Join(dir, RecordingsDir, string(iv)+"*"))
	if err != nil {
		return nil, err
	}
	files := all[:0]
	for _, f := range all {
		if !strings.HasSuffix(f, recordingTempExt) {
			files = append(files, f)
		}
	}
	return files, nil
}

// recordingTempExt ends the name of the file a recording is copied to
// before the command that attaches it is committed: recordings/<guid>.tmp.
const recordingTempExt = ".tmp"

// DefaultMaxRecordingSize is the largest recording AttachRecording takes
// unless told otherwise: 2 GiB (about 3 hours of 128 kbit/s audio many
// times over; a longer video is better kept outside the project).
const DefaultMaxRecordingSize int64 = 2 << 30

// RecordingExtensions are the file name extensions of the audio and video
// files AttachRecording takes.
var RecordingExtensions = []string{".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma", ".amr",
	".aif", ".aiff", ".caf", ".mp4", ".m4v", ".mov", ".webm", ".mkv", ".mka", ".avi", ".wmv", ".3gp", ".3g2"}

// RemoveStaleRecordingTemps shreds the temporary files an attach killed
// before it finished left in the recordings folder, and returns how many
// there were. Call it only while holding the project's lock (the Service
// does: it runs at open and in Verify), so no attach is under way.
func (s *Service) RemoveStaleRecordingTemps() (int, error) {
	dir, err := s.projectDir()
	if err != nil {
		return 0, nil
	}
	tmps, err := filepath.Glob(filepath.Join(dir, RecordingsDir, "*"+recordingTempExt))
	if err != nil {
		return 0, err
	}
	for _, f := range tmps {
		if err := shred.File(f); err != nil {
			return 0, fmt.Errorf("remove the unfinished recording %s: %w", filepath.Base(f), err)
		}
	}
	return len(tmps), nil
}

// AttachRecording copies an audio or video file into the project's
// recordings folder for an interview and marks the interview's recording
// present. It takes only a regular file (no device, pipe or folder) with a
// known audio/video extension whose content looks like one, of at most
// maxSize bytes (0: DefaultMaxRecordingSize), also while it is copied. The
// copy goes to recordings/<guid>.tmp first and gets its name only after the
// command is committed. The command records the size and type, never the
// content.
func (s *Service) AttachRecording(ref, path string, maxSize int64) (*Recording, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxRecordingSize
	}
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	if iv.Recording == qda.RecordingDeleted {
		return nil, qda.Errorf(qda.EConflict, "the recording of %s was deleted; a recording is not attached again", iv.Interviewee)
	}
	if err := recordingAllowed(iv); err != nil {
		return nil, err
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
	if !slices.Contains(RecordingExtensions, ext) {
		return nil, qda.Errorf(qda.EInvalid, "%s is not an audio or video file: the recording's name must end in one of %s",
			path, strings.Join(RecordingExtensions, " "))
	}
	in, err := openRecording(path, maxSize)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if _, err := s.RemoveStaleRecordingTemps(); err != nil {
		return nil, err
	}
	dst := filepath.Join(dir, RecordingsDir, string(iv.GUID)+ext)
	tmp := filepath.Join(dir, RecordingsDir, string(iv.GUID)+recordingTempExt)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return nil, err
	}
	n, err := copyNew(in, path, tmp, maxSize)
	if err != nil {
		_ = shred.File(tmp)
		return nil, err
	}
	// The file gets its name before the command commits: a crash between
	// the two leaves a file whose interview does not say "present", which
	// the next open removes (ReconcileRecordings) — never an interview
	// that claims a recording it has not got.
	if err := os.Rename(tmp, dst); err != nil {
		_ = shred.File(tmp)
		return nil, fmt.Errorf("attach recording: %w", err)
	}
	err = s.Write(app.KindRecordingAttach, fmt.Sprintf("attach a recording (%s, %d bytes) to interview %s", strings.TrimPrefix(ext, "."), n, iv.Interviewee), func(tx app.Tx) error {
		cur, err := tx.Interview(iv.GUID)
		if err != nil {
			return err
		}
		if err := recordingAllowed(cur); err != nil {
			return err
		}
		cur.Recording = qda.RecordingPresent
		return tx.PutInterview(cur)
	})
	if err != nil {
		_ = shred.File(dst)
		return nil, err
	}
	return &Recording{Interview: iv.GUID, Path: dst, Size: n}, nil
}

// recordingAllowed refuses a recording the interviewee did not consent to.
func recordingAllowed(iv *qda.Interview) error {
	switch {
	case iv.Consent.Refused != nil:
		return qda.Errorf(qda.EConflict, "%s declined the interview; there is nothing to record", iv.Interviewee)
	case iv.Consent.Withdrawn != nil:
		return qda.Errorf(qda.EConflict, "%s withdrew their consent; no recording is attached", iv.Interviewee)
	case iv.Status == qda.StatusFinal:
		return qda.Errorf(qda.EConflict, "%s is final, and a final protocol keeps no recording (reopen it first)", iv.Interviewee)
	case !iv.Consent.Recording:
		return qda.Errorf(qda.EConflict, "%s did not consent to a recording; a recording is attached only with recording consent (register it with --consent recording,…)", iv.Interviewee)
	}
	return nil
}

// ReconcileRecordings makes the recordings folder agree with the
// interviews after a crash: a recording file (or an unfinished copy) whose
// interview does not say "present" is shredded — an attach that was never
// confirmed, or a delete that was committed but not carried out. (An
// interview may say "present" without a file: the recording can be kept
// elsewhere, on the recorder, until it is deleted.) It returns the number
// of files removed.
func (s *Service) ReconcileRecordings() (removed int, err error) {
	dir, err := s.projectDir()
	if err != nil {
		return 0, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, RecordingsDir, "*"))
	if err != nil || len(files) == 0 {
		return 0, err // every open comes here: no files, no reading
	}
	present := map[qda.GUID]bool{}
	err = s.View(func(tx app.Tx) error {
		ivs, err := tx.Interviews()
		for _, iv := range ivs {
			if iv.Recording == qda.RecordingPresent {
				present[iv.GUID] = true
			}
		}
		return err
	})
	if err != nil {
		return removed, err
	}
	for _, f := range files {
		if st, err := os.Lstat(f); err != nil || st.IsDir() {
			continue
		}
		base := filepath.Base(f)
		id := qda.GUID(strings.TrimSuffix(base, filepath.Ext(base)))
		if present[id] && filepath.Ext(base) != recordingTempExt {
			continue
		}
		if err := shred.File(f); err != nil {
			return removed, fmt.Errorf("remove the unconfirmed recording %s: %w", base, err)
		}
		removed++
	}
	return removed, nil
}

// openRecording opens a recording to attach and checks it: a regular file
// (checked on the open file too, and opened without blocking, so that a
// pipe swapped in after the check cannot hold the project's lock), at most
// maxSize bytes, whose first bytes are those of an audio or video format.
func openRecording(path string, maxSize int64) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, qda.Errorf(qda.ENotFound, "cannot read the recording %s: %v", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, qda.Errorf(qda.EInvalid, "%s is not a regular file (%s); a recording must be an audio or video file", path, fileKind(st.Mode()))
	}
	if st.Size() > maxSize {
		return nil, qda.Errorf(qda.EInvalid, "the recording %s has %d bytes, more than the limit of %d", path, st.Size(), maxSize)
	}
	in, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, qda.Errorf(qda.ENotFound, "cannot read the recording %s: %v", path, err)
	}
	fail := func(err error) (*os.File, error) {
		in.Close()
		return nil, err
	}
	if st, err = in.Stat(); err != nil {
		return fail(fmt.Errorf("read the recording %s: %w", path, err))
	}
	if !st.Mode().IsRegular() {
		return fail(qda.Errorf(qda.EInvalid, "%s is not a regular file (%s); a recording must be an audio or video file", path, fileKind(st.Mode())))
	}
	head := make([]byte, 512)
	k, err := io.ReadFull(in, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fail(fmt.Errorf("read the recording %s: %w", path, err))
	}
	if !IsMedia(head[:k]) {
		return fail(qda.Errorf(qda.EInvalid, "%s does not look like an audio or video file (its content is %s)", path, http.DetectContentType(head[:k])))
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return fail(fmt.Errorf("read the recording %s: %w", path, err))
	}
	return in, nil
}

// fileKind names a file's type for a message.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

// IsMedia reports whether head, the first bytes of a file, starts like an
// audio or video file: what net/http's sniffer takes for audio/*, video/*
// or Ogg, or one of the signatures it does not know (FLAC, ASF/WMA, ISO
// base media as in MP4/M4A/MOV/3GP, MPEG audio frames as in MP3/AAC, AMR,
// Core Audio).
func IsMedia(head []byte) bool {
	ct := http.DetectContentType(head)
	if strings.HasPrefix(ct, "audio/") || strings.HasPrefix(ct, "video/") || ct == "application/ogg" {
		return true
	}
	has := func(off int, sig string) bool {
		return len(head) >= off+len(sig) && string(head[off:off+len(sig)]) == sig
	}
	switch {
	case has(0, "fLaC"), has(0, "ID3"), has(0, "OggS"), has(0, "#!AMR"), has(0, "caff"),
		has(0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11"), // ASF (wma, wmv)
		has(0, "\x1A\x45\xDF\xA3"),                 // EBML (mkv, webm)
		has(0, "RIFF") && (has(8, "WAVE") || has(8, "AVI ")),
		has(0, "FORM") && (has(8, "AIFF") || has(8, "AIFC")):
		return true
	}
	for _, box := range []string{"ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"} { // ISO base media, QuickTime
		if has(4, box) {
			return true
		}
	}
	// An MPEG audio frame (mp3) or an ADTS frame (aac): 11 or 12 sync bits.
	return len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0
}

// copyNew copies in (the file src) to a new file dst and syncs it; more
// than limit bytes (a file that grows while it is copied) is an error.
func copyNew(in io.Reader, src, dst string, limit int64) (int64, error) {
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(in, limit+1))
	if err == nil && n > limit {
		err = qda.Errorf(qda.EInvalid, "the recording %s grew beyond the limit of %d bytes while it was copied", src, limit)
	}
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
	files, err := s.recordingFiles(iv.GUID)
	if err != nil && qda.ErrorCode(err) != qda.EUnsupported {
		return nil, err
	}
	// Committed first, then carried out: a crash in between leaves a file
	// of a deleted recording, which the next open shreds
	// (ReconcileRecordings).
	err = s.Write(app.KindRecordingDelete, fmt.Sprintf("delete the recording of interview %s irrevocably (%d file(s))", iv.Interviewee, len(files)), func(tx app.Tx) error {
		cur, err := tx.Interview(iv.GUID)
		if err != nil {
			return err
		}
		cur.Recording = qda.RecordingDeleted
		iv = cur
		return tx.PutInterview(cur)
	})
	if err != nil {
		return nil, err
	}
	if _, err := s.removeRecordingFiles(iv.GUID); err != nil {
		return iv, fmt.Errorf("the recording is marked deleted, but its file could not be removed yet (the next open removes it): %w", err)
	}
	return iv, nil
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
		if err := shred.File(f); err != nil {
			return 0, fmt.Errorf("delete recording: %w", err)
		}
	}
	return len(files), nil
}

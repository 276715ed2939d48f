package privacy

import (
	"github.com/protocoder/protocoder/internal/qda"
)

// RecordingFile returns the path of an interview's recording file in the
// project folder, for playing it. It is a not-found error when the
// interview has no recording file there (none attached, deleted, or kept
// elsewhere, on the recorder); EUnsupported for a project without a
// folder.
func (s *Service) RecordingFile(ref string) (string, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return "", err
	}
	if iv.Recording != qda.RecordingPresent {
		return "", qda.Errorf(qda.ENotFound, "interview %s has no recording", iv.Interviewee)
	}
	files, err := s.recordingFiles(iv.GUID)
	if err != nil {
		return "", err
	}
	if len(files) == 0 {
		return "", qda.Errorf(qda.ENotFound, "the recording of %s is not in the project folder", iv.Interviewee)
	}
	return files[0], nil
}

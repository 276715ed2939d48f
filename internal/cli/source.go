package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/protocoder/protocoder/internal/app/study"
)

// given returns the interview metadata the flags give; a protocol file's
// front matter fills the rest (study.Service.ImportProtocolFile). Unlike
// build it does not insist on guideline, case and interviewee.
func (f *interviewFlags) given() (study.NewInterview, error) {
	meta := map[string]string{study.MetaGuideline: f.guideline, study.MetaRole: f.role, study.MetaCase: f.cse,
		study.MetaInterviewee: f.interviewee, study.MetaInterviewer: f.interviewer, study.MetaDate: f.date,
		study.MetaConsent: f.consent, study.MetaRecording: f.recording, study.MetaStatus: f.status}
	if f.wave != 0 {
		meta[study.MetaWave] = strconv.Itoa(f.wave)
	}
	n, err := study.InterviewFromMeta(meta)
	if len(f.attrs) > 0 {
		n.Attributes = f.attrs
	}
	return n, err
}

// importError turns an import's missing metadata into a usage error that
// names the flags; other errors pass unchanged.
func importError(path string, err error) error {
	var me *study.MissingMetadataError
	if errors.As(err, &me) {
		if path == "" { // err names the file
			return usagef("%v: --guideline, --case and --interviewee are needed", err)
		}
		return fmt.Errorf("%s: %w", path, usagef("--guideline, --case and --interviewee are needed"))
	}
	return err
}

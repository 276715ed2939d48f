package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/protocoder/protocoder/internal/app"
)

// given returns the interview metadata the flags give; a protocol file's
// front matter fills the rest (app.Service.ImportProtocolFile). Unlike
// build it does not insist on guideline, case and interviewee.
func (f *interviewFlags) given() (app.NewInterview, error) {
	meta := map[string]string{app.MetaGuideline: f.guideline, app.MetaRole: f.role, app.MetaCase: f.cse,
		app.MetaInterviewee: f.interviewee, app.MetaInterviewer: f.interviewer, app.MetaDate: f.date,
		app.MetaConsent: f.consent, app.MetaRecording: f.recording, app.MetaStatus: f.status}
	if f.wave != 0 {
		meta[app.MetaWave] = strconv.Itoa(f.wave)
	}
	n, err := app.InterviewFromMeta(meta)
	if len(f.attrs) > 0 {
		n.Attributes = f.attrs
	}
	return n, err
}

// importError turns an import's missing metadata into a usage error that
// names the flags; other errors pass unchanged.
func importError(path string, err error) error {
	var me *app.MissingMetadataError
	if errors.As(err, &me) {
		if path == "" { // err names the file
			return usagef("%v: --guideline, --case and --interviewee are needed", err)
		}
		return fmt.Errorf("%s: %w", path, usagef("--guideline, --case and --interviewee are needed"))
	}
	return err
}

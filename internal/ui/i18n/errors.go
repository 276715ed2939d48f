package i18n

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
)

// Error returns the message shown to the user for err, in the user's
// language. The app's error messages are English sentences for the log and
// the CLI; the GUI says by the error's code what happened, in the user's
// language. Where the code says all there is to say (a project open
// elsewhere, a damaged file, an internal error) that is the message;
// otherwise the app's sentence follows as the detail (a field, a name, a
// number): keyed errors (qda.Error.Key) in the user's language, the others
// as the app's English sentence.
func Error(err error) string {
	lead, detail := ErrorParts(err)
	if detail == "" {
		return lead
	}
	return lead + "\n" + lang.X("error.detail", "Details: {{.Detail}}", map[string]any{"Detail": detail})
}

// ErrorParts returns Error's two parts: the sentence in the user's
// language and the app's own (English) detail, "" where the sentence says
// it all.
func ErrorParts(err error) (lead, detail string) {
	if err == nil {
		return "", ""
	}
	var e *qda.Error
	if !errors.As(err, &e) {
		return lang.X("error.internal", "An internal error occurred. Details are in the log."), ""
	}
	switch e.Code {
	case qda.EAlreadyOpen:
		return lang.X("error.alreadyOpen", "The project is open in another protocoder window or program. Close it there and try again."), ""
	case qda.ENotProject:
		return lang.X("error.notProject", "This folder holds no protocoder project."), ""
	case qda.EDamaged:
		return lang.X("error.damaged", "The project file is damaged. Restore a backup."), ""
	case qda.EUnavailable:
		return lang.X("error.unavailable", "This is not available right now (the search index is being rebuilt). Try again in a moment."), ""
	case qda.EInternal:
		return lang.X("error.internal", "An internal error occurred. Details are in the log."), ""
	case qda.EProtected:
		lead = lang.X("error.protected", "The project is protected: the passphrase is missing or wrong.")
	case qda.ENoMember:
		lead = lang.X("error.noMember", "Only members of the project can make changes. Choose who is working (File ▸ Switch member).")
	case qda.EInvalid:
		lead = lang.X("error.invalid", "The input is not valid.")
	case qda.EConflict:
		lead = lang.X("error.conflict", "This is not possible in the project's current state.")
	case qda.ENotFound:
		lead = lang.X("error.notFound", "Not found.")
	case qda.EUnsupported:
		lead = lang.X("error.unsupported", "This format or function is not supported.")
	case qda.EFailedVerify:
		lead = lang.X("error.verify", "The project check found problems.")
	default:
		lead = lang.X("error.other", "The action failed.")
	}
	if text, ok := appError(e); ok {
		return lead, text
	}
	return lead, e.Message
}

// Keyed reports whether err's detail is in the user's language: the app
// error carries a message key this package renders.
func Keyed(err error) bool {
	var e *qda.Error
	if !errors.As(err, &e) || e.Key == "" {
		return false
	}
	_, ok := appError(e)
	return ok
}

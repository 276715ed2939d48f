package qda

import (
	"errors"
	"fmt"
)

// Error codes. They classify an error for callers (the CLI maps them to exit
// codes, the GUI to the kind of message it shows) without parsing text.
const (
	EConflict     = "conflict"      // the action conflicts with the current state
	EInternal     = "internal"      // a bug or an unexpected failure
	EInvalid      = "invalid"       // the input is malformed or breaks a rule
	ENotFound     = "not_found"     // the entity does not exist
	EAlreadyOpen  = "already_open"  // another process holds the project
	ENotProject   = "not_project"   // a folder is not a protocoder project
	EUnsupported  = "unsupported"   // a format or feature that is not handled
	EFailedVerify = "verify_failed" // an integrity check found problems
	EUnavailable  = "unavailable"   // a part that cannot work now (search while its index is rebuilt)
	EProtected    = "protected"     // the project is encrypted and the passphrase is missing or wrong
	EDamaged      = "damaged"       // the project file is damaged: restore a backup
	ENoMember     = "no_member"     // the acting user is not set or not a member of the project
)

// Error is an application error with a machine-readable code and a message
// meant for the user. Details for the log belong in wrapped errors, not here.
type Error struct {
	// Code is one of the E* constants.
	Code string
	// Message is a human-readable sentence, safe to show to the user: the
	// English text for the log and the command line.
	Message string
	// Key names the message for a user interface in another language
	// (internal/ui/i18n renders it with Args); "" where there is none and
	// the interface shows Message.
	Key string
	// Args are the values the keyed message names, by name. A Status,
	// Level or time.Time is rendered in the user's language.
	Args map[string]any
}

// WithKey gives e a message key and its arguments (see Error.Key) and
// returns e: qda.Errorf(EConflict, "a code named %q exists already",
// n).WithKey("code.exists", map[string]any{"Name": n}).
func (e *Error) WithKey(key string, args map[string]any) *Error {
	e.Key, e.Args = key, args
	return e
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic sentence for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred."
}

package qda

import (
	"encoding/json"
	"time"
)

// Change is one entity written or deleted by a command, with its encoded
// state before and after (nil where it did not exist). The images make every
// command undoable without special code per command kind.
type Change struct {
	// Entity is the kind of entity, e.g. "coding".
	Entity string `json:"entity"`
	// Key is the entity's key, usually its GUID.
	Key string `json:"key"`
	// Before is the entity's JSON before the command, nil if it was created.
	Before json.RawMessage `json:"before,omitempty"`
	// After is the entity's JSON after the command, nil if it was deleted.
	After json.RawMessage `json:"after,omitempty"`
	// Sealed marks Before and After as encrypted with the project's
	// pseudonym key (they held text an anonymisation replaced): only a
	// holder of the key can read them, and so undo or redo the command.
	Sealed bool `json:"sealed,omitempty"`
}

// Command records one mutating operation: the audit log and the basis of
// undo and redo. It is written in the same transaction as the change.
type Command struct {
	// GUID identifies the command.
	GUID GUID `json:"guid"`
	// Seq is the command's position in the log, assigned by the store.
	Seq uint64 `json:"seq"`
	// User is the user who issued it.
	User GUID `json:"user,omitempty"`
	// Time is when it was issued.
	Time time.Time `json:"time"`
	// Kind names the operation, e.g. "coding.add".
	Kind string `json:"kind"`
	// Summary is a short human-readable description, never a document's text.
	Summary string `json:"summary,omitempty"`
	// Changes lists what the command wrote.
	Changes []Change `json:"changes,omitempty"`
	// Reverts is the GUID of the command this one undoes or redoes, if any.
	Reverts GUID `json:"reverts,omitempty"`
}

package qdpx

import (
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// ExtensionEntry is the zip entry that carries what REFI-QDA has no place
// for. Other tools ignore it; protocoder reads it back so that a round trip
// through a QDPX file keeps the whole project.
const ExtensionEntry = "protocoder.json"

// extensionFormat is the version of the extension's layout.
const extensionFormat = 1

// extension is the content of ExtensionEntry. The REFI-QDA part of the file
// stays authoritative for everything it holds; the extension only adds
// fields, keyed by GUID.
type extension struct {
	Format     int                      `json:"format"`
	Project    qda.Project              `json:"project"`
	Guidelines []qda.Guideline          `json:"guidelines,omitempty"`
	Interviews []qda.Interview          `json:"interviews,omitempty"`
	Plan       *qda.Plan                `json:"plan,omitempty"`
	Attributes []qda.AttributeDef       `json:"attributes,omitempty"`
	Users      map[qda.GUID]userExtra   `json:"users,omitempty"`
	Cases      map[qda.GUID]caseExtra   `json:"cases,omitempty"`
	Codes      map[qda.GUID]codeExtra   `json:"codes,omitempty"`
	Documents  map[qda.GUID]docExtra    `json:"documents,omitempty"`
	Memos      map[qda.GUID]memoExtra   `json:"memos,omitempty"`
	Codings    map[qda.GUID]codingExtra `json:"codings,omitempty"`
}

type userExtra struct {
	FullName    string           `json:"full_name,omitempty"`
	Initials    string           `json:"initials,omitempty"`
	Roles       []qda.MemberRole `json:"roles,omitempty"`
	Placeholder bool             `json:"placeholder,omitempty"`
	Created     string           `json:"created,omitempty"`
}

type caseExtra struct {
	Kind qda.CaseKind `json:"kind"`
}

type codeExtra struct {
	Order int              `json:"order"`
	Ref   *qda.QuestionRef `json:"ref,omitempty"`
}

// The times in the extension are exact (the XML carries them to the
// second) and written only where they have a fraction of a second.
type docExtra struct {
	Kind      qda.DocKind `json:"kind"`
	Interview qda.GUID    `json:"interview,omitempty"`
	Source    string      `json:"source,omitempty"`
	Created   string      `json:"created,omitempty"`
	Modified  string      `json:"modified,omitempty"`
}

type memoExtra struct {
	Target   qda.GUID `json:"target,omitempty"`
	Created  string   `json:"created,omitempty"`
	Modified string   `json:"modified,omitempty"`
}

type codingExtra struct {
	Origin  qda.Origin `json:"origin,omitempty"`
	Created string     `json:"created,omitempty"`
}

// exact formats a time for the extension when it has a fraction of a
// second that stamp leaves out; "" otherwise.
func exact(t time.Time) string {
	if t.IsZero() || t.Equal(t.Truncate(time.Second)) {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// exactOr returns the time of an exact stamp, else t.
func exactOr(s string, t time.Time) time.Time {
	if x := when(s); !x.IsZero() {
		return x
	}
	return t
}

// Fixed GUIDs of what protocoder derives when it writes a file, so that the
// same project always gives the same file and reading it back recognises
// them.
var (
	// metaNS is the namespace of the interview metadata variables.
	metaNS = qda.GUID("6d1f3c8e-2b7a-4e51-9c0d-8f4a2e7b5c13")
)

// memoNoteGUID is the GUID of the Note that carries a code's or a coding's
// memo text.
func memoNoteGUID(owner qda.GUID) qda.GUID { return qda.NameGUID(owner, "memo") }

// selectionGUID is the GUID of the PlainTextSelection of one coding.
func selectionGUID(coding qda.GUID) qda.GUID { return qda.NameGUID(coding, "selection") }

// setGUID is the GUID of the Set holding the codes of one guideline.
func setGUID(guideline qda.GUID) qda.GUID { return qda.NameGUID(guideline, "set") }

// metaVariable is one interview field exported as a source variable.
type metaVariable struct {
	key, name, typ string
}

// metaVariables are the interview fields written as variables of the
// interview's protocol, in this order.
var metaVariables = []metaVariable{
	{"guideline", "Leitfaden", "Text"},
	{"level", "Ebene", "Text"},
	{"wave", "Welle", "Integer"},
	{"case", "Fall", "Text"},
	{"role", "Rolle", "Text"},
	{"interviewee", "Interviewte Person", "Text"},
	{"interviewer", "Interviewer:in", "Text"},
	{"date", "Datum", "Date"},
	{"status", "Status", "Text"},
	{"kind", "Dokumentart", "Text"},
}

// metaGUID is the GUID of an interview metadata variable.
func metaGUID(key string) qda.GUID { return qda.NameGUID(metaNS, key) }

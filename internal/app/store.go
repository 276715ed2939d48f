package app

import (
	"github.com/protocoder/protocoder/internal/qda"
)

// Store is what the use cases need of the project store.
type Store interface {
	// View runs fn in a read-only transaction.
	View(fn func(tx Tx) error) error
	// Update runs fn in a read-write transaction and records cmd with the
	// changes in the same transaction.
	Update(cmd *qda.Command, fn func(tx Tx) error) error
	// Backup writes a backup now.
	Backup(reason string) (BackupInfo, error)
	// Backups lists the backups, newest first.
	Backups() ([]BackupInfo, error)
	// Close releases the project.
	Close() error
}

// BackupInfo describes one backup.
type BackupInfo struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Time   string `json:"time"`
	Seq    uint64 `json:"seq"`
	Reason string `json:"reason"`
	Size   int64  `json:"size"`
}

// Counts holds entity counts as the store reports them.
type Counts struct {
	Users      int
	Guidelines int
	Codes      int
	Cases      int
	Interviews int
	Documents  int
	Codings    int
	Memos      int
	Commands   int
}

// Tx is a store transaction as the use cases see it.
type Tx interface {
	SchemaVersion() (int, error)
	EntityCounts() Counts
	// DocumentCount is EntityCounts().Documents without counting the
	// rest (the change log of a large project is most of its file).
	DocumentCount() int
	Project() (qda.Project, error)
	PutProject(*qda.Project) error

	User(qda.GUID) (*qda.User, error)
	Users() ([]qda.User, error)
	PutUser(*qda.User) error

	AttributeDef(qda.GUID) (*qda.AttributeDef, error)
	AttributeDefs() ([]qda.AttributeDef, error)
	PutAttributeDef(*qda.AttributeDef) error
	DeleteAttributeDef(qda.GUID) error

	Case(qda.GUID) (*qda.Case, error)
	Cases() ([]qda.Case, error)
	PutCase(*qda.Case) error
	DeleteCase(qda.GUID) error

	Guideline(qda.GUID) (*qda.Guideline, error)
	Guidelines() ([]qda.Guideline, error)
	PutGuideline(*qda.Guideline) error
	DeleteGuideline(qda.GUID) error

	Code(qda.GUID) (*qda.Code, error)
	Codes() ([]qda.Code, error)
	PutCode(*qda.Code) error
	DeleteCode(qda.GUID) error

	Interview(qda.GUID) (*qda.Interview, error)
	Interviews() ([]qda.Interview, error)
	PutInterview(*qda.Interview) error
	DeleteInterview(qda.GUID) error

	Document(qda.GUID) (*qda.Document, error)
	Documents() ([]qda.Document, error)
	PutDocument(*qda.Document) error
	DeleteDocument(qda.GUID) error
	Text(qda.GUID) (string, error)
	PutText(qda.GUID, string) error

	Coding(qda.GUID) (*qda.Coding, error)
	EachCoding(func(*qda.Coding) error) error
	// EachCodingRef is EachCoding for counting: document, code, coder and
	// range only, read without decoding the rest. fn must not keep the
	// pointer.
	EachCodingRef(func(*qda.CodingRef) error) error
	// CodingCountsByCode returns the number of codings per code.
	CodingCountsByCode() map[qda.GUID]int
	CodingsOfDocument(qda.GUID) ([]qda.Coding, error)
	CodingsOfCode(qda.GUID) ([]qda.Coding, error)
	// CodingCountOfCode is len(CodingsOfCode) without reading the codings.
	CodingCountOfCode(qda.GUID) int
	PutCoding(*qda.Coding) error
	DeleteCoding(qda.GUID) error
	CheckCodingIndexes() ([]string, error)

	Memo(qda.GUID) (*qda.Memo, error)
	Memos() ([]qda.Memo, error)
	PutMemo(*qda.Memo) error
	DeleteMemo(qda.GUID) error

	Plan() (*qda.Plan, error)
	PutPlan(*qda.Plan) error

	Summary(target, code qda.GUID) (*qda.Summary, error)
	Summaries() ([]qda.Summary, error)
	PutSummary(*qda.Summary) error
	DeleteSummary(target, code qda.GUID) error
	ReportSource(c qda.GUID, l qda.Level) (*qda.ReportSource, error)
	PutReportSource(*qda.ReportSource) error
	ReportSources() ([]qda.ReportSource, error)
	DeleteReportSource(c qda.GUID, l qda.Level) error

	AnonIgnores(doc qda.GUID) ([]qda.AnonIgnore, error)
	PutAnonIgnore(*qda.AnonIgnore) error
	DeleteAnonIgnore(qda.GUID) error

	// Commands calls fn for every command from seq on, oldest first.
	Commands(from uint64, fn func(*qda.Command) error) error
	LastCommandSeq() uint64
	// ApplyImages writes the before (undo) or after (redo) images of changes.
	ApplyImages(changes []qda.Change, useBefore bool) error
	// RawImage returns an entity's stored JSON, nil if it does not exist.
	RawImage(entity, key string) ([]byte, error)
}

package app

import "github.com/protocoder/protocoder/internal/qda"

// FileReader reads protocol and document files for import. It is the port
// to the importer packages (txt, md, docx, odt, rtf, pdf), which the app
// layer must not import; internal/wire implements it.
type FileReader interface {
	// ReadSource reads the file at path. Every error names the file and
	// the reason (empty, binary, too large, damaged, no text layer …).
	ReadSource(path string) (*SourceFile, error)
}

// SourceFile is a protocol or document file read for import: protocoder's
// Markdown protocol format (front matter, "### 2.2a" answers), or any other
// format, whose structure is known only once the guideline is.
type SourceFile struct {
	// Path is the file as given to ReadSource.
	Path string
	// Format is the file's format: txt, md, docx, odt, rtf or pdf.
	Format string
	// Meta holds the file's metadata: the Markdown front matter (keys
	// guideline, role, case, wave, interviewee, interviewer, date,
	// consent, recording, status) or the title other formats carry.
	Meta map[string]string
	// Text is the file's text, canonical (NFC, "\n"). For protocoder
	// Markdown the reader may leave it empty: Service.ReadSource fills it
	// from Protocol.
	Text string
	// Blocks are the paragraphs of Text; unused for protocoder Markdown.
	Blocks []SourceBlock
	// Protocol holds the free sections and answers of a protocoder
	// Markdown file; nil for other formats.
	Protocol []qda.ProtocolBlock
	// Warnings say what the reader could not keep (unreadable glyphs,
	// parts left out) and what the import noticed (no answer found).
	Warnings []string
}

// SourceBlock is one paragraph of a SourceFile's Text.
type SourceBlock struct {
	// Start and End are rune offsets into Text, half-open, without the
	// separating newlines.
	Start, End int
	// Heading is the heading level 1–6, or 0 for body text.
	Heading int
	// QuestionID is the question id the paragraph starts with ("2.2a",
	// "1.3a/1.6", "X.2"), or "".
	QuestionID string
	// Note marks a footnote, endnote or comment, which the reader puts
	// after the body.
	Note bool
}

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
	// CheckCounts describes every difference between the stored entity
	// counts and the entities the store holds (verify).
	CheckCounts() []string

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

// Index is the full-text index of passages, a derived cache of the store
// (internal/search implements it). The app keeps it in step after every
// write and rebuilds it when its stamp does not match the store.
type Index interface {
	// Update removes every passage of the documents in remove, then adds
	// the passages in add, as one batch. A passage added where the index
	// holds one of the same document and start replaces it (the indexer
	// re-indexes only the passages a coding covers that way).
	Update(remove []qda.GUID, add []qda.IndexPassage) error
	// Search answers a request.
	Search(req qda.SearchRequest) (*qda.SearchResult, error)
	// Stamp returns what the index last recorded of the store. An index
	// created anew or with another mapping version returns the zero stamp.
	Stamp() (IndexStamp, error)
	// SetStamp records the store state the index now reflects.
	SetStamp(IndexStamp) error
	// Reset empties the index and removes its files' old contents (used
	// before a rebuild and after deletions that must leave no trace).
	Reset() error
	// Close closes the index.
	Close() error
}

// IndexStamp ties the index to a state of the store.
type IndexStamp struct {
	// Seq is the newest command the index reflects.
	Seq uint64 `json:"seq"`
	// Documents is the number of documents indexed.
	Documents int `json:"documents"`
	// Passages is the number of passages indexed.
	Passages int `json:"passages"`
}

// Progress receives progress of long work: done of total units.
type Progress func(done, total int)

// Package uitest holds helpers for protocoder's headless UI tests: an
// in-memory app.Store, a small sample project and a fake project opener.
// It must not import the bbolt store or the search index (the layer test
// under internal/ui checks that), so view tests run with CGO_ENABLED=0.
package uitest

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"sync"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// MemStore is an in-memory app.Store. Its exported maps may be filled
// directly before the store is handed to app.New.
type MemStore struct {
	mu         sync.Mutex
	Project    qda.Project
	Users      map[qda.GUID]qda.User
	Guidelines map[qda.GUID]qda.Guideline
	Codes      map[qda.GUID]qda.Code
	Cases      map[qda.GUID]qda.Case
	Interviews map[qda.GUID]qda.Interview
	Documents  map[qda.GUID]qda.Document
	Texts      map[qda.GUID]string
	Codings    map[qda.GUID]qda.Coding
	Memos      map[qda.GUID]qda.Memo
	// Plan is the fieldwork plan, nil for none.
	Plan *qda.Plan
	// AnonIgnores holds ignore decisions of the anonymization review.
	AnonIgnores map[qda.GUID]qda.AnonIgnore
	commands    []qda.Command
	backups     []app.BackupInfo
	closed      bool

	// Summaries holds the summary grid's texts by qda.SummaryKey (created
	// on first use).
	Summaries map[string]qda.Summary
	// Reports holds the records of generated case reports by
	// qda.ReportKey.
	Reports map[string]qda.ReportSource

	// Folder is the project folder the store says it lives in (Dir), ""
	// for none: recordings and keys need one.
	Folder string
}

// Dir returns Folder: the project folder of the store, for the use cases
// that keep files beside it (recordings, the pseudonym key).
func (m *MemStore) Dir() string { return m.Folder }

// NewMemStore returns an empty store for a project with the given name.
func NewMemStore(name string) *MemStore {
	return &MemStore{
		Project:     qda.Project{GUID: "00000000-0000-4000-8000-000000000001", Name: name},
		Users:       map[qda.GUID]qda.User{},
		Guidelines:  map[qda.GUID]qda.Guideline{},
		Codes:       map[qda.GUID]qda.Code{},
		Cases:       map[qda.GUID]qda.Case{},
		Interviews:  map[qda.GUID]qda.Interview{},
		Documents:   map[qda.GUID]qda.Document{},
		Texts:       map[qda.GUID]string{},
		Codings:     map[qda.GUID]qda.Coding{},
		Memos:       map[qda.GUID]qda.Memo{},
		AnonIgnores: map[qda.GUID]qda.AnonIgnore{},
	}
}

// View implements app.Store.
func (m *MemStore) View(fn func(tx app.Tx) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return qda.Errorf(qda.EInternal, "store closed")
	}
	return fn(memTx{m: m})
}

// Update implements app.Store; the command is appended to the log.
func (m *MemStore) Update(cmd *qda.Command, fn func(tx app.Tx) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return qda.Errorf(qda.EInternal, "store closed")
	}
	var changes []qda.Change
	if err := fn(memTx{m: m, changes: &changes}); err != nil {
		return err
	}
	cmd.Seq = uint64(len(m.commands) + 1)
	cmd.Changes = changes
	m.commands = append(m.commands, *cmd)
	return nil
}

// Backup implements app.Store by recording a backup entry.
func (m *MemStore) Backup(reason string) (app.BackupInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := app.BackupInfo{Name: "backup-" + reason, Path: os.TempDir() + "/backup-" + reason, Reason: reason, Seq: uint64(len(m.commands))}
	m.backups = append([]app.BackupInfo{b}, m.backups...)
	return b, nil
}

// Backups implements app.Store.
func (m *MemStore) Backups() ([]app.BackupInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]app.BackupInfo(nil), m.backups...), nil
}

// Close implements app.Store.
func (m *MemStore) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

// Closed reports whether Close was called.
func (m *MemStore) Closed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

// memTx implements app.Tx on the maps. The caller holds the store's lock.
// The embedded (nil) app.Tx keeps this helper compiling when the interface
// grows; a method the views need must be implemented here, or it panics.
type memTx struct {
	app.Tx
	m *MemStore
	// changes collects the before and after images of the codes, codings
	// and memos an Update writes, so that undo and redo work on them (not
	// on other entities; their commands have no images and are not undone).
	changes *[]qda.Change
}

// Plan returns the fieldwork plan (empty until PutPlan).
func (t memTx) Plan() (*qda.Plan, error) {
	if t.m.Plan == nil {
		return &qda.Plan{}, nil
	}
	p := *t.m.Plan
	return &p, nil
}

// PutPlan replaces the fieldwork plan.
func (t memTx) PutPlan(p *qda.Plan) error { c := *p; t.m.Plan = &c; return nil }

func values[T any](m map[qda.GUID]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	out := make([]T, 0, len(m))
	for _, k := range keys {
		out = append(out, m[qda.GUID(k)])
	}
	return out
}

func get[T any](m map[qda.GUID]T, id qda.GUID, what string) (*T, error) {
	v, ok := m[id]
	if !ok {
		return nil, qda.Errorf(qda.ENotFound, "no %s %s", what, id)
	}
	return &v, nil
}

func (t memTx) SchemaVersion() (int, error) { return 1, nil }
func (t memTx) EntityCounts() app.Counts {
	m := t.m
	return app.Counts{Users: len(m.Users), Guidelines: len(m.Guidelines), Codes: len(m.Codes), Cases: len(m.Cases),
		Interviews: len(m.Interviews), Documents: len(m.Documents), Codings: len(m.Codings), Memos: len(m.Memos), Commands: len(m.commands)}
}
func (t memTx) DocumentCount() int                  { return len(t.m.Documents) }
func (t memTx) Project() (qda.Project, error)       { return t.m.Project, nil }
func (t memTx) PutProject(p *qda.Project) error     { t.m.Project = *p; return nil }
func (t memTx) User(id qda.GUID) (*qda.User, error) { return get(t.m.Users, id, "user") }
func (t memTx) Users() ([]qda.User, error)          { return values(t.m.Users), nil }
func (t memTx) PutUser(u *qda.User) error           { t.m.Users[u.GUID] = *u; return nil }
func (t memTx) AttributeDef(id qda.GUID) (*qda.AttributeDef, error) {
	return nil, qda.Errorf(qda.ENotFound, "no attribute %s", id)
}
func (t memTx) AttributeDefs() ([]qda.AttributeDef, error) { return nil, nil }
func (t memTx) PutAttributeDef(*qda.AttributeDef) error    { return nil }
func (t memTx) DeleteAttributeDef(qda.GUID) error          { return nil }
func (t memTx) Case(id qda.GUID) (*qda.Case, error)        { return get(t.m.Cases, id, "case") }
func (t memTx) Cases() ([]qda.Case, error)                 { return values(t.m.Cases), nil }
func (t memTx) PutCase(c *qda.Case) error                  { t.m.Cases[c.GUID] = *c; return nil }
func (t memTx) DeleteCase(id qda.GUID) error               { delete(t.m.Cases, id); return nil }
func (t memTx) Guideline(id qda.GUID) (*qda.Guideline, error) {
	return get(t.m.Guidelines, id, "guideline")
}
func (t memTx) Guidelines() ([]qda.Guideline, error) { return values(t.m.Guidelines), nil }
func (t memTx) PutGuideline(g *qda.Guideline) error  { t.m.Guidelines[g.GUID] = *g; return nil }
func (t memTx) DeleteGuideline(id qda.GUID) error    { delete(t.m.Guidelines, id); return nil }
func (t memTx) Code(id qda.GUID) (*qda.Code, error)  { return get(t.m.Codes, id, "code") }
func (t memTx) Codes() ([]qda.Code, error)           { return values(t.m.Codes), nil }
func (t memTx) PutCode(c *qda.Code) error {
	t.record("code", c.GUID, func() { t.m.Codes[c.GUID] = *c })
	return nil
}
func (t memTx) DeleteCode(id qda.GUID) error {
	t.record("code", id, func() { delete(t.m.Codes, id) })
	return nil
}
func (t memTx) Interviews() ([]qda.Interview, error) { return values(t.m.Interviews), nil }
func (t memTx) PutInterview(iv *qda.Interview) error { t.m.Interviews[iv.GUID] = *iv; return nil }
func (t memTx) DeleteInterview(id qda.GUID) error    { delete(t.m.Interviews, id); return nil }
func (t memTx) Document(id qda.GUID) (*qda.Document, error) {
	return get(t.m.Documents, id, "document")
}
func (t memTx) Interview(id qda.GUID) (*qda.Interview, error) {
	return get(t.m.Interviews, id, "interview")
}
func (t memTx) Documents() ([]qda.Document, error) { return values(t.m.Documents), nil }
func (t memTx) PutDocument(d *qda.Document) error  { t.m.Documents[d.GUID] = *d; return nil }
func (t memTx) DeleteDocument(id qda.GUID) error   { delete(t.m.Documents, id); return nil }
func (t memTx) Text(id qda.GUID) (string, error) {
	s, ok := t.m.Texts[id]
	if !ok {
		return "", qda.Errorf(qda.ENotFound, "no text %s", id)
	}
	return s, nil
}
func (t memTx) PutText(id qda.GUID, s string) error     { t.m.Texts[id] = s; return nil }
func (t memTx) Coding(id qda.GUID) (*qda.Coding, error) { return get(t.m.Codings, id, "coding") }
func (t memTx) EachCoding(fn func(*qda.Coding) error) error {
	for _, c := range values(t.m.Codings) {
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}
func (t memTx) CodingsOfDocument(id qda.GUID) ([]qda.Coding, error) {
	var out []qda.Coding
	for _, c := range values(t.m.Codings) {
		if c.Document == id {
			out = append(out, c)
		}
	}
	return out, nil
}
func (t memTx) CodingsOfCode(id qda.GUID) ([]qda.Coding, error) {
	var out []qda.Coding
	for _, c := range values(t.m.Codings) {
		if c.Code == id {
			out = append(out, c)
		}
	}
	return out, nil
}
func (t memTx) EachCodingRef(fn func(*qda.CodingRef) error) error {
	for _, c := range values(t.m.Codings) {
		r := c.Ref()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}
func (t memTx) CodingCountsByCode() map[qda.GUID]int {
	n := map[qda.GUID]int{}
	for _, c := range t.m.Codings {
		n[c.Code]++
	}
	return n
}
func (t memTx) CodingCountOfCode(id qda.GUID) int {
	cs, _ := t.CodingsOfCode(id)
	return len(cs)
}
func (t memTx) PutCoding(c *qda.Coding) error {
	t.record("coding", c.GUID, func() { t.m.Codings[c.GUID] = *c })
	return nil
}
func (t memTx) DeleteCoding(id qda.GUID) error {
	t.record("coding", id, func() { delete(t.m.Codings, id) })
	return nil
}
func (t memTx) CheckCodingIndexes() ([]string, error) { return nil, nil }
func (t memTx) CheckCounts() []string                 { return nil }
func (t memTx) Memo(id qda.GUID) (*qda.Memo, error)   { return get(t.m.Memos, id, "memo") }
func (t memTx) Memos() ([]qda.Memo, error)            { return values(t.m.Memos), nil }
func (t memTx) PutMemo(mm *qda.Memo) error {
	t.record("memo", mm.GUID, func() { t.m.Memos[mm.GUID] = *mm })
	return nil
}
func (t memTx) DeleteMemo(id qda.GUID) error {
	t.record("memo", id, func() { delete(t.m.Memos, id) })
	return nil
}
func (t memTx) LastCommandSeq() uint64 { return uint64(len(t.m.commands)) }

// record runs write and keeps the entity's images before and after it.
func (t memTx) record(entity string, id qda.GUID, write func()) {
	before, _ := t.RawImage(entity, string(id))
	write()
	after, _ := t.RawImage(entity, string(id))
	if t.changes != nil && !bytes.Equal(before, after) {
		*t.changes = append(*t.changes, qda.Change{Entity: entity, Key: string(id), Before: before, After: after})
	}
}

// RawImage returns the JSON of a code, coding or memo, nil if it does not
// exist (or is of another kind).
func (t memTx) RawImage(entity, key string) ([]byte, error) {
	id := qda.GUID(key)
	var v any
	switch entity {
	case "code":
		if c, ok := t.m.Codes[id]; ok {
			v = c
		}
	case "coding":
		if c, ok := t.m.Codings[id]; ok {
			v = c
		}
	case "memo":
		if c, ok := t.m.Memos[id]; ok {
			v = c
		}
	}
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

// ApplyImages writes the before (undo) or after (redo) images of changes,
// in reverse order for undo.
func (t memTx) ApplyImages(changes []qda.Change, useBefore bool) error {
	for i := range changes {
		c := changes[i]
		if useBefore {
			c = changes[len(changes)-1-i]
		}
		img := c.After
		if useBefore {
			img = c.Before
		}
		if err := t.applyImage(c.Entity, qda.GUID(c.Key), img); err != nil {
			return err
		}
	}
	return nil
}

func (t memTx) applyImage(entity string, id qda.GUID, img []byte) error {
	switch entity {
	case "code":
		return putImage(t, img, id, func(v *qda.Code) error { return t.PutCode(v) }, t.DeleteCode)
	case "coding":
		return putImage(t, img, id, func(v *qda.Coding) error { return t.PutCoding(v) }, t.DeleteCoding)
	case "memo":
		return putImage(t, img, id, func(v *qda.Memo) error { return t.PutMemo(v) }, t.DeleteMemo)
	}
	return qda.Errorf(qda.EInternal, "the test store keeps no images of %s", entity)
}

func putImage[T any](_ memTx, img []byte, id qda.GUID, put func(*T) error, del func(qda.GUID) error) error {
	if img == nil {
		return del(id)
	}
	var v T
	if err := json.Unmarshal(img, &v); err != nil {
		return err
	}
	return put(&v)
}
func (t memTx) Commands(from uint64, fn func(*qda.Command) error) error {
	for i := range t.m.commands {
		if uint64(i+1) < from {
			continue
		}
		if err := fn(&t.m.commands[i]); err != nil {
			return err
		}
	}
	return nil
}

var _ app.Store = (*MemStore)(nil)
var _ app.Tx = memTx{}

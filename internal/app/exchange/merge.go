package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// MergeReport tells what an import or a merge did.
type MergeReport struct {
	// Source names what was brought in.
	Source string `json:"source"`
	// Command is the GUID of the command that holds the change (undo it to
	// take the whole merge back).
	Command qda.GUID `json:"command,omitempty"`
	// Backup is the backup taken before, "" for an empty project.
	Backup string `json:"backup,omitempty"`
	// Added, Updated and Removed count entities by kind.
	Added   map[string]int `json:"added"`
	Updated map[string]int `json:"updated"`
	Removed map[string]int `json:"removed"`
	// Unchanged counts entities both sides hold alike.
	Unchanged int `json:"unchanged"`
	// Duplicates counts codings this project holds already under another
	// GUID (same document, passage, code and coder).
	Duplicates int `json:"duplicates"`
	// Matched lists entities of the source matched to this project's by name
	// because their GUIDs differ (tools that re-mint GUIDs).
	Matched []string `json:"matched_by_name,omitempty"`
	// Conflicts are the changes made on both sides; this project's version
	// was kept. The user resolves them.
	Conflicts []Conflict `json:"conflicts"`
	// Notes list what was left out or kept, one sentence each.
	Notes []string `json:"notes,omitempty"`
	// Warnings are what the reader of an exchange file left out.
	Warnings []string `json:"warnings,omitempty"`
}

// Conflict is one entity changed differently on both sides.
type Conflict struct {
	Entity     string      `json:"entity"`
	GUID       qda.GUID    `json:"guid"`
	Name       string      `json:"name"`
	Fields     []FieldDiff `json:"fields,omitempty"`
	Resolution string      `json:"resolution"`
}

// FieldDiff is one field in which the two versions differ.
type FieldDiff struct {
	Field  string `json:"field"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
	raw    string // the source's JSON value
}

func newMergeReport(source string) *MergeReport {
	return &MergeReport{Source: source, Added: map[string]int{}, Updated: map[string]int{}, Removed: map[string]int{}, Conflicts: []Conflict{}}
}

func (r *MergeReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// finish sorts the report for stable output.
func (r *MergeReport) finish() {
	sort.SliceStable(r.Conflicts, func(i, j int) bool { return r.Conflicts[i].Entity < r.Conflicts[j].Entity })
}

// verdict is what a merge does with one entity.
type verdict int

const (
	vSame             verdict = iota // both sides alike
	vAdd                             // new in the source: add it
	vTake                            // changed only in the source: take it
	vKeep                            // changed only here, or gone on purpose: keep
	vDelete                          // deleted in the source, unchanged here
	vConflict                        // changed on both sides: keep ours, report
	vRestore                         // deleted here, changed there: restore theirs, report
	vKeepDeletedThere                // changed here, deleted there: keep, report
)

// merger merges one snapshot into the project inside one transaction.
type merger struct {
	ctx     context.Context // cancels the merge between its steps; nil: never
	s       *Service
	tx      app.Tx
	src     *qda.Snapshot
	rep     *MergeReport
	hist    bool
	ourHist map[string][]qda.Touch
	ourCmds map[qda.GUID]bool
	texts   map[qda.GUID]*docTexts
	offsets map[string]*qda.OffsetMap // "from/to" document text pair → map
	skipped map[string]int            // codings left out, by reason
	// finalBefore holds the final interviews' states before the merge and
	// wroteIV the interviews the merge wrote (see gate).
	finalBefore map[qda.GUID]string
	wroteIV     map[qda.GUID]bool
}

func newMerger(s *Service, tx app.Tx, src *qda.Snapshot, rep *MergeReport) (*merger, error) {
	m := &merger{s: s, tx: tx, src: src, rep: rep, hist: src.History != nil, wroteIV: map[qda.GUID]bool{}}
	var err error
	if m.finalBefore, err = finalStates(tx); err != nil {
		return nil, err
	}
	if m.hist {
		if m.ourHist, m.ourCmds, err = history(tx); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// run merges entity kind by entity kind, referenced kinds first.
func (m *merger) run() error {
	if err := m.matchByName(); err != nil {
		return err
	}
	for _, step := range []func() error{m.users, m.attrDefs, m.cases, m.guidelines, m.codes, m.interviews,
		m.documents, m.codings, m.memos, m.plan, m.gate} {
		if err := m.cancelled(); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	return m.cancelled()
}

// cancelled returns the merge's context error, if it was cancelled.
func (m *merger) cancelled() error {
	if m.ctx == nil {
		return nil
	}
	if err := m.ctx.Err(); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// image is the JSON image of an entity, nil for none.
func image[T any](p *T) []byte {
	if p == nil {
		return nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil
	}
	return b
}

// decide compares the two images of one entity with both histories.
func (m *merger) decide(entity, key string, ours, theirs []byte) verdict {
	if bytes.Equal(ours, theirs) {
		return vSame
	}
	if !m.hist {
		switch {
		case ours == nil:
			return vAdd
		case theirs == nil, onlyUnset(diffFields(ours, theirs)):
			return vKeep
		}
		return vConflict
	}
	ek := qda.EntityKey(entity, key)
	th, oh := m.src.History[ek], m.ourHist[ek]
	theirsChanged := changedSince(th, m.ourCmds, oh)
	oursChanged := changedSince(oh, m.src.Commands, th)
	switch {
	case ours == nil && len(oh) == 0:
		return vAdd
	case ours == nil && theirsChanged:
		return vRestore
	case ours == nil:
		return vKeep
	case theirs == nil && len(th) == 0:
		return vKeep
	case theirs == nil && oursChanged:
		return vKeepDeletedThere
	case theirs == nil:
		return vDelete
	case theirsChanged && !oursChanged:
		return vTake
	case oursChanged && !theirsChanged:
		return vKeep
	}
	return vConflict
}

// changedSince reports whether a side's touches include a change the other
// side has not seen: a command missing from the other's log, unless it is a
// merge that wrote a version the other side had (it came from there).
func changedSince(mine []qda.Touch, otherCmds map[qda.GUID]bool, other []qda.Touch) bool {
	for _, t := range mine {
		if otherCmds[t.Command] {
			continue
		}
		if t.Kind == KindMerge && t.After != "" && hadImage(other, t.After) {
			continue
		}
		return true
	}
	return false
}

func hadImage(ts []qda.Touch, after string) bool {
	for _, t := range ts {
		if t.After == after {
			return true
		}
	}
	return false
}

// skipError marks an entity of the source that cannot come in; the merge
// goes on and notes it.
type skipError struct{ msg string }

func (e *skipError) Error() string { return e.msg }

func skipf(format string, args ...any) error { return &skipError{fmt.Sprintf(format, args...)} }

// apply carries out a verdict with put (write theirs) and del (delete
// ours); it returns the verdict, or vKeep when put skipped the entity.
func (m *merger) apply(entity string, key qda.GUID, name string, ours, theirs []byte, put, del func() error) (verdict, error) {
	v := m.decide(entity, string(key), ours, theirs)
	var err error
	switch v {
	case vSame:
		m.rep.Unchanged++
	case vAdd, vTake, vRestore:
		if err = put(); err == nil {
			if v == vTake {
				m.rep.Updated[entity]++
			} else {
				m.rep.Added[entity]++
			}
			if v == vRestore {
				m.conflict(entity, key, name, nil, theirs, "deleted here but changed in the source: restored from the source")
			}
		}
	case vDelete:
		if del == nil {
			m.rep.note("%s %q was deleted in the source; it is kept here", entity, name)
			return vKeep, nil
		}
		if err = del(); err == nil {
			m.rep.Removed[entity]++
		}
	case vConflict:
		m.conflict(entity, key, name, ours, theirs, "this project's version was kept")
	case vKeepDeletedThere:
		m.conflict(entity, key, name, ours, nil, "changed here but deleted in the source: kept")
	}
	var se *skipError
	if errors.As(err, &se) {
		if se.msg == "" {
			return vKeep, nil
		}
		m.rep.note("%s %q from the source is left out: %s", entity, name, se.msg)
		return vKeep, nil
	}
	return v, err
}

// conflict records a conflict with the fields in which the images differ.
func (m *merger) conflict(entity string, key qda.GUID, name string, ours, theirs []byte, resolution string) {
	m.rep.Conflicts = append(m.rep.Conflicts, Conflict{Entity: entity, GUID: key, Name: name,
		Fields: diffFields(ours, theirs), Resolution: resolution})
}

// diffFields lists the top-level fields in which two JSON images differ.
func diffFields(ours, theirs []byte) []FieldDiff {
	var a, b map[string]json.RawMessage
	if json.Unmarshal(ours, &a) != nil {
		a = map[string]json.RawMessage{}
		if ours != nil {
			a["value"] = ours
		}
	}
	if json.Unmarshal(theirs, &b) != nil {
		b = map[string]json.RawMessage{}
		if theirs != nil {
			b["value"] = theirs
		}
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []FieldDiff
	for k := range keys {
		if !bytes.Equal(a[k], b[k]) {
			out = append(out, FieldDiff{Field: k, Ours: excerpt(a[k]), Theirs: excerpt(b[k]), raw: string(b[k])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// unsetValues are values an exchange file gives a field it does not know:
// they never conflict with what the project holds.
var unsetValues = map[string]bool{"": true, "null": true, "0": true, "false": true, `""`: true, "{}": true, "[]": true,
	`"0001-01-01T00:00:00Z"`: true, `"other"`: true, `"import"`: true}

// looseFields are fields in which an exchange file and the project may
// differ without a conflict: where the codebook orders a code, how and when
// something was created, where a document came from.
var looseFields = map[string]bool{"order": true, "origin": true, "source": true, "created": true, "modified": true, "full_name": true}

// onlyUnset reports whether the source differs only in fields it leaves
// unset or in loose fields (a file without a command log).
func onlyUnset(ds []FieldDiff) bool {
	for _, d := range ds {
		// REFI-QDA has no choice variables: a file says "text".
		textType := d.Field == "type" && d.raw == `"text"`
		if !looseFields[d.Field] && !unsetValues[d.raw] && !textType {
			return false
		}
	}
	return true
}

// excerpt shows a JSON value briefly: strings unquoted, at most 200 runes.
func excerpt(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return strings.TrimSpace(s)
}

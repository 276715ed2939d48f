//go:build unix

package torture

import (
	"fmt"
	"sort"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// snapshot is what the torture test reads of a project in-process after
// each kill: the entities its operations create or change.
type snapshot struct {
	codes      map[qda.GUID]qda.Code
	docs       map[qda.GUID]qda.Document
	texts      map[qda.GUID]string
	interviews map[qda.GUID]qda.Interview
	codings    map[qda.GUID]qda.Coding
	commands   int
}

// readSnapshot opens the project in-process (without taking a backup) and
// reads it.
func readSnapshot(dir string) (*snapshot, error) {
	s, err := wire.Open(dir, wire.Options{Store: store.Options{NoBackup: true}})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	defer func() { _ = s.Close() }()
	sn := &snapshot{codes: map[qda.GUID]qda.Code{}, docs: map[qda.GUID]qda.Document{}, texts: map[qda.GUID]string{},
		interviews: map[qda.GUID]qda.Interview{}, codings: map[qda.GUID]qda.Coding{}}
	codes, err := s.Codes()
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		sn.codes[c.GUID] = c
	}
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		sn.docs[d.GUID] = d
		_, text, _, err := s.DocumentWithText(d.GUID)
		if err != nil {
			return nil, err
		}
		sn.texts[d.GUID] = text
	}
	ivs, err := s.Interviews()
	if err != nil {
		return nil, err
	}
	for _, iv := range ivs {
		sn.interviews[iv.GUID] = iv
	}
	segs, err := s.Segments(app.CodingFilter{})
	if err != nil {
		return nil, err
	}
	for _, sg := range segs {
		sn.codings[sg.GUID] = sg.Coding
	}
	in, err := s.Info()
	if err != nil {
		return nil, err
	}
	sn.commands = in.Commands
	return sn, nil
}

// docOfLength returns a document of at least n runes, chosen by pick.
func (sn *snapshot) docOfLength(n int, pick func(int) int) (qda.Document, bool) {
	var ds []qda.Document
	for _, d := range sn.docs {
		if d.Length >= n {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return qda.Document{}, false
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].GUID < ds[j].GUID })
	return ds[pick(len(ds))], true
}

// mustSnapshot is readSnapshot for setup steps.
func mustSnapshot(t testing.TB, dir string) *snapshot {
	t.Helper()
	sn, err := readSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	return sn
}

//go:build unix

package torture

import (
	"fmt"
	"reflect"
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
	s, err := wire.Open(dir, wire.Options{Store: store.Options{NoBackup: true, Passphrase: []byte(passphrase)}})
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

// touched says which differences between the snapshots before and after a
// cycle the cycle's operations explain.
type touched struct {
	appear bool              // new entities may appear
	ids    map[qda.GUID]bool // entities that may change or vanish
	why    string            // the cycle, for messages
}

func touch(why string, appear bool, ids ...qda.GUID) *touched {
	t := &touched{appear: appear, ids: map[qda.GUID]bool{}, why: why}
	for _, g := range ids {
		t.ids[g] = true
	}
	return t
}

// add marks more entities as touched.
func (t *touched) add(ids ...qda.GUID) {
	for _, g := range ids {
		t.ids[g] = true
	}
}

// diffLost compares the snapshots before and after a cycle: every entity
// the cycle did not touch must be exactly as before (so every edit
// confirmed in an earlier cycle is still there, with each coding's code),
// and entities appear only where the cycle creates some.
func diffLost(prev, after *snapshot, tc *touched) []string {
	var out []string
	check := func(kind string, g qda.GUID, before, now any, had, has bool) {
		switch {
		case tc.ids[g]:
		case had && !has:
			out = append(out, fmt.Sprintf("%s %s vanished (%s)", kind, g, tc.why))
		case !had && has && !tc.appear:
			out = append(out, fmt.Sprintf("%s %s appeared (%s)", kind, g, tc.why))
		case had && has && !reflect.DeepEqual(before, now):
			out = append(out, fmt.Sprintf("%s %s changed (%s): %+v → %+v", kind, g, tc.why, before, now))
		}
	}
	for g, c := range prev.codes {
		n, ok := after.codes[g]
		check("code", g, c, n, true, ok)
	}
	for g, c := range after.codes {
		if _, ok := prev.codes[g]; !ok {
			check("code", g, nil, c, false, true)
		}
	}
	for g, c := range prev.codings {
		n, ok := after.codings[g]
		check("coding", g, c, n, true, ok)
	}
	for g, c := range after.codings {
		if _, ok := prev.codings[g]; !ok {
			check("coding", g, nil, c, false, true)
		}
	}
	for g, d := range prev.docs {
		n, ok := after.docs[g]
		check("document", g, d, n, true, ok)
		if ok && !tc.ids[g] && prev.texts[g] != after.texts[g] {
			out = append(out, fmt.Sprintf("text of document %s changed (%s)", g, tc.why))
		}
	}
	for g, d := range after.docs {
		if _, ok := prev.docs[g]; !ok {
			check("document", g, nil, d, false, true)
		}
	}
	for g, iv := range prev.interviews {
		n, ok := after.interviews[g]
		check("interview", g, iv, n, true, ok)
	}
	for g, iv := range after.interviews {
		if _, ok := prev.interviews[g]; !ok {
			check("interview", g, nil, iv, false, true)
		}
	}
	sort.Strings(out)
	return out
}

// isProtected reports whether the project in dir is encrypted at rest: it
// does not open without the passphrase.
func isProtected(dir string) (bool, error) {
	db, err := store.Open(dir, store.Options{NoBackup: true})
	if qda.ErrorCode(err) == qda.EProtected {
		return true, nil
	} else if err != nil {
		return false, err
	}
	return false, db.Close()
}

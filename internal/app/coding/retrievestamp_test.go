package coding_test

import (
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_RetrieveStamps: a retrieval fills a segment's time, origin
// and memo from the coding table's stamps, and reads the codings whose
// stamp does not tell all. After every change to a coding's memo (set,
// changed, removed, undone, redone) and to its range, what it shows is
// what the store holds: the same as a retrieval that reads every coding
// from the store, and as Segments.
func TestService_RetrieveStamps(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	s := f.S
	id := f.AGCoding.GUID
	filter := app.CodingFilter{Code: f.AG.GUID, SubCodes: true}
	// The first retrieval builds the table; every step below refreshes it.
	if _, err := s.Retrieve(filter); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name string
		do   func() error
		memo string
	}{
		{"as made", func() error { return nil }, ""},
		{"memo set", func() error { _, err := s.SetCodingMemo(id, "Nachfragen: wer ist zuständig?"); return err }, "Nachfragen: wer ist zuständig?"},
		{"memo changed", func() error { _, err := s.SetCodingMemo(id, "Geklärt."); return err }, "Geklärt."},
		{"change undone", func() error { _, err := s.Undo(); return err }, "Nachfragen: wer ist zuständig?"},
		{"change redone", func() error { _, err := s.Redo(); return err }, "Geklärt."},
		{"memo removed", func() error { _, err := s.SetCodingMemo(id, ""); return err }, ""},
		{"removal undone", func() error { _, err := s.Undo(); return err }, "Geklärt."},
		{"range moved, memo kept", func() error {
			_, err := s.SetCodingRange(id, f.AGCoding.Start, f.AGCoding.End-4)
			return err
		}, "Geklärt."},
		{"both undone", func() error {
			if _, err := s.Undo(); err != nil {
				return err
			}
			_, err := s.Undo()
			return err
		}, "Nachfragen: wer ist zuständig?"},
	} {
		t.Run(step.name, func(t *testing.T) {
			if err := step.do(); err != nil {
				t.Fatal(err)
			}
			got, err := s.Retrieve(filter)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := coding.RetrieveWith(s.Coding, filter, true)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, stored) {
				t.Errorf("from the table %+v\nfrom the store %+v", got, stored)
			}
			segs, err := s.Segments(filter)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[qda.GUID]qda.Coding{}
			for _, sg := range segs {
				byID[sg.GUID] = sg.Coding
			}
			found := false
			for _, r := range got {
				if c := byID[r.GUID]; !reflect.DeepEqual(r.Coding, c) {
					t.Errorf("retrieved coding %+v, stored %+v", r.Coding, c)
				}
				if r.GUID == id {
					found = true
					if r.Memo != step.memo {
						t.Errorf("memo %q, want %q", r.Memo, step.memo)
					}
				}
			}
			if !found {
				t.Errorf("coding %s not retrieved", id)
			}
		})
	}
}

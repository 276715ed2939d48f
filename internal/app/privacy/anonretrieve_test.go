package privacy_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_AnonApplyRetrieval: an anonymisation rewrites a text, moves
// its codings and erases the old images from the project file; a
// retrieval afterwards (its coding table built before) shows each coding
// as the store holds it, memo, time and origin included, and the new text
// — with the key (undoable) and without, and after the undo.
func TestService_AnonApplyRetrieval(t *testing.T) {
	for _, withKey := range []bool{false, true} {
		t.Run(map[bool]string{false: "no key", true: "key unlocked"}[withKey], func(t *testing.T) {
			s, _ := openProject(t)
			if withKey {
				if err := s.InitKey([]byte("correct horse battery")); err != nil {
					t.Fatal(err)
				}
			}
			res := slipProtocol(t, s)
			doc := res.Document.GUID
			code, err := s.AddCode(coding.NewCode{Name: "Zuständigkeit"})
			if err != nil {
				t.Fatal(err)
			}
			text := textOf(t, s, doc)
			var ids []qda.GUID
			for _, phrase := range []string{"sei zuständig", "das Programm heißt"} {
				start := qda.RuneLen(text[:strings.Index(text, phrase)])
				c, err := s.AddCoding(coding.NewCoding{Document: doc, Start: start, End: start + qda.RuneLen(phrase), Code: code.GUID})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, c.GUID)
			}
			if _, err := s.SetCodingMemo(ids[0], "Frau Westermann fragen"); err != nil {
				t.Fatal(err)
			}
			filter := app.CodingFilter{Code: code.GUID}
			check := func(step string, memo string) {
				t.Helper()
				got, err := s.Retrieve(filter)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				segs, err := s.Segments(filter)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				if len(got) != 2 || len(segs) != 2 {
					t.Fatalf("%s: %d retrieved, %d stored, want 2", step, len(got), len(segs))
				}
				stored := map[qda.GUID]app.Segment{}
				for _, sg := range segs {
					stored[sg.GUID] = sg
				}
				for _, r := range got {
					if sg := stored[r.GUID]; !reflect.DeepEqual(r.Segment, sg) {
						t.Errorf("%s: retrieved %+v\nstored %+v", step, r.Segment, sg)
					}
					if r.GUID == ids[0] && r.Memo != memo {
						t.Errorf("%s: memo %q, want %q", step, r.Memo, memo)
					}
				}
			}
			check("before", "Frau Westermann fragen")
			if _, err := s.AnonApply(privacy.AnonApplyRequest{All: true}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(textOf(t, s, doc), "Westermann") {
				t.Fatal("the name is still in the text; the test checks nothing")
			}
			check("anonymised", "Frau Westermann fragen")
			if !withKey {
				return
			}
			if _, err := s.Undo(); err != nil {
				t.Fatal(err)
			}
			check("undone", "Frau Westermann fragen")
			if _, err := s.SetCodingMemo(ids[0], "erledigt"); err != nil {
				t.Fatal(err)
			}
			check("memo after the undo", "erledigt")
		})
	}
}

// TestService_AnonApplyKept: a replaced text that still stands in a memo
// is counted as kept (the review tells the user), and only then.
func TestService_AnonApplyKept(t *testing.T) {
	for _, tc := range []struct {
		name string
		memo string
		kept int
	}{
		{"the name in no memo", "nachfragen", 0},
		{"the name in a coding memo", "Frau Westermann fragen", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openProject(t)
			res := slipProtocol(t, s)
			doc := res.Document.GUID
			code, err := s.AddCode(coding.NewCode{Name: "Zuständigkeit"})
			if err != nil {
				t.Fatal(err)
			}
			c, err := s.AddCoding(coding.NewCoding{Document: doc, Start: 0, End: 5, Code: code.GUID})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SetCodingMemo(c.GUID, tc.memo); err != nil {
				t.Fatal(err)
			}
			var ids []string
			all, err := s.AnonCheck(privacy.AnonCheckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range all {
				if f.Text == "Westermann" {
					ids = append(ids, f.ID)
				}
			}
			got, err := s.AnonApply(privacy.AnonApplyRequest{IDs: ids})
			if err != nil {
				t.Fatal(err)
			}
			if got.Erasure == nil || got.Erasure.NeedlesKept != tc.kept {
				t.Errorf("erasure %+v, want %d kept", got.Erasure, tc.kept)
			}
		})
	}
}

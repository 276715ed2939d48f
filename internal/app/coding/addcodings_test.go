package coding_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_AddCodings(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	s := f.S
	placeholder := qda.GUID("00000000-0000-4000-8000-000000000000")
	for _, tc := range []struct {
		name    string
		add     func() []coding.NewCoding
		wantErr string // empty: added
	}{
		{"two documents, two coders", func() []coding.NewCoding {
			return []coding.NewCoding{
				{Document: f.GF.GUID, Start: 0, End: 5, Code: f.Other.GUID},
				{Document: f.PL.GUID, Start: 2, End: 9, Code: f.Other.GUID, Coder: f.Jonas.GUID},
				{Document: f.PL.GUID, Start: 4, End: 12, Code: f.Other.GUID, Coder: f.Jonas.GUID},
			}
		}, ""},
		{"a range outside its document", func() []coding.NewCoding {
			return []coding.NewCoding{
				{Document: f.GF.GUID, Start: 0, End: 5, Code: f.Other.GUID},
				{Document: f.PL.GUID, Start: 0, End: f.PL.Length + 1, Code: f.Other.GUID},
			}
		}, "coding 2 of 2"},
		{"a coder who is not a member", func() []coding.NewCoding {
			return []coding.NewCoding{{Document: f.GF.GUID, Start: 0, End: 5, Code: f.Other.GUID, Coder: placeholder}}
		}, "does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := s.Segments(app.CodingFilter{Code: f.Other.GUID})
			if err != nil {
				t.Fatal(err)
			}
			ns := tc.add()
			got, err := s.AddCodings(ns)
			after, serr := s.Segments(app.CodingFilter{Code: f.Other.GUID})
			if serr != nil {
				t.Fatal(serr)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				if len(after) != len(before) {
					t.Errorf("a failed AddCodings left %d codings behind", len(after)-len(before))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ns) || len(after) != len(before)+len(ns) {
				t.Fatalf("%d codings returned, %d added, want %d", len(got), len(after)-len(before), len(ns))
			}
			me, err := s.ActingMember()
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range got {
				want := ns[i].Coder
				if want == "" {
					want = me.GUID
				}
				if c.Document != ns[i].Document || c.Start != ns[i].Start || c.End != ns[i].End || c.Coder != want {
					t.Errorf("coding %d is %+v, want %+v by %s", i, c, ns[i], want)
				}
			}
			// One command: one undo removes them all.
			st, err := s.UndoState()
			if err != nil || st.Undo == nil || st.Undo.Kind != "coding.add" || !strings.Contains(st.Undo.Summary, "3 ranges") {
				t.Fatalf("undo state %+v, %v", st.Undo, err)
			}
			if _, err := s.Undo(); err != nil {
				t.Fatal(err)
			}
			if segs, _ := s.Segments(app.CodingFilter{Code: f.Other.GUID}); len(segs) != len(before) {
				t.Errorf("%d codings after the undo, want %d", len(segs), len(before))
			}
		})
	}
	if got, err := s.AddCodings(nil); err != nil || got != nil {
		t.Errorf("AddCodings(nil) = %v, %v", got, err)
	}
}

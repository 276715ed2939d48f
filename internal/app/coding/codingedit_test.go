package coding_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// codingOf returns the stored coding id, or nil when it does not exist.
func codingOf(t *testing.T, s *project.Project, doc, id qda.GUID) *qda.Coding {
	t.Helper()
	segs, err := s.Segments(app.CodingFilter{Document: doc})
	if err != nil {
		t.Fatal(err)
	}
	for i := range segs {
		if segs[i].GUID == id {
			return &segs[i].Coding
		}
	}
	return nil
}

func TestService_CodingEdits(t *testing.T) {
	s := apptest.NewService(t, "anna")
	d, a, b := apptest.CodedDoc(t, s)
	// codedDoc's text is "Größe\nStraße 🙂 und Arbeitgeberservice.\n"
	c, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: 6, End: 14, Code: b.GUID})
	if err != nil {
		t.Fatal(err)
	}
	get := func() *qda.Coding { return codingOf(t, s, d.GUID, c.GUID) }
	tests := []struct {
		name  string
		do    func() (*qda.Coding, error)
		check func(*qda.Coding) bool // true after do, false after undo
	}{
		{"recode", func() (*qda.Coding, error) { return s.RecodeCoding(c.GUID, a.GUID) },
			func(c *qda.Coding) bool { return c.Code == a.GUID }},
		{"resize", func() (*qda.Coding, error) { return s.SetCodingRange(c.GUID, 7, 14) },
			func(c *qda.Coding) bool { return c.Range == qda.Range{Start: 7, End: 14} }},
		{"memo", func() (*qda.Coding, error) { return s.SetCodingMemo(c.GUID, "  Ironisch gemeint?  ") },
			func(c *qda.Coding) bool { return c.Memo == "Ironisch gemeint?" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.do()
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(got) || !tt.check(get()) {
				t.Fatalf("not in effect: returned %+v, stored %+v", got, get())
			}
			if got.Coder != c.Coder || got.Document != c.Document || got.Created != c.Created {
				t.Errorf("coder, document or creation changed: %+v", got)
			}
			st, _ := s.UndoState()
			if st.Undo == nil || st.Undo.Kind != "coding."+tt.name || len(st.Undo.Changes) != 1 {
				t.Fatalf("undo state %+v, want one change of kind coding.%s", st.Undo, tt.name)
			}
			if _, err := s.Undo(); err != nil {
				t.Fatal(err)
			}
			if after := get(); after == nil || tt.check(after) || *after != *c {
				t.Errorf("after undo: %+v, want %+v", after, c)
			}
			if _, err := s.Redo(); err != nil {
				t.Fatal(err)
			}
			if !tt.check(get()) {
				t.Errorf("redo not in effect: %+v", get())
			}
			if _, err := s.Undo(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestService_CodingEditsRefused(t *testing.T) {
	s := apptest.NewService(t, "anna")
	d, a, _ := apptest.CodedDoc(t, s)
	segs, _ := s.Segments(app.CodingFilter{Document: d.GUID, Code: a.GUID})
	first, second := segs[0].GUID, segs[1].GUID // [0,5) and [6,12) with code a
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"recode to the same code", second2(s.RecodeCoding(first, a.GUID)), qda.EInvalid},
		{"recode to a missing code", second2(s.RecodeCoding(first, "00000000-0000-4000-8000-000000000999")), qda.ENotFound},
		{"recode a missing coding", second2(s.RecodeCoding("00000000-0000-4000-8000-000000000998", a.GUID)), qda.ENotFound},
		{"resize beyond the text", second2(s.SetCodingRange(first, 30, 99)), qda.EInvalid},
		{"resize to nothing", second2(s.SetCodingRange(first, 3, 3)), qda.EInvalid},
		{"resize onto a twin", second2(s.SetCodingRange(second, 0, 5)), qda.EConflict},
		{"memo unchanged", second2(s.SetCodingMemo(first, "")), qda.EInvalid},
	} {
		if got := qda.ErrorCode(tc.err); got != tc.want {
			t.Errorf("%s: error %v (%s), want %s", tc.name, tc.err, got, tc.want)
		}
	}
	if c := codingOf(t, s, d.GUID, first); c.Range != (qda.Range{Start: 0, End: 5}) || c.Code != a.GUID {
		t.Errorf("a refused edit changed the coding: %+v", c)
	}
}

// second2 returns the error of a (value, error) pair.
func second2[T any](_ T, err error) error { return err }

func TestService_InVivo(t *testing.T) {
	s := apptest.NewService(t, "anna")
	d, _, _ := apptest.CodedDoc(t, s)
	info := func() study.Info { in, _ := s.Info(); return in }
	before := info()
	// [6, 14) is "Straße 🙂"; the emoji is kept, the space before it too.
	res, err := s.InVivo(coding.InVivoCoding{Document: d.GUID, Start: 6, End: 14})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Code.Name != "Straße 🙂" || res.Code.Parent != "" {
		t.Errorf("code %+v, created %v", res.Code, res.Created)
	}
	stored := codingOf(t, s, d.GUID, res.Coding.GUID)
	if stored == nil || stored.Code != res.Code.GUID || stored.Range != (qda.Range{Start: 6, End: 14}) || stored.Coder == "" {
		t.Fatalf("stored coding %+v", stored)
	}
	if in := info(); in.Codes != before.Codes+1 || in.Codings != before.Codings+1 {
		t.Errorf("counts %d codes, %d codings after in-vivo; before %d, %d", in.Codes, in.Codings, before.Codes, before.Codings)
	}
	st, _ := s.UndoState()
	if st.Undo == nil || st.Undo.Kind != "coding.invivo" || len(st.Undo.Changes) != 2 {
		t.Fatalf("undo state %+v, want one command with two changes", st.Undo)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if in := info(); in.Codes != before.Codes || in.Codings != before.Codings {
		t.Errorf("undo left %d codes, %d codings; want %d, %d", in.Codes, in.Codings, before.Codes, before.Codings)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	// The same words again reuse the code; the same range again is refused.
	again, err := s.InVivo(coding.InVivoCoding{Document: d.GUID, Start: 6, End: 15})
	if err != nil || again.Created || again.Code.GUID != res.Code.GUID {
		t.Errorf("second in-vivo: %+v, %v; want the code reused", again, err)
	}
	if _, err := s.InVivo(coding.InVivoCoding{Document: d.GUID, Start: 6, End: 14}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("in-vivo of a coded range: %v, want conflict", err)
	}
	for _, n := range []coding.InVivoCoding{
		{Document: d.GUID, Start: 5, End: 6},  // only a line break
		{Document: d.GUID, Start: 6, End: 99}, // beyond the text
		{Document: d.GUID, Start: 6, End: 9, Parent: "00000000-0000-4000-8000-000000000999"},
	} {
		if _, err := s.InVivo(n); err == nil {
			t.Errorf("in-vivo %+v: no error", n)
		}
	}
	if in := info(); in.Codes != before.Codes+1 || in.Codings != before.Codings+2 {
		t.Errorf("refused in-vivo codings changed the counts: %+v", in)
	}
}

func TestInVivoName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  „Leistungen aus\neiner Hand“, ", "Leistungen aus einer Hand"},
		{"(Größe)", "Größe"},
		{"🙂", "🙂"},
		{"...", ""},
		{"Das Jobcenter hat die Vermittlung in Arbeit mit einem eigenen Team für Arbeitgeber neu aufgestellt.",
			"Das Jobcenter hat die Vermittlung in Arbeit mit einem…"},
	}
	for _, tt := range tests {
		if got := coding.InVivoName(tt.in); got != tt.want {
			t.Errorf("InVivoName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestService_DocumentCodingCounts(t *testing.T) {
	s := apptest.NewService(t, "anna")
	d, a, b := apptest.CodedDoc(t, s)
	n, err := s.DocumentCodingCounts(d.GUID)
	if err != nil || n[a.GUID] != 2 || n[b.GUID] != 2 || len(n) != 2 {
		t.Errorf("counts %v, %v", n, err)
	}
	if id, name, err := s.ActingUser(); err != nil || id == "" || name != "anna" {
		t.Errorf("acting user %q %q %v", id, name, err)
	}
}

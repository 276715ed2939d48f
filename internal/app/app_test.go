package app_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_ImportGuideline(t *testing.T) {
	s := apptest.NewService(t, "anna")
	r, err := s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G1), study.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// guideline + 2 themes + 3 questions
	if r.CodesAdded != 6 || r.Counts.Questions != 3 {
		t.Errorf("result %+v", r)
	}
	if _, err := s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G1), study.ImportOptions{}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("second import: %v, want conflict", err)
	}
	c, err := s.ResolveCode("A.1.1:1.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCode(c.GUID, coding.CodeUpdate{Color: apptest.Ptr("#123456")}); err != nil {
		t.Fatal(err)
	}
	r, err = s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G1), study.ImportOptions{Replace: true, Prompts: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.CodesAdded != 1 || r.CodesKept != 6 {
		t.Errorf("replace with prompts: %+v", r)
	}
	c2, _ := s.ResolveCode("A.1.1:1.1")
	if c2.GUID != c.GUID || c2.Color != "#123456" {
		t.Errorf("re-import lost the code's identity or colour: %+v", c2)
	}
	if _, err := s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G2), study.ImportOptions{}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("another guideline with the same key: %v", err)
	}
	info, _ := s.Info()
	if info.Guidelines != 1 || info.Questions != 3 || info.Codes != 7 {
		t.Errorf("info %+v", info)
	}
}

func TestService_ThemeCodes(t *testing.T) {
	s := apptest.NewService(t, "anna")
	g1, g2 := apptest.Guideline("A.1.1", apptest.G1), apptest.Guideline("A.1.2", apptest.G2)
	// Without a shared theme set, each guideline's theme 4 is its own and
	// the number alone is ambiguous.
	for _, g := range []*qda.Guideline{g1, g2} {
		if _, err := s.ImportGuideline(g, study.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ThemeCodes("4"); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("theme 4 of two unrelated guidelines: %v, want ambiguous", err)
	}
	if codes, err := s.ThemeCodes("A.1.2/4"); err != nil || len(codes) != 2 {
		t.Errorf("theme A.1.2/4: %d codes, %v; want 2", len(codes), err)
	}
	// Sharing the set EJO makes theme 4 one theme across both.
	g1.Themes, g2.Themes = "EJO", "EJO"
	for _, g := range []*qda.Guideline{g1, g2} {
		if _, err := s.ImportGuideline(g, study.ImportOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
	}
	codes, err := s.ThemeCodes("4.")
	if err != nil {
		t.Fatal(err)
	}
	// per guideline: theme 4 and question 4.1
	if len(codes) != 4 {
		t.Errorf("theme 4 across guidelines: %d codes, want 4", len(codes))
	}
	seen := map[qda.GUID]bool{}
	for _, c := range codes {
		seen[c.Ref.Guideline] = true
	}
	if len(seen) != 2 {
		t.Errorf("theme 4 codes come from %d guidelines, want 2", len(seen))
	}
}

func TestService_AddDocumentCanonical(t *testing.T) {
	s := apptest.NewService(t, "anna")
	d, _, _ := apptest.CodedDoc(t, s)
	_, text, cs, err := s.DocumentWithText(d.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if text != "Größe\nStraße 🙂 und Arbeitgeberservice.\n" || d.Length != 39 {
		t.Errorf("text %q length %d", text, d.Length)
	}
	segs, err := s.Segments(app.CodingFilter{Document: d.GUID})
	if err != nil || len(segs) != len(cs) || segs[0].Text != "Größe" || segs[3].Text != "🙂" {
		t.Errorf("segments %+v, %v", segs, err)
	}
	if _, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: 30, End: 99, Code: cs[0].Code}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("coding beyond the text: %v", err)
	}
}

func TestService_MergeCode(t *testing.T) {
	s := apptest.NewService(t, "anna")
	_, a, b := apptest.CodedDoc(t, s)
	r, err := s.MergeCode(b.GUID, a.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Moved != 1 || r.Duplicates != 1 {
		t.Errorf("merge result %+v", r)
	}
	segs, _ := s.Segments(app.CodingFilter{Code: a.GUID})
	if len(segs) != 3 {
		t.Errorf("target has %d codings, want 3", len(segs))
	}
	if _, err := s.ResolveCode(string(b.GUID)); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("merged code still exists: %v", err)
	}
	if rep, _ := s.Verify(); !rep.OK() {
		t.Errorf("verify after merge: %+v", rep.Findings)
	}
	info, _ := s.Info()
	if info.Commands < 2 {
		t.Errorf("no command records: %d", info.Commands)
	}
}

func TestService_CodeTreeEdits(t *testing.T) {
	s := apptest.NewService(t, "anna")
	_, a, _ := apptest.CodedDoc(t, s)
	ind, err := s.AddCode(coding.NewCode{Name: "Vertrauen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode(coding.NewCode{Name: "vertrauen"}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("duplicate sibling name: %v", err)
	}
	sub, err := s.AddCode(coding.NewCode{Name: "Misstrauen", Parent: ind.GUID})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MoveCode(ind.GUID, sub.GUID); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("move below itself: %v", err)
	}
	if err := s.MoveCode(sub.GUID, ""); err != nil {
		t.Errorf("move to top: %v", err)
	}
	if _, err := s.DeleteCode(a.GUID, false); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("delete a code with codings: %v", err)
	}
	n, err := s.DeleteCode(a.GUID, true)
	if err != nil || n != 2 {
		t.Errorf("forced delete: %d, %v", n, err)
	}
	if _, err := s.UpdateCode(ind.GUID, coding.CodeUpdate{Color: apptest.Ptr("blue")}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("bad colour: %v", err)
	}
	if rep, _ := s.Verify(); !rep.OK() {
		t.Errorf("verify: %+v", rep.Findings)
	}
}

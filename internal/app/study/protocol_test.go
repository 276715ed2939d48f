package study_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

var blocks = []qda.ProtocolBlock{
	{Title: "Vorbemerkungen", Body: "Gespräch im Büro der Geschäftsführung."},
	{QuestionID: "1.1", Body: "Die Größe der Teams 🙂 war entscheidend.\n\nAuch die Arbeitgeberansprache."},
	{QuestionID: "1.2", Body: "Mehr Integrationen."},
}

func TestService_ImportProtocol(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	res, err := s.ImportProtocol(apptest.NewIV("GF-07"), blocks, "Protokoll GF-07", "gf07.md")
	if err != nil {
		t.Fatal(err)
	}
	if res.Answers != 2 || res.Interview.Level != qda.LevelStrategic || res.Interview.Wave != 1 {
		t.Errorf("result %+v", res)
	}
	segs, err := s.Segments(app.CodingFilter{Document: res.Document.GUID})
	if err != nil || len(segs) != 2 {
		t.Fatalf("segments %v, %v", segs, err)
	}
	if segs[0].Text != "Die Größe der Teams 🙂 war entscheidend.\n\nAuch die Arbeitgeberansprache." || segs[1].Text != "Mehr Integrationen." {
		t.Errorf("template codings cover %q and %q", segs[0].Text, segs[1].Text)
	}
	if segs[0].Origin != qda.OriginTemplate || segs[0].Coder != res.Interview.Interviewer {
		t.Errorf("coding %+v", segs[0].Coding)
	}
	// Bad input leaves nothing behind.
	before, _ := s.Info()
	for _, bad := range []struct {
		n study.NewInterview
		b []qda.ProtocolBlock
	}{
		{apptest.NewIV("X"), []qda.ProtocolBlock{{QuestionID: "9.9", Body: "x"}}},
		{study.NewInterview{Guideline: "A.1.2", Role: "CF", Case: "JC-07", Interviewee: "X"}, blocks},
		{study.NewInterview{Guideline: "A.1.2", Role: "GF", Case: "JC-99", Interviewee: "X"}, blocks},
		{apptest.NewIV("X"), []qda.ProtocolBlock{{QuestionID: "1.1", Body: "  "}}},
	} {
		if _, err := s.ImportProtocol(bad.n, bad.b, "bad", "bad.md"); err == nil {
			t.Errorf("bad import %+v succeeded", bad)
		}
	}
	after, _ := s.Info()
	if after.Interviews != before.Interviews || after.Documents != before.Documents || after.Codings != before.Codings {
		t.Errorf("failed imports changed the project: %+v → %+v", before, after)
	}
}

func TestService_SaveProtocolKeepsCodings(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	iv, err := s.AddInterview(apptest.NewIV("GF-07"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.SaveProtocol(iv.GUID, blocks, false)
	if err != nil {
		t.Fatal(err)
	}
	ind, _ := s.AddCode(coding.NewCode{Name: "Personal"})
	_, text, _, _ := s.DocumentWithText(doc.GUID)
	i := strings.Index(text, "Arbeitgeberansprache")
	start := qda.RuneLen(text[:i])
	if _, err := s.AddCoding(coding.NewCoding{Document: doc.GUID, Start: start, End: start + 20, Code: ind.GUID}); err != nil {
		t.Fatal(err)
	}
	edited := append([]qda.ProtocolBlock(nil), blocks...)
	edited[1].Body = "Neu vorne. " + edited[1].Body
	if _, err := s.SaveProtocol(iv.GUID, edited, false); err != nil {
		t.Fatal(err)
	}
	segs, _ := s.Segments(app.CodingFilter{Code: ind.GUID})
	if len(segs) != 1 || segs[0].Text != "Arbeitgeberansprache" {
		t.Errorf("manual coding after edit: %+v", segs)
	}
	all, _ := s.Segments(app.CodingFilter{Document: doc.GUID})
	if len(all) != 3 {
		t.Errorf("%d codings after save, want 3 (2 template + 1 manual)", len(all))
	}
	// Deleting the manual coding's text is reported, not silent.
	edited[1].Body = "Nur noch dies."
	_, err = s.SaveProtocol(iv.GUID, edited, false)
	var lost *app.LostCodingsError
	if !errors.As(err, &lost) || len(lost.Lost) != 1 {
		t.Fatalf("save deleting coded text: %v", err)
	}
	if _, err := s.SaveProtocol(iv.GUID, edited, true); err != nil {
		t.Fatalf("confirmed save: %v", err)
	}
	// A final protocol is read-only; reopening is recorded.
	for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked, qda.StatusFinal} {
		if _, err := s.SetStatus(iv.GUID.String(), st); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveProtocol(iv.GUID, blocks, true); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("save of a final protocol: %v", err)
	}
	if _, err := s.EditText(doc.GUID, "x", true); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("edit of a final protocol: %v", err)
	}
	if _, err := s.SetStatus("GF-07", qda.StatusChecked); err != nil {
		t.Errorf("reopen: %v", err)
	}
	if rep, _ := s.Verify(); !rep.OK() {
		t.Errorf("verify: %+v", rep.Findings)
	}
}

func TestService_CaseAttributes(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	if _, err := s.SetCaseAttributes("JC-07", map[string]string{"Umsetzungstyp": "3c"}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("bad choice: %v", err)
	}
	c, err := s.SetCaseAttributes("jc-07", map[string]string{"Umsetzungstyp": "2a"})
	if err != nil {
		t.Fatal(err)
	}
	vals, _ := s.AttrValues(c.Attributes)
	if vals["Umsetzungstyp"] != "2a" {
		t.Errorf("attributes %v", vals)
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC-07"}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("duplicate case: %v", err)
	}
}

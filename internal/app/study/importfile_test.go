package study_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// para is one paragraph of a test source file.
type para struct {
	heading int
	id      string
	text    string
}

// sourceOf builds a SourceFile from paragraphs as a FileReader would.
func sourceOf(paras ...para) *app.SourceFile {
	f := &app.SourceFile{Path: "test.docx", Format: "docx"}
	pos := 0
	var parts []string
	for _, p := range paras {
		n := qda.RuneLen(p.text)
		f.Blocks = append(f.Blocks, app.SourceBlock{Start: pos, End: pos + n, Heading: p.heading, QuestionID: p.id})
		parts = append(parts, p.text)
		pos += n + 2
	}
	f.Text = strings.Join(parts, "\n\n")
	return f
}

// importGuide is a guideline with the questions 1.1 and 2.2a.
func importGuide() *qda.Guideline {
	return &qda.Guideline{Key: "T.1", Sections: []qda.Section{
		{Number: "1.", Questions: []qda.Question{{ID: "1.1", Text: "Was sind die Ziele?"}}},
		{Number: "2.", Questions: []qda.Question{{ID: "2.2a", Text: "Inwiefern hat sich die Arbeit im Team verändert?"}}},
	}}
}

func TestSourceBlocks(t *testing.T) {
	tests := []struct {
		name  string
		paras []para
		want  []qda.ProtocolBlock
	}{
		{"ids in headings", []para{
			{2, "1.1", "1.1 Was sind die Ziele?"}, {0, "", "Mehr Integrationen."}, {0, "", "Und Qualität."},
			{3, "2.2a", "2.2a"}, {0, "", "Mehr Absprachen."},
		}, []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Mehr Integrationen.\n\nUnd Qualität."}, {QuestionID: "2.2a", Body: "Mehr Absprachen."}}},
		{"ids at paragraph starts, answer on the same line", []para{
			{0, "1.1", "1.1: Mehr Integrationen."}, {0, "", "Und Qualität."}, {0, "2.2a", "2.2a) Mehr Absprachen."},
		}, []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Mehr Integrationen.\n\nUnd Qualität."}, {QuestionID: "2.2a", Body: "Mehr Absprachen."}}},
		{"question text repeated after the id", []para{
			{0, "2.2a", "2.2a Inwiefern hat sich die Arbeit im Team verändert?"}, {0, "", "Kaum."},
		}, []qda.ProtocolBlock{{QuestionID: "2.2a", Body: "Kaum."}}},
		{"question text, then the answer on the same line", []para{
			{0, "1.1", "1.1 Was sind die Ziele? Mehr Integrationen."},
		}, []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Mehr Integrationen."}}},
		{"the start of the question only", []para{
			{0, "2.2a", "2.2a Inwiefern hat sich"}, {0, "", "Kaum."},
		}, []qda.ProtocolBlock{{QuestionID: "2.2a", Body: "Kaum."}}},
		{"unknown ids stay body text", []para{
			{0, "1.1", "1.1 Mehr Integrationen."}, {0, "9.9", "9.9 Das gehört zur Antwort."}, {3, "7.1", "7.1 Unbekannt"},
		}, []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Mehr Integrationen.\n\n9.9 Das gehört zur Antwort."}, {Title: "7.1 Unbekannt"}}},
		{"free headings and text before the first question", []para{
			{0, "", "Gespräch im Büro."}, {1, "", "Vorbemerkungen"}, {0, "", "Ruhige Atmosphäre."}, {2, "1.1", "1.1"}, {0, "", "Ziele."},
			{2, "", "Abschluss"},
		}, []qda.ProtocolBlock{{Body: "Gespräch im Büro."}, {Title: "Vorbemerkungen", Body: "Ruhige Atmosphäre."},
			{QuestionID: "1.1", Body: "Ziele."}, {Title: "Abschluss"}}},
		{"umlauts and emoji keep their rune offsets", []para{
			{0, "", "Größe 🙂 der Teams."}, {0, "1.1", "1.1 Übergänge 🙂 glätten."},
		}, []qda.ProtocolBlock{{Body: "Größe 🙂 der Teams."}, {QuestionID: "1.1", Body: "Übergänge 🙂 glätten."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := study.SourceBlocks(sourceOf(tt.paras...), importGuide()); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	// Footnotes after the last answer become a section of their own.
	notes := sourceOf(para{0, "1.1", "1.1 Mehr Integrationen.[1]"}, para{0, "", "[Fußnote 1] Laut Jahresbericht."}, para{0, "", "[Kommentar 1] Prüfen."})
	notes.Blocks[1].Note, notes.Blocks[2].Note = true, true
	want := []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Mehr Integrationen.[1]"}, {Title: study.NotesTitle, Body: "[Fußnote 1] Laut Jahresbericht.\n\n[Kommentar 1] Prüfen."}}
	if got := study.SourceBlocks(notes, importGuide()); !reflect.DeepEqual(got, want) {
		t.Errorf("notes: got  %q\nwant %q", got, want)
	}
	md := &app.SourceFile{Protocol: []qda.ProtocolBlock{{QuestionID: "9.9", Body: "x"}}}
	if got := study.SourceBlocks(md, importGuide()); !reflect.DeepEqual(got, md.Protocol) {
		t.Errorf("Markdown blocks changed: %q", got)
	}
}

func TestInterviewFromMeta(t *testing.T) {
	day := time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		meta    map[string]string
		want    study.NewInterview
		wantErr string
	}{
		{"all", map[string]string{"guideline": "A.1.2", "role": "GF", "case": "JC-07", "wave": "2", "interviewee": " GF-07 ",
			"interviewer": "mara", "date": "2024-05-02", "consent": "recording, info_sheet", "recording": "present", "status": "complete"},
			study.NewInterview{Guideline: "A.1.2", Role: "GF", Case: "JC-07", Wave: 2, Interviewee: "GF-07", Interviewer: "mara", Date: day,
				Consent: qda.Consent{Recording: true, InfoSheet: true}, Recording: qda.RecordingPresent, Status: qda.StatusComplete}, ""},
		{"empty", map[string]string{"consent": "", "recording": "none"}, study.NewInterview{}, ""},
		{"bad values are reported, the rest is kept", map[string]string{"case": "JC-07", "date": "2.5.2024", "wave": "zwei",
			"consent": "recording, video", "recording": "yes"},
			study.NewInterview{Case: "JC-07"}, `wave "zwei" is not a number` + "\n" + `date "2.5.2024" is not YYYY-MM-DD` + "\n" +
				`unknown consent "video" (recording, data_protection, info_sheet)` + "\n" + `recording is none, present or deleted, not "yes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := study.InterviewFromMeta(tt.meta)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if (err == nil) != (tt.wantErr == "") {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			for _, want := range strings.Split(tt.wantErr, "\n") {
				if !strings.Contains(errText(err), want) {
					t.Errorf("error %q does not say %q", errText(err), want)
				}
			}
			if err != nil && qda.ErrorCode(err) != qda.EInvalid {
				t.Errorf("code %q", qda.ErrorCode(err))
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// writeFile writes a file into a temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const mdProtocol = `---
guideline: A.1.2
role: GF
case: JC-07
wave: 1
interviewee: GF-07
date: 2024-05-02
consent: recording, data_protection
status: draft
---

## Vorbemerkungen
Gespräch im Büro.

### 1.1
Die Größe der Teams 🙂 war entscheidend.

### 1.2
Mehr Integrationen.
`

func TestService_ImportProtocolFile(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	tests := []struct {
		name, file, content string
		n                   study.NewInterview
		want                qda.Interview // the fields checked
		answers             int
	}{
		{"front matter", "gf07.md", mdProtocol, study.NewInterview{},
			qda.Interview{Role: "GF", Interviewee: "GF-07", Wave: 1, Date: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC),
				Consent: qda.Consent{Recording: true, DataProtection: true}, Status: qda.StatusDraft}, 2},
		{"the dialog wins over the front matter", "pl07.md", mdProtocol,
			study.NewInterview{Role: "PL", Interviewee: "PL-07", Wave: 2, Consent: qda.Consent{InfoSheet: true}, Status: qda.StatusComplete},
			qda.Interview{Role: "PL", Interviewee: "PL-07", Wave: 2, Date: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC),
				Consent: qda.Consent{InfoSheet: true}, Status: qda.StatusComplete}, 2},
		{"plain text with question ids", "gf08.txt",
			"Vorbemerkungen\n\nGespräch im Büro.\n\n1.1 Was waren die Gründe für die Beteiligung? Die Größe.\n\n1.2 Mehr Integrationen.\n",
			study.NewInterview{Guideline: "A.1.2", Role: "GF", Case: "JC-07", Interviewee: "GF-08"},
			qda.Interview{Role: "GF", Interviewee: "GF-08", Wave: 1, Status: qda.StatusDraft}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.ImportProtocolFile(writeFile(t, tt.file, tt.content), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			iv := res.Interview
			got := qda.Interview{Role: iv.Role, Interviewee: iv.Interviewee, Wave: iv.Wave, Date: iv.Date, Consent: iv.Consent, Status: iv.Status}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("interview %+v\nwant      %+v", got, tt.want)
			}
			if res.Answers != tt.answers || res.Document.Source != tt.file || res.Document.Name != "Protokoll "+tt.want.Interviewee {
				t.Errorf("result: %d answers, document %+v", res.Answers, res.Document)
			}
		})
	}
	segs, err := s.Segments(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, sg := range segs {
		texts = append(texts, sg.Text)
	}
	if !contains(texts, "Die Größe der Teams 🙂 war entscheidend.") || !contains(texts, "Die Größe.") {
		t.Errorf("answers coded: %q", texts)
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// binary returns 4 KiB of bytes that are no text.
func binary() string {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i * 7 % 256)
	}
	return string(b)
}

func TestService_ImportProtocolFile_BadInput(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	full := study.NewInterview{Guideline: "A.1.2", Role: "GF", Case: "JC-07", Interviewee: "X-1"}
	tests := []struct {
		name, file, content string
		n                   study.NewInterview
		reason              string
		missing             bool
	}{
		{"empty file", "empty.txt", "", full, "empty", false},
		{"empty Markdown", "empty.md", "\n \n", full, "empty", false},
		{"binary", "bin.txt", binary(), full, "binary", false},
		{"truncated docx", "t.docx", "PK\x03\x04\x14\x00\x00", full, "t.docx", false},
		{"no metadata", "nometa.md", "### 1.1\nAntwort.\n", study.NewInterview{}, "missing: guideline, case, interviewee", true},
		{"no interviewee", "noiv.md", "---\nguideline: A.1.2\ncase: JC-07\n---\n### 1.1\nAntwort.\n", study.NewInterview{Role: "GF"}, "missing: interviewee", true},
		{"bad date in the front matter", "date.md", "---\ndate: 02.05.2024\n---\n### 1.1\nAntwort.\n", full, "is not YYYY-MM-DD", false},
		{"unknown guideline", "g.md", "### 1.1\nAntwort.\n", study.NewInterview{Guideline: "Z.9", Role: "GF", Case: "JC-07", Interviewee: "X"}, "Z.9", false},
		{"unknown role", "r.md", "### 1.1\nAntwort.\n", study.NewInterview{Guideline: "A.1.2", Role: "CF", Case: "JC-07", Interviewee: "X"}, "CF", false},
		{"unknown site", "c.md", "### 1.1\nAntwort.\n", study.NewInterview{Guideline: "A.1.2", Role: "GF", Case: "JC-99", Interviewee: "X"}, "JC-99", false},
		{"unknown question id", "q.md", "### 9.9\nAntwort.\n", full, "9.9", false},
		{"no answers", "blank.md", "---\nrole: GF\n---\n### 1.1\n\n", full, "empty", false},
	}
	before, _ := s.Info()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			_, err := s.ImportProtocolFile(path, tt.n)
			if err == nil {
				t.Fatal("the import succeeded")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.file) || !strings.Contains(msg, tt.reason) {
				t.Errorf("message %q should name the file and the reason (%q)", msg, tt.reason)
			}
			var me *study.MissingMetadataError
			if errors.As(err, &me) != tt.missing {
				t.Errorf("MissingMetadataError: %v, want %v", !tt.missing, tt.missing)
			}
			if qda.ErrorCode(err) == qda.EInternal || qda.ErrorCode(err) == "" {
				t.Errorf("error code %q", qda.ErrorCode(err))
			}
		})
	}
	after, _ := s.Info()
	if after.Interviews != before.Interviews || after.Documents != before.Documents || after.Codings != before.Codings {
		t.Errorf("failed imports changed the project: %+v → %+v", before, after)
	}
}

func TestService_ImportDocumentFile(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	c, err := s.Case("JC-07")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, content string
		n                   study.NewDocument
		wantName, wantText  string
	}{
		{"name from the file", "Konzept Süd.txt", "Ein Konzept.\r\n\r\nZweiter Absatz.", study.NewDocument{Kind: qda.KindOther, Case: c.GUID},
			"Konzept Süd", "Ein Konzept.\n\nZweiter Absatz."},
		{"name given", "bericht.md", "## Zusammenfassung\nGut.\n", study.NewDocument{Name: "Controllingbericht", Kind: qda.KindCaseReport},
			"Controllingbericht", "Zusammenfassung\n\nGut.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, err := s.ImportDocumentFile(writeFile(t, tt.file, tt.content), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			_, text, _, err := s.DocumentWithText(d.GUID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Name != tt.wantName || text != tt.wantText || d.Source != tt.file || d.Kind != tt.n.Kind || d.Case != tt.n.Case {
				t.Errorf("document %+v with text %q", d, text)
			}
		})
	}
	before, _ := s.Info()
	for _, bad := range []struct{ file, content string }{{"leer.txt", " \n"}, {"leer.md", "---\ntitle: x\n---\n"}} {
		if _, _, err := s.ImportDocumentFile(writeFile(t, bad.file, bad.content), study.NewDocument{Kind: qda.KindOther}); err == nil || !strings.Contains(err.Error(), bad.file) {
			t.Errorf("%s: %v", bad.file, err)
		}
	}
	if after, _ := s.Info(); after.Documents != before.Documents {
		t.Errorf("failed imports added documents")
	}
}

func TestService_ReadSource(t *testing.T) {
	s := project.New(app.Config{})
	_, err := s.ReadSource("x.txt")
	if qda.ErrorCode(err) != qda.EUnsupported || !strings.Contains(err.Error(), "file import not available") {
		t.Errorf("without a FileReader: %v", err)
	}
	s = apptest.NewService(t, "mara")
	f, err := s.ReadSource(writeFile(t, "p.md", mdProtocol))
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "md" || f.Meta["interviewee"] != "GF-07" || len(f.Protocol) != 3 ||
		f.Text != "Vorbemerkungen\n\nGespräch im Büro.\n\n1.1\n\nDie Größe der Teams 🙂 war entscheidend.\n\n1.2\n\nMehr Integrationen.\n" {
		t.Errorf("read %+v", f)
	}
}

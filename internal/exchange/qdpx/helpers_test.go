package qdpx

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// refiDir returns shared/refi-qda beside the repository, found from this
// file's folder upwards.
func refiDir(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	for d := filepath.Dir(file); d != filepath.Dir(d); d = filepath.Dir(d) {
		p := filepath.Join(d, "..", "shared", "refi-qda")
		if _, err := os.Stat(filepath.Join(p, "Project-mrt2019.xsd")); err == nil {
			return p
		}
		p = filepath.Join(d, "shared", "refi-qda")
		if _, err := os.Stat(filepath.Join(p, "Project-mrt2019.xsd")); err == nil {
			return p
		}
	}
	tb.Skip("shared/refi-qda (schemas and samples) not found beside the repository")
	return ""
}

// xmllint validates data against a schema of shared/refi-qda.
func xmllint(tb testing.TB, data []byte, schema string) {
	tb.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		tb.Skip("xmllint is not installed (apt-get install libxml2-utils); schema validation skipped")
	}
	f := filepath.Join(tb.TempDir(), "doc.xml")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join(refiDir(tb), schema), f).CombinedOutput()
	if err != nil {
		tb.Fatalf("xmllint --schema %s: %v\n%s", schema, err, out)
	}
}

// entry returns one entry of a zip.
func entry(tb testing.TB, data []byte, name string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				tb.Fatal(err)
			}
			var b bytes.Buffer
			_, _ = b.ReadFrom(rc)
			rc.Close()
			return b.Bytes()
		}
	}
	tb.Fatalf("no entry %s", name)
	return nil
}

// makeZip builds a zip from name → content pairs.
func makeZip(tb testing.TB, files ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func g(n int) qda.GUID {
	return qda.NameGUID("00000000-0000-4000-8000-000000000000", string(rune('a'+n)))
}

// sample returns a small project with every kind of entity, umlauts, ß,
// an emoji and a memo on each kind of target.
func sample() *qda.Snapshot {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 123000000, time.UTC)
	gl, sec, q, pr := g(1), g(2), g(3), g(4)
	anna, ben := g(5), g(6)
	site := g(7)
	attr, ivattr := g(8), g(9)
	iv := g(10)
	doc, doc2 := g(11), g(12)
	cRoot, cSec, cQ, cP, cInd := g(13), g(14), g(15), g(16), g(17)
	text := "Vorbemerkungen\n\nDie Größe der Teams 🙂 zählt.\nStraße und Maß.\n"
	text2 := "Ein Konzeptpapier über Fußgänger.\n"
	return &qda.Snapshot{
		Project: qda.Project{GUID: g(20), Name: "Evaluation Jobcenter", Created: t0},
		Users:   []qda.User{{GUID: anna, Name: "anna", FullName: "Anna Ärger", Initials: "AÄ", Roles: []qda.MemberRole{qda.MemberInterviewer, qda.MemberCoder}, Created: t0}, {GUID: ben, Name: "ben", Roles: []qda.MemberRole{qda.MemberCoder}, Created: t0}},
		AttributeDefs: []qda.AttributeDef{
			{GUID: attr, Name: "Umsetzungstyp", Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"gE", "zkT"}},
			{GUID: ivattr, Name: "Dauer", Type: qda.AttrNumber, Scope: qda.ScopeInterview},
		},
		Cases: []qda.Case{{GUID: site, Name: "JC Nord", Kind: qda.CaseJobCentre, Description: "Großstadt", Attributes: map[qda.GUID]string{attr: "gE"}}},
		Guidelines: []qda.Guideline{{GUID: gl, Key: "A.1.1", Title: "Leitfaden Geschäftsführung", Level: qda.LevelStrategic, Wave: 1,
			Roles: []qda.Role{{Code: "GF", Label: "Geschäftsführung"}},
			Sections: []qda.Section{{GUID: sec, Number: "1.", Title: "Bedeutung", Questions: []qda.Question{
				{GUID: q, ID: "1.1", Text: "Warum?", Roles: []string{"GF"}, Prompts: []qda.Prompt{{GUID: pr, Text: "Motive?"}}}}}}}},
		Codes: []qda.Code{
			{GUID: cRoot, Name: "A.1.1 Leitfaden", Color: "#607d8b", Ref: &qda.QuestionRef{Guideline: gl, Kind: qda.RefGuideline, Target: gl}},
			{GUID: cSec, Name: "1. Bedeutung", Parent: cRoot, Color: "#e6194b", Ref: &qda.QuestionRef{Guideline: gl, Kind: qda.RefSection, Target: sec, Theme: "1"}},
			{GUID: cQ, Name: "1.1 Warum?", Parent: cSec, Color: "#e6194b", Description: "Warum?\n\nGF", Memo: "Memo zur Frage – mit Ümlaut",
				Ref: &qda.QuestionRef{Guideline: gl, Kind: qda.RefQuestion, Target: q, Theme: "1", QuestionID: "1.1"}},
			{GUID: cP, Name: "Motive?", Parent: cQ, Color: "#e6194b", Ref: &qda.QuestionRef{Guideline: gl, Kind: qda.RefPrompt, Target: pr, Theme: "1", QuestionID: "1.1"}},
			{GUID: cInd, Name: "Induktiv: Größe", Order: 1, Color: "#3cb44b", Description: "induktiv"},
		},
		Interviews: []qda.Interview{{GUID: iv, Guideline: gl, Level: qda.LevelStrategic, Wave: 1, Case: site, Role: "GF",
			Interviewee: "GF-Nord", Interviewer: anna, Date: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC), Status: qda.StatusComplete,
			Attributes: map[qda.GUID]string{ivattr: "75"}}},
		Documents: []qda.Document{
			{GUID: doc, Name: "Protokoll GF Nord", Kind: qda.KindProtocol, Interview: iv, Length: qda.RuneLen(text), Created: t0, Modified: t0.Add(time.Hour), Source: "protocol"},
			{GUID: doc2, Name: "Konzept", Kind: qda.KindOther, Case: site, Length: qda.RuneLen(text2), Created: t0, Modified: t0},
		},
		Texts: map[qda.GUID]string{doc: text, doc2: text2},
		Codings: []qda.Coding{
			{GUID: g(21), Document: doc, Range: qda.Range{Start: 16, End: 44}, Code: cQ, Coder: anna, Created: t0, Origin: qda.OriginTemplate},
			{GUID: g(22), Document: doc, Range: qda.Range{Start: 20, End: 37}, Code: cInd, Coder: ben, Created: t0.Add(time.Minute), Memo: "Emoji 🙂 drin"},
			{GUID: g(23), Document: doc, Range: qda.Range{Start: 16, End: 44}, Code: cQ, Coder: ben, Created: t0.Add(2 * time.Minute)},
			{GUID: g(24), Document: doc2, Range: qda.Range{Start: 0, End: 3}, Code: cInd, Coder: anna, Created: t0},
		},
		Memos: []qda.Memo{
			{GUID: g(30), Title: "Projektmemo", Text: "Über alles", Author: anna, Created: t0, Modified: t0},
			{GUID: g(31), Title: "Zum Code", Text: "Code-Memo", Author: ben, Target: cInd, Created: t0, Modified: t0},
			{GUID: g(32), Title: "Zum Interview", Text: "Interview war gut", Target: iv, Created: t0, Modified: t0},
			{GUID: g(33), Title: "Zur Kodierung", Text: "Kodierung", Target: g(21), Created: t0, Modified: t0},
			{GUID: g(34), Title: "Zum Dokument", Text: "Dokument", Target: doc2, Created: t0, Modified: t0},
		},
		Plan: &qda.Plan{Rows: []qda.PlanRow{{Level: qda.LevelStrategic, Case: site, Wave: 1, Role: "GF", Planned: 1}}},
	}
}

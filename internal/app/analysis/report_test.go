package analysis_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/analysis"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_SetSummary(t *testing.T) {
	st := newStudy(t)
	jc1, code := st.cases["JC-01"].GUID, st.codes["A.1.1:1.1"]
	sm, err := st.s.SetSummary(jc1, code, "  Gründe: Anfrage der RD.\r\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sm.Text != "Gründe: Anfrage der RD." {
		t.Errorf("text %q", sm.Text)
	}
	if _, err := st.s.SetSummary(jc1, code, "Gründe: Anfrage der RD, Interesse der GF.", nil); err != nil {
		t.Fatal(err)
	}
	hits, err := st.s.SearchSummaries("interesse rd")
	if err != nil || len(hits) != 1 {
		t.Errorf("search: %v %v", hits, err)
	}
	// One undo per edit.
	if _, err := st.s.Undo(); err != nil {
		t.Fatal(err)
	}
	all, _ := st.s.Summaries(jc1)
	if len(all) != 1 || all[0].Text != "Gründe: Anfrage der RD." {
		t.Errorf("after undo: %+v", all)
	}
	// Empty deletes; an interview can be a target; a case is checked.
	if _, err := st.s.SetSummary(jc1, code, "", nil); err != nil {
		t.Fatal(err)
	}
	if all, _ := st.s.Summaries(""); len(all) != 0 {
		t.Errorf("after delete: %+v", all)
	}
	if _, err := st.s.SetSummary(st.ivs["GF-01"].GUID, code, "Interview-Zusammenfassung", nil); err != nil {
		t.Error(err)
	}
	if _, err := st.s.SetSummary(code, code, "x", nil); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("code as target: %v", err)
	}
	if _, err := st.s.SetSummary(jc1, code, "x", []qda.GUID{jc1}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("bad quote: %v", err)
	}
}

func TestService_SummaryGrid(t *testing.T) {
	st := newStudy(t)
	if _, err := st.s.SetSummary(st.cases["JC-01"].GUID, st.codes["A.1.1:1.1"], "Anfrage der RD.", nil); err != nil {
		t.Fatal(err)
	}
	g, err := st.s.SummaryGrid(analysis.GridRequest{Guideline: "A.1.1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Rows) != 2 || g.Rows[0].Label != "JC-01" || len(g.Cols) != 3 || g.Cols[0].Heading != "1.1" {
		t.Fatalf("rows %+v cols %+v", g.Rows, g.Cols)
	}
	c := g.Cells[0][0]
	// jonas and mara coded the same passage: shown once.
	if len(c.Segments) != 1 || c.Segments[0].Source != "GF-01" || c.Summary == nil || c.Summary.Text != "Anfrage der RD." {
		t.Errorf("cell %+v", c)
	}
	g, err = st.s.SummaryGrid(analysis.GridRequest{Guideline: "A.1.1", Rows: analysis.GridInterviews, Cols: analysis.GridThemes, Cases: []string{"JC-02"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Rows) != 1 || g.Rows[0].Label != "GF-02 (JC-02, W1)" || len(g.Cols) != 2 || len(g.Cells[0][0].Segments) != 1 {
		t.Errorf("interviews × themes: %+v %+v %+v", g.Rows, g.Cols, g.Cells)
	}
	if _, err := st.s.SummaryGrid(analysis.GridRequest{Guideline: "A.1.1", Rows: "codes"}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("bad rows: %v", err)
	}
}

func TestService_GenerateReport(t *testing.T) {
	st := newStudy(t)
	jc1 := st.cases["JC-01"].GUID
	set := func(code, text string, quotes ...qda.GUID) {
		t.Helper()
		if _, err := st.s.SetSummary(jc1, st.codes[code], text, quotes); err != nil {
			t.Fatal(err)
		}
	}
	segs, err := st.s.Segments(app.CodingFilter{Document: st.docs["GF-01"].GUID, Code: st.codes["A.1.1:1.1"]})
	if err != nil || len(segs) == 0 {
		t.Fatal(segs, err)
	}
	set("A.1.1:1.1", "Die RD hat angefragt.", segs[0].GUID)
	set("A.1.2:4.1", "Leistung und Vermittlung arbeiten eng zusammen.")
	set("A.2.2:1.1", "Arbeitgeber: Kontakt über den AG-S.")
	set("Vertrauen", "Vertrauen wächst.")
	req := analysis.ReportRequest{Case: "JC-01", Level: qda.LevelStrategic, Quotes: true}
	res, err := st.s.GenerateReport(req)
	if err != nil {
		t.Fatal(err)
	}
	want := `# Fallbericht JC-01 – Strategische Ebene

Erzeugt aus den Zusammenfassungen zu den Leitfäden A.1.1, A.1.2.

## 1. Strategische Bedeutung

### A.1.1 · 1.1 Was waren die Gründe für die Beteiligung?

Die RD hat angefragt.

> „Erster Absatz über die Gründe“ (GF-01)

## 4. Leistungen aus einer Hand

### A.1.2 · 4.1 Wie arbeiten Leistung und Vermittlung zusammen?

Leistung und Vermittlung arbeiten eng zusammen.

## Weitere Kategorien

### Vertrauen

Vertrauen wächst.
`
	if res.Action != "created" || res.Text != want || res.Document.Kind != qda.KindCaseReport {
		t.Fatalf("action %s, text:\n%s", res.Action, res.Text)
	}
	if strings.Contains(res.Text, "Arbeitgeber:") {
		t.Error("employer interview in the site report")
	}
	// Unchanged regeneration; a new summary updates an unedited report.
	if res, err = st.s.GenerateReport(req); err != nil || res.Action != "unchanged" {
		t.Fatalf("again: %v %+v", err, res)
	}
	set("A.1.1:1.2", "Ziele: Integrationen.")
	if res, err = st.s.GenerateReport(req); err != nil || res.Action != "updated" || !strings.Contains(res.Text, "Ziele: Integrationen.") {
		t.Fatalf("update: %v %+v", err, res)
	}
	// A manual edit: regenerating with changed summaries is refused,
	// merged (keeping the edit) or forced.
	doc := res.Document.GUID
	edited := strings.Replace(res.Text, "Vertrauen wächst.", "Vertrauen wächst (von Hand ergänzt).", 1)
	if _, err := st.s.EditText(doc, edited, false); err != nil {
		t.Fatal(err)
	}
	if res, err = st.s.GenerateReport(req); err != nil || res.Action != "unchanged" || res.Text != edited {
		t.Fatalf("edited, summaries unchanged: %v %+v", err, res)
	}
	set("A.1.2:4.1", "Enge Zusammenarbeit, feste Ansprechpersonen.")
	set("Vertrauen", "Vertrauen wächst langsam.")
	if _, err := st.s.GenerateReport(req); qda.ErrorCode(err) != qda.EConflict {
		t.Fatalf("edited report regenerated without asking: %v", err)
	}
	req.Edited = analysis.ReportMerge
	res, err = st.s.GenerateReport(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != "merged" || !strings.Contains(res.Text, "von Hand ergänzt") || !strings.Contains(res.Text, "feste Ansprechpersonen") ||
		len(res.Conflicts) != 1 || res.Conflicts[0] != "### Vertrauen" {
		t.Errorf("merge: %+v\n%s", res, res.Text)
	}
	req.Edited = analysis.ReportForce
	if res, err = st.s.GenerateReport(req); err != nil || res.Action != "overwritten" || strings.Contains(res.Text, "von Hand") {
		t.Errorf("force: %v %+v", err, res)
	}
	// Employers on request; a level without interviews.
	req = analysis.ReportRequest{Case: "JC-01", Level: qda.LevelStrategic, WithEmployers: true, Edited: analysis.ReportForce}
	if res, err = st.s.GenerateReport(req); err != nil || !strings.Contains(res.Text, "Arbeitgeber:") {
		t.Errorf("with employers: %v\n%s", err, res.Text)
	}
	if _, err := st.s.GenerateReport(analysis.ReportRequest{Case: "JC-01", Level: qda.LevelOperative}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("operative: %v", err)
	}
}

package summarygrid

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

type harness struct {
	v       *View
	m       *uitest.MemStore
	s       *project.Project
	changed int
}

// newHarness shows the grid of the uitest sample (guideline A.1.1 with codes
// for its questions) with synchronous updates.
func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	h := &harness{m: uitest.Sample()}
	// Question codes of A.1.1 and codings of the two JC-07 protocols.
	for _, q := range []struct{ id, q string }{{"1.1", "q:1.1"}, {"1.2", "q:1.2"}, {"2.1", "q:2.1"}} {
		code := qda.Code{GUID: uitest.ID("code:" + q.id), Name: q.id, Color: "#4363d8",
			Ref: &qda.QuestionRef{Guideline: uitest.ID("g:A.1.1"), Kind: qda.RefQuestion, Target: uitest.ID(q.q), QuestionID: q.id}}
		h.m.Codes[code.GUID] = code
	}
	add := func(n, doc, code string, start, end int) {
		id := uitest.ID("coding:g" + n)
		h.m.Codings[id] = qda.Coding{GUID: id, Document: uitest.ID("doc:" + doc), Code: uitest.ID("code:" + code),
			Coder: uitest.ID("user:anna"), Range: qda.Range{Start: start, End: end}}
	}
	add("1", "Protokoll GF-07", "1.1", 0, 43)
	add("2", "Protokoll PL-07", "1.1", 0, 20)
	add("3", "Protokoll GF-RD", "1.2", 0, 20)
	h.s = uitest.Service(h.m, "anna")
	h.v = New(h.s, nil, func(err error) { t.Fatal(err) })
	h.v.do, h.v.async = func(f func()) { f() }, func(f func()) { f() }
	h.v.OnChanged = func() { h.changed++ }
	w := test.NewWindow(h.v)
	w.Resize(fyne.NewSize(1100, 700))
	t.Cleanup(w.Close)
	h.v.Update()
	return h
}

func TestView_Update(t *testing.T) {
	h := newHarness(t)
	g := h.v.Grid()
	if g == nil || g.Guideline != "A.1.1" || len(g.Rows) != 2 || len(g.Cols) != 3 {
		t.Fatalf("grid %+v", g)
	}
	if g.Rows[0].Label != "JC-07" || len(g.Cells[0][0].Segments) != 2 || len(g.Cells[1][1].Segments) != 1 {
		t.Errorf("cells %+v", g.Cells)
	}
	if h.v.guideSel.Selected != "A.1.1" || h.v.rowsSel.Selected != "Fälle" || h.v.colsSel.Selected != "Fragen" {
		t.Errorf("selects %q %q %q", h.v.guideSel.Selected, h.v.rowsSel.Selected, h.v.colsSel.Selected)
	}
	cell := h.v.createCell()
	h.v.updateCell(widget.TableCellID{Row: 0, Col: 0}, cell)
	label := cell.(*fyne.Container).Objects[1].(*fyne.Container).Objects
	if label[0].(*widget.Label).Text != "2 Segmente" || label[1].(*widget.Label).Text != "noch keine Zusammenfassung" {
		t.Errorf("cell texts %q %q", label[0].(*widget.Label).Text, label[1].(*widget.Label).Text)
	}
	h.v.rowsSel.SetSelectedIndex(1)
	if g := h.v.Grid(); len(g.Rows) != 3 || !strings.HasPrefix(g.Rows[0].Label, "GF-07 (JC-07") {
		t.Errorf("interview rows %+v", g.Rows)
	}
}

func TestView_EditSummary(t *testing.T) {
	h := newHarness(t)
	h.v.Select(0, 0)
	d := h.v.detail
	if d.title.Text != "JC-07 · 1.1" || d.question.Text != "Welche Ziele verfolgt Ihr Jobcenter?" || len(d.segs.Objects) != 2 || !d.save.Disabled() {
		t.Fatalf("detail %q, %d segments", d.title.Text, len(d.segs.Objects))
	}
	test.Type(d.editor, "Ziele: mehr Integrationen.")
	if d.save.Disabled() {
		t.Fatal("save stays disabled after typing")
	}
	test.Tap(d.save)
	sums, _ := h.s.Summaries(uitest.ID("case:JC-07"))
	if len(sums) != 1 || sums[0].Text != "Ziele: mehr Integrationen." || sums[0].Code != uitest.ID("code:1.1") || h.changed != 1 {
		t.Fatalf("summaries %+v, changed %d", sums, h.changed)
	}
	if d.status.Text != "Gespeichert." || h.v.Grid().Cells[0][0].Summary == nil {
		t.Errorf("status %q", d.status.Text)
	}
	// Switching cells saves a pending edit; the revert button restores.
	test.Type(d.editor, " Und mehr.")
	h.v.Select(1, 1)
	if sums, _ := h.s.Summaries(uitest.ID("case:JC-07")); sums[0].Text != "Ziele: mehr Integrationen. Und mehr." {
		t.Errorf("auto-save: %+v", sums)
	}
	if d.title.Text != "RD-Nord · 1.2" || d.editor.Text != "" {
		t.Errorf("second cell %q %q", d.title.Text, d.editor.Text)
	}
	test.Type(d.editor, "verworfen")
	test.Tap(d.revert)
	if d.editor.Text != "" || !d.save.Disabled() {
		t.Errorf("revert: %q", d.editor.Text)
	}
	// A cell without segments says so; opening a segment is offered when
	// wired.
	var opened analysis.GridSegment
	h.v.OnOpenSegment = func(s analysis.GridSegment) { opened = s }
	h.v.Select(0, 0)
	box := d.segs.Objects[0].(*fyne.Container).Objects[0].(*fyne.Container)
	for _, o := range box.Objects {
		if b, ok := o.(*widget.Button); ok {
			test.Tap(b)
		}
	}
	if opened.Source != "GF-07" {
		t.Errorf("opened %+v", opened)
	}
	h.v.Select(0, 2)
	if l, ok := d.segs.Objects[0].(*widget.Label); !ok || l.Text != "Zu dieser Frage gibt es keine codierten Segmente." {
		t.Errorf("empty cell %+v", d.segs.Objects)
	}
}

// TestView_New: before the first load, the selects say "(bitte wählen)",
// never Fyne's English "(Select one)".
func TestView_New(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	v := New(uitest.Service(uitest.Sample(), "anna"), nil, func(err error) { t.Fatal(err) })
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(1100, 700))
	for _, s := range []*widget.Select{v.guideSel, v.rowsSel, v.colsSel} {
		if s.Selected == "" && s.PlaceHolder != "(bitte wählen)" {
			t.Errorf("a select shows %q", s.PlaceHolder)
		}
	}
}

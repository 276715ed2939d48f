package agreementview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// newView shows the view on the uitest sample, where jonas coded two of
// anna's passages again: one the same, one with another code.
func newView(t *testing.T) (*View, *uitest.MemStore) {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	jonas := uitest.ID("user:jonas")
	m.Users[jonas] = qda.User{GUID: jonas, Name: "jonas"}
	same := m.Codings[uitest.ID("coding:1")]
	other := m.Codings[uitest.ID("coding:2")]
	for i, c := range []qda.Coding{same, other} {
		c.GUID, c.Coder = uitest.ID("coding:jonas-"+string(rune('a'+i))), jonas
		if i == 1 {
			c.Code = uitest.ID("code:Erwartungen")
		}
		m.Codings[c.GUID] = c
	}
	v := New(uitest.Service(m, "anna"), func(err error) { t.Fatal(err) })
	v.do, v.async = func(f func()) { f() }, func(f func()) { f() }
	w := test.NewWindow(v)
	w.Resize(fyne.NewSize(1200, 700))
	t.Cleanup(w.Close)
	v.Update()
	return v, m
}

func TestView_Update(t *testing.T) {
	v, m := newView(t)
	if v.coderA.Selected != "anna" || v.coderB.Selected != "jonas" {
		t.Fatalf("coders %q and %q, want anna and jonas", v.coderA.Selected, v.coderB.Selected)
	}
	rep := v.Report()
	if rep == nil || len(rep.Disagreements) == 0 || len(rep.PerCode) == 0 {
		t.Fatalf("report %+v", rep)
	}
	// The figures shown are the service's.
	want, err := uitest.Service(m, "anna").Agreement(analysis.AgreementRequest{Coders: []string{"anna", "jonas"}})
	if err != nil || want.Overall.Units != rep.Overall.Units || len(want.Disagreements) != len(rep.Disagreements) {
		t.Errorf("units %v, the service says %v", rep.Overall.Units, want.Overall.Units)
	}
	if !strings.Contains(v.overall.Text, "Cohen") || !strings.Contains(v.overall.Text, percent(rep.Overall.Percent)) {
		t.Errorf("overall %q", v.overall.Text)
	}
	if rows, cols := v.codeRows(); rows != len(rep.PerCode) || cols != 5 {
		t.Errorf("table %d×%d, want %d×5", rows, cols, len(rep.PerCode))
	}
	// Tapping a place of disagreement opens its document there.
	var opened []qda.GUID
	v.OnOpen = func(doc qda.GUID, start, end int) { opened = append(opened, doc) }
	v.places.Select(0)
	if d := rep.Disagreements[0]; len(opened) != 1 || opened[0] != d.Document {
		t.Errorf("opened %v, want %s", opened, d.Document)
	}
	// The same coder twice, or none, shows nothing.
	v.coderB.SetSelected("anna")
	if v.Report() != nil || v.placeCount() != 0 {
		t.Error("a coder compared with themselves shows a report")
	}
	// Character level is a unit choice.
	v.coderB.SetSelected("jonas")
	v.unit.SetSelected(unitLabel(analysis.UnitChar))
	if r := v.Report(); r == nil || r.Unit != analysis.UnitChar {
		t.Errorf("unit %+v", r)
	}
}

// TestView_NoCommonDocuments: the first pair that coded a document in
// common is chosen; a pair without one is told in place, not as an error.
func TestView_NoCommonDocuments(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	// aaron sorts first and coded nothing in common with anyone.
	aaron, jonas := uitest.ID("user:aaron"), uitest.ID("user:jonas")
	m.Users[aaron] = qda.User{GUID: aaron, Name: "aaron"}
	m.Users[jonas] = qda.User{GUID: jonas, Name: "jonas"}
	c := m.Codings[uitest.ID("coding:1")]
	c.GUID, c.Coder = uitest.ID("coding:jonas"), jonas
	m.Codings[c.GUID] = c
	v := New(uitest.Service(m, "anna"), func(err error) { t.Errorf("error shown: %v", err) })
	v.do, v.async = func(f func()) { f() }, func(f func()) { f() }
	w := test.NewWindow(v)
	t.Cleanup(w.Close)
	v.Update()
	if v.coderA.Selected != "anna" || v.coderB.Selected != "jonas" || v.Report() == nil {
		t.Fatalf("first choice %q and %q (report %v), want anna and jonas", v.coderA.Selected, v.coderB.Selected, v.Report() != nil)
	}
	v.coderA.SetSelected("aaron")
	if v.Report() != nil || !strings.Contains(v.overall.Text, "keine gemeinsamen Dokumente") {
		t.Errorf("aaron and jonas: report %v, text %q", v.Report() != nil, v.overall.Text)
	}
}

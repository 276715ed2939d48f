package shell

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestShell_codingWorkbench(t *testing.T) {
	f := newFixture(t)
	m := uitest.Sample()
	f.opener.Projects[f.sample] = m
	f.s.Start(f.sample)
	p := f.s.project
	doc := uitest.ID("doc:Protokoll GF-07")
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: doc})
	if !p.benchShown() || p.bench.Document() == nil || p.bench.Document().GUID != doc {
		t.Fatal("selecting a document does not open it in the workbench")
	}
	// A tap on a code without a selection only chooses the code; with a
	// selection it codes the selection.
	before := len(m.Codings)
	p.codes.Select(uitest.ID("code:Erwartungen"))
	p.codes.OnTapped(uitest.ID("code:Erwartungen"))
	if len(m.Codings) != before {
		t.Fatal("a tap without selection coded something")
	}
	p.bench.View().Select(45, 53) // "Über die"
	if !p.bench.HasSelection() {
		t.Fatal("no selection in the workbench")
	}
	p.codes.OnTapped(uitest.ID("code:Erwartungen"))
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("a dialog shows: %q", labels(top))
	}
	var added *qda.Coding
	for _, c := range m.Codings {
		if c.Document == doc && c.Code == uitest.ID("code:Erwartungen") {
			added = &c
		}
	}
	if len(m.Codings) != before+1 || added == nil || added.Range != (qda.Range{Start: 45, End: 53}) || added.Coder != uitest.ID("user:anna") {
		t.Fatalf("coding after the tap: %+v (%d codings: %+v)", added, len(m.Codings), m.Codings)
	}
	// Status bar and code tree counts follow.
	if msg := p.status.Message(); !strings.Contains(msg, "„Erwartungen“ codiert") {
		t.Errorf("status message %q", msg)
	}
	if got := p.status.Info().Codings; got != before+1 {
		t.Errorf("status bar counts %d codings, want %d", got, before+1)
	}
	if inDoc, all := p.codes.Counts(uitest.ID("code:Erwartungen")); inDoc != 1 || all != 1 {
		t.Errorf("code tree counts Erwartungen %d in the document, %d in all", inDoc, all)
	}
	// Choosing a guideline clears the document counts; coming back keeps
	// the workbench working.
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindGuideline, ID: uitest.ID("g:A.1.1")})
	if p.benchShown() {
		t.Error("the workbench still shows for a guideline")
	}
	if inDoc, all := p.codes.Counts(uitest.ID("code:Ziele")); inDoc != 0 || all != 3 {
		t.Errorf("with a guideline shown Ziele counts %d, %d", inDoc, all)
	}
}

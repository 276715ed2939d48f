package shell

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// openGF07 opens the sample in the fixture and shows the protocol GF-07 in
// the workbench; it returns the project's store.
func openGF07(t *testing.T, f *fixture) *uitest.MemStore {
	t.Helper()
	m := uitest.Sample()
	f.opener.Projects[f.sample] = m
	f.s.Start(f.sample)
	p := f.s.project
	doc := uitest.ID("doc:Protokoll GF-07")
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: doc})
	if !p.benchShown() || p.bench.Document() == nil || p.bench.Document().GUID != doc {
		t.Fatal("selecting a document does not open it in the workbench")
	}
	return m
}

// codeRows returns the code tree's rows and branch arrows shown on the
// canvas (both are unexported types of their packages).
func codeRows(p *openProject) (rows, arrows []fyne.Tappable) {
	walk(p.codes, func(o fyne.CanvasObject) {
		switch fmt.Sprintf("%T", o) {
		case "*codetree.row":
			rows = append(rows, o.(fyne.Tappable))
		case "*widget.branchIcon":
			arrows = append(arrows, o.(fyne.Tappable))
		}
	})
	return rows, arrows
}

func TestShell_codingOnlyOnPurpose(t *testing.T) {
	f := newFixture(t)
	m := openGF07(t, f)
	p := f.s.project
	before := len(m.Codings)
	f.w.Canvas().Focus(p.bench.View())
	p.bench.View().Select(45, 53) // "Über die"

	// Tapping every code and every branch arrow (folding and unfolding)
	// chooses codes, never codes the selection.
	rows, arrows := codeRows(p)
	if len(rows) < 3 || len(arrows) == 0 {
		t.Fatalf("found %d code rows and %d branch arrows", len(rows), len(arrows))
	}
	for _, a := range arrows {
		test.Tap(a)
		test.Tap(a)
	}
	for _, r := range rows {
		test.Tap(r)
	}
	if len(m.Codings) != before {
		t.Fatalf("tapping or expanding codes made %d codings", len(m.Codings)-before)
	}
	if !p.bench.HasSelection() {
		t.Fatal("tapping codes dropped the selection")
	}
	// A click outside the focused widget takes the focus away (Fyne's
	// driver does so, and test.Tap too): keys now reach the window.
	if got := f.w.Canvas().Focused(); got != nil {
		t.Fatalf("after tapping codes the focus is on %T", got)
	}

	// On the segments tab a code chosen in the tree shows its segments;
	// keys reaching the hidden document (it keeps the focus) code nothing.
	f.w.Canvas().Focus(p.bench.View())
	for _, it := range p.views.tabs.Items {
		if it.Text == "Segmente" {
			p.views.tabs.Select(it)
		}
	}
	if p.views.tabs.Selected() == p.views.docTab {
		t.Fatal("no segments tab")
	}
	p.codes.Select(uitest.ID("code:Erwartungen"))
	p.bench.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	p.bench.View().TypedRune('1')
	p.bench.Apply(uitest.ID("code:Erwartungen"))
	if len(m.Codings) != before {
		t.Fatal("the hidden selection of the document tab was coded")
	}

	// Back on the document: Enter codes the selection with the chosen
	// code, and the selection is gone afterwards — also when nothing has
	// the focus, as after clicking the code in the tree.
	p.views.tabs.Select(p.views.docTab)
	f.w.Canvas().Unfocus()
	f.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("a dialog shows: %q", labels(top))
	}
	var added *qda.Coding
	for _, c := range m.Codings {
		if c.Document == uitest.ID("doc:Protokoll GF-07") && c.Code == uitest.ID("code:Erwartungen") {
			added = &c
		}
	}
	if len(m.Codings) != before+1 || added == nil || added.Range != (qda.Range{Start: 45, End: 53}) || added.Coder != uitest.ID("user:anna") {
		t.Fatalf("coding after Enter: %+v (%d codings)", added, len(m.Codings))
	}
	if p.bench.HasSelection() {
		t.Error("the selection is still there after coding")
	}
	// Enter without a selection does nothing.
	p.bench.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(m.Codings) != before+1 {
		t.Fatal("Enter without a selection coded")
	}
	// Key 1 codes a new selection with the code used last, typed into
	// the document or with nothing focused.
	p.bench.View().Select(0, 10)
	p.bench.View().TypedRune('1')
	if len(m.Codings) != before+2 {
		t.Fatalf("key 1 in the document: %d codings", len(m.Codings)-before)
	}
	p.bench.View().Select(60, 70)
	f.w.Canvas().OnTypedRune()('1')
	if len(m.Codings) != before+3 || p.bench.HasSelection() {
		t.Fatalf("key 1: %d codings, selection %v", len(m.Codings)-before, p.bench.HasSelection())
	}

	// Status bar and code tree counts follow.
	if msg := p.status.Message(); !strings.Contains(msg, "„Erwartungen“ codiert") {
		t.Errorf("status message %q", msg)
	}
	if got := p.status.Info().Codings; got != before+3 {
		t.Errorf("status bar counts %d codings, want %d", got, before+3)
	}
	if inDoc, all := p.codes.Counts(uitest.ID("code:Erwartungen")); inDoc != 3 || all != 3 {
		t.Errorf("code tree counts Erwartungen %d in the document, %d in all", inDoc, all)
	}
	// Choosing a guideline clears the document counts.
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindGuideline, ID: uitest.ID("g:A.1.1")})
	if p.benchShown() {
		t.Error("the workbench still shows for a guideline")
	}
	if inDoc, all := p.codes.Counts(uitest.ID("code:Ziele")); inDoc != 0 || all != 3 {
		t.Errorf("with a guideline shown Ziele counts %d, %d", inDoc, all)
	}
}

func TestShell_dropCodeOnSelection(t *testing.T) {
	f := newFixture(t)
	m := openGF07(t, f)
	p := f.s.project
	before := len(m.Codings)
	v := p.bench.View()
	v.Select(45, 53)
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(v)
	code := uitest.ID("code:Ziele")
	// Dropped far from the selection: nothing.
	p.codes.OnDropped(code, at.Add(fyne.NewPos(v.Size().Width-40, v.Size().Height-5)))
	if len(m.Codings) != before {
		t.Fatal("a code dropped away from the selection coded it")
	}
	// Dropped on the selected words: coded with the dropped code.
	var on fyne.Position
	found := false
	for y := float32(2); y < v.Size().Height && !found; y += 4 {
		for x := float32(0); x < v.Size().Width; x += 4 {
			if off, ok := v.OffsetAt(fyne.NewPos(x, y)); ok && off > 46 && off < 52 {
				on, found = fyne.NewPos(x, y), true
				break
			}
		}
	}
	if !found {
		t.Fatal("no point of the view lies on the selection")
	}
	p.codes.OnDropped(code, at.Add(on))
	n := 0
	for _, c := range m.Codings {
		if c.Code == code && c.Range == (qda.Range{Start: 45, End: 53}) {
			n++
		}
	}
	if len(m.Codings) != before+1 || n != 1 {
		t.Fatalf("after the drop %d codings, %d of them the dropped one", len(m.Codings)-before, n)
	}
	if p.bench.HasSelection() {
		t.Error("the selection is still there after the drop")
	}
}

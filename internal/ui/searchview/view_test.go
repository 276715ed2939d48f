package searchview

import (
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// texts returns the text of rich-text segments and which are marked.
func texts(segs []widget.RichTextSegment) (plain string, marked []string) {
	for _, s := range segs {
		t := s.(*widget.TextSegment)
		plain += t.Text
		if t.Style == markStyle {
			marked = append(marked, t.Text)
		}
	}
	return plain, marked
}

func TestFragmentSegments(t *testing.T) {
	segs := FragmentSegments([]qda.Span{{Text: "…Über die\n\nGröße "}, {Text: "<mark>Teams</mark>", Mark: true}, {Text: " & Co.\n"}})
	plain, marked := texts(segs)
	if plain != "…Über die Größe <mark>Teams</mark> & Co." || len(marked) != 1 || marked[0] != "<mark>Teams</mark>" {
		t.Errorf("plain %q, marked %q", plain, marked)
	}
	if s := segs[1].(*widget.TextSegment); !s.Style.TextStyle.Bold || !s.Inline() {
		t.Errorf("mark style %+v", s.Style)
	}
	if len(FragmentSegments(nil)) != 1 {
		t.Error("an empty fragment needs one segment")
	}
}

func TestView_SearchShowsHighlightedHits(t *testing.T) {
	h := newHarness(t)
	h.search("Teams")
	if len(h.v.hits) != 1 {
		t.Fatalf("%d hits", len(h.v.hits))
	}
	row := h.v.hits[0]
	plain, marked := texts(row.text.Segments[1:])
	if plain != "Über die Größe der Teams wurde gesprochen." || len(marked) != 1 || marked[0] != "Teams" {
		t.Errorf("fragment %q, marked %q", plain, marked)
	}
	if got := row.text.Segments[0].(*widget.TextSegment).Text; got != "Protokoll GF-07 · JC-07 · Strategische Ebene · Welle 1 · GF" || got != row.source {
		t.Errorf("source %q", got)
	}
	if h.v.status.Text != "Gefundene Passagen: 1" || h.v.acBtn.Disabled() {
		t.Errorf("status %q, autocode disabled %v", h.v.status.Text, h.v.acBtn.Disabled())
	}
	// A document's own "<mark>" is text, not markup.
	h.search("Markup")
	plain, marked = texts(h.v.hits[0].text.Segments[1:])
	if !strings.Contains(plain, "<mark>Markup</mark> &") || len(marked) != 1 || marked[0] != "Markup" {
		t.Errorf("fragment %q, marked %q", plain, marked)
	}
	// Tapping a hit opens the document at the passage.
	test.Tap(h.v.hits[0])
	if len(*h.opened) != 1 || (*h.opened)[0] != (coding.PassageRef{Document: uitest.ID("doc:Konzeptpapier Süd"), Start: 0, End: 60}) {
		t.Errorf("opened %+v", *h.opened)
	}
}

// check returns the facet check of a value.
func (h harness) check(t *testing.T, facet, value string) *widget.Check {
	t.Helper()
	for _, c := range h.v.facetChecks {
		if c.facet == facet && c.value == value {
			return c.Check
		}
	}
	t.Fatalf("no facet %s=%s among %d", facet, value, len(h.v.facetChecks))
	return nil
}

func TestView_FacetTapFilters(t *testing.T) {
	h := newHarness(t)
	h.search("die")
	total := len(h.v.hits)
	if total != 5 {
		t.Fatalf("%d hits for 'die'", total)
	}
	c := h.check(t, "case", "JC-07")
	if c.Text != "JC-07  (3)" {
		t.Errorf("facet label %q", c.Text)
	}
	if lv := h.check(t, "level", "strategic"); lv.Text != "Strategische Ebene  (4)" {
		t.Errorf("level label %q", lv.Text)
	}
	h.ui(func() { test.Tap(c) })
	h.settle()
	if f := h.src.last().Filters; len(f["case"]) != 1 || f["case"][0] != "JC-07" {
		t.Errorf("filters %v", f)
	}
	if len(h.v.hits) != 3 || !h.check(t, "case", "JC-07").Checked || !h.v.clearBtn.Visible() {
		t.Errorf("%d hits after filtering by JC-07", len(h.v.hits))
	}
	for _, r := range h.v.hits {
		if r.hit.Case != "JC-07" {
			t.Errorf("hit of %s", r.hit.Case)
		}
	}
	// A second facet narrows further; a ticked value stays listed.
	h.ui(func() { test.Tap(h.check(t, "wave", "2")) })
	h.settle()
	if len(h.v.hits) != 1 || h.v.hits[0].hit.DocName != "Protokoll PL-07" || !h.check(t, "case", "JC-07").Checked ||
		h.check(t, "wave", "2").Text != "Welle 2  (1)" {
		t.Errorf("%d hits for JC-07 in wave 2 containing 'die'", len(h.v.hits))
	}
	h.ui(h.v.ClearFilters)
	h.settle()
	if len(h.v.hits) != total || len(h.src.last().Filters) != 0 || h.v.clearBtn.Visible() {
		t.Errorf("after clearing: %d hits, filters %v", len(h.v.hits), h.src.last().Filters)
	}
}

func TestView_SortAndBadQuery(t *testing.T) {
	h := newHarness(t)
	h.search("die")
	h.ui(func() { h.v.sortBy.SetSelected(h.v.sortBy.Options[1]) })
	h.settle()
	if !h.src.last().SortByDocument {
		t.Error("sorting by document did not reach the search")
	}
	h.search(`"offen`)
	if !h.v.problem.Visible() || !strings.Contains(h.v.problem.Text, "Die Suchanfrage ist fehlerhaft") ||
		!strings.Contains(h.v.problem.Text, "quotation mark") {
		t.Errorf("problem %q (visible %v)", h.v.problem.Text, h.v.problem.Visible())
	}
	if len(h.v.hits) != 5 {
		t.Errorf("the last good result should stay: %d hits", len(h.v.hits))
	}
	h.search("Teams")
	if h.v.problem.Visible() {
		t.Error("the problem stays after a good query")
	}
}

func TestView_Rebuilding(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	reached := make(chan struct{})
	var once sync.Once
	h.src.repair = func(p app.Progress, finished func(bool, error)) bool {
		go func() {
			p(3, 7)
			once.Do(func() { close(reached) })
			<-release
			rebuilt, err := h.src.Project.EnsureIndex(p)
			finished(rebuilt, err)
		}()
		return true
	}
	h.ui(func() { h.v.SetQuery("Teams"); h.v.Run() })
	<-reached
	h.ui(func() {
		if !h.v.progress.Visible() || !strings.Contains(h.v.status.Text, "3 von 7") {
			t.Errorf("while rebuilding: status %q, progress visible %v", h.v.status.Text, h.v.progress.Visible())
		}
	})
	close(release)
	h.settle()
	if h.v.progress.Visible() || len(h.v.hits) != 1 {
		t.Errorf("after rebuilding: %d hits, progress visible %v", len(h.v.hits), h.v.progress.Visible())
	}
}

// objects returns o and everything below it.
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			out = append(out, objects(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, objects(c)...)
		}
	}
	return out
}

// button returns the button with the given text in the top overlay.
func (h harness) button(t *testing.T, text string) *widget.Button {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	for _, o := range objects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q in the dialog", text)
	return nil
}

func TestView_Autocode(t *testing.T) {
	h := newHarness(t)
	changed := []string{}
	h.v.OnChanged = func(msg string) { changed = append(changed, msg) }
	h.search("Zusammenfassung")
	if len(h.v.hits) != 3 {
		t.Fatalf("%d hits", len(h.v.hits))
	}
	// Select the second hit and code only it.
	second := h.v.hits[1].hit
	h.ui(func() { test.Tap(h.v.hits[1].check) })
	h.ui(func() { test.Tap(h.v.acBtn) })
	h.settle()
	f := h.v.acForm
	if f == nil || f.scope.Selected != "Nur die ausgewählten Treffer (1)" || f.allOnly != nil {
		t.Fatalf("dialog %+v", f)
	}
	h.ui(func() { f.codes.SetText("überraschungen") })
	h.ui(func() { test.Tap(h.button(t, "Codieren")) })
	h.settle()
	var got []qda.Coding
	for _, c := range h.m.Codings {
		if c.Origin == qda.OriginAuto {
			got = append(got, c)
		}
	}
	if len(got) != 1 || got[0].Code != uitest.ID("code:Überraschungen") || got[0].Document != second.Document ||
		got[0].Start != second.Start || got[0].End != second.End || got[0].Coder != uitest.ID("user:anna") {
		t.Fatalf("codings %+v", got)
	}
	if len(changed) != 1 || !strings.HasPrefix(changed[0], "Codierte Passagen: 1 ") || !strings.Contains(h.v.status.Text, "Codierte Passagen: 1 ") {
		t.Errorf("message %q, status %q", changed, h.v.status.Text)
	}
	// Now all hits: two more, the selected one is skipped.
	h.ui(func() { test.Tap(h.v.acBtn) })
	h.settle()
	f = h.v.acForm
	if f.scope.Selected != "Alle Treffer (3)" || f.allOnly == nil || !strings.HasPrefix(f.allOnly.Text, "Alle Treffer (3); ") {
		t.Errorf("scope %q without a selection", f.scope.Selected)
	}
	h.ui(func() { f.codes.SetText("Überraschungen") })
	h.ui(func() { test.Tap(h.button(t, "Codieren")) })
	h.settle()
	n := 0
	for _, c := range h.m.Codings {
		if c.Origin == qda.OriginAuto {
			n++
		}
	}
	if n != 3 || len(changed) != 2 || !strings.Contains(changed[1], "Codierte Passagen: 2 (schon codiert: 1)") {
		t.Errorf("%d autocodings, messages %q", n, changed)
	}
	// An unknown code name says so and codes nothing.
	h.ui(func() { test.Tap(h.v.acBtn) })
	h.settle()
	h.ui(func() { h.v.acForm.codes.SetText("Gibt es nicht") })
	h.ui(func() { test.Tap(h.button(t, "Codieren")) })
	h.settle()
	if !h.v.problem.Visible() || !strings.Contains(h.v.problem.Text, "Gibt es nicht") || len(changed) != 2 {
		t.Errorf("unknown code: problem %q", h.v.problem.Text)
	}
}

func TestView_KWICAndWords(t *testing.T) {
	h := newHarness(t)
	h.search("Zusammenfassung")
	h.ui(func() { h.v.tabs.SelectIndex(1) })
	h.settle()
	k := h.v.kwic
	if len(k.lines) != 3 || k.lines[0].Keyword != "Zusammenfassung" || !strings.HasPrefix(k.info.Text, "Vorkommen der Suchbegriffe: 3") {
		t.Fatalf("kwic %+v, info %q", k.lines, k.info.Text)
	}
	h.ui(func() { k.list.Select(1) })
	l := k.lines[1]
	if len(*h.opened) != 1 || (*h.opened)[0] != (coding.PassageRef{Document: l.Document, Start: l.Start, End: l.End}) {
		t.Errorf("opened %+v for line %+v", *h.opened, l)
	}
	segs := KWICSegments(analysis.KWICLine{DocName: "Fallbericht JC-07", Left: "Eine lange Zusammenfassung: ", Keyword: "Ziele", Right: " sind klar."}, 10)
	if kw := segs[2].(*widget.TextSegment); kw.Text != "Ziele" || kw.Style != monoMark {
		t.Errorf("keyword segment %+v", kw)
	}
	if left := segs[1].(*widget.TextSegment).Text; left != "nfassung: " {
		t.Errorf("left context %q", left)
	}

	h.ui(func() { h.v.tabs.SelectIndex(2) })
	h.settle()
	w := h.v.words
	if len(w.words) == 0 || w.words[0].Word != "Zusammenfassung" || w.words[0].Count != 3 {
		t.Fatalf("words %+v", w.words)
	}
	h.ui(func() { w.scope.SetSelected(w.scope.Options[1]) })
	h.settle()
	found := map[string]bool{}
	for _, wc := range w.words {
		found[wc.Word] = true
	}
	if !found["Teams"] || !found["Zusammenfassung"] || found["die"] {
		t.Errorf("project words %+v", w.words)
	}
	// Tapping a word searches for it.
	first := w.words[0].Word
	h.ui(func() { w.table.Select(widget.TableCellID{Row: 0, Col: 0}) })
	h.settle()
	if h.v.Query() != first || h.src.last().Query != first {
		t.Errorf("query %q after tapping %q", h.v.Query(), first)
	}
}

// TestView_MinSize checks that the view, with a long code among its
// facets, fits the room a 1024-pixel window leaves it (the navigation
// beside it takes a fifth): the search and autocode buttons stay on
// screen.
func TestView_MinSize(t *testing.T) {
	h := newHarness(t)
	h.search("die")
	long := "Zusammenarbeit mit dem Arbeitgeber-Service der Agentur für Arbeit"
	h.ui(func() {
		h.v.setFacets(map[string][]qda.FacetCount{
			"level": {{Value: "intensive", Count: 12}},
			"code":  {{Value: long, Count: 120}},
		})
	})
	c := h.check(t, "code", long)
	if want := []rune(long)[:maxFacetLabel-1]; !strings.HasPrefix(c.Text, string(want)+"…  (120)") {
		t.Errorf("facet label %q", c.Text)
	}
	if w := h.v.MinSize().Width; w > 800 {
		t.Errorf("minimum width %.0f, wider than 800", w)
	}
}

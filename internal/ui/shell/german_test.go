package shell

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// englishWords are words of English user interfaces that are not also
// German words. The walk below fails on any of them in visible text.
// The heuristic misses English words that German shares ("Status", "Text",
// "was", "Enter", "no",
// "Code", "Export", "Filter", "Plan", "Matrix", "Interview", "Memo",
// "also", "in", "an") and cannot see tooltips; it sees every text drawn
// (canvas.Text), from labels, buttons, selects, entries' place holders,
// tab titles, table cells and the sample's own text (German).
var englishWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and of with for from to is are be this that these
	not none all any select choose add remove delete edit show hide open close save cancel
	search summary summaries level levels wave waves site sites role roles segment segments
	document documents guideline guidelines interviewee interviewees date agreement pair pairs
	undo redo nothing keys key recode fit table yes back next previous new file files help about
	settings error warning loading please type here coding codings coder coders page more
	less each only before after by or load loaded shown view views question questions answer answers
	texts name names found results result hits hit count counts overall unit units case cases
	report reports member members project projects already other others include includes missing
	created changed removed restored undone done`) {
		englishWords[w] = true
	}
}

var wordRE = regexp.MustCompile(`\pL+`)

// cliRE matches a command of the command-line program, which is not
// translated.
var cliRE = regexp.MustCompile(`protocoder-cli [^)]*`)

// englishIn returns the English words in the texts drawn below o. The
// app's own sentence under an error message (errorDetail, after
// "Einzelheiten:") is left out when the error carries no message key:
// then it is the app's English sentence.
func englishIn(o fyne.CanvasObject) map[string][]string {
	out := map[string][]string{}
	walkSkipping(o, func(o fyne.CanvasObject) bool { d, ok := o.(*errorDetail); return ok && !d.keyed }, func(o fyne.CanvasObject) {
		t, ok := o.(*canvas.Text)
		if !ok || strings.TrimSpace(t.Text) == "" {
			return
		}
		for _, w := range wordRE.FindAllString(cliRE.ReplaceAllString(t.Text, ""), -1) {
			if englishWords[strings.ToLower(w)] {
				out[t.Text] = append(out[t.Text], w)
			}
		}
	})
	return out
}

// selectTab selects the tab titled title among tabs.
func selectTab(t *testing.T, tabs *container.AppTabs, title string) {
	t.Helper()
	for _, it := range tabs.Items {
		if it.Text == title {
			tabs.Select(it)
			return
		}
	}
	t.Fatalf("no tab %q", title)
}

// innerTabs returns the tab container inside a main tab's content.
func innerTabs(it *container.TabItem) *container.AppTabs {
	var found *container.AppTabs
	walk(it.Content, func(o fyne.CanvasObject) {
		if a, ok := o.(*container.AppTabs); ok && found == nil {
			found = a
		}
	})
	return found
}

func TestShell_germanEverywhere(t *testing.T) {
	f := newFixture(t)
	openGF07(t, f)
	p := f.s.project
	v := &p.views
	found := map[string]map[string][]string{} // view → text → words
	look := func(view string) {
		if top := f.w.Canvas().Overlays().Top(); top != nil {
			if e := englishIn(top); len(e) > 0 {
				found[view+" (dialog)"] = e
			}
		}
		if e := englishIn(f.w.Content()); len(e) > 0 {
			found[view] = e
		}
	}
	var menus []string
	for _, m := range f.w.MainMenu().Items {
		menus = append(menus, m.Label)
		for _, it := range m.Items {
			menus = append(menus, it.Label)
		}
	}
	if e := englishIn(widget.NewLabel(strings.Join(menus, " · "))); len(e) > 0 {
		found["menus"] = e
	}

	// The document area: a coded protocol in the workbench, a guideline.
	p.bench.View().Select(45, 53)
	look("workbench")
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindGuideline, ID: uitest.ID("g:A.1.1")})
	look("guideline")
	// The interview list and the protocol editor.
	v.tabs.Select(v.ivTab)
	look("interviews")
	test.Tap(v.interviews.NewButton())
	look("new interview")
	f.w.Canvas().Overlays().Remove(f.w.Canvas().Overlays().Top())
	// Error dialogs of errors the user meets, provoked: their details
	// (after "Einzelheiten:") are German too.
	for name, err := range provokedErrors(t, p.svc) {
		if !i18n.Keyed(err) {
			t.Errorf("%s: the error has no message key: %v", name, err)
		}
		f.s.showError(err)
		look("error: " + name)
		f.w.Canvas().Overlays().Remove(f.w.Canvas().Overlays().Top())
	}
	p.editProtocol(f.s, uitest.ID("iv:GF-07"))
	look("protocol editor")
	p.leaveEditor(func() {})
	// Search with a query, the segments of a code.
	p.search.SetText("Ziele")
	p.search.OnSubmitted("Ziele")
	look("search")
	selectTab(t, v.tabs, "Segmente")
	p.codes.Select(uitest.ID("code:Ziele"))
	look("segments")
	// Every inner tab of analysis and data protection.
	for _, outer := range []string{"Analyse", "Studie", "Datenschutz"} {
		selectTab(t, v.tabs, outer)
		in := innerTabs(v.tabs.Selected())
		if in == nil {
			t.Fatalf("%s has no inner tabs", outer)
		}
		for _, it := range in.Items {
			in.Select(it)
			look(outer + " ▸ " + it.Text)
		}
	}
	// Help.
	f.s.ShowShortcuts()
	look("shortcuts")

	var views []string
	for view := range found {
		views = append(views, view)
	}
	sort.Strings(views)
	for _, view := range views {
		var lines []string
		for text, words := range found[view] {
			lines = append(lines, fmt.Sprintf("%q (%s)", text, strings.Join(words, ", ")))
		}
		sort.Strings(lines)
		t.Errorf("%s shows English: %s", view, strings.Join(lines, "; "))
	}
}

// walkSkipping is walk that does not descend into objects skip accepts.
func walkSkipping(o fyne.CanvasObject, skip func(fyne.CanvasObject) bool, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() || skip(o) {
		return
	}
	fn(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walkSkipping(ch, skip, fn)
		}
	case *fyne.Container:
		for _, ch := range c.Objects {
			walkSkipping(ch, skip, fn)
		}
	}
}

// provokedErrors makes the project refuse what a user may try: a second
// code of a name, a protocol made final in one jump, a refusal of a given
// interview, a consent recorded twice, an interview that is not there,
// and a name that is too long.
func provokedErrors(t *testing.T, svc *project.Project) map[string]error {
	t.Helper()
	out := map[string]error{}
	try := func(name string, err error) {
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		out[name] = err
	}
	_, err := svc.AddCode(coding.NewCode{Name: "Ziele", Parent: uitest.ID("code:Strategische Bedeutung")})
	try("duplicate code", err)
	_, err = svc.SetStatus("GF-07", qda.StatusFinal)
	try("final in one jump", err)
	_, err = svc.RefuseInterview("GF-07", privacy.ConsentRecord{})
	try("refusal of a given interview", err)
	iv, err := svc.Interview("GF-07")
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.SetConsent("GF-07", privacy.ConsentFlags{Recording: iv.Consent.Recording, DataProtection: iv.Consent.DataProtection, InfoSheet: iv.Consent.InfoSheet})
	try("consent recorded twice", err)
	_, err = svc.Interview("XX-99")
	try("no such interview", err)
	_, err = svc.SetStatus("GF-07", iv.Status)
	try("status set twice", err)
	return out
}

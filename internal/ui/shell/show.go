package shell

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/navigation"
)

// A view name says which view ShowView brings to the front: a main tab
// ("document", "interviews", "search", "segments"), an analysis tab
// ("matrix", "summaries", "agreement", "query"), a study tab ("plan",
// "pairs", "deliverables", "evalq", "typology") or a data-protection tab
// ("anon", "audit"). "plan:timing" and "plan:attrition" show the plan's
// panels; "deliverables:ID", "evalq:ID" and "typology:SITE" select a
// deliverable, an evaluation question, a site. "document:NAME",
// "guideline:KEY", "editor:INTERVIEWEE" and "segments:CODE" also open what
// they name, "search:QUERY" runs a search, "query:EXPRESSION" a coding
// query; the screenshots (scripts/screenshots.sh) use them.

// namedTab is a tab that ShowView can select: the main tab and, for the
// tabs inside the analysis and data-protection tabs, the inner one.
type namedTab struct {
	outer *container.TabItem
	inner *container.AppTabs
	item  *container.TabItem
	// pick shows what the argument of "NAME:ARG" names in the view, when
	// the view takes one (a site, a deliverable, a question).
	pick func(arg string)
}

// nameTab registers a tab under a view name.
func (p *openProject) nameTab(name string, outer *container.TabItem, inner *container.AppTabs, item *container.TabItem) {
	if p.views.named == nil {
		p.views.named = map[string]namedTab{}
	}
	p.views.named[name] = namedTab{outer: outer, inner: inner, item: item}
}

// ViewNames returns the names ShowView knows, sorted.
func (s *Shell) ViewNames() []string {
	if s.project == nil {
		return nil
	}
	var out []string
	for n := range s.project.views.named {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ShowView brings the named view to the front (see the view names above).
// What it names by NAME, KEY, INTERVIEWEE or CODE is looked up off the UI
// goroutine; an unknown name is an error. Call it on the UI goroutine.
func (s *Shell) ShowView(spec string) error {
	p := s.project
	if p == nil {
		return fmt.Errorf("show view %q: no project is open", spec)
	}
	name, arg, _ := strings.Cut(spec, ":")
	if s.showTeamView(name) {
		return nil
	}
	t, ok := p.views.named[name]
	if !ok {
		return fmt.Errorf("show view %q: unknown view (known: %s)", spec, strings.Join(s.ViewNames(), ", "))
	}
	if arg == "" {
		p.selectTab(t)
		return nil
	}
	if t.pick != nil {
		p.selectTab(t)
		t.pick(arg)
		return nil
	}
	if name == "search" {
		p.search.SetText(arg)
		p.search.OnSubmitted(arg)
		return nil
	}
	if name == "query" {
		p.selectTab(t)
		p.query.SetQuery(arg)
		p.query.Run()
		return nil
	}
	s.async(func() {
		open, err := p.resolveView(s, name, arg)
		fyne.Do(func() {
			if s.project != p {
				return
			}
			if err != nil {
				p.onError(err)
				return
			}
			p.selectTab(t)
			open()
		})
	})
	return nil
}

// namePick lets a named view show what an argument names.
func (p *openProject) namePick(name string, pick func(string)) {
	t := p.views.named[name]
	t.pick = pick
	p.views.named[name] = t
}

// selectTab selects a named tab (and its inner tab).
func (p *openProject) selectTab(t namedTab) {
	p.views.tabs.Select(t.outer)
	if t.inner != nil {
		t.inner.Select(t.item)
	}
}

// resolveView looks up what a view name's argument names and returns
// what opens it on the UI goroutine. It blocks.
func (p *openProject) resolveView(s *Shell, name, arg string) (func(), error) {
	switch name {
	case "document":
		docs, err := p.svc.Documents()
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.Name == arg || string(d.GUID) == arg {
				return func() { p.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: d.GUID}) }, nil
			}
		}
	case "guideline":
		gs, err := p.svc.Guidelines()
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if g.Key == arg || string(g.GUID) == arg {
				return func() { p.nav.OnSelected(navigation.Item{Kind: navigation.KindGuideline, ID: g.GUID}) }, nil
			}
		}
	case "editor":
		ivs, err := p.svc.Interviews()
		if err != nil {
			return nil, err
		}
		for _, iv := range ivs {
			if iv.Interviewee == arg || string(iv.GUID) == arg {
				return func() { p.editProtocol(s, iv.GUID) }, nil
			}
		}
	case "segments":
		c, err := p.svc.ResolveCode(arg)
		if err != nil {
			return nil, err
		}
		return func() { p.codes.OnSelected(c.GUID) }, nil
	}
	return nil, qda.Errorf(qda.ENotFound, "view %s: nothing named %q", name, arg)
}

// LastDocumentKey prefixes the Preferences key, one per project folder,
// that keeps the GUID of the document shown last, to show it again when
// the project opens.
const LastDocumentKey = "lastDocument:"

// reopenLast shows the document shown last in this project, if it still
// exists. Call it on the UI goroutine.
func (p *openProject) reopenLast(s *Shell) {
	id := qda.GUID(p.prefs.String(LastDocumentKey + p.dir))
	if id == "" {
		return
	}
	s.async(func() {
		docs, err := p.svc.Documents()
		found := false
		for _, d := range docs {
			found = found || d.GUID == id
		}
		fyne.Do(func() {
			if err != nil || !found || s.project != p || !p.benchIdle() {
				return
			}
			p.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: id})
		})
	})
}

// benchIdle reports whether the document area still shows its hint, so
// that reopening the last document never replaces what the user chose
// meanwhile.
func (p *openProject) benchIdle() bool {
	return len(p.area.Objects) == 1 && p.area.Objects[0] == fyne.CanvasObject(p.hintBox)
}

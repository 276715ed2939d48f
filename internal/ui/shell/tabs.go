package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/agreementview"
	"github.com/protocoder/protocoder/internal/ui/anonview"
	"github.com/protocoder/protocoder/internal/ui/auditview"
	"github.com/protocoder/protocoder/internal/ui/matrixview"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/retrieval"
	"github.com/protocoder/protocoder/internal/ui/searchview"
	"github.com/protocoder/protocoder/internal/ui/summarygrid"
)

// lazyTab is a main-window tab whose view loads its data when the tab is
// first shown and again whenever it is shown after a change.
type lazyTab struct {
	item   *container.TabItem
	update func() // blocks; run off the UI goroutine
	stale  bool
}

// addTab appends a tab to the main views. Tabs have no icons: all
// labels must fit the document area of a 1280-pixel window.
func (p *openProject) addTab(title string, content fyne.CanvasObject, update func()) *lazyTab {
	// The views are wide (tables, the heat map); in a scroll container
	// they fill the area when it is large enough and scroll when it is not,
	// instead of widening the whole window.
	t := &lazyTab{item: container.NewTabItem(title, container.NewScroll(content)), update: update, stale: true}
	p.views.lazy = append(p.views.lazy, t)
	p.views.tabs.Append(t.item)
	return t
}

// tabSelected loads a lazy tab's data if it is stale.
func (p *openProject) tabSelected(s *Shell, item *container.TabItem) {
	for _, t := range p.views.lazy {
		if t.item == item && t.stale && t.update != nil {
			t.stale = false
			s.async(t.update)
		}
	}
}

// markStale makes every lazy tab reload when it is shown next; the one
// showing reloads now.
func (p *openProject) markStale(s *Shell) {
	for _, t := range p.views.lazy {
		t.stale = true
	}
	if p.views.tabs != nil {
		p.tabSelected(s, p.views.tabs.Selected())
	}
}

// addSearchTabs adds the full-text search and the retrieval of coded
// segments. Enter in the search field on top runs the query in the search
// tab; selecting codes in the code tree shows their segments.
func (p *openProject) addSearchTabs(s *Shell) {
	search := searchview.New(p.svc, s.win, p.onError)
	search.OnOpen = func(doc qda.GUID, start, end int) { p.openDocumentAt(s, doc, start, end) }
	ret := retrieval.New(p.svc, s.win, p.onError)
	ret.SetAsync(s.async)
	ret.OnOpen = search.OnOpen
	search.OnChanged = func(msg string) {
		p.status.SetMessage(msg)
		p.markStale(s)
		s.async(p.refreshCounts)
	}
	st := p.addTab(lang.X("tab.search", "Search"), search, nil)
	rt := p.addTab(lang.X("tab.segments", "Segments"), ret, ret.Update)
	p.nameTab("search", st.item, nil, nil)
	p.nameTab("segments", rt.item, nil, nil)
	p.search.OnSubmitted = func(q string) {
		search.SetQuery(q)
		search.Run()
		p.views.tabs.Select(st.item)
	}
	selected := p.codes.OnSelected
	p.codes.OnSelected = func(id qda.GUID) {
		if selected != nil {
			selected(id)
		}
		ret.SetCodes(id)
		rt.stale = false
	}
}

// openDocumentAt shows a document in the coding workbench with the range
// [start, end) selected and scrolled into view. Call it on the UI
// goroutine.
func (p *openProject) openDocumentAt(s *Shell, id qda.GUID, start, end int) {
	p.leaveEditor(func() {
		v := &p.views
		v.tabs.Select(v.docTab)
		v.last = &navigation.Item{Kind: navigation.KindDocument, ID: id}
		p.showArea(p.bench)
		p.codes.SetDocument(id)
		s.async(func() {
			p.bench.Load(id)
			// Load shows the document with fyne.Do; this runs after it.
			fyne.Do(func() {
				if d := p.bench.Document(); d != nil && d.GUID == id {
					p.bench.View().Select(start, end)
					p.bench.View().ScrollTo(start)
				}
			})
			p.codes.Update()
		})
	})
}

// addAnalysisTabs adds the code matrix, the summary grid and the
// intercoder agreement, in one tab.
func (p *openProject) addAnalysisTabs(s *Shell) {
	matrix := matrixview.New(p.svc, s.win, p.onError)
	grid := summarygrid.New(p.svc, s.win, p.onError)
	grid.OnOpenSegment = func(seg analysis.GridSegment) { p.openDocumentAt(s, seg.Document, seg.Start, seg.End) }
	grid.OnChanged = func() { s.async(p.refreshCounts) }
	agree := agreementview.New(p.svc, p.onError)
	agree.OnOpen = func(doc qda.GUID, start, end int) { p.openDocumentAt(s, doc, start, end) }
	queryItem, queryUpdate := p.queryTab(s)
	items := []*container.TabItem{
		container.NewTabItem(lang.X("tab.matrix", "Code matrix"), matrix),
		container.NewTabItem(lang.X("tab.summaries", "Summary grid"), grid),
		container.NewTabItem(lang.X("tab.agreement", "Agreement"), agree),
		queryItem}
	inner := container.NewAppTabs(items...)
	updates := []func(){matrix.Update, grid.Update, agree.Update, queryUpdate}
	t := p.addTab(lang.X("tab.analysis", "Analysis"), inner, innerUpdate(inner, updates))
	for i, name := range []string{"matrix", "summaries", "agreement", "query"} {
		p.nameTab(name, t.item, inner, items[i])
	}
}

// innerUpdate loads the views of a tab with inner tabs: the one shown
// first, the others after it. It blocks.
func innerUpdate(inner *container.AppTabs, updates []func()) func() {
	return func() {
		first := 0
		fyne.DoAndWait(func() { first = max(0, inner.SelectedIndex()) })
		updates[first]()
		for i, u := range updates {
			if i != first {
				u()
			}
		}
	}
}

// addProtectionTabs adds the anonymisation review and the audit log, side
// by side in one tab.
func (p *openProject) addProtectionTabs(s *Shell) {
	anon := anonview.New(p.svc, s.win, p.onError)
	audit := auditview.New(p.svc, s.win, p.onError)
	anonTab := container.NewTabItem(lang.X("tab.anon", "Anonymisation"), anon)
	auditTab := container.NewTabItem(lang.X("tab.audit", "Audit log"), audit)
	inner := container.NewAppTabs(anonTab, auditTab)
	t := p.addTab(lang.X("tab.protection", "Data protection"), inner, func() {
		anon.Update()
		audit.Update()
	})
	p.nameTab("anon", t.item, inner, anonTab)
	p.nameTab("audit", t.item, inner, auditTab)
	anon.OnChanged = func() {
		t.stale = true
		s.async(func() {
			p.refreshCounts()
			audit.Update()
		})
		p.reloadArea(s)
	}
}

// openInterviewProtocol shows an interview's protocol in the document
// area: in the coding view if it has one, else in the editor.
func (p *openProject) openInterviewProtocol(s *Shell, iv qda.GUID) {
	s.async(func() {
		doc, err := p.svc.ProtocolOf(iv)
		fyne.Do(func() {
			if err != nil || doc == nil {
				p.editProtocol(s, iv)
				return
			}
			p.openDocument(s, doc.GUID)
		})
	})
}

// staleOnChanges marks the lazy tabs stale after every edit made in the
// document area, the code system, the interview list or the editor, so
// that the analysis and search views show current data when next opened.
func (p *openProject) staleOnChanges(s *Shell) {
	if prev := p.bench.OnChanged; prev != nil {
		p.bench.OnChanged = func(msg string) { prev(msg); p.markStale(s) }
	}
	if prev := p.codes.OnChanged; prev != nil {
		p.codes.OnChanged = func(msg string) { prev(msg); p.markStale(s) }
	}
	if prev := p.views.interviews.OnChanged; prev != nil {
		p.views.interviews.OnChanged = func(iv qda.Interview) { prev(iv); p.markStale(s) }
	}
	if prev := p.views.editor.OnSaved; prev != nil {
		p.views.editor.OnSaved = func(d *qda.Document) { prev(d); p.markStale(s) }
	}
}

package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/interviews"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/protocoleditor"
)

// views are the project's main views beside the document area, one tab
// each: the interview registry and, as they land, search, retrieval and
// the analysis views. The document area is the first tab; it shows a
// document, a guideline or the protocol editor.
type views struct {
	tabs       *container.AppTabs
	docTab     *container.TabItem
	ivTab      *container.TabItem
	interviews *interviews.List
	editor     *protocoleditor.Editor
	editing    bool // the editor is in the document area
	// show shows a navigation item in the document area; last is the item
	// shown, for reloading it after undo.
	show func(navigation.Item)
	last *navigation.Item
	// lazy are the tabs after the interview list (tabs.go).
	lazy []*lazyTab
	// named are the tabs ShowView knows (show.go).
	named map[string]namedTab
}

// buildViews makes the tabs around the document area.
func (p *openProject) buildViews(s *Shell) fyne.CanvasObject {
	v := &p.views
	// Interviews open in the editor; anything else first saves the
	// protocol being edited.
	v.show = p.nav.OnSelected
	p.nav.OnSelected = func(it navigation.Item) {
		if it.Kind == navigation.KindInterview {
			p.editProtocol(s, it.ID)
			return
		}
		p.leaveEditor(func() {
			v.tabs.Select(v.docTab)
			v.last = &it
			if v.show != nil {
				v.show(it)
			}
		})
	}
	v.interviews = interviews.New(p.svc, s.win, p.onError)
	v.interviews.User = s.user
	v.interviews.SetAsync(s.async)
	v.interviews.OnOpen = func(iv qda.Interview) { p.editProtocol(s, iv.GUID) }
	v.interviews.OnChanged = func(qda.Interview) { s.async(p.refresh) }
	v.interviews.OnErased = func(iv qda.Interview) { p.forgetErased(s, map[qda.GUID]bool{iv.GUID: true}) }
	v.interviews.OnSiteAdded = func(qda.Case) { p.markStale(s); s.async(p.update) }

	v.editor = protocoleditor.New(p.svc, s.win, p.onError)
	v.editor.SetAudio(s.audio)
	v.editor.SetAsync(s.async)
	v.editor.OnSaved = func(*qda.Document) { s.async(p.refreshCounts) }

	v.docTab = container.NewTabItem(lang.X("tab.document", "Document"), container.NewPadded(p.area))
	v.ivTab = container.NewTabItem(lang.X("tab.interviews", "Interviews"), container.NewScroll(container.NewPadded(v.interviews)))
	v.tabs = container.NewAppTabs(v.docTab, v.ivTab)
	p.nameTab("document", v.docTab, nil, nil)
	p.nameTab("guideline", v.docTab, nil, nil) // guideline:KEY
	p.nameTab("editor", v.docTab, nil, nil)    // editor:INTERVIEWEE
	p.nameTab("interviews", v.ivTab, nil, nil)
	v.tabs.OnSelected = func(t *container.TabItem) {
		if t == v.ivTab {
			s.async(v.interviews.Update)
		}
		p.tabSelected(s, t)
		p.showCodePanel(t == v.docTab || t.Text == lang.X("tab.segments", "Segments"))
	}
	p.addSearchTabs(s)
	p.addAnalysisTabs(s)
	p.addStudyTabs(s)
	p.addProtectionTabs(s)
	p.staleOnChanges(s)
	return v.tabs
}

// editProtocol opens the interview's protocol in the editor, in the
// document area. Unsaved changes of the protocol shown before are saved
// first. Call it on the UI goroutine.
func (p *openProject) editProtocol(s *Shell, id qda.GUID) {
	v := &p.views
	open := func() {
		v.editing, v.last = true, nil
		p.showArea(v.editor)
		v.tabs.Select(v.docTab)
		s.async(func() { v.editor.Load(id) })
	}
	if v.editing {
		v.editor.Close(open)
		return
	}
	open()
}

// leaveEditor saves the editor's changes before the document area shows
// something else, then calls then. Call it on the UI goroutine.
func (p *openProject) leaveEditor(then func()) {
	v := &p.views
	if !v.editing {
		then()
		return
	}
	v.editor.Close(func() {
		v.editing = false
		then()
	})
}

// refreshCounts reloads what depends on coding and document counts; it
// blocks, so run it off the UI goroutine.
func (p *openProject) refreshCounts() {
	p.status.Update()
	p.codes.Update()
}

// refresh reloads every view after a change made elsewhere (undo, redo,
// a new interview); it blocks, so run it off the UI goroutine.
func (p *openProject) refresh() {
	p.update()
	p.views.interviews.Update()
}

// reloadArea shows the document area's content again from the store,
// after undo or redo changed it. An editor with unsaved typing is left
// alone. Call it on the UI goroutine.
func (p *openProject) reloadArea(s *Shell) {
	v := &p.views
	switch {
	case v.editing && v.editor.Interview() != nil && !v.editor.Dirty():
		id := v.editor.Interview().GUID
		s.async(func() { v.editor.Load(id) })
	case !v.editing && v.last != nil && v.show != nil:
		v.show(*v.last)
	}
}

// showCodePanel shows or hides the code system beside the main views: the
// document and segment views use it, the wide tables and the analysis
// views get its room.
func (p *openProject) showCodePanel(show bool) {
	if p.codesPanel == nil || p.codesPanel.Visible() == show {
		return
	}
	if show {
		p.codesPanel.Show()
	} else {
		p.codesPanel.Hide()
	}
	p.rightSplit.Refresh()
}

// repairIndex brings the search index up to date in the background after
// opening (it may be missing, damaged or behind the store); the search
// view says "being rebuilt" meanwhile and the status bar tells when done.
func (p *openProject) repairIndex(s *Shell) {
	p.svc.StartIndexRepair(nil, func(rebuilt bool, err error) {
		fyne.Do(func() {
			if s.project != p {
				return
			}
			switch {
			case err != nil:
				p.status.SetMessage(lang.X("index.failed", "The search index could not be rebuilt; details are in the log."))
			case rebuilt:
				p.status.SetMessage(lang.X("index.rebuilt", "Search index rebuilt."))
			}
		})
	})
}

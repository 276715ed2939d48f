package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/deliverablesview"
	"github.com/protocoder/protocoder/internal/ui/evalview"
	"github.com/protocoder/protocoder/internal/ui/pairview"
	"github.com/protocoder/protocoder/internal/ui/planview"
	"github.com/protocoder/protocoder/internal/ui/typologyview"
)

// studyViews are the views of the study model (issue #25), in the order of
// the inner tabs of the tab "Study" and of the menu "Study": view name,
// tab title.
func studyViews() [][2]string {
	return [][2]string{
		{"plan", lang.X("tab.plan", "Plan")},
		{"pairs", lang.X("tab.pairs", "Pairs")},
		{"deliverables", lang.X("tab.deliverables", "Deliverables")},
		{"evalq", lang.X("tab.evalq", "Evaluation questions")},
		{"typology", lang.X("tab.typology", "Typology")},
	}
}

// addStudyTabs adds the study model's views in one tab: the fieldwork
// plan with its windows, timing and attrition, the intensive-case pairs,
// the deliverables, the evaluation questions and the typology with its
// history.
func (p *openProject) addStudyTabs(s *Shell) {
	plan := planview.New(p.svc, s.win, p.onError)
	pairs := pairview.New(p.svc, p.onError)
	pairs.OnOpen = func(iv qda.GUID) { p.openInterviewProtocol(s, iv) }
	deliv := deliverablesview.New(p.svc, s.win, p.onError)
	evalq := evalview.New(p.svc, s.win, p.onError)
	typo := typologyview.New(p.svc, p.onError)
	views := []fyne.CanvasObject{plan, pairs, deliv, evalq, typo}
	names := studyViews()
	var items []*container.TabItem
	for i, v := range views {
		items = append(items, container.NewTabItem(names[i][1], v))
	}
	inner := container.NewAppTabs(items...)
	t := p.addTab(lang.X("tab.study", "Study"), inner,
		innerUpdate(inner, []func(){plan.Update, pairs.Update, deliv.Update, evalq.Update, typo.Update}))
	for i, n := range names {
		p.nameTab(n[0], t.item, inner, items[i])
	}
	p.namePick("plan", plan.ShowSide)
	p.namePick("deliverables", deliv.Select)
	p.namePick("evalq", evalq.Select)
	p.namePick("typology", typo.Select)
	// A change made here makes the other views load again when shown; the
	// navigation and the status bar count a new report document.
	changed := func() {
		for _, l := range p.views.lazy {
			if l != t {
				l.stale = true
			}
		}
		s.async(p.refresh)
	}
	plan.OnChanged, deliv.OnChanged, evalq.OnChanged, typo.OnChanged = changed, changed, changed, changed
}

// studyMenu opens the study model's views.
func (s *Shell) studyMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, n := range studyViews() {
		name := n[0]
		it := fyne.NewMenuItem(n[1], func() {
			if err := s.ShowView(name); err != nil {
				s.showError(err)
			}
		})
		it.Disabled = s.project == nil
		items = append(items, it)
	}
	items[0].Icon = theme.GridIcon()
	return fyne.NewMenu(lang.X("menu.study", "Study"), items...)
}

package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/ui/codetree"
	"github.com/protocoder/protocoder/internal/ui/guideview"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/queryview"
	"github.com/protocoder/protocoder/internal/ui/uikit"
	"github.com/protocoder/protocoder/internal/ui/workbench"
)

// project holds the views of one open project.
type openProject struct {
	dir     string
	svc     *project.Project
	search  *uikit.CommandEntry
	nav     *navigation.Navigation
	codes   *codetree.CodeTree
	bench   *workbench.Workbench
	guide   *guideview.GuideView
	status  *StatusBar
	hint    *widget.Label
	hintBox *fyne.Container // centres hint
	area    *fyne.Container // holds one of hint, bench, guide
	content fyne.CanvasObject
	onError func(error)
	views   views
	// member is the name of the acting team member, "" until chosen;
	// prefs remembers it per project (MemberKey).
	member       string
	prefs        fyne.Preferences
	memberDialog *memberDialog // the last "who is working?" dialog, for tests
	// team is the link to a team server, if the folder has one; teamUser
	// its account, the acting member.
	team     teamState
	teamUser string
	// codesPanel and rightSplit let the code system hide for wide views.
	codesPanel fyne.CanvasObject
	rightSplit *container.Split
	// protected: the project was opened with a passphrase.
	protected bool
	query     *queryview.View // Analysis ▸ Query
}

// newProject builds the main layout: search field on top, navigation on
// the left, the document area in the middle, the code tree on the right
// and the status bar at the bottom.
func newProject(s *Shell, dir string, svc *project.Project) *openProject {
	src := svc
	p := &openProject{dir: dir, svc: svc, prefs: s.app.Preferences()}
	// Errors of a project closed meanwhile (a load still running while the
	// user switched projects) are logged, not shown.
	onError := func(err error) {
		if s.project != p {
			s.log.Debug("error after close", "dir", dir, "err", err)
			return
		}
		s.showError(err)
	}
	p.onError = onError
	p.nav = navigation.New(src, onError)
	p.codes = codetree.New(src, s.win, onError)
	p.bench = workbench.New(src, s.win, onError)
	p.bench.SetRecentCodes(recentCodes{prefs: s.app.Preferences(), key: RecentCodesKey + cleanDir(dir)})
	p.guide = guideview.New(src, onError)
	p.status = NewStatusBar(src, "", onError)
	p.status.OnUpdated = p.updateHint

	p.search = uikit.NewCommandEntry()
	p.search.OnShortcut = s.TypedShortcut
	p.search.SetPlaceHolder(lang.X("search.placeholder", "Search documents and guidelines…"))
	p.search.OnChanged = p.nav.SetFilter
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { p.search.SetText("") })
	clear.Importance = widget.LowImportance
	p.search.ActionItem = clear

	p.hint = widget.NewLabel(lang.X("hint.select", "Select a document or a guideline on the left."))
	p.hint.Alignment = fyne.TextAlignCenter
	p.hint.Wrapping = fyne.TextWrapWord
	p.hintBox = container.NewCenter(p.hint)
	p.area = container.NewStack(p.hintBox)

	p.nav.OnSelected = func(it navigation.Item) {
		switch it.Kind {
		case navigation.KindDocument:
			p.openDocument(s, it.ID)
		case navigation.KindGuideline:
			p.showArea(p.guide)
			p.codes.SetDocument("")
			s.async(func() { p.guide.Load(it.ID); p.codes.Update() })
		}
	}

	// The code tree is narrow: the full name of the code under the mouse
	// shows in the status bar.
	p.codes.OnHover = func(text string) {
		if text != "" {
			p.status.SetMessage(text)
		}
	}
	p.wireCoding(s)
	codesPanel := p.codes // with its own title bar
	navHeader := widget.NewLabelWithStyle(lang.X("nav.title", "Project"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	navPanel := container.NewBorder(navHeader, nil, nil, nil, p.nav)

	navShare, viewShare := splitOffsets(s.win.Canvas().Size().Width)
	right := container.NewHSplit(p.buildViews(s), codesPanel)
	right.Offset = viewShare
	p.codesPanel, p.rightSplit = codesPanel, right
	split := container.NewHSplit(navPanel, right)
	split.Offset = navShare
	top := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, p.search)
	p.content = container.NewBorder(container.NewPadded(top), p.status, nil, nil, split)
	return p
}

// showArea puts o into the document area.
func (p *openProject) showArea(o fyne.CanvasObject) {
	p.area.Objects = []fyne.CanvasObject{o}
	p.area.Refresh()
}

// updateHint tells the user what to do in an empty project.
func (p *openProject) updateHint(in study.Info) {
	if in.Documents == 0 && in.Guidelines == 0 {
		p.hint.SetText(lang.X("hint.empty", "This project is still empty. Import guidelines and protocols to start."))
	} else {
		p.hint.SetText(lang.X("hint.select", "Select a document or a guideline on the left."))
	}
}

// update loads every view's data; it blocks, so run it off the UI goroutine.
func (p *openProject) update() {
	p.status.Update()
	p.nav.Update()
	p.codes.Update()
}

// splitOffsets returns the share of the window's width the navigation
// takes and, of the rest, the share of the main views beside the code
// system. Below 1200 pixels the navigation and the code system give up
// some room, so that every main tab's title fits (at 1024 pixels too);
// both splits can be dragged.
func splitOffsets(width float32) (nav, views float64) {
	if width > 0 && width < 1200 {
		return 0.18, 0.76
	}
	return 0.24, 0.66
}

// Package interviews is the interview list: every interview of the project
// with its level, wave, site, guideline, role, interviewee, interviewer,
// date and protocol status, filtered by level, site, wave and status and
// sorted by any column. From it the user registers a new interview (and
// goes on to its protocol), imports a protocol file (txt, md, docx, odt,
// rtf, pdf) as a new interview, opens a protocol, moves a protocol's status
// one step forward or reopens a final one.
package interviews

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the interview list needs of an open project;
// *project.Project implements it.
type Source interface {
	// Interviews returns every interview.
	Interviews() ([]qda.Interview, error)
	// Names maps GUIDs of cases, guidelines and users to names.
	Names() (map[qda.GUID]string, error)
	// Cases returns the sites, sorted by pseudonym.
	Cases() ([]qda.Case, error)
	// Guidelines returns the guidelines, sorted by key.
	Guidelines() ([]qda.Guideline, error)
	// Users returns the project's users, sorted by name.
	Users() ([]qda.User, error)
	// AddInterview registers an interview.
	AddInterview(n study.NewInterview) (*qda.Interview, error)
	// SetStatus moves an interview's protocol to another status.
	SetStatus(ref string, to qda.Status) (*qda.Interview, error)
	// DeleteRecording deletes an interview's recording irrevocably.
	DeleteRecording(ref string) (*qda.Interview, error)
	// ReadSource reads a protocol file to import.
	ReadSource(path string) (*app.SourceFile, error)
	// ImportProtocolSource registers an interview with a file read by
	// ReadSource as its protocol, in one command.
	ImportProtocolSource(src *app.SourceFile, n study.NewInterview) (*study.ImportedProtocol, error)
	// ImportProtocolSourcesContext imports several files in one command:
	// all of them or none (none when ctx is cancelled before the commit).
	ImportProtocolSourcesContext(ctx context.Context, srcs []*app.SourceFile, n study.NewInterview) ([]*study.ImportedProtocol, error)
}

// List is the interview list widget.
type List struct {
	widget.BaseWidget

	// OnOpen is called on the UI goroutine to open an interview's protocol
	// in the editor: from the Open button and after registering one.
	OnOpen func(qda.Interview)
	// OnChanged is called on the UI goroutine after an interview was added
	// or its status changed.
	OnChanged func(qda.Interview)
	// OnSiteAdded is called on the UI goroutine after a site was added.
	OnSiteAdded func(qda.Case)
	// OnErased is called on the UI goroutine after an interview was
	// erased (purged, or its consent withdrawn), also when that failed
	// halfway: views that show it must let it go.
	OnErased func(qda.Interview)
	// User is the acting user's name, preselected as the interviewer.
	User string

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())
	// chooseFile asks for a protocol file to import, chooseFolder for a
	// folder of them; tests replace both.
	chooseFile   func(then func(path string))
	chooseFolder func(then func(dir string))

	table   *widget.Table
	count   *widget.Label
	levels  *widget.Select
	cases   *widget.Select
	waves   *widget.Select
	states  *widget.Select
	newBtn  *widget.Button
	impBtn  *widget.Button
	dirBtn  *widget.Button
	openBtn *widget.Button
	nextBtn *widget.Button
	reopen  *widget.Button
	privBtn *widget.Button
	siteBtn *widget.Button
	dialog  dialog.Dialog // the last data-protection dialog, for tests
	task    *uikit.Task   // the last folder import's progress dialog

	form     *newForm // the last "New interview" dialog
	all      []row
	rows     []row // filtered and sorted
	caseList []qda.Case
	caseIDs  []qda.GUID
	waveNums []int
	filter   Filter
	sort     Sort
	selected qda.GUID
}

// columnWidths are the columns' initial widths.
var columnWidths = [numCols]float32{160, 64, 100, 84, 160, 170, 130, 110, 110}

// New returns an empty interview list on src; dialogs open on win and
// errors go to onError. Call Update to load it.
func New(src Source, win fyne.Window, onError func(error)) *List {
	l := &List{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	l.table = widget.NewTableWithHeaders(l.size, l.createCell, l.updateCell)
	l.table.ShowHeaderColumn = false
	l.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	l.table.UpdateHeader = l.updateHeader
	l.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(l.rows) {
			l.selected = l.rows[id.Row].iv.GUID
		}
		l.table.Refresh()
		l.updateActions()
	}
	for c, w := range columnWidths {
		l.table.SetColumnWidth(c, w)
	}
	l.count = widget.NewLabel("")
	l.levels = widget.NewSelect(nil, func(string) { l.filterChanged() })
	l.levels.PlaceHolder = i18n.Choose()
	l.cases = widget.NewSelect(nil, func(string) { l.filterChanged() })
	l.cases.PlaceHolder = i18n.Choose()
	l.waves = widget.NewSelect(nil, func(string) { l.filterChanged() })
	l.waves.PlaceHolder = i18n.Choose()
	l.states = widget.NewSelect(nil, func(string) { l.filterChanged() })
	l.states.PlaceHolder = i18n.Choose()
	l.newBtn = widget.NewButtonWithIcon(lang.X("interviews.new", "New interview…"), theme.ContentAddIcon(), l.showNewDialog)
	l.newBtn.Importance = widget.HighImportance
	l.impBtn = widget.NewButtonWithIcon(lang.X("interviews.import", "Import protocol…"), theme.FolderOpenIcon(), l.showImportDialog)
	l.chooseFile = l.chooseProtocolFile
	l.dirBtn = widget.NewButtonWithIcon(lang.X("interviews.importFolder", "Import folder…"), theme.FolderIcon(), l.showImportFolderDialog)
	l.chooseFolder = l.chooseProtocolFolder
	l.openBtn = widget.NewButtonWithIcon(lang.X("interviews.open", "Open protocol"), theme.DocumentIcon(), l.openSelected)
	l.nextBtn = widget.NewButtonWithIcon(lang.X("interviews.advanceNone", "Next status"), theme.NavigateNextIcon(), l.advance)
	l.reopen = widget.NewButtonWithIcon(lang.X("interviews.reopen", "Reopen…"), theme.ViewRefreshIcon(), l.confirmReopen)
	l.privBtn = l.newPrivacyButton()
	l.siteBtn = widget.NewButtonWithIcon(lang.X("site.new", "New site…"), theme.HomeIcon(), l.showSiteDialog)
	if _, ok := src.(SiteSource); !ok {
		l.siteBtn.Hide()
	}
	l.setFilterOptions(nil)
	l.updateActions()
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *List) CreateRenderer() fyne.WidgetRenderer {
	actions := uikit.NewFlow(0, l.newBtn, l.siteBtn, l.impBtn, l.dirBtn, l.openBtn, l.nextBtn, l.reopen, l.privBtn)
	filters := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil,
		uikit.NewFlow(180, l.levels, l.cases, l.waves, l.states, l.count))
	top := container.NewVBox(actions, filters, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, l.table))
}

// SetAsync sets how loads and edits run off the UI goroutine (default: a
// new goroutine each); a caller that runs them inline gets them done when
// the action returns, as tests want.
func (l *List) SetAsync(run func(func())) { l.async = run }

// NewButton returns the "New interview…" button, for tests that walk the
// main window.
func (l *List) NewButton() *widget.Button { return l.newBtn }

// Update loads the interviews. It blocks while loading, so call it off
// the UI goroutine; the list is updated with fyne.Do.
func (l *List) Update() {
	ivs, err := l.src.Interviews()
	var names map[qda.GUID]string
	var cases []qda.Case
	if err == nil {
		if names, err = l.src.Names(); err == nil {
			cases, err = l.src.Cases()
		}
	}
	l.do(func() {
		if err != nil {
			l.onError(err)
			return
		}
		l.all, l.caseList = makeRows(ivs, names), cases
		l.setFilterOptions(cases)
		l.apply()
	})
}

// setFilterOptions fills the filter selects, keeping their choices.
func (l *List) setFilterOptions(cases []qda.Case) {
	opts := []string{lang.X("interviews.allLevels", "All levels")}
	for _, lv := range qda.Levels {
		opts = append(opts, i18n.Level(lv))
	}
	setOptions(l.levels, opts, rank(qda.Levels, l.filter.Level)+1)

	opts, l.caseIDs = []string{lang.X("interviews.allCases", "All sites")}, []qda.GUID{""}
	for _, c := range cases {
		opts, l.caseIDs = append(opts, c.Name), append(l.caseIDs, c.GUID)
	}
	setOptions(l.cases, opts, rank(l.caseIDs, l.filter.Case))

	seen := map[int]bool{}
	l.waveNums = []int{0}
	for _, r := range l.all {
		if !seen[r.iv.Wave] {
			seen[r.iv.Wave] = true
			l.waveNums = append(l.waveNums, r.iv.Wave)
		}
	}
	sortInts(l.waveNums[1:])
	opts = []string{lang.X("interviews.allWaves", "All waves")}
	for _, w := range l.waveNums[1:] {
		opts = append(opts, lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": w}))
	}
	setOptions(l.waves, opts, rank(l.waveNums, l.filter.Wave))

	opts = []string{lang.X("interviews.allStatuses", "All statuses")}
	for _, s := range qda.Statuses {
		opts = append(opts, i18n.Status(s))
	}
	setOptions(l.states, opts, rank(qda.Statuses, l.filter.Status)+1)
}

// setOptions replaces a select's options and selects index i (the first
// option if i is out of range) without firing its callback.
func setOptions(s *widget.Select, opts []string, i int) {
	cb := s.OnChanged
	s.OnChanged = nil
	s.Options = opts
	if i < 0 || i >= len(opts) {
		i = 0
	}
	s.SetSelectedIndex(i)
	s.OnChanged = cb
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// filterChanged reads the filter selects and applies them.
func (l *List) filterChanged() {
	f := Filter{}
	if i := l.levels.SelectedIndex(); i > 0 {
		f.Level = qda.Levels[i-1]
	}
	if i := l.cases.SelectedIndex(); i > 0 && i < len(l.caseIDs) {
		f.Case = l.caseIDs[i]
	}
	if i := l.waves.SelectedIndex(); i > 0 && i < len(l.waveNums) {
		f.Wave = l.waveNums[i]
	}
	if i := l.states.SelectedIndex(); i > 0 {
		f.Status = qda.Statuses[i-1]
	}
	l.filter = f
	l.apply()
}

// SetFilter filters the list. Call it on the UI goroutine.
func (l *List) SetFilter(f Filter) {
	l.filter = f
	l.setFilterOptions(l.caseList)
	l.apply()
}

// SortBy orders the list by a column. Call it on the UI goroutine.
func (l *List) SortBy(s Sort) {
	l.sort = s
	l.apply()
}

// headerTapped sorts by column c, reversing the order on a second tap.
func (l *List) headerTapped(c Column) {
	if l.sort.Column == c {
		l.SortBy(Sort{Column: c, Desc: !l.sort.Desc})
	} else {
		l.SortBy(Sort{Column: c})
	}
}

// apply recomputes the rows shown. Fyne's table knows its selection and
// its scroll position only as a row index and an offset, not by
// interview, and keeps both when the rows change: so a shorter list (a
// filter, fewer interviews) left it scrolled below its last row, a blank
// table under "41 of 41", and after a sort or a new interview its
// selection marked another row than the one the status buttons act on.
// apply therefore scrolls to the top whenever the number of rows changes
// and selects the selected interview's row again (which scrolls to it),
// or drops the selection when its interview is not shown.
func (l *List) apply() {
	before := len(l.rows)
	l.rows = view(l.all, l.filter, l.sort)
	l.count.SetText(lang.X("interviews.count", "{{.N}} of {{.All}}", map[string]any{"N": len(l.rows), "All": len(l.all)}))
	if len(l.rows) != before {
		l.table.ScrollToTop()
	}
	l.table.Refresh()
	l.selectRow(l.selected)
	l.updateActions()
}

// rowOf returns the row showing interview id, -1 if none does.
func (l *List) rowOf(id qda.GUID) int {
	for i, r := range l.rows {
		if r.iv.GUID == id && id != "" {
			return i
		}
	}
	return -1
}

// selectRow makes the table's selection the row of interview id and
// scrolls to it, or clears the selection when id is not shown.
func (l *List) selectRow(id qda.GUID) {
	l.table.UnselectAll()
	row := l.rowOf(id)
	if row < 0 {
		l.selected = ""
		l.table.Refresh()
		return
	}
	// Select fires OnSelected (which sets l.selected) and scrolls, but
	// for the last rows it scrolls the table further than its scroller
	// can go (by the header's height; further still while the table is
	// not laid out), and the two offsets then disagree: the rows are drawn
	// out of place or not at all. ScrollToOffset sets both to what the
	// scroller allows, with the row in the middle where there is room.
	l.table.Select(widget.TableCellID{Row: row, Col: int(ColInterviewee)})
	rowH := l.createCell().MinSize().Height + theme.Padding()
	y := float32(row)*rowH - (l.table.Size().Height-rowH)/2
	l.table.ScrollToOffset(fyne.NewPos(0, max(0, y)))
}

// Selected returns the selected interview, if it is shown.
func (l *List) Selected() (qda.Interview, bool) {
	for _, r := range l.rows {
		if r.iv.GUID == l.selected {
			return r.iv, true
		}
	}
	return qda.Interview{}, false
}

// Select selects the interview id if it is shown. Call it on the UI
// goroutine.
func (l *List) Select(id qda.GUID) {
	if l.rowOf(id) >= 0 {
		l.selectRow(id)
		l.updateActions()
	}
}

func (l *List) size() (int, int) { return len(l.rows), int(numCols) }

func (l *List) createCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	return newCell(l, container.NewStack(bg, label))
}

func (l *List) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(l.rows) {
		return
	}
	cl := o.(*cell)
	cl.row = id.Row
	c := cl.box
	bg, label := c.Objects[0].(*canvas.Rectangle), c.Objects[1].(*widget.Label)
	r := &l.rows[id.Row]
	// The style first: SetText draws, and cells are reused for any column.
	label.TextStyle.Bold = Column(id.Col) == ColInterviewee
	label.SetText(r.cells[id.Col])
	if r.iv.GUID == l.selected {
		bg.FillColor = theme.Color(theme.ColorNameSelection)
		bg.Show()
	} else {
		bg.Hide()
	}
	bg.Refresh()
}

func (l *List) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	c := Column(id.Col)
	text := columnName(c)
	if l.sort.Column == c {
		if l.sort.Desc {
			text += " ▼"
		} else {
			text += " ▲"
		}
	}
	b.SetText(text)
	b.OnTapped = func() { l.headerTapped(c) }
}

// columnName returns a column's heading.
func columnName(c Column) string {
	switch c {
	case ColLevel:
		return lang.X("interviews.col.level", "Level")
	case ColWave:
		return lang.X("interviews.col.wave", "Wave")
	case ColCase:
		return lang.X("interviews.col.case", "Site")
	case ColGuideline:
		return lang.X("interviews.col.guideline", "Guideline")
	case ColRole:
		return lang.X("interviews.col.role", "Role")
	case ColInterviewee:
		return lang.X("interviews.col.interviewee", "Interviewee")
	case ColInterviewer:
		return lang.X("interviews.col.interviewer", "Interviewer")
	case ColDate:
		return lang.X("interviews.col.date", "Date")
	case ColStatus:
		return lang.X("interviews.col.status", "Status")
	}
	return strconv.Itoa(int(c))
}

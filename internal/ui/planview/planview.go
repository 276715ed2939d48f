// Package planview is the fieldwork dashboard: the interview plan
// ("Mengengerüst") against the interview registry, laid out like the
// seed's tables 2-1 to 2-3 — per level a heading, a row per site and role,
// per wave the columns planned / conducted / final / missing, and the
// level's totals — beside a bar chart of planned against conducted
// interviews per level and wave. Planned counts are edited in place (one
// command per edit); the plan is imported and exported as CSV and the
// chart as PNG.
package planview

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the dashboard needs of an open project; *project.Project
// implements it.
type Source interface {
	// PlanStatus compares the plan with the interview registry.
	PlanStatus() (*study.PlanStatus, error)
	// PlanRows returns the plan as entered (for the CSV export).
	PlanRows() ([]study.PlanInput, error)
	// ImportPlan replaces the plan, in one command.
	ImportPlan(rows []study.PlanInput) (int, error)
	// SetPlanned sets one cell's planned counts, in one command.
	SetPlanned(k study.PlanKey, planned, optional int) error
	// Export runs the CSV and chart exports through the audited use case.
	uikit.Exporter

	// Interviews and Cases feed the attrition panel: who can leave, which
	// planned interviews can be declined.
	Interviews() ([]qda.Interview, error)
	Cases() ([]qda.Case, error)
	// RecordExit records that a panel member leaves, in one command;
	// RemoveExit takes it back.
	RecordExit(in study.PanelExit) (*study.PanelExit, error)
	RemoveExit(person, site string) error
	// RefuseInterview records that a planned interview was declined.
	RefuseInterview(ref string, r privacy.ConsentRecord) (*qda.Interview, error)
	// UndoState and Undo take back a refusal while it is the last change.
	UndoState() (app.UndoState, error)
	Undo() (*qda.Command, error)
	// SetWaveWindow plans (or, with an empty from and to, removes) the
	// window of a level's wave, in one command.
	SetWaveWindow(w qda.WaveWindow) error
}

// View is the fieldwork dashboard widget.
type View struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after the plan was edited or
	// imported (e.g. to refresh the undo menu).
	OnChanged func()

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	table    *widget.Table
	chart    *chart
	summary  *widget.Label
	levels   *widget.Select
	level    qda.Level // the level shown, "" for all
	status   *study.PlanStatus
	edit     *editBar
	timing   *fyne.Container
	window   *windowForm
	attr     *attrition
	side     *container.AppTabs
	buttons  []*widget.Button
	rows     []tableRow
	waves    []int
	groups   []barGroup
	selected int // row index of the selection, -1 for none
	selWave  int
}

// Column layout: site, role, then per wave these four.
const (
	colCase = iota
	colRole
	colWaves
)

const perWave = 6 // planned, conducted, final, refused, dropped, missing

// New returns an empty dashboard on src; file dialogs open on win and
// errors go to onError. Call Update to load it.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }, selected: -1}
	v.table = widget.NewTableWithHeaders(v.size, v.createCell, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		top, bottom := widget.NewLabel(""), widget.NewLabel("")
		top.TextStyle.Bold, bottom.TextStyle.Bold = true, true
		return container.New(uikit.TightVBox{}, top, bottom)
	}
	v.table.UpdateHeader = v.updateHeader
	v.table.OnSelected = v.cellSelected
	v.chart = newChart(screenPalette)
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.edit = newEditBar(v)
	v.timing = newTimingBox()
	v.window = newWindowForm(v)
	v.attr = newAttrition(v)
	opts := []string{lang.X("planview.allLevels", "All levels")}
	for _, l := range qda.Levels {
		opts = append(opts, i18n.Level(l))
	}
	v.levels = widget.NewSelect(opts, func(string) {
		if i := v.levels.SelectedIndex(); i > 0 {
			v.SetLevel(qda.Levels[i-1])
		} else {
			v.SetLevel("")
		}
	})
	v.levels.SetSelectedIndex(0)
	v.buttons = []*widget.Button{
		widget.NewButtonWithIcon(lang.X("planview.import", "Import CSV…"), theme.FolderOpenIcon(), v.chooseImport),
		widget.NewButtonWithIcon(lang.X("planview.export", "Export CSV…"), theme.DocumentSaveIcon(), v.chooseExport),
		widget.NewButtonWithIcon(lang.X("planview.exportChart", "Chart as PNG…"), theme.MediaPhotoIcon(), v.chooseChartExport),
	}
	v.setWidths()
	// The summary keeps five lines in view and scrolls the rest, so that
	// the chart and the table fit a 1024×700 window without the tab
	// scrolling.
	summary := container.NewVScroll(v.summary)
	summary.SetMinSize(fyne.NewSize(0, widget.NewLabel("1\n2\n3\n4\n5").MinSize().Height))
	chart := container.NewBorder(nil, summary, nil, nil, v.chart)
	v.side = container.NewAppTabs(
		container.NewTabItem(lang.X("planview.tabChart", "Chart"), chart),
		container.NewTabItem(lang.X("planview.tabTiming", "Timing"), container.NewVScroll(container.NewPadded(container.NewVBox(v.window.box, v.timing)))),
		container.NewTabItem(lang.X("planview.tabAttrition", "Attrition"), container.NewVScroll(container.NewPadded(v.attr.box))))
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	title := widget.NewLabelWithStyle(lang.X("planview.title", "Fieldwork plan"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bar := uikit.NewFlow(0, title, v.levels, v.buttons[0], v.buttons[1], v.buttons[2])
	left := container.NewBorder(nil, v.edit.box, nil, nil, v.table)
	split := container.NewHSplit(left, v.side)
	split.Offset = 0.6
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, split))
}

// Update loads the plan status. It blocks while loading, so call it off
// the UI goroutine; the view is updated with fyne.Do.
func (v *View) Update() {
	st, err := v.src.PlanStatus()
	var d *attritionData
	if err == nil {
		d, err = loadAttrition(v.src)
	}
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.show(st)
		showTiming(v.timing, st)
		v.timing.Refresh()
		v.attr.show(st, d)
	})
}

// show applies a loaded status. Call it on the UI goroutine.
func (v *View) show(st *study.PlanStatus) {
	var key *tableRow
	if v.selected >= 0 && v.selected < len(v.rows) {
		r := v.rows[v.selected]
		key = &r
	}
	v.status = st
	v.rows, v.waves = buildRows(st, v.level)
	v.groups = chartGroups(st)
	v.selected = -1
	if key != nil {
		for i, r := range v.rows {
			if r.kind == rowCell && r.level == key.level && r.cse == key.cse && r.role == key.role && r.group == key.group {
				v.selected = i
			}
		}
	}
	v.setWidths()
	// Rows are one line high (the table would make them as high as its
	// two-line header).
	rowH := widget.NewLabel("0").MinSize().Height
	for i := range v.rows {
		v.table.SetRowHeight(i, rowH)
	}
	v.table.Refresh()
	v.chart.setGroups(v.groups)
	v.summary.SetText(summaryText(v.groups))
	v.edit.show()
}

// ShowSide brings a panel beside the table to the front: "chart",
// "timing" or "attrition". Call it on the UI goroutine.
func (v *View) ShowSide(name string) {
	for i, n := range []string{"chart", "timing", "attrition"} {
		if n == name {
			v.side.SelectIndex(i)
		}
	}
}

// SetLevel shows only one level's rows ("" for all). Call it on the UI
// goroutine.
func (v *View) SetLevel(l qda.Level) {
	if l == v.level {
		return
	}
	v.level = l
	i := 0
	for k, x := range qda.Levels {
		if x == l {
			i = k + 1
		}
	}
	if v.levels.SelectedIndex() != i {
		v.levels.SetSelectedIndex(i)
	}
	v.show(v.status)
}

// SelectCell selects a case × role × wave for editing, if the table shows
// it. Call it on the UI goroutine.
func (v *View) SelectCell(k study.PlanKey) {
	for i, r := range v.rows {
		if r.kind == rowCell && r.level == k.Level && r.cse == k.Case && r.role == k.Role && r.group == k.Group {
			for wi, w := range v.waves {
				if w == k.Wave {
					v.table.Select(widget.TableCellID{Row: i, Col: colWaves + perWave*wi})
				}
			}
		}
	}
}

// ScrollToLevel scrolls the table to a level. Call it on the UI
// goroutine.
func (v *View) ScrollToLevel(l qda.Level) {
	first, last := -1, -1
	for i, r := range v.rows {
		if r.level == l {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first >= 0 {
		// Show the level's totals, then its heading: the whole level when
		// it fits, else from its heading on.
		v.table.ScrollTo(widget.TableCellID{Row: last, Col: colCase})
		v.table.ScrollTo(widget.TableCellID{Row: first, Col: colCase})
	}
}

// summaryText sums the plan in one sentence per level and wave.
func summaryText(groups []barGroup) string {
	out := ""
	for _, g := range groups {
		if out != "" {
			out += "\n"
		}
		out += lang.X("planview.summaryLine", "{{.Level}}, wave {{.Wave}}: {{.Conducted}} of {{.Planned}} conducted, {{.Final}} final",
			map[string]any{"Level": i18n.Level(g.level), "Wave": g.wave, "Conducted": g.conducted, "Planned": plannedText(g.planned, g.optional), "Final": g.final})
		if g.refused > 0 {
			out += lang.X("planview.summaryRefused", ", {{.N}} refused", map[string]any{"N": g.refused})
		}
		if g.dropped > 0 {
			out += lang.X("planview.summaryDropped", ", {{.N}} dropped", map[string]any{"N": g.dropped})
		}
	}
	return out
}

func plannedText(planned, optional int) string {
	if optional > 0 {
		return fmt.Sprintf("%d (+%d)", planned, optional)
	}
	return fmt.Sprint(planned)
}

func (v *View) setWidths() {
	// The case column also holds the level headings: make it fit them.
	w := float32(96)
	for _, l := range qda.Levels {
		w = max(w, fyne.MeasureText(i18n.Level(l), theme.TextSize(), fyne.TextStyle{Bold: true}).Width+4*theme.Padding())
	}
	v.table.SetColumnWidth(colCase, w)
	// The role column fits a role with its group ("IFK (Neueinstellung)").
	rw := float32(140)
	for _, r := range v.rows {
		rw = max(rw, min(220, fyne.MeasureText(r.roleText(), theme.TextSize(), fyne.TextStyle{}).Width+3*theme.Padding()))
	}
	v.table.SetColumnWidth(colRole, rw)
	for i := 0; i < len(v.waves)*perWave; i++ {
		w := float32(66)
		if k := i % perWave; k == 3 || k == 4 {
			// Refused and dropped: their headings are the longest.
			w = max(w, fyne.MeasureText(lang.X("planview.colRefused", "Refused"), theme.TextSize(), fyne.TextStyle{Bold: true}).Width+2*theme.Padding(),
				fyne.MeasureText(lang.X("planview.colDropped", "Dropped"), theme.TextSize(), fyne.TextStyle{Bold: true}).Width+2*theme.Padding())
		}
		v.table.SetColumnWidth(colWaves+i, w)
	}
}

func (v *View) size() (int, int) { return len(v.rows), colWaves + perWave*len(v.waves) }

func (v *View) createCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	heading := canvas.NewText("", theme.Color(theme.ColorNameForeground))
	heading.TextStyle.Bold = true
	return container.NewStack(bg, label, container.NewPadded(heading))
}

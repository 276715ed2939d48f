package planview

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// fakeSource is a plan in memory: PlanStatus sums the rows, interviews
// are fixed conducted/final counts per cell.
type fakeSource struct {
	mu      sync.Mutex
	rows    []study.PlanInput
	done    map[study.PlanKey][2]int // conducted, final
	sets    []string
	imports int
	fail    error
	exports []string
	// the attrition panel's data
	ivs      []qda.Interview
	exits    []study.PanelExit
	timing   []study.TimingIssue
	windows  []qda.WaveWindow
	writes   []string
	undoable qda.GUID
}

func (f *fakeSource) Interviews() ([]qda.Interview, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]qda.Interview(nil), f.ivs...), nil
}

func (f *fakeSource) Cases() ([]qda.Case, error) {
	return []qda.Case{{GUID: "c-04", Name: "JC-04"}}, nil
}

func (f *fakeSource) RecordExit(in study.PanelExit) (*study.PanelExit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, "exit "+in.Person+" "+string(in.Kind)+" "+in.Date+" "+in.Reason)
	in.Case, in.Role, in.FromWave = "JC-04", "KU", 2
	f.exits = append(f.exits, in)
	return &in, nil
}

func (f *fakeSource) RemoveExit(person, site string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, "remove "+person+" "+site)
	var kept []study.PanelExit
	for _, x := range f.exits {
		if x.Person != person {
			kept = append(kept, x)
		}
	}
	f.exits = kept
	return nil
}

func (f *fakeSource) RefuseInterview(ref string, r privacy.ConsentRecord) (*qda.Interview, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.ivs {
		if string(f.ivs[i].GUID) == ref {
			f.ivs[i].Consent.Refused = &qda.ConsentEvent{Date: r.Date, Reason: r.Reason}
			f.undoable = f.ivs[i].GUID
			f.writes = append(f.writes, "refuse "+f.ivs[i].Interviewee+" "+r.Date.Format("2006-01-02")+" "+r.Reason)
			return &f.ivs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no interview %q", ref)
}

func (f *fakeSource) UndoState() (app.UndoState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.undoable == "" {
		return app.UndoState{}, nil
	}
	return app.UndoState{Undo: &qda.Command{Kind: privacy.KindRefuse, Changes: []qda.Change{{Entity: "interview", Key: string(f.undoable)}}}}, nil
}

func (f *fakeSource) Undo() (*qda.Command, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.ivs {
		if f.ivs[i].GUID == f.undoable {
			f.ivs[i].Consent.Refused = nil
			f.writes = append(f.writes, "undo "+f.ivs[i].Interviewee)
		}
	}
	f.undoable = ""
	return &qda.Command{}, nil
}

func (f *fakeSource) PlanStatus() (*study.PlanStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := &study.PlanStatus{Exits: append([]study.PanelExit(nil), f.exits...), Timing: f.timing, Windows: f.windows}
	idx := map[study.PlanKey]int{}
	for _, r := range f.rows {
		k := study.PlanKey{Level: r.Level, Case: r.Case, Wave: r.Wave, Role: r.Role, Group: r.Group}
		i, ok := idx[k]
		if !ok {
			i = len(st.Cells)
			idx[k] = i
			d := f.done[k]
			st.Cells = append(st.Cells, study.PlanCell{Level: r.Level, Case: r.Case, Wave: r.Wave, Role: r.Role, Group: r.Group, Conducted: d[0], Final: d[1]})
			for _, x := range f.exits {
				if x.Case == r.Case && x.Role == r.Role && r.Wave >= x.FromWave {
					st.Cells[i].Dropped++
				}
			}
		}
		if r.Optional {
			st.Cells[i].Optional += r.Planned
		} else {
			st.Cells[i].Planned += r.Planned
		}
	}
	tot := map[[2]string]int{}
	for i := range st.Cells {
		c := &st.Cells[i]
		c.Missing = max(0, c.Planned-c.Conducted)
		k := [2]string{string(c.Level), string(rune('0' + c.Wave))}
		j, ok := tot[k]
		if !ok {
			j = len(st.Totals)
			tot[k] = j
			st.Totals = append(st.Totals, study.PlanTotal{Level: c.Level, Wave: c.Wave, PlanCell: study.PlanCell{Level: c.Level, Wave: c.Wave}})
		}
		t := &st.Totals[j]
		t.Planned += c.Planned
		t.Optional += c.Optional
		t.Conducted += c.Conducted
		t.Final += c.Final
		t.Dropped += c.Dropped
		t.Missing += c.Missing
	}
	return st, nil
}

func (f *fakeSource) PlanRows() ([]study.PlanInput, error) { return f.rows, nil }

// Export records the export and writes it (the plan carries no protocol
// text, so nothing is to be confirmed).
func (f *fakeSource) Export(req privacy.ExportRequest, write func() error) (*privacy.ExportReport, error) {
	if err := write(); err != nil {
		return nil, err
	}
	f.exports = append(f.exports, req.What+" to "+req.To)
	return &privacy.ExportReport{}, nil
}

func (f *fakeSource) ImportPlan(rows []study.PlanInput) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.imports++
	f.rows = rows
	return len(rows), nil
}

func (f *fakeSource) SetPlanned(k study.PlanKey, planned, optional int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.sets = append(f.sets, strings.TrimSpace(strings.Join([]string{string(k.Level), k.Case, k.Role, string(rune('0' + k.Wave)), k.Group}, " ")))
	var out []study.PlanInput
	for _, r := range f.rows {
		if r.Level != k.Level || r.Case != k.Case || r.Wave != k.Wave || r.Role != k.Role || r.Group != k.Group {
			out = append(out, r)
		}
	}
	out = append(out, study.PlanInput{Level: k.Level, Case: k.Case, Wave: k.Wave, Role: k.Role, Group: k.Group, Planned: planned})
	if optional > 0 {
		out = append(out, study.PlanInput{Level: k.Level, Case: k.Case, Wave: k.Wave, Role: k.Role, Group: k.Group, Planned: optional, Optional: true})
	}
	f.rows = out
	return nil
}

const st, op, in = qda.LevelStrategic, qda.LevelOperative, qda.LevelIntensive

func sampleSource() *fakeSource {
	return &fakeSource{rows: []study.PlanInput{
		{Level: st, Case: "RD-1", Wave: 1, Role: "GF", Planned: 1},
		{Level: st, Case: "RD-1", Wave: 1, Role: "PL", Planned: 1},
		{Level: st, Case: "RD-1", Wave: 2, Role: "GF", Planned: 1},
		{Level: st, Case: "JC-02", Wave: 1, Role: "GF", Planned: 1},
		{Level: op, Case: "JC-04", Wave: 1, Role: "TL-Projektteam", Planned: 1},
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 1},
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S", Planned: 1, Optional: true},
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK", Planned: 2},
		{Level: in, Case: "JC-04", Wave: 2, Role: "IFK", Planned: 2},
	}, done: map[study.PlanKey][2]int{
		{Level: st, Case: "RD-1", Wave: 1, Role: "GF"}:    {1, 1},
		{Level: op, Case: "JC-04", Wave: 1, Role: "AG-S"}: {2, 0},
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK"}:  {1, 1},
	}}
}

type harness struct {
	v    *View
	src  *fakeSource
	errs *[]error
	wg   *sync.WaitGroup
	mu   *sync.Mutex
}

func (h harness) settle() { h.wg.Wait() }

func loaded(t *testing.T) harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	src := sampleSource()
	var errs []error
	h := harness{src: src, errs: &errs, wg: &sync.WaitGroup{}, mu: &sync.Mutex{}}
	h.v = New(src, nil, func(err error) { errs = append(errs, err) })
	h.v.do = func(f func()) { h.mu.Lock(); defer h.mu.Unlock(); f() }
	h.v.async = func(f func()) {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); f() }()
	}
	w := test.NewTempWindow(t, h.v)
	w.Resize(fyne.NewSize(1300, 700))
	h.v.win = w
	h.v.Update()
	return h
}

// texts returns the table as rows of cell texts.
func (v *View) texts() []string {
	var out []string
	for i, r := range v.rows {
		if r.kind == rowLevel {
			out = append(out, "# "+string(r.level))
			continue
		}
		var cells []string
		for c := 0; c < colWaves+perWave*len(v.waves); c++ {
			t, _, _ := v.cellText(v.rows[i], c)
			cells = append(cells, t)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

func TestView_Table(t *testing.T) {
	h := loaded(t)
	want := []string{
		"# strategic",
		"JC-02|GF|1|0|0|–|–|1||||||",
		"RD-1|GF|1|1|1|–|–|0|1|0|0|–|–|1",
		"RD-1|PL|1|0|0|–|–|1||||||",
		"Summe||3|1|1|–|–|2|1|0|0|–|–|1",
		"# operative",
		"JC-04|TL-Projektteam|1|0|0|–|–|1||||||",
		"JC-04|AG-S|1 (+1)|2|0|–|–|0||||||",
		"Summe||2 (+1)|2|0|–|–|1||||||",
		"# intensive",
		"JC-04|IFK|2|1|1|–|–|1|2|0|0|–|–|2",
		"Summe||2|1|1|–|–|1|2|0|0|–|–|2",
	}
	if got := h.v.texts(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, _, c := h.v.cellText(h.v.rows[2], colWaves+5); c != theme.ColorNameSuccess {
		t.Errorf("no missing interviews: colour %q", c)
	}
	if _, bold, c := h.v.cellText(h.v.rows[1], colWaves+5); !bold || c != theme.ColorNameError {
		t.Errorf("missing interviews are not marked: %v %q", bold, c)
	}
	if got := summaryText(h.v.groups); !strings.Contains(got, "Strategische Ebene, Welle 1: 1 von 3 geführt, 1 final") ||
		!strings.Contains(got, "Operative Ebene, Welle 1: 2 von 2 (+1) geführt") {
		t.Errorf("summary %q", got)
	}
}

func TestView_EditPlanned(t *testing.T) {
	h := loaded(t)
	changed := 0
	h.v.OnChanged = func() { changed++ }
	if !h.v.edit.apply.Disabled() {
		t.Error("apply is enabled without a selection")
	}
	// Row 7 is JC-04 AG-S; select its wave-1 "missing" cell.
	h.v.table.Select(widget.TableCellID{Row: 7, Col: colWaves + 5})
	if got := h.v.edit.what.Text; got != "Operative Ebene · JC-04 · AG-S · Welle 1" {
		t.Errorf("editing %q", got)
	}
	if h.v.edit.planned.Text != "1" || h.v.edit.optional.Text != "1" {
		t.Errorf("entries %q %q", h.v.edit.planned.Text, h.v.edit.optional.Text)
	}
	h.v.edit.planned.SetText("")
	test.Type(h.v.edit.planned, "3")
	test.Tap(h.v.edit.apply)
	h.settle()
	if len(h.src.sets) != 1 || h.src.sets[0] != "operative JC-04 AG-S 1" || changed != 1 {
		t.Fatalf("set %v, changed %d", h.src.sets, changed)
	}
	if got := h.v.texts()[7]; got != "JC-04|AG-S|3 (+1)|2|0|–|–|1||||||" {
		t.Errorf("after the edit: %s", got)
	}
	if h.v.selected != 7 || h.v.edit.planned.Text != "3" {
		t.Errorf("selection lost: %d %q", h.v.selected, h.v.edit.planned.Text)
	}
	// Bad input is refused before anything is written.
	h.v.edit.optional.SetText("zwei")
	test.Tap(h.v.edit.apply)
	h.settle()
	if len(*h.errs) != 1 || len(h.src.sets) != 1 {
		t.Errorf("bad count: errors %v, sets %v", *h.errs, h.src.sets)
	}
	// A failing write is reported.
	h.src.fail = errors.New("disk full")
	h.v.edit.optional.SetText("0")
	test.Tap(h.v.edit.apply)
	h.settle()
	if len(*h.errs) != 2 {
		t.Errorf("errors %v", *h.errs)
	}
	// Level headings and totals cannot be edited.
	h.v.table.Select(widget.TableCellID{Row: 8, Col: colWaves})
	if !h.v.edit.apply.Disabled() || h.v.selected != -1 {
		t.Error("a totals row is editable")
	}
}

func TestView_CSV(t *testing.T) {
	h := loaded(t)
	var buf bytes.Buffer
	if err := h.v.ExportCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 10 || lines[0] != "level,case,wave,role,planned,optional,note" || lines[7] != "operative,JC-04,1,AG-S,1,yes," {
		t.Errorf("export:\n%s", buf.String())
	}
	if err := h.v.ImportCSV(strings.NewReader("level,case,wave,role,planned\nintensive,JC-09,2,KU,4\n")); err != nil {
		t.Fatal(err)
	}
	h.settle()
	if h.src.imports != 1 || strings.Join(h.v.texts(), "\n") != "# intensive\nJC-09|KU|4|0|0|–|–|4\nSumme||4|0|0|–|–|4" {
		t.Errorf("after import (%d):\n%s", h.src.imports, strings.Join(h.v.texts(), "\n"))
	}
	if err := h.v.ImportCSV(strings.NewReader("level,case\nx,y\n")); err == nil || h.src.imports != 1 {
		t.Errorf("bad CSV: %v, %d imports", err, h.src.imports)
	}
}

func TestView_ChartPNG(t *testing.T) {
	h := loaded(t)
	var buf bytes.Buffer
	if err := h.v.WriteChartPNG(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 960 {
		t.Errorf("size %v", b)
	}
	counts := map[color.NRGBA]int{}
	for y := 0; y < 960; y += 4 {
		for x := 0; x < 1600; x += 4 {
			counts[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)]++
		}
	}
	p := printPalette()
	for name, c := range map[string]color.Color{"white": color.White, "planned": p.planned, "conducted": p.conducted, "final": p.final, "optional": p.optional} {
		if counts[color.NRGBAModel.Convert(c).(color.NRGBA)] == 0 {
			t.Errorf("no %s pixels in the chart", name)
		}
	}
	// Bars scale with their values: strategic wave 1 plans 3, conducted 1.
	r := test.WidgetRenderer(h.v.chart).(*chartRenderer)
	planned, conducted := r.bars[0][0].base.Size().Height, r.bars[0][1].base.Size().Height
	if planned < 2.9*conducted || planned > 3.1*conducted {
		t.Errorf("bar heights %v and %v are not 3:1", planned, conducted)
	}
}

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct{ max, want int }{{1, 1}, {4, 1}, {9, 2}, {36, 10}, {51, 20}, {64, 20}, {250, 50}} {
		if got := niceStep(tt.max); got != tt.want {
			t.Errorf("niceStep(%d) = %d, want %d", tt.max, got, tt.want)
		}
	}
}

// TestChart_Layout: in a narrow chart the axis labels stay inside their
// groups and the legend wraps inside the chart.
func TestChart_Layout(t *testing.T) {
	tests := []struct {
		name  string
		width float32
	}{{"wide", 900}, {"narrow", 360}, {"very narrow", 240}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			uitest.Language(t, "de_DE.UTF-8")
			c := newChart(printPalette)
			var groups []barGroup
			for _, l := range qda.Levels {
				for w := 1; w <= 2; w++ {
					groups = append(groups, barGroup{level: l, wave: w, planned: 10, conducted: 4, final: 2})
				}
			}
			c.setGroups(groups)
			c.Resize(fyne.NewSize(tt.width, 400))
			r := test.WidgetRenderer(c).(*chartRenderer)
			r.Layout(c.Size())
			gw := (tt.width - 12 - 36 - 12) / float32(len(groups))
			for i, ls := range r.labels {
				for _, l := range ls {
					if w := l.MinSize().Width; w > gw-4+0.5 && l.TextSize > 7 {
						t.Errorf("group %d: label %q is %.0f wide, the group %.0f", i, l.Text, w, gw)
					}
				}
			}
			for _, o := range r.legend {
				if o.Position().X+o.MinSize().Width > tt.width {
					t.Errorf("legend item at %v ends past %v", o.Position(), tt.width)
				}
			}
		})
	}
}

// TestView_GroupsTimingAttrition: a role the plan divides shows a row per
// group (and edits that group's cell); dropped panel members and refusals
// are counted; the timing panel words windows and problems; exits and
// refusals are recorded and taken back through the use cases.
func TestView_GroupsTimingAttrition(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	src := &fakeSource{rows: []study.PlanInput{
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK", Group: "Bestandskraft", Planned: 1},
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK", Group: "Neueinstellung", Planned: 1},
		{Level: in, Case: "JC-04", Wave: 1, Role: "KU", Planned: 4},
		{Level: in, Case: "JC-04", Wave: 2, Role: "KU", Planned: 4},
	}, done: map[study.PlanKey][2]int{
		{Level: in, Case: "JC-04", Wave: 1, Role: "IFK", Group: "Neueinstellung"}: {1, 1},
		{Level: in, Case: "JC-04", Wave: 1, Role: "KU"}:                           {2, 2},
	}, exits: []study.PanelExit{{Level: in, Case: "JC-04", Person: "KU-04-02", Role: "KU", FromWave: 2, Kind: qda.ExitFoundWork,
		Date: "2014-10-20", Reason: "hat eine Stelle angetreten"}},
		windows: []qda.WaveWindow{{Level: in, Wave: 2, From: "2014-07-01", To: "2015-06-30", MinGapMonths: 5}},
		timing: []study.TimingIssue{{Kind: study.TimingGap, Level: in, Wave: 2, Case: "JC-04", Role: "KU", Interviewee: "KU-04-01",
			Date: "2014-09-01", PrevDate: "2014-05-15", GapMonths: 3.6, MinGapMonths: 5}},
		ivs: []qda.Interview{
			{GUID: "iv-1", Interviewee: "KU-04-01", Level: in, Wave: 1, Role: "KU", Case: "c-04", Status: qda.StatusFinal},
			{GUID: "iv-2", Interviewee: "KU-04-03", Level: in, Wave: 2, Role: "KU", Case: "c-04", Status: qda.StatusDraft},
		}}
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	v := New(src, nil, func(err error) { errs = append(errs, err) })
	v.do = func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	v.async = func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(1300, 700))
	v.win = w
	v.Update()

	want := []string{
		"# intensive",
		"JC-04|IFK (Bestandskraft)|1|0|0|–|–|1||||||",
		"JC-04|IFK (Neueinstellung)|1|1|1|–|–|0||||||",
		"JC-04|KU|4|2|2|–|–|2|4|0|0|–|1|4",
		"Summe||6|3|3|–|–|3|4|0|0|–|1|4",
	}
	if got := v.texts(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The group's cell is edited, not the role's.
	v.table.Select(widget.TableCellID{Row: 1, Col: colWaves})
	if got := v.edit.what.Text; got != "Intensivfallstudien · JC-04 · IFK (Bestandskraft) · Welle 1" {
		t.Errorf("editing %q", got)
	}
	v.edit.planned.SetText("2")
	test.Tap(v.edit.apply)
	wg.Wait()
	if len(src.sets) != 1 || src.sets[0] != "intensive JC-04 IFK 1 Bestandskraft" {
		t.Errorf("sets %v", src.sets)
	}
	if !strings.Contains(summaryText(v.groups), "Intensivfallstudien, Welle 2: 0 von 4 geführt, 0 final, 1 ausgeschieden") {
		t.Errorf("summary %q", summaryText(v.groups))
	}

	// Timing: the window and the gap, in German.
	timing := labelTexts(v.timing)
	for _, s := range []string{"Intensivfallstudien, Welle 2: 01.07.2014 – 30.06.2015, mindestens 5 Monate nach Welle 1",
		"Termine außerhalb des Plans (1)",
		"KU-04-01 (JC-04, KU), Intensivfallstudien, Welle 2: 01.09.2014, nur 3,6 Monate nach Welle 1 (15.05.2014); geplant mindestens 5"} {
		if !strings.Contains(timing, s) {
			t.Errorf("timing lacks %q:\n%s", s, timing)
		}
	}

	v.ShowSide("attrition")
	if v.side.SelectedIndex() != 2 {
		t.Errorf("side panel %d", v.side.SelectedIndex())
	}
	// Attrition: the exit is listed and taken back.
	att := labelTexts(v.attr.box)
	if !strings.Contains(att, "KU-04-02 (JC-04, KU), ab Welle 2: hat Arbeit aufgenommen, 20.10.2014") || !strings.Contains(att, "hat eine Stelle angetreten") {
		t.Errorf("attrition:\n%s", att)
	}
	test.Tap(findButton(t, v.attr.exits, "Zurücknehmen"))
	wg.Wait()
	if len(src.writes) != 1 || src.writes[0] != "remove KU-04-02 JC-04" || len(src.exits) != 0 {
		t.Fatalf("writes %v", src.writes)
	}
	// A new exit: the person must be named, the date well formed.
	v.attr.what.SetSelected(v.attr.what.Options[0])
	v.attr.kind.SetSelectedIndex(3)
	v.attr.reason.SetText("drei Anschreiben ohne Antwort")
	test.Tap(v.attr.record)
	if len(errs) != 1 {
		t.Fatalf("no person: %v", errs)
	}
	v.attr.person.SetText("KU-04-01")
	v.attr.date.SetText("18.11.2014")
	test.Tap(v.attr.record)
	if len(errs) != 2 || !strings.Contains(errs[1].Error(), "JJJJ-MM-TT") {
		t.Fatalf("bad date: %v", errs)
	}
	v.attr.date.SetText("2014-11-18")
	test.Tap(v.attr.record)
	wg.Wait()
	if len(src.writes) != 2 || src.writes[1] != "exit KU-04-01 unreachable 2014-11-18 drei Anschreiben ohne Antwort" {
		t.Fatalf("writes %v", src.writes)
	}
	if v.attr.person.Text != "" || !strings.Contains(labelTexts(v.attr.exits), "nicht erreichbar") {
		t.Errorf("after recording: %q\n%s", v.attr.person.Text, labelTexts(v.attr.exits))
	}
	// A refusal of the planned draft interview, then undone.
	v.attr.what.SetSelected(v.attr.what.Options[1])
	if len(v.attr.iv.Options) != 1 || v.attr.iv.Options[0] != "KU-04-03 (JC-04, KU), Intensivfallstudien, Welle 2" {
		t.Fatalf("refusable %v", v.attr.iv.Options)
	}
	v.attr.iv.SetSelectedIndex(0)
	v.attr.date.SetText("2014-09-02")
	v.attr.reason.SetText("kein Interesse")
	test.Tap(v.attr.record)
	wg.Wait()
	if len(src.writes) != 3 || src.writes[2] != "refuse KU-04-03 2014-09-02 kein Interesse" {
		t.Fatalf("writes %v", src.writes)
	}
	if !strings.Contains(labelTexts(v.attr.refusals), "KU-04-03 (JC-04, KU), Intensivfallstudien, Welle 2 · abgesagt am 02.09.2014") {
		t.Errorf("refusals:\n%s", labelTexts(v.attr.refusals))
	}
	// Another change since: the refusal is not undone.
	undoable := src.undoable
	src.undoable = "iv-other"
	test.Tap(findButton(t, v.attr.refusals, "Rückgängig"))
	wg.Wait()
	if len(errs) != 3 || len(src.writes) != 3 || !strings.Contains(errs[2].Error(), "nicht mehr Ihre letzte Änderung") {
		t.Fatalf("undo after another change: %v, writes %v", errs, src.writes)
	}
	src.undoable = undoable
	test.Tap(findButton(t, v.attr.refusals, "Rückgängig"))
	wg.Wait()
	if len(src.writes) != 4 || src.writes[3] != "undo KU-04-03" || !strings.Contains(labelTexts(v.attr.refusals), "Kein geplantes Interview wurde abgesagt.") {
		t.Errorf("writes %v\n%s", src.writes, labelTexts(v.attr.refusals))
	}
	if len(errs) != 3 {
		t.Errorf("errors %v", errs)
	}
}

// labelTexts joins the texts of the labels below o.
func labelTexts(o fyne.CanvasObject) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, ch := range x.Objects {
				walk(ch)
			}
		}
	}
	walk(o)
	return strings.Join(out, "\n")
}

// findButton returns the first button below o with the text.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text && found == nil {
				found = x
			}
		case *fyne.Container:
			for _, ch := range x.Objects {
				walk(ch)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

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
}

func (f *fakeSource) PlanStatus() (*study.PlanStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := &study.PlanStatus{}
	idx := map[study.PlanKey]int{}
	for _, r := range f.rows {
		k := study.PlanKey{Level: r.Level, Case: r.Case, Wave: r.Wave, Role: r.Role}
		i, ok := idx[k]
		if !ok {
			i = len(st.Cells)
			idx[k] = i
			d := f.done[k]
			st.Cells = append(st.Cells, study.PlanCell{Level: r.Level, Case: r.Case, Wave: r.Wave, Role: r.Role, Conducted: d[0], Final: d[1]})
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
	f.sets = append(f.sets, strings.Join([]string{string(k.Level), k.Case, k.Role, string(rune('0' + k.Wave))}, " "))
	var out []study.PlanInput
	for _, r := range f.rows {
		if r.Level != k.Level || r.Case != k.Case || r.Wave != k.Wave || r.Role != k.Role {
			out = append(out, r)
		}
	}
	out = append(out, study.PlanInput{Level: k.Level, Case: k.Case, Wave: k.Wave, Role: k.Role, Planned: planned})
	if optional > 0 {
		out = append(out, study.PlanInput{Level: k.Level, Case: k.Case, Wave: k.Wave, Role: k.Role, Planned: optional, Optional: true})
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
		"JC-02|GF|1|0|0|1||||",
		"RD-1|GF|1|1|1|0|1|0|0|1",
		"RD-1|PL|1|0|0|1||||",
		"Summe||3|1|1|2|1|0|0|1",
		"# operative",
		"JC-04|TL-Projektteam|1|0|0|1||||",
		"JC-04|AG-S|1 (+1)|2|0|0||||",
		"Summe||2 (+1)|2|0|1||||",
		"# intensive",
		"JC-04|IFK|2|1|1|1|2|0|0|2",
		"Summe||2|1|1|1|2|0|0|2",
	}
	if got := h.v.texts(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, _, c := h.v.cellText(h.v.rows[2], colWaves+3); c != theme.ColorNameSuccess {
		t.Errorf("no missing interviews: colour %q", c)
	}
	if _, bold, c := h.v.cellText(h.v.rows[1], colWaves+3); !bold || c != theme.ColorNameError {
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
	h.v.table.Select(widget.TableCellID{Row: 7, Col: colWaves + 3})
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
	if got := h.v.texts()[7]; got != "JC-04|AG-S|3 (+1)|2|0|1||||" {
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
	if h.src.imports != 1 || strings.Join(h.v.texts(), "\n") != "# intensive\nJC-09|KU|4|0|0|4\nSumme||4|0|0|4" {
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

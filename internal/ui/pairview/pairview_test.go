package pairview

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

type fakeSource struct {
	mu    sync.Mutex
	views map[string]*pairs.PairView
	asked []string
	fail  error
}

func (f *fakeSource) Pairs() ([]pairs.Pair, error) {
	var out []pairs.Pair
	for _, id := range []string{"P-04-1", "P-11-1"} {
		out = append(out, f.views[id].Pair)
	}
	return out, f.fail
}

func (f *fakeSource) PairView(ref string) (*pairs.PairView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, ref)
	if v, ok := f.views[ref]; ok {
		return v, nil
	}
	return nil, qda.Errorf(qda.ENotFound, "no pair %q", ref)
}

func member(id, who string, side, wave int) *pairs.PairMember {
	return &pairs.PairMember{Interview: uitest.ID("iv:" + id), Interviewee: who, Side: side, Wave: wave, Date: "2014-06-10", Status: qda.StatusFinal}
}

func q(g, id, text string) *pairs.PairQuestion {
	return &pairs.PairQuestion{Guideline: g, ID: id, Text: text}
}

// pairSource holds two pairs; P-04-1 has three rows, one of them empty,
// and no customer interview in wave 2.
func pairSource() *fakeSource {
	cols := []pairs.PairColumn{
		{Side: 0, Wave: 1, Role: "IFK", RoleLabel: "Integrationsfachkraft", Member: member("ifk1", "IFK-04-02", 0, 1)},
		{Side: 1, Wave: 1, Role: "KU", RoleLabel: "Kunde/Kundin", Member: member("ku1", "KU-04-01", 1, 1)},
		{Side: 0, Wave: 2, Role: "IFK", RoleLabel: "Integrationsfachkraft", Member: member("ifk2", "IFK-04-02", 0, 2)},
		{Side: 1, Wave: 2, Role: "KU", RoleLabel: "Kunde/Kundin"},
	}
	p041 := &pairs.PairView{
		Pair: pairs.Pair{ID: "P-04-1", Case: "JC-04", Roles: [2]string{"IFK", "KU"},
			Start: pairs.StartInfo{CustomerSince: "2012-09-01", ProgrammeStart: "2013-03-01", Flag: pairs.StartBefore}},
		Columns: cols,
		Rows: []pairs.PairRow{
			{Theme: "1. Persönlicher Hintergrund", Questions: [2]*pairs.PairQuestion{q("A.3.1", "1.2", "Wie ist die familiäre Situation?"), q("A.3.2", "1.4", "Familiäre Situation?")},
				Cells: []pairs.PairCell{{Answer: "Verheiratet, zwei Kinder."}, {Answer: "Er ist verheiratet."}, {Answer: "Keine Veränderungen."}, {}}},
			{Theme: "1. Persönlicher Hintergrund", Questions: [2]*pairs.PairQuestion{nil, q("A.3.2", "1.2", "Was haben Sie für eine Ausbildung?")},
				Cells: make([]pairs.PairCell, 4)},
			{Theme: "4. Betreuungsprozess", Questions: [2]*pairs.PairQuestion{q("A.3.1", "2.2", "Welche Handlungsbedarfe gibt es?"), q("A.3.2", "4.6", "Welche Probleme sehen Sie?")},
				Cells: []pairs.PairCell{{Answer: "Staplerschein fehlt."}, {Answer: "Keine aktuellen Nachweise.", Segments: []pairs.PairSegment{
					{Label: "Vertrauen", Code: "Vertrauen", Color: "#3cb44b", Coder: "mara", Text: "keine aktuellen Nachweise"}}}, {}, {}}},
		},
	}
	p111 := &pairs.PairView{Pair: pairs.Pair{ID: "P-11-1", Case: "JC-11", Roles: [2]string{"IFK", "KU"}, Start: pairs.StartInfo{Flag: pairs.StartUnknown}},
		Columns: cols[:2], Rows: []pairs.PairRow{{Theme: "1. Persönlicher Hintergrund", Questions: [2]*pairs.PairQuestion{q("A.3.1", "1.1", "Beruf?"), nil},
			Cells: []pairs.PairCell{{Answer: "Bürokaufmann."}, {}}}}}
	return &fakeSource{views: map[string]*pairs.PairView{"P-04-1": p041, "P-11-1": p111}}
}

type harness struct {
	v    *View
	src  *fakeSource
	errs *[]error
	wg   *sync.WaitGroup
}

func loaded(t *testing.T) harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	var errs []error
	h := harness{src: pairSource(), errs: &errs, wg: &sync.WaitGroup{}}
	mu := &sync.Mutex{}
	h.v = New(h.src, func(err error) { errs = append(errs, err) })
	h.v.do = func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	h.v.async = func(f func()) {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); f() }()
	}
	w := test.NewTempWindow(t, h.v)
	w.Resize(fyne.NewSize(1400, 900))
	h.v.Update()
	return h
}

func TestView_Load(t *testing.T) {
	h := loaded(t)
	if got := h.v.pairs.Options; strings.Join(got, ",") != "P-04-1 · JC-04,P-11-1 · JC-11" || h.v.pairs.Selected != "P-04-1 · JC-04" {
		t.Errorf("pairs %v, selected %q", got, h.v.pairs.Selected)
	}
	if got := h.v.info.String(); got != "Standort JC-04 · Programmstart 01.03.2013 · Kunde seit 01.09.2012 · Kunde schon vor dem Programmstart" {
		t.Errorf("info %q", got)
	}
	head := strings.Join(uitest.Texts(h.v.header), "|")
	for _, want := range []string{"Frage", "Integrationsfachkraft · Welle 1|IFK-04-02 · 10.06.2014 · final", "Kunde/Kundin · Welle 2|nicht geführt"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q: %s", want, head)
		}
	}
	// Two themes and two rows with answers; the empty row is hidden.
	if got := h.v.layout.spans; len(got) != 4 || got[0] != 1 || got[1] != 2 || got[2] != 1 || got[3] != 2 {
		t.Errorf("rows %v", got)
	}
	grid := strings.Join(uitest.Texts(h.v.grid), "|")
	for _, want := range []string{"1. Persönlicher Hintergrund", "IFK A.3.1 1.2  Wie ist die familiäre Situation?\nKU A.3.2 1.4  Familiäre Situation?",
		"IFK W1|Verheiratet, zwei Kinder.|KU W1|Er ist verheiratet.|IFK W2|Keine Veränderungen.|KU W2|nicht geführt", "Vertrauen · mara  „keine aktuellen Nachweise“"} {
		if !strings.Contains(grid, want) {
			t.Errorf("grid lacks %q:\n%s", want, grid)
		}
	}
	test.Tap(h.v.showEmpty)
	if got := len(h.v.layout.spans); got != 5 {
		t.Errorf("with empty rows: %d rows", got)
	}
}

func TestView_SwitchAndOpen(t *testing.T) {
	h := loaded(t)
	var opened []qda.GUID
	h.v.OnOpen = func(id qda.GUID) { opened = append(opened, id) }
	var buttons []*widget.Button
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Button:
			buttons = append(buttons, o)
		case *fyne.Container:
			for _, c := range o.Objects {
				find(c)
			}
		}
	}
	find(h.v.header)
	if len(buttons) != 3 { // no button for the missing wave-2 customer interview
		t.Fatalf("%d open buttons", len(buttons))
	}
	test.Tap(buttons[1])
	if len(opened) != 1 || opened[0] != uitest.ID("iv:ku1") {
		t.Errorf("opened %v", opened)
	}
	h.v.pairs.SetSelectedIndex(1)
	h.wg.Wait()
	if cur := h.v.Current(); cur == nil || cur.ID != "P-11-1" || !strings.Contains(h.v.info.String(), "vor oder nach dem Start unbekannt") {
		t.Errorf("after switching: %+v, %q", cur, h.v.info.String())
	}
	if h.v.layout.cols != 1 || len(h.v.header.Objects) != 2 {
		t.Errorf("columns %d, header %d", h.v.layout.cols, len(h.v.header.Objects))
	}
	h.v.ShowPair("KU-99")
	if len(*h.errs) != 1 || h.v.Current().ID != "P-11-1" {
		t.Errorf("unknown pair: errors %v, current %s", *h.errs, h.v.Current().ID)
	}
}

func TestView_NoPairs(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	var errs []error
	v := New(&fakeSource{views: map[string]*pairs.PairView{"P-04-1": {}, "P-11-1": {}}, fail: errors.New("kaputt")}, func(err error) { errs = append(errs, err) })
	v.do = func(f func()) { f() }
	v.Update()
	if len(errs) != 1 {
		t.Errorf("errors %v", errs)
	}
	v.apply(nil)
	if !strings.HasPrefix(v.info.String(), "Noch keine Paare") || len(v.grid.Objects) != 0 {
		t.Errorf("empty view: %q, %d objects", v.info.String(), len(v.grid.Objects))
	}
}

func TestGridLayout_Layout(t *testing.T) {
	test.NewTempApp(t)
	long := widget.NewLabel(strings.Repeat("Wort ", 60))
	long.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{widget.NewLabel("Thema"), widget.NewLabel("Frage"), long, widget.NewLabel("kurz"),
		widget.NewLabel("Frage 2"), widget.NewLabel("a"), widget.NewLabel("b")}
	grown := 0
	g := &gridLayout{cols: 2, first: 100, spans: []int{1, 3, 3}, onGrow: func() { grown++ }}
	g.Layout(objs, fyne.NewSize(500, 100))
	if len(g.rowYs) != 3 || grown != 1 {
		t.Fatalf("rows at %v, grown %d", g.rowYs, grown)
	}
	colW := g.colWidth(500)
	if objs[2].Size().Width != colW || objs[1].Size().Width != 100 || objs[0].Size().Width != 100+2*(colW+gap) {
		t.Errorf("widths %v %v %v", objs[0].Size(), objs[1].Size(), objs[2].Size())
	}
	// The wrapped text makes its row tall; the next row starts below it.
	h := objs[2].Size().Height
	if h < 3*objs[3].MinSize().Height || objs[3].Size().Height != h || g.rowYs[2] != g.rowYs[1]+h+gap {
		t.Errorf("row 2 height %v, cell %v, next row at %v", h, objs[3].Size(), g.rowYs)
	}
	if g.MinSize(objs).Height != g.height {
		t.Errorf("min height %v, laid out %v", g.MinSize(objs).Height, g.height)
	}
	g.Layout(objs, fyne.NewSize(500, 100))
	if grown != 1 {
		t.Error("a second layout at the same width grew again")
	}
}

func TestFlagText(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	for f, want := range map[pairs.StartFlag]string{pairs.StartBefore: "Kunde schon vor dem Programmstart",
		pairs.StartAfter: "Kunde seit dem Programmstart", pairs.StartUnknown: "vor oder nach dem Start unbekannt", "": "vor oder nach dem Start unbekannt"} {
		if got := FlagText(f); got != want {
			t.Errorf("FlagText(%q) = %q, want %q", f, got, want)
		}
	}
}

// TestView_TwoCustomers: a case with two customers gets a column per
// customer, IFK about the customer beside the customer, wave 1 above
// wave 2; at the width a 1024-pixel window leaves, nothing ends past the
// view.
func TestView_TwoCustomers(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	var cols []pairs.PairColumn
	for _, cu := range []string{"KU-04-01", "KU-04-03"} {
		for w := 1; w <= 2; w++ {
			cols = append(cols, pairs.PairColumn{Side: 0, Wave: w, Customer: cu, Role: "IFK", RoleLabel: "Integrationsfachkraft",
				Member: member("ifk-"+cu, "IFK-04-02", 0, w)})
			c := pairs.PairColumn{Side: 1, Wave: w, Customer: cu, Role: "KU", RoleLabel: "Kunde/Kundin", Member: member(cu, cu, 1, w)}
			if cu == "KU-04-03" && w == 2 {
				c.Member = nil // dropped before wave 2
			}
			cols = append(cols, c)
		}
	}
	cells := make([]pairs.PairCell, 8)
	for i := range cells {
		cells[i].Answer = strings.Repeat("Antwort ", 12) + cols[i].Customer
	}
	pv := &pairs.PairView{Pair: pairs.Pair{ID: "P-04-1", Case: "JC-04", Roles: [2]string{"IFK", "KU"}, Customers: []string{"KU-04-01", "KU-04-03"}},
		Columns: cols, Rows: []pairs.PairRow{{Theme: "1. Hintergrund", Questions: [2]*pairs.PairQuestion{q("A.3.1", "1.1", "Beruf?"), q("A.3.2", "1.1", "Beruf?")}, Cells: cells}}}
	src := &fakeSource{views: map[string]*pairs.PairView{"P-04-1": pv, "P-11-1": pv}}
	v := New(src, func(err error) { t.Error(err) })
	v.do = func(f func()) { f() }
	v.async = func(f func()) { f() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(750, 560))
	v.Update()
	if v.layout.cols != 2 || len(v.header.Objects) != 3 {
		t.Fatalf("columns %d, heads %d", v.layout.cols, len(v.header.Objects))
	}
	head := strings.Join(uitest.Texts(v.header), "|")
	for _, want := range []string{"Kunde/Kundin KU-04-01", "Kunde/Kundin KU-04-03", "KU · Welle 2|nicht geführt", "IFK · Welle 1|IFK-04-02"} {
		if !strings.Contains(head, want) {
			t.Errorf("heads lack %q: %s", want, head)
		}
	}
	grid := strings.Join(uitest.Texts(v.grid), "|")
	if !strings.Contains(grid, "KU W2|nicht geführt") || strings.Count(grid, "KU-04-03") != 3 {
		t.Errorf("grid:\n%s", grid)
	}
	if need, have := v.MinSize().Width, float32(750); need > have {
		t.Errorf("the view needs %.0f pixels, has %.0f", need, have)
	}
	// Every cell ends inside the grid: nothing is cut off at the right.
	width := v.grid.Size().Width
	for _, o := range v.grid.Objects {
		if r := o.Position().X + o.Size().Width; r > width+0.5 {
			t.Errorf("a cell ends at %.0f, the grid at %.0f", r, width)
		}
	}
	if width > v.scroll.Size().Width+0.5 {
		t.Errorf("the grid is %.0f wide, the view %.0f", width, v.scroll.Size().Width)
	}
}

// richTexts returns the rich texts under an object.
func richTexts(o fyne.CanvasObject) []*widget.RichText {
	switch o := o.(type) {
	case *widget.RichText:
		return []*widget.RichText{o}
	case *fyne.Container:
		var out []*widget.RichText
		for _, c := range o.Objects {
			out = append(out, richTexts(c)...)
		}
		return out
	case fyne.Widget:
		var out []*widget.RichText
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, richTexts(c)...)
		}
		return out
	}
	return nil
}

// TestView_TagColour checks that the role and wave tags of the answers
// are in the placeholder colour, readable, not the disabled one.
func TestView_TagColour(t *testing.T) {
	h := loaded(t)
	found := 0
	for _, rt := range richTexts(h.v.grid) {
		if rt.String() != "IFK W1" && rt.String() != "KU W2" {
			continue
		}
		found++
		if s := rt.Segments[0].(*widget.TextSegment).Style; s.ColorName != theme.ColorNamePlaceHolder || !s.TextStyle.Bold {
			t.Errorf("tag %q in %q, bold %v", rt.String(), s.ColorName, s.TextStyle.Bold)
		}
	}
	if found == 0 {
		t.Fatal("no tags found")
	}
}

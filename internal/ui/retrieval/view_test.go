package retrieval

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

type harness struct {
	v      *View
	w      fyne.Window
	m      *uitest.MemStore
	mu     *sync.Mutex
	wg     *sync.WaitGroup
	opened *[]coding.PassageRef
}

func (h harness) ui(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f()
}

// act runs f as the UI goroutine would and waits for the loads it starts.
func (h harness) act(f func()) {
	h.ui(f)
	h.wg.Wait()
}

// newHarness shows the panel on the sample fixture, with one more coding
// by a second coder (jonas) in the case report of JC-07.
func newHarness(t *testing.T) harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	m.Users[uitest.ID("user:jonas")] = qda.User{GUID: uitest.ID("user:jonas"), Name: "jonas"}
	m.Codings[uitest.ID("coding:5")] = qda.Coding{GUID: uitest.ID("coding:5"), Document: uitest.ID("doc:Fallbericht JC-07"),
		Code: uitest.ID("code:Erwartungen"), Coder: uitest.ID("user:jonas"), Range: qda.Range{Start: 0, End: 16},
		Created: time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)}
	h := harness{m: m, mu: &sync.Mutex{}, wg: &sync.WaitGroup{}, opened: &[]coding.PassageRef{}}
	h.v = New(uitest.Service(m, "anna"), nil, func(err error) { t.Errorf("panel error: %v", err) })
	h.v.do = h.ui
	h.v.async = func(f func()) {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); f() }()
	}
	h.v.OnOpen = func(doc qda.GUID, start, end int) {
		*h.opened = append(*h.opened, coding.PassageRef{Document: doc, Start: start, End: end})
	}
	h.w = test.NewTempWindow(t, h.v)
	h.w.Resize(fyne.NewSize(1200, 800))
	h.v.win = h.w
	h.v.Update()
	h.wg.Wait()
	return h
}

// shown returns the GUIDs of the listed segments, sorted.
func (h harness) shown() []string {
	var out []string
	for _, r := range h.v.rows {
		out = append(out, string(r.seg.GUID))
	}
	sort.Strings(out)
	return out
}

// stored returns the GUIDs of the stored codings of the given codes.
func (h harness) stored(codes ...string) []string {
	want := map[qda.GUID]bool{}
	for _, c := range codes {
		want[uitest.ID("code:"+c)] = true
	}
	var out []string
	for id, c := range h.m.Codings {
		if want[c.Code] {
			out = append(out, string(id))
		}
	}
	sort.Strings(out)
	return out
}

func TestView_RetrievesExactlyStored(t *testing.T) {
	h := newHarness(t)
	if !h.v.hint.Visible() || len(h.v.rows) != 0 {
		t.Fatal("without codes the panel should show its hint only")
	}
	h.act(func() { h.v.SetCodes(uitest.ID("code:Strategische Bedeutung")) })
	if len(h.v.rows) != 0 || h.v.count.Text != "Codierte Segmente: 0" || h.v.hint.Visible() {
		t.Errorf("parent code alone: %d rows, count %q", len(h.v.rows), h.v.count.Text)
	}
	h.act(func() { test.Tap(h.v.subcodes) })
	want := h.stored("Ziele", "Erwartungen")
	if got := h.shown(); strings.Join(got, ",") != strings.Join(want, ",") || len(got) != 4 {
		t.Fatalf("shown %v, stored %v", got, want)
	}
	for _, r := range h.v.rows {
		c := h.m.Codings[r.seg.GUID]
		text := []rune(h.m.Texts[c.Document])
		if r.seg.Range != c.Range || r.seg.Text != string(text[c.Start:c.End]) || r.seg.Code != c.Code {
			t.Errorf("row %+v differs from the stored coding %+v", r.seg.Segment, c)
		}
		var shown string
		for _, s := range r.text.Segments[2:] {
			shown += s.(*widget.TextSegment).Text
		}
		if !strings.Contains(shown, strings.Join(strings.Fields(r.seg.Text), " ")) {
			t.Errorf("row shows %q, not the text %q", shown, r.seg.Text)
		}
	}
	// Sorted by document name: the report first; its source and question.
	first := h.v.rows[0]
	if first.seg.DocName != "Fallbericht JC-07" || first.source != "JC-07 · Fallbericht JC-07 · Fallbericht" || first.head != "Erwartungen · jonas" ||
		first.text.Segments[0].(*widget.TextSegment).Text != first.head || first.question != "" {
		t.Errorf("first row: %q / %q / %q / %q", first.seg.DocName, first.source, first.head, first.question)
	}
	second := h.v.rows[1]
	if second.source != "JC-07 · GF-07 (Protokoll GF-07) · Strategische Ebene · Welle 1 · GF" {
		t.Errorf("second row source %q", second.source)
	}
	test.Tap(second)
	if len(*h.opened) != 1 || (*h.opened)[0] != (coding.PassageRef{Document: second.seg.Document, Start: 0, End: 10}) {
		t.Errorf("opened %+v", *h.opened)
	}
}

func TestView_Filters(t *testing.T) {
	h := newHarness(t)
	h.act(func() { h.v.SetCodes(uitest.ID("code:Strategische Bedeutung")) })
	h.act(func() { h.v.subcodes.SetChecked(true) })
	h.act(func() { h.v.addCode.SetText("Zusammenarbeit mit AG-S") })
	if len(h.v.rows) != 5 || len(h.v.chips.Objects) != 2+2 || h.v.addCode.Text != "" {
		t.Fatalf("%d rows, %d chips, picker %q", len(h.v.rows), len(h.v.chips.Objects), h.v.addCode.Text)
	}
	f := h.v.filters
	for _, tc := range []struct {
		name string
		sel  *widget.Select
		opt  string
		want []string
	}{
		{"wave 2", f.wave, "Welle 2", h.stored("Zusammenarbeit mit AG-S")},
		{"role GF", f.role, "GF", []string{string(uitest.ID("coding:1")), string(uitest.ID("coding:2")), string(uitest.ID("coding:4"))}},
		{"site JC-07", f.cse, "JC-07", []string{string(uitest.ID("coding:1")), string(uitest.ID("coding:2")), string(uitest.ID("coding:3")), string(uitest.ID("coding:5"))}},
		{"coder jonas", f.coder, "jonas", []string{string(uitest.ID("coding:5"))}},
		{"kind report", f.kind, "Fallbericht", []string{string(uitest.ID("coding:5"))}},
		{"operative level", f.level, "Operative Ebene", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.act(func() { tc.sel.SetSelected(tc.opt) })
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if got := h.shown(); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("shown %v, want %v", got, want)
			}
			h.act(func() { tc.sel.SetSelectedIndex(0) })
			if len(h.v.rows) != 5 {
				t.Errorf("%d rows after resetting the filter", len(h.v.rows))
			}
		})
	}
	// Tapping a chip removes its code.
	chip := h.v.chips.Objects[1].(*fyne.Container).Objects[1].(*widget.Button)
	h.act(func() { test.Tap(chip) })
	if fl := h.v.Filter(); len(fl.Codes) != 1 || len(h.v.rows) != 4 {
		t.Errorf("after removing a chip: codes %v, %d rows", fl.Codes, len(h.v.rows))
	}
}

func TestView_ExportCSV(t *testing.T) {
	h := newHarness(t)
	h.act(func() { h.v.SetCodes(uitest.ID("code:Ziele")) })
	if h.v.export.Disabled() {
		t.Error("export disabled with segments listed")
	}
	var b bytes.Buffer
	if err := h.v.ExportCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "\uFEFFdocument,") {
		t.Errorf("no BOM and header: %q", b.String()[:20])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF"))).ReadAll()
	if err != nil || len(rows) != 4 || rows[1][0] != "Protokoll GF-07" || rows[1][13] != "Die Geschä" {
		t.Errorf("csv %q, %v", rows, err)
	}
}

// TestView_Pages: a code with more segments than a page shows the first
// page, loads the next ones on "show more", and exports all of them.
func TestView_Pages(t *testing.T) {
	h := newHarness(t)
	const n = 2*pageSize + 50
	for i := 0; i < n; i++ {
		id := uitest.ID(fmt.Sprintf("coding:page-%d", i))
		h.m.Codings[id] = qda.Coding{GUID: id, Document: uitest.ID("doc:Fallbericht JC-07"), Code: uitest.ID("code:Erwartungen"),
			Coder: uitest.ID("user:jonas"), Range: qda.Range{Start: i % 10, End: i%10 + 5}}
	}
	all := len(h.stored("Erwartungen"))
	h.act(func() { h.v.SetCodes(uitest.ID("code:Erwartungen")) })
	for shown := pageSize; ; shown += pageSize {
		var rows int
		var more bool
		h.ui(func() { rows, more = len(h.v.rows), h.v.more.Visible() })
		if rows != min(shown, all) || more != (rows < all) {
			t.Fatalf("%d rows shown (more %v), want %d of %d", rows, more, min(shown, all), all)
		}
		if !more {
			break
		}
		h.act(func() { test.Tap(h.v.more) })
	}
	h.ui(func() {
		if !strings.Contains(h.v.count.Text, fmt.Sprint(all)) {
			t.Errorf("count %q, want %d", h.v.count.Text, all)
		}
	})
	// The rows are Retrieve's result, in its order.
	want, err := uitest.Service(h.m, "anna").Retrieve(h.v.Filter())
	if err != nil || len(want) != all {
		t.Fatalf("Retrieve: %d, %v", len(want), err)
	}
	for i, r := range h.v.rows {
		if r.seg.GUID != want[i].GUID {
			t.Fatalf("row %d is %s, Retrieve has %s", i, r.seg.GUID, want[i].GUID)
		}
	}
	var b bytes.Buffer
	if err := h.v.ExportCSV(&b); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(b.String(), "\n"); lines != all+1 {
		t.Errorf("CSV has %d lines, want %d segments and a header", lines, all)
	}
}

// TestView_SetCodes: a theme or guideline code turns the sub-codes switch
// on, since its segments are those of its questions; an inductive code
// leaves it as it is; the switch can still be turned off.
func TestView_SetCodes(t *testing.T) {
	tests := []struct {
		name string
		ref  *qda.QuestionRef
		sub  bool
		rows int
	}{
		{"inductive parent", nil, false, 0},
		{"theme code", &qda.QuestionRef{Guideline: uitest.ID("g:1"), Kind: qda.RefSection, Target: uitest.ID("s:1"), Theme: "1"}, true, 4},
		{"guideline code", &qda.QuestionRef{Guideline: uitest.ID("g:1"), Kind: qda.RefGuideline, Target: uitest.ID("g:1")}, true, 4},
		{"question code", &qda.QuestionRef{Guideline: uitest.ID("g:1"), Kind: qda.RefQuestion, Target: uitest.ID("q:1")}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			parent := uitest.ID("code:Strategische Bedeutung")
			c := h.m.Codes[parent]
			c.Ref = tt.ref
			h.m.Codes[parent] = c
			// As when the tab was never shown: SetCodes loads the codebook.
			h.ui(func() { h.v.codes = map[qda.GUID]qda.Code{} })
			h.act(func() { h.v.SetCodes(parent) })
			h.ui(func() {
				if h.v.subcodes.Checked != tt.sub || h.v.Filter().SubCodes != tt.sub || len(h.v.rows) != tt.rows {
					t.Errorf("switch %v, filter %v, %d rows", h.v.subcodes.Checked, h.v.Filter().SubCodes, len(h.v.rows))
				}
			})
			if !tt.sub {
				return
			}
			h.act(func() { test.Tap(h.v.subcodes) })
			if h.v.Filter().SubCodes || len(h.v.rows) != 0 {
				t.Errorf("switched off: filter %v, %d rows", h.v.Filter().SubCodes, len(h.v.rows))
			}
		})
	}
}

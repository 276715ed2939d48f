package interviews

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// harness holds a list in a test window. Async work runs on goroutines
// like in the app; ui serialises it with the test, as the UI goroutine
// would (the test driver runs fyne.Do on the calling goroutine).
type harness struct {
	l   *List
	w   fyne.Window
	svc *project.Project
	m   *uitest.MemStore
	mu  *sync.Mutex
	wg  *sync.WaitGroup
}

func (h harness) ui(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f()
}

// settle waits until the async work started so far is done.
func (h harness) settle() { h.wg.Wait() }

// loaded returns a list on the sample project, in German.
func loaded(t *testing.T) harness {
	t.Helper()
	return loadedWith(t, nil)
}

// loadedWith returns a list on the sample project, in German, whose
// service reads files with files.
func loadedWith(t *testing.T, files app.FileReader) harness {
	t.Helper()
	return loadedOn(t, files, func(p *project.Project) Source { return p })
}

// loadedOn is loadedWith on the source wrap makes of the project.
func loadedOn(t *testing.T, files app.FileReader, wrap func(*project.Project) Source) harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	svc := project.New(app.Config{Store: m, UserName: "anna", Files: files})
	h := harness{svc: svc, m: m, mu: &sync.Mutex{}, wg: &sync.WaitGroup{}}
	h.l = New(wrap(svc), nil, func(err error) { t.Errorf("list error: %v", err) })
	h.l.do = h.ui
	h.l.async = func(f func()) {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); f() }()
	}
	h.w = test.NewTempWindow(t, h.l)
	h.w.Resize(fyne.NewSize(1200, 600))
	h.l.win = h.w
	h.l.User = "anna"
	h.l.Update()
	return h
}

// column returns the texts of a column as shown.
func (l *List) column(c Column) []string {
	var out []string
	for _, r := range l.rows {
		out = append(out, r.cells[c])
	}
	return out
}

// objects returns o and everything below it.
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			out = append(out, objects(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, objects(c)...)
		}
	}
	return out
}

// button finds a visible button whose text starts with text below o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, c := range objects(o) {
		if b, ok := c.(*widget.Button); ok && strings.HasPrefix(b.Text, text) && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

func TestList_Update(t *testing.T) {
	h := loaded(t)
	l := h.l
	tests := []struct {
		col  Column
		want []string
	}{
		{ColLevel, []string{"Strategische Ebene", "Strategische Ebene", "Strategische Ebene", "Operative Ebene", "Operative Ebene"}},
		{ColWave, []string{"1", "1", "2", "1", "1"}},
		{ColCase, []string{"JC-07", "RD-Nord", "JC-07", "JC-12", "JC-12"}},
		{ColGuideline, []string{"A.1.1", "A.1.1", "A.1.1", "A.2.1", "A.2.1"}},
		{ColRole, []string{"GF", "GF", "PL", "", ""}},
		{ColInterviewee, []string{"GF-07", "GF-RD", "PL-07", "TL-12", "IFK-12"}},
		{ColDate, []string{"04.03.2024", "06.03.2024", "05.03.2024", "07.03.2024", "08.03.2024"}},
		{ColStatus, []string{"vollständig", "vollständig", "vollständig", "vollständig", "vollständig"}},
	}
	for _, tt := range tests {
		t.Run(columnName(tt.col), func(t *testing.T) {
			if got := l.column(tt.col); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if l.count.Text != "5 von 5" {
		t.Errorf("count %q", l.count.Text)
	}
}

func TestList_SetFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter Filter
		want   []string
	}{
		{"all", Filter{}, []string{"GF-07", "GF-RD", "PL-07", "TL-12", "IFK-12"}},
		{"level", Filter{Level: qda.LevelOperative}, []string{"TL-12", "IFK-12"}},
		{"site", Filter{Case: uitest.ID("case:JC-07")}, []string{"GF-07", "PL-07"}},
		{"wave", Filter{Wave: 2}, []string{"PL-07"}},
		{"status", Filter{Status: qda.StatusDraft}, nil},
		{"site and level", Filter{Case: uitest.ID("case:JC-07"), Level: qda.LevelOperative}, nil},
	}
	h := loaded(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.ui(func() { h.l.SetFilter(tt.filter) })
			if got := h.l.column(ColInterviewee); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	h.ui(func() {
		h.l.SetFilter(Filter{})
		h.l.waves.SetSelected("Welle 2") // what the user's choice does
	})
	if got := h.l.column(ColInterviewee); !reflect.DeepEqual(got, []string{"PL-07"}) || h.l.count.Text != "1 von 5" {
		t.Errorf("wave select shows %q (%s)", got, h.l.count.Text)
	}
}

func TestList_SortBy(t *testing.T) {
	tests := []struct {
		taps []Column
		want []string
	}{
		{nil, []string{"GF-07", "GF-RD", "PL-07", "TL-12", "IFK-12"}},
		{[]Column{ColDate}, []string{"GF-07", "PL-07", "GF-RD", "TL-12", "IFK-12"}},
		{[]Column{ColDate, ColDate}, []string{"IFK-12", "TL-12", "GF-RD", "PL-07", "GF-07"}},
		{[]Column{ColInterviewee}, []string{"GF-07", "GF-RD", "IFK-12", "PL-07", "TL-12"}},
		{[]Column{ColCase, ColCase}, []string{"GF-RD", "TL-12", "IFK-12", "GF-07", "PL-07"}},
	}
	for _, tt := range tests {
		t.Run("", func(t *testing.T) {
			h := loaded(t)
			h.ui(func() {
				for _, c := range tt.taps {
					h.l.headerTapped(c)
				}
			})
			if got := h.l.column(ColInterviewee); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("after %v: %q, want %q", tt.taps, got, tt.want)
			}
		})
	}
}

func TestList_newDialog(t *testing.T) {
	tests := []struct {
		name      string
		guideline string
		role      string // option chosen, or free text for a guideline without roles
		wantRole  string
		consent   qda.Consent
	}{
		{"role from the vocabulary", "A.1.1 – Strategische Ebene – Geschäftsführung", "PL – Projektleitung", "PL", qda.Consent{Recording: true, InfoSheet: true}},
		{"controlling", "A.1.1 – Strategische Ebene – Geschäftsführung", "CF – Controlling", "CF", qda.Consent{DataProtection: true}},
		{"free role", "A.2.1 – Erweiterte Joboffensive – Operative Ebene", "Teamleitung", "Teamleitung", qda.Consent{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := loaded(t)
			var opened []qda.Interview
			h.l.OnOpen = func(iv qda.Interview) { opened = append(opened, iv) }
			h.ui(func() { test.Tap(h.l.newBtn) })
			h.settle()
			var f *newForm
			h.ui(func() {
				dlg := h.w.Canvas().Overlays().Top()
				if dlg == nil {
					t.Fatal("no dialog")
				}
				create := button(t, dlg, "Anlegen und Protokoll schreiben")
				f = h.l.form
				if !create.Disabled() {
					t.Error("create is enabled with an empty form")
				}
				f.guideline.SetSelected(tt.guideline)
				if f.freeRole.Visible() {
					test.Type(f.freeRole, tt.role)
				} else {
					f.role.SetSelected(tt.role)
				}
				f.site.SetSelected("JC-12")
				test.Type(f.interviewee, "Neu-01")
				if f.wave.Selected != "Welle 1" || f.interviewer.Selected != "anna" {
					t.Errorf("defaults: wave %q, interviewer %q", f.wave.Selected, f.interviewer.Selected)
				}
				day := time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)
				f.date.SetDate(&day)
				for check, on := range map[*widget.Check]bool{f.recording: tt.consent.Recording, f.dataProtection: tt.consent.DataProtection, f.infoSheet: tt.consent.InfoSheet} {
					if on {
						test.Tap(check)
					}
				}
				if create.Disabled() {
					t.Fatal("create is disabled with a complete form")
				}
				test.Tap(create)
			})
			h.settle()
			iv, err := h.svc.Interview("Neu-01")
			if err != nil {
				t.Fatal(err)
			}
			if iv.Role != tt.wantRole || iv.Case != uitest.ID("case:JC-12") || iv.Consent != tt.consent || iv.Wave != 1 ||
				!iv.Date.Equal(time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)) || iv.Status != qda.StatusDraft {
				t.Errorf("registered %+v", iv)
			}
			h.ui(func() {
				if len(opened) != 1 || opened[0].GUID != iv.GUID {
					t.Errorf("opened %v, want the new interview", opened)
				}
				if sel, ok := h.l.Selected(); !ok || sel.GUID != iv.GUID || len(h.l.rows) != 6 {
					t.Errorf("list has %d rows, selection %v", len(h.l.rows), sel.Interviewee)
				}
				if h.w.Canvas().Overlays().Top() != nil {
					t.Error("the dialog is still open")
				}
			})
		})
	}
}

func TestList_status(t *testing.T) {
	tests := []struct {
		from qda.Status
		tap  string
		want qda.Status
		kind string
	}{
		{qda.StatusDraft, "Als „vollständig“ markieren", qda.StatusComplete, "interview.status"},
		{qda.StatusChecked, "Als „final“ markieren", qda.StatusFinal, "interview.status"},
		{qda.StatusFinal, "Wieder öffnen…", qda.StatusChecked, "interview.reopen"},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			h := loaded(t)
			iv, err := h.svc.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: "S-1", Status: tt.from})
			if err != nil {
				t.Fatal(err)
			}
			h.l.Update()
			h.ui(func() {
				h.l.Select(iv.GUID)
				if tt.from == qda.StatusFinal && !h.l.nextBtn.Disabled() {
					t.Error("a final protocol can be moved forward")
				}
				if tt.from != qda.StatusFinal && !h.l.reopen.Disabled() {
					t.Error("only final protocols are reopened")
				}
				test.Tap(button(t, h.l, tt.tap))
				if tt.from == qda.StatusFinal {
					dlg := h.w.Canvas().Overlays().Top()
					if dlg == nil {
						t.Fatal("no confirmation")
					}
					test.Tap(button(t, dlg, "Wieder öffnen"))
				}
			})
			h.settle()
			got, _ := h.svc.Interview(string(iv.GUID))
			if got.Status != tt.want {
				t.Errorf("status %s, want %s", got.Status, tt.want)
			}
			var last qda.Command
			_ = h.m.View(func(tx app.Tx) error {
				return tx.Commands(1, func(c *qda.Command) error { last = *c; return nil })
			})
			if last.Kind != tt.kind {
				t.Errorf("audit log ends with %s %q, want %s", last.Kind, last.Summary, tt.kind)
			}
			h.ui(func() {
				if sel, _ := h.l.Selected(); sel.Status != tt.want {
					t.Errorf("list shows %s", sel.Status)
				}
			})
		})
	}
}

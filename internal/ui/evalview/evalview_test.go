package evalview

import (
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

type fakeSource struct {
	mu    sync.Mutex
	qs    []study.EvalQuestionRow
	links []string
}

func (f *fakeSource) EvalQuestions() ([]study.EvalQuestionRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]study.EvalQuestionRow(nil), f.qs...), nil
}

func (f *fakeSource) AddEvalQuestion(id, text, note string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.qs = append(f.qs, study.EvalQuestionRow{ID: id, Text: text, Note: note})
	return nil
}

func (f *fakeSource) LinkEvalQuestion(id string, refs []string, unlink bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if refs[0] == "gibtsnicht" {
		return qda.Errorf(qda.ENotFound, "no code %q", refs[0])
	}
	verb := "link"
	if unlink {
		verb = "unlink"
	}
	f.links = append(f.links, verb+" "+id+" "+strings.Join(refs, ","))
	for i := range f.qs {
		q := &f.qs[i]
		if q.ID != id {
			continue
		}
		if unlink {
			q.Codes, q.GUIDs = nil, nil
		} else {
			q.Codes = append(q.Codes, refs[0])
			q.GUIDs = append(q.GUIDs, qda.GUID("guid-"+refs[0]))
		}
	}
	return nil
}

func (f *fakeSource) EvalReport(id string, quotes int) (string, error) {
	return "# " + id + "\n\n## A.2.1 · 2.2d Rolle der EGV\n\n### JC-04\n\nDie Eingliederungsvereinbarung ist konkreter geworden.\n", nil
}

func TestView_ShowLinkAdd(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	src := &fakeSource{qs: []study.EvalQuestionRow{
		{ID: "Q1", Text: "Verändert die Joboffensive die Beratung?", Codes: []string{"A.2.1:2.2d"}, GUIDs: []qda.GUID{"g-2.2d"}},
		{ID: "Q2", Text: "Wie wirkt die Betreuung auf die Motivation?"},
	}}
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	v := New(src, nil, func(err error) { errs = append(errs, err) })
	v.do = func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	v.async = func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(1000, 600))
	v.win = w
	v.Update()
	wg.Wait()
	// The first question shows with its codes and report section.
	if v.selected != "Q1" || v.title.Text != "Q1  Verändert die Joboffensive die Beratung?" {
		t.Fatalf("shown %q %q", v.selected, v.title.Text)
	}
	if len(v.codes.Objects) != 1 || v.codes.Objects[0].(*widget.Button).Text != "A.2.1:2.2d" {
		t.Errorf("codes %v", v.codes.Objects)
	}
	if got := v.ReportText(); !strings.Contains(got, "Die Eingliederungsvereinbarung ist konkreter geworden.") || !strings.Contains(got, "JC-04") {
		t.Errorf("report %q", got)
	}
	// Unlinking goes by the code's GUID.
	test.Tap(v.codes.Objects[0].(*widget.Button))
	wg.Wait()
	if len(src.links) != 1 || src.links[0] != "unlink Q1 g-2.2d" {
		t.Fatalf("links %v", src.links)
	}
	if v.selected != "Q1" || len(v.codes.Objects) != 1 || v.codes.Objects[0].(*widget.Label).Text != "Noch keine Codes verknüpft." {
		t.Errorf("after unlink: %q %v", v.selected, v.codes.Objects)
	}
	// Linking the code typed.
	v.Select("Q2")
	wg.Wait()
	test.Type(v.codeRef, "theme:EJO/4")
	test.Tap(v.link)
	wg.Wait()
	if len(src.links) != 2 || src.links[1] != "link Q2 theme:EJO/4" || v.codeRef.Text != "" || v.selected != "Q2" {
		t.Errorf("links %v, entry %q, shown %q", src.links, v.codeRef.Text, v.selected)
	}
	// An unknown code is reported.
	test.Type(v.codeRef, "gibtsnicht")
	test.Tap(v.link)
	wg.Wait()
	if len(errs) != 1 {
		t.Errorf("errors %v", errs)
	}
	// Adding a question shows it; an empty one is refused.
	v.AddQuestion("Q5", "", "")
	if len(errs) != 2 || !strings.Contains(errs[1].Error(), "Kürzel") {
		t.Errorf("empty question: %v", errs)
	}
	v.AddQuestion("Q5", "Welche Kundengruppen profitieren?", "aus dem Angebot")
	wg.Wait()
	if len(src.qs) != 3 || v.selected != "Q5" || v.note.Text != "aus dem Angebot" {
		t.Errorf("after add: %d questions, shown %q", len(src.qs), v.selected)
	}
	test.Tap(v.add)
	if w.Canvas().Overlays().Top() == nil {
		t.Error("no add dialog")
	}
}

func TestReportMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Q1 Frage?\n\n## A.2.1 · 2.2a Teil\n\n> „Zitat“ (TL-09-01)\n", "### A.2.1 · 2.2a Teil\n\n*„Zitat“ (TL-09-01)*\n"},
		{"text\n# later heading", "text\n## later heading"},
	}
	for _, tt := range tests {
		if got := ReportMarkdown(tt.in); got != tt.want {
			t.Errorf("ReportMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

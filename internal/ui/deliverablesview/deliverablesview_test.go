package deliverablesview

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// fakeSource keeps deliverables in memory.
type fakeSource struct {
	mu       sync.Mutex
	rows     []study.DeliverableRow
	sets     []string
	reports  []analysis.ReportRequest
	employer []analysis.EmployerReportRequest
	gens     int
	fail     error
}

func (f *fakeSource) Deliverables() ([]study.DeliverableRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]study.DeliverableRow(nil), f.rows...), nil
}

func (f *fakeSource) SetDeliverable(id string, ch study.DeliverableChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	for i := range f.rows {
		r := &f.rows[i]
		if r.ID != id {
			continue
		}
		var what []string
		if ch.Status != nil {
			r.Status = *ch.Status
			what = append(what, "status="+string(*ch.Status))
		}
		if ch.Owner != nil {
			r.Owner = *ch.Owner
			what = append(what, "owner="+*ch.Owner)
		}
		if ch.Due != nil {
			r.Due = *ch.Due
			what = append(what, "due="+*ch.Due)
		}
		if ch.Document != nil {
			r.Document = "Fallbericht"
			what = append(what, "document="+*ch.Document)
		}
		f.sets = append(f.sets, id+" "+strings.Join(what, " "))
		return nil
	}
	return qda.Errorf(qda.ENotFound, "no deliverable %q", id)
}

func (f *fakeSource) GenerateDeliverables(study.GenerateOptions) (int, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gens++
	f.rows = append(f.rows, study.DeliverableRow{ID: "employer_report", Kind: qda.DeliverEmployerReport, Level: qda.LevelOperative,
		Title: "Arbeitgeberbericht", Status: qda.DeliverDraft})
	return 1, 0, nil
}

func (f *fakeSource) GenerateReport(req analysis.ReportRequest) (*analysis.ReportResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reports = append(f.reports, req)
	return &analysis.ReportResult{Action: "created", Text: "# Fallbericht JC-04\n\n## 1. Ziele\n\nDie Ziele sind klar.",
		Document: &qda.Document{GUID: "9b0c0c4e-1111-4222-8333-444455556666", Name: "Fallbericht JC-04 – Operative Ebene"}}, nil
}

func (f *fakeSource) GenerateEmployerReport(req analysis.EmployerReportRequest) (*analysis.ReportResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.employer = append(f.employer, req)
	return &analysis.ReportResult{Action: "created", Text: "# Arbeitgeberbericht – alle Standorte\n\n#### JC-04\n\nKontakt über den AG-S.",
		Document: &qda.Document{GUID: "9b0c0c4e-1111-4222-8333-444455557777", Name: "Arbeitgeberbericht – alle Standorte"}}, nil
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
	src := &fakeSource{rows: []study.DeliverableRow{
		{ID: "case_report/operative/JC-04", Title: "Fallbericht JC-04 – operative Ebene", Level: qda.LevelOperative, Case: "JC-04",
			Owner: "mara", Due: "2014-03-31", Status: qda.DeliverDraft, Overdue: true},
		{ID: "case_report/strategic/JC-02", Title: "Fallbericht JC-02 – strategische Ebene", Level: qda.LevelStrategic, Case: "JC-02",
			Due: "2014-06-30", Status: qda.DeliverInReview},
		{ID: "case_report/strategic/JC-11", Title: "Fallbericht JC-11 – strategische Ebene", Level: qda.LevelStrategic, Case: "JC-11",
			Status: qda.DeliverDelivered, Document: "Fallbericht JC-11"},
	}}
	var errs []error
	var mu sync.Mutex
	h := harness{src: src, errs: &errs, wg: &sync.WaitGroup{}}
	h.v = New(src, nil, func(err error) { errs = append(errs, err) })
	h.v.do = func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	h.v.async = func(f func()) { h.wg.Add(1); go func() { defer h.wg.Done(); f() }() }
	w := test.NewTempWindow(t, h.v)
	w.Resize(fyne.NewSize(1000, 600))
	h.v.win = w
	h.v.Update()
	return h
}

func TestView_Update(t *testing.T) {
	h := loaded(t)
	if got := h.v.counts.Text; got != "3 Berichte: 1 im Entwurf, 1 in Prüfung, 1 abgegeben; 1 überfällig" {
		t.Errorf("counts %q", got)
	}
	// The dashboard shows what is due, overdue first.
	if n := len(h.v.Rows()); n != 2 || h.v.Rows()[0].ID != "case_report/operative/JC-04" {
		t.Fatalf("due rows %+v", h.v.Rows())
	}
	if got := RowLine(h.v.Rows()[0]); got != "fällig 31.03.2014 · überfällig · Entwurf · mara" {
		t.Errorf("row line %q", got)
	}
	h.v.filter.SetSelected("Alle")
	if n := len(h.v.Rows()); n != 3 {
		t.Errorf("all: %d rows", n)
	}
	if !h.v.form.Hidden || h.v.hint.Hidden {
		t.Error("the form shows without a selection")
	}
}

func TestView_SetStatus(t *testing.T) {
	h := loaded(t)
	changed := 0
	h.v.OnChanged = func() { changed++ }
	h.v.Select("case_report/strategic/JC-02")
	if h.v.title.Text != "Fallbericht JC-02 – strategische Ebene" || h.v.status.Selected != "in Prüfung" {
		t.Fatalf("detail %q %q", h.v.title.Text, h.v.status.Selected)
	}
	h.v.SetStatus(qda.DeliverDelivered)
	h.wg.Wait()
	if len(h.src.sets) != 1 || h.src.sets[0] != "case_report/strategic/JC-02 status=delivered" || changed != 1 {
		t.Fatalf("sets %v, changed %d", h.src.sets, changed)
	}
	// Delivered, it leaves the due dashboard.
	if n := len(h.v.Rows()); n != 1 {
		t.Errorf("due rows after delivering: %d", n)
	}
	// A bad due date is refused before anything is written.
	h.v.Select("case_report/operative/JC-04")
	h.v.due.SetText("Ende März")
	test.Tap(h.v.save)
	h.wg.Wait()
	if len(*h.errs) != 1 || !strings.Contains((*h.errs)[0].Error(), "JJJJ-MM-TT") || len(h.src.sets) != 1 {
		t.Errorf("bad date: %v, sets %v", *h.errs, h.src.sets)
	}
	h.v.due.SetText("2014-04-15")
	h.v.owner.SetText("jonas")
	test.Tap(h.v.save)
	h.wg.Wait()
	if len(h.src.sets) != 2 || h.src.sets[1] != "case_report/operative/JC-04 owner=jonas due=2014-04-15" {
		t.Errorf("sets %v", h.src.sets)
	}
	h.src.fail = errors.New("disk full")
	h.v.note.SetText("x")
	test.Tap(h.v.save)
	h.wg.Wait()
	if len(*h.errs) != 2 {
		t.Errorf("errors %v", *h.errs)
	}
}

func TestView_GenerateReport(t *testing.T) {
	h := loaded(t)
	h.v.Select("case_report/operative/JC-04")
	test.Tap(h.v.report)
	h.wg.Wait()
	if len(h.src.reports) != 1 || h.src.reports[0].Case != "JC-04" || h.src.reports[0].Level != qda.LevelOperative {
		t.Fatalf("reports %+v", h.src.reports)
	}
	// The new report is linked to the deliverable that had none.
	if len(h.src.sets) != 1 || !strings.HasPrefix(h.src.sets[0], "case_report/operative/JC-04 document=") {
		t.Errorf("sets %v", h.src.sets)
	}
	if h.v.preview == nil || !strings.Contains(h.v.preview.Text, "Die Ziele sind klar.") {
		t.Errorf("preview %+v", h.v.preview)
	}
	if top := h.v.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no preview dialog")
	}
	// The report across sites is the employer report.
	test.Tap(h.v.generate)
	h.wg.Wait()
	if h.src.gens != 1 {
		t.Errorf("generate: %d", h.src.gens)
	}
	h.v.filter.SetSelected("Alle")
	h.v.Select("employer_report")
	if h.v.report.Disabled() {
		t.Fatal("the employer report cannot be generated")
	}
	test.Tap(h.v.report)
	h.wg.Wait()
	if len(h.src.employer) != 1 || h.src.employer[0].Edited != analysis.ReportMerge || len(h.src.reports) != 1 {
		t.Errorf("employer reports %+v, case reports %+v", h.src.employer, h.src.reports)
	}
	if len(h.src.sets) != 2 || !strings.HasPrefix(h.src.sets[1], "employer_report document=9b0c0c4e-1111-4222-8333-444455557777") {
		t.Errorf("sets %v", h.src.sets)
	}
	if h.v.preview == nil || !strings.Contains(h.v.preview.Text, "Kontakt über den AG-S.") {
		t.Errorf("preview %+v", h.v.preview)
	}
	if len(*h.errs) != 0 {
		t.Errorf("errors %v", *h.errs)
	}
}

package auditview

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestView_UpdateFilterExport(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	svc := project.New(app.Config{Store: m, UserName: "anna"})
	if _, err := svc.AddCase(study.NewCase{Name: "JC-99", Kind: qda.CaseJobCentre}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus("GF-07", qda.StatusChecked); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	ui := func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	var errs []string
	v := New(svc, nil, func(err error) { errs = append(errs, err.Error()) })
	v.do = ui
	v.async = func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(1100, 500))
	v.Update()
	if len(v.entries) != 2 || v.count.Text != "2 Einträge" {
		t.Fatalf("entries %+v, count %q", v.entries, v.count.Text)
	}
	if v.entries[0].Kind != "interview.status" || v.entries[0].User != "anna" {
		t.Errorf("newest entry %+v", v.entries[0])
	}
	ui(func() {
		for i, o := range v.kind.Options {
			if o == "case" {
				v.kind.SetSelectedIndex(i)
			}
		}
	})
	wg.Wait()
	if len(v.entries) != 1 || v.entries[0].Kind != "case.add" {
		t.Errorf("kind filter: %+v", v.entries)
	}
	var buf bytes.Buffer
	if err := v.WriteCSV(&buf); err != nil || !strings.Contains(buf.String(), "case.add") || !strings.HasPrefix(buf.String(), "seq,time,user,kind,summary,entities") {
		t.Errorf("csv: %v\n%s", err, buf.String())
	}
	ui(func() { v.since.SetText("2999-01-01"); v.reload() })
	wg.Wait()
	if len(v.entries) != 0 {
		t.Errorf("date filter: %+v", v.entries)
	}
	if len(errs) > 0 {
		t.Errorf("errors: %q", errs)
	}
	ui(func() { v.since.SetText("gestern"); v.reload() })
	if len(errs) != 1 || !strings.Contains(errs[0], "JJJJ-MM-TT") {
		t.Errorf("bad date: %q", errs)
	}
}

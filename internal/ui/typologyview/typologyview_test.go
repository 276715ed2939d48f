package typologyview

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

var typ = qda.AttributeDef{GUID: "a-typ", Name: "Umsetzungstyp", Scope: qda.ScopeCase, Type: qda.AttrChoice, Choices: []string{"1a", "1b", "2a", "2b"}}

type fakeSource struct {
	mu      sync.Mutex
	cases   []qda.Case
	changes []string
}

func (f *fakeSource) Cases() ([]qda.Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]qda.Case(nil), f.cases...), nil
}

func (f *fakeSource) AttributeDefs() ([]qda.AttributeDef, error) {
	return []qda.AttributeDef{{GUID: "a-rd", Name: "Regionaldirektion", Scope: qda.ScopeCase}, typ,
		{GUID: "a-grp", Name: "Gruppe", Scope: qda.ScopeInterview}}, nil
}

func (f *fakeSource) CaseHistory(ref string) ([]study.AttrChangeRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []study.AttrChangeRow
	for _, c := range f.cases {
		if c.Name == ref {
			for _, h := range c.History {
				out = append(out, study.AttrChangeRow{Attribute: "Umsetzungstyp", Previous: h.Previous, Value: h.Value, From: h.From, Reason: h.Reason, Recorded: h.Recorded})
			}
		}
	}
	return out, nil
}

func (f *fakeSource) ChangeCaseAttribute(ref, attribute, value, from, reason string) (*qda.Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changes = append(f.changes, strings.Join([]string{ref, attribute, value, from, reason}, "|"))
	for i := range f.cases {
		c := &f.cases[i]
		if c.Name == ref {
			c.History = append(c.History, qda.AttrChange{Attribute: typ.GUID, Previous: c.Attributes[typ.GUID], Value: value, From: from, Reason: reason, Recorded: "2026-12-05"})
			c.Attributes[typ.GUID] = value
			return c, nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no case %q", ref)
}

func texts(o fyne.CanvasObject) string {
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

func TestView_HistoryAndChange(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	src := &fakeSource{cases: []qda.Case{
		{GUID: "c-04", Name: "JC-04", Kind: qda.CaseJobCentre, Attributes: map[qda.GUID]string{typ.GUID: "1b"}},
		{GUID: "c-16", Name: "JC-16", Kind: qda.CaseJobCentre, Attributes: map[qda.GUID]string{typ.GUID: "1a"},
			History: []qda.AttrChange{{Attribute: typ.GUID, Previous: "2a", Value: "1a", From: "2014-02-11", Reason: "erst nach der Auswahl bekannt", Recorded: "2014-03-01"}}},
	}}
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	v := New(src, func(err error) { errs = append(errs, err) })
	v.do = func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	v.async = func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(1000, 600))
	v.Update()
	wg.Wait()
	if v.attrs.Selected != "Umsetzungstyp" || len(v.attrs.Options) != 2 {
		t.Errorf("attributes %q of %v", v.attrs.Selected, v.attrs.Options)
	}
	if v.count.Text != "2 Standorte, 1 umtypisiert" || v.rowText(&v.Shown()[1]) != "1a  (vorher 2a)" {
		t.Errorf("count %q, row %q", v.count.Text, v.rowText(&v.Shown()[1]))
	}
	v.onlyChg.SetChecked(true)
	if len(v.Shown()) != 1 || v.Shown()[0].Name != "JC-16" {
		t.Errorf("only changed: %v", v.Shown())
	}
	v.Select("JC-16")
	wg.Wait()
	got := texts(v.entries)
	if !strings.Contains(got, "ab 11.02.2014: 1a (vorher 2a)") || !strings.Contains(got, "erst nach der Auswahl bekannt") || !strings.Contains(got, "erfasst am 01.03.2014") {
		t.Errorf("history:\n%s", got)
	}
	// A change is checked before it is written, then recorded.
	v.onlyChg.SetChecked(false)
	v.Select("JC-04")
	wg.Wait()
	if texts(v.entries) != "Keine Änderung erfasst: der Wert gilt von Anfang an." {
		t.Errorf("JC-04 history %q", texts(v.entries))
	}
	v.value.SetText("2a")
	v.from.SetText("Februar")
	test.Tap(v.record)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "JJJJ-MM-TT") {
		t.Fatalf("bad date: %v", errs)
	}
	v.from.SetText("2014-05-01")
	test.Tap(v.record)
	if len(errs) != 2 || len(src.changes) != 0 {
		t.Fatalf("no reason: %v %v", errs, src.changes)
	}
	v.reason.SetText("Zuständigkeit neu geregelt")
	changed := 0
	v.OnChanged = func() { changed++ }
	test.Tap(v.record)
	wg.Wait()
	if len(src.changes) != 1 || src.changes[0] != "JC-04|Umsetzungstyp|2a|2014-05-01|Zuständigkeit neu geregelt" || changed != 1 {
		t.Fatalf("changes %v, changed %d", src.changes, changed)
	}
	if v.selected != "JC-04" || !strings.Contains(texts(v.entries), "ab 01.05.2014: 2a (vorher 1b)") || v.count.Text != "2 Standorte, 2 umtypisiert" {
		t.Errorf("after the change: %q %q %q", v.selected, texts(v.entries), v.count.Text)
	}
}

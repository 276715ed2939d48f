package interviews

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// erasing is a source whose erasures are recorded instead of run (the
// in-memory store cannot erase irrevocably; internal/wire tests that).
type erasing struct {
	*project.Project
	purged, withdrawn []string
}

func (e *erasing) PurgeInterview(ref string) (*privacy.PurgeReport, error) {
	e.purged = append(e.purged, ref)
	return &privacy.PurgeReport{Interviews: 1}, nil
}

func (e *erasing) WithdrawConsent(ref string, r privacy.ConsentRecord) (*privacy.WithdrawReport, error) {
	e.withdrawn = append(e.withdrawn, ref+" "+r.Reason)
	return &privacy.WithdrawReport{}, nil
}

// dialogButton finds the button labelled text in the top overlay.
func (h harness) dialogButton(t *testing.T, text string) *widget.Button {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	return button(t, top, text)
}

// entries returns the entries of the top overlay.
func (h harness) entries() []*widget.Entry {
	var out []*widget.Entry
	for _, o := range objects(h.w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

func TestList_privacyMenu(t *testing.T) {
	h := loaded(t)
	h.ui(func() {
		// A right click on a row selects it and opens its menu.
		var c *cell
		for _, o := range objects(h.l.table) {
			if x, ok := o.(*cell); ok && x.row == 1 {
				c = x
			}
		}
		if c == nil {
			t.Fatal("no cell of row 1")
		}
		c.TappedSecondary(&fyne.PointEvent{AbsolutePosition: fyne.NewPos(100, 100)})
		if iv, ok := h.l.Selected(); !ok || iv.Interviewee != h.l.rows[1].iv.Interviewee {
			t.Errorf("selected %v %v", iv.Interviewee, ok)
		}
		shown := false
		for _, o := range objects(h.w.Canvas().Overlays().Top()) {
			_, ok := o.(*widget.PopUpMenu)
			shown = shown || ok
		}
		if !shown {
			t.Fatal("no menu shown")
		}
		menu := h.l.privacyMenu()
		var got []string
		for _, it := range menu.Items {
			if it.Label != "" {
				got = append(got, it.Label)
			}
		}
		want := "Einwilligung…|Ablehnung erfassen…|Einwilligung widerrufen und löschen…|Interview unwiderruflich löschen…"
		if strings.Join(got, "|") != want {
			t.Errorf("menu %q", got)
		}
		// A completed interview cannot be refused any more.
		if !menu.Items[1].Disabled || menu.Items[0].Disabled {
			t.Errorf("refusal enabled %v, consent enabled %v", !menu.Items[1].Disabled, !menu.Items[0].Disabled)
		}
	})
}

func TestList_showConsentDialog(t *testing.T) {
	h := loaded(t)
	h.ui(func() {
		h.l.Select(uitest.ID("iv:GF-07"))
		iv, _ := h.l.Selected()
		h.l.showConsentDialog(iv)
		for _, o := range objects(h.w.Canvas().Overlays().Top()) {
			if c, ok := o.(*widget.Check); ok && c.Text == "Informationsblatt ausgehändigt" {
				c.SetChecked(!iv.Consent.InfoSheet)
			}
		}
		test.Tap(h.dialogButton(t, "Speichern"))
	})
	h.settle()
	got, err := h.svc.Interview("GF-07")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Consent.InfoSheet {
		t.Errorf("consent %+v: the information sheet was not recorded", got.Consent)
	}
}

func TestList_showRefuseDialog(t *testing.T) {
	h := loaded(t)
	iv, err := h.svc.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: "GF-07b"})
	if err != nil {
		t.Fatal(err)
	}
	h.l.Update()
	h.ui(func() {
		h.l.showRefuseDialog(*iv)
		es := h.entries()
		if len(es) != 2 {
			t.Fatalf("%d fields, want date and reason", len(es))
		}
		es[0].SetText("2024-05-02")
		es[1].SetText("keine Zeit")
		test.Tap(h.dialogButton(t, "Ablehnung erfassen"))
	})
	h.settle()
	got, err := h.svc.Interview("GF-07b")
	if err != nil {
		t.Fatal(err)
	}
	if r := got.Consent.Refused; r == nil || r.Reason != "keine Zeit" || r.Date.Format("2006-01-02") != "2024-05-02" {
		t.Errorf("refusal %+v", r)
	}
}

// TestList_erase: the purge and the withdrawal name the interview, say
// that they cannot be undone and run only after the pseudonym is typed.
func TestList_erase(t *testing.T) {
	tests := []struct {
		name   string
		open   func(l *List, iv qda.Interview)
		button string
		want   func(e *erasing) []string
	}{
		{"purge", (*List).showPurgeDialog, "Unwiderruflich löschen", func(e *erasing) []string { return e.purged }},
		{"withdraw", (*List).showWithdrawDialog, "Widerrufen und löschen", func(e *erasing) []string { return e.withdrawn }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var src *erasing
			h := loadedOn(t, nil, func(p *project.Project) Source { src = &erasing{Project: p}; return src })
			var erased []string
			h.l.OnErased = func(iv qda.Interview) { erased = append(erased, iv.Interviewee) }
			h.ui(func() {
				h.l.Select(uitest.ID("iv:GF-07"))
				iv, _ := h.l.Selected()
				tt.open(h.l, iv)
				text := texts(h.w.Canvas().Overlays().Top())
				for _, w := range []string{"GF-07", "Protokoll", "Aufnahme", "nicht rückgängig"} {
					if !strings.Contains(text, w) {
						t.Errorf("the confirmation does not say %q: %q", w, text)
					}
				}
				confirm := h.dialogButton(t, tt.button)
				es := h.entries()
				name := es[len(es)-1]
				name.SetText("GF-0")
				if !confirm.Disabled() {
					t.Error("erasing is possible before the name is typed")
				}
				name.SetText("GF-07")
				if confirm.Disabled() {
					t.Fatal("erasing is not possible after the name is typed")
				}
				test.Tap(confirm)
			})
			h.settle()
			if got := tt.want(src); len(got) != 1 || !strings.HasPrefix(got[0], string(uitest.ID("iv:GF-07"))) {
				t.Errorf("erased %q", got)
			}
			if len(erased) != 1 || erased[0] != "GF-07" {
				t.Errorf("OnErased %q", erased)
			}
		})
	}
}

func TestList_showSiteDialog(t *testing.T) {
	h := loaded(t)
	added := 0
	h.l.OnSiteAdded = func(qda.Case) { added++ }
	h.ui(func() {
		test.Tap(button(t, h.l, "Neuer Standort…"))
		es := h.entries()
		add := h.dialogButton(t, "Hinzufügen")
		if !add.Disabled() {
			t.Error("a site without a pseudonym can be added")
		}
		es[0].SetText("JC-21")
		es[1].SetText("Kleines Jobcenter im Süden")
		test.Tap(add)
	})
	h.settle()
	c, err := h.svc.Case("JC-21")
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != qda.CaseJobCentre || c.Description != "Kleines Jobcenter im Süden" || added != 1 {
		t.Errorf("site %+v, OnSiteAdded %d", c, added)
	}
	h.ui(func() {
		if !strings.Contains(strings.Join(h.l.cases.Options, "|"), "JC-21") {
			t.Errorf("the site filter does not offer it: %q", h.l.cases.Options)
		}
	})
}

package workbench

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestWorkbench_CodingActions(t *testing.T) {
	benCoding := uitest.ID("coding:ben") // Erwartungen [4, 30) in GF-07, with a memo
	tests := []struct {
		name  string
		do    func(t *testing.T, h *harness)
		check func(t *testing.T, h *harness)
		msg   string
	}{
		{"recode", func(t *testing.T, h *harness) {
			h.tapStripe(t, benCoding)
			test.Tap(h.w.recode)
			es := h.entries(t)
			test.Type(es[0], "Überrasch")
			h.press(t, "OK")
		}, func(t *testing.T, h *harness) {
			if c := h.m.Codings[benCoding]; c.Code != uitest.ID("code:Überraschungen") || c.Range != (qda.Range{Start: 4, End: 30}) || c.Coder != ben {
				t.Errorf("stored %+v", c)
			}
		}, "Codierung umcodiert von „Erwartungen“ zu „Überraschungen“"},
		{"fit to the selection", func(t *testing.T, h *harness) {
			h.tapStripe(t, benCoding)
			if !h.w.resize.Disabled() {
				t.Error("fitting is offered while the selection is the coding")
			}
			h.w.view.Select(4, 21) // narrowed to "Geschäftsführerin"
			if h.w.active != benCoding || h.w.resize.Disabled() {
				t.Fatal("narrowing the selection lost the picked coding")
			}
			test.Tap(h.w.resize)
		}, func(t *testing.T, h *harness) {
			if c := h.m.Codings[benCoding]; c.Range != (qda.Range{Start: 4, End: 21}) || c.Code != erw {
				t.Errorf("stored %+v", c)
			}
		}, "Codierung „Erwartungen“ an die Auswahl angepasst"},
		{"memo", func(t *testing.T, h *harness) {
			h.tapStripe(t, benCoding)
			test.Tap(h.w.memo)
			e := h.entries(t)[0]
			if e.Text != "Zielbild eher vage" {
				t.Errorf("memo dialog shows %q", e.Text)
			}
			e.SetText("")
			test.Type(e, "Größere Ziele – später prüfen")
			h.press(t, "Speichern")
		}, func(t *testing.T, h *harness) {
			if c := h.m.Codings[benCoding]; c.Memo != "Größere Ziele – später prüfen" {
				t.Errorf("memo %q", c.Memo)
			}
		}, "Memo gespeichert"},
		{"remove", func(t *testing.T, h *harness) {
			h.tapStripe(t, benCoding)
			test.Tap(h.w.remove)
		}, func(t *testing.T, h *harness) {
			if _, ok := h.m.Codings[benCoding]; ok || h.w.active != "" || h.w.coding(benCoding) != nil {
				t.Error("the coding is still there")
			}
		}, "Codierung „Erwartungen“ entfernt"},
		{"in vivo", func(t *testing.T, h *harness) {
			h.w.view.Select(runeIndex(t, h.m.Texts[gf07], "Größe"), runeIndex(t, h.m.Texts[gf07], " wurde"))
			test.Tap(h.w.vivo)
		}, func(t *testing.T, h *harness) {
			var code *qda.Code
			for _, c := range h.m.Codes {
				if c.Name == "Größe der Teams" {
					code = &c
				}
			}
			if code == nil || code.Parent != "" {
				t.Fatalf("no top-level code „Größe der Teams“: %+v", code)
			}
			n := 0
			for _, c := range h.codingsOf(gf07) {
				if c.Code == code.GUID {
					n++
					if qda.Slice(h.m.Texts[gf07], c.Start, c.End) != "Größe der Teams" || c.Coder != anna {
						t.Errorf("in-vivo coding %+v", c)
					}
				}
			}
			if n != 1 || len(h.w.used) != 1 || h.w.used[0].code != code.GUID {
				t.Errorf("%d in-vivo codings; recent codes %v", n, h.w.used)
			}
		}, "In-vivo-Code „Größe der Teams“ angelegt und vergeben"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, gf07, false)
			tt.do(t, h)
			tt.check(t, h)
			if len(h.errs) > 0 {
				t.Fatal(h.errs)
			}
			if len(h.changed) != 1 || h.changed[0] != tt.msg {
				t.Errorf("reported %q, want %q", h.changed, tt.msg)
			}
		})
	}
}

func TestWorkbench_pickedCoding(t *testing.T) {
	h := newHarness(t, gf07, false)
	w := h.w
	h.tapStripe(t, uitest.ID("coding:ben"))
	if !strings.HasPrefix(w.codeL.Text, "Erwartungen · ben — Zielbild eher vage") || w.remove.Disabled() || w.recode.Disabled() {
		t.Errorf("picked coding shows %q", w.codeL.Text)
	}
	// A selection elsewhere drops the picked coding; the coding actions
	// are off again.
	w.view.Select(50, 60)
	if w.active != "" || !w.remove.Disabled() || !w.memo.Disabled() || !strings.HasPrefix(w.codeL.Text, "Streifen anklicken") {
		t.Errorf("after selecting elsewhere: active %q, label %q", w.active, w.codeL.Text)
	}
	// A refused edit shows the error and changes nothing.
	w.RecodeTo(uitest.ID("coding:ben"), erw)
	if len(h.errs) != 1 || len(h.changed) != 0 {
		t.Errorf("recoding to the same code: errors %v, changes %q", h.errs, h.changed)
	}
}

package codetree

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// dialogObjects returns what the topmost dialog shows; it fails the test
// when no dialog is open.
func (h *harness) dialogObjects(t *testing.T) []fyne.CanvasObject {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	return test.LaidOutObjects(top)
}

// entries returns the text fields of the open dialog.
func (h *harness) entries(t *testing.T) []*widget.Entry {
	t.Helper()
	var out []*widget.Entry
	for _, o := range h.dialogObjects(t) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

// press taps the open dialog's button labelled label.
func (h *harness) press(t *testing.T, label string) {
	t.Helper()
	for _, o := range h.dialogObjects(t) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the dialog has no button %q", label)
}

// pick chooses a code in the open code picker by typing its name.
func (h *harness) pick(t *testing.T, name string) {
	t.Helper()
	es := h.entries(t)
	if len(es) != 1 {
		t.Fatalf("picker has %d entries", len(es))
	}
	test.Type(es[0], name)
	h.press(t, "OK")
}

func (h *harness) code(t *testing.T, name string) qda.Code {
	t.Helper()
	for _, c := range h.m.Codes {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no code %q in the store", name)
	return qda.Code{}
}

func TestCodeTree_Actions(t *testing.T) {
	ziele, erw := uitest.ID("code:Ziele"), uitest.ID("code:Erwartungen")
	tests := []struct {
		name  string
		do    func(t *testing.T, h *harness)
		check func(t *testing.T, h *harness)
		msg   string
	}{
		{"rename", func(t *testing.T, h *harness) {
			h.c.rename(ziele)
			e := h.entries(t)[0]
			e.SetText("")
			test.Type(e, "Ziele und Maßstäbe")
			h.press(t, "OK")
		}, func(t *testing.T, h *harness) {
			if got := h.m.Codes[ziele].Name; got != "Ziele und Maßstäbe" {
				t.Errorf("name %q", got)
			}
		}, "Code umbenannt in „Ziele und Maßstäbe“"},
		{"new sub-code", func(t *testing.T, h *harness) {
			h.c.newCode(ziele)
			test.Type(h.entries(t)[0], "Größere Teams")
			h.press(t, "OK")
		}, func(t *testing.T, h *harness) {
			if c := h.code(t, "Größere Teams"); c.Parent != ziele {
				t.Errorf("parent %s", c.Parent)
			}
		}, "Code „Größere Teams“ angelegt"},
		{"colour", func(t *testing.T, h *harness) {
			h.c.recolor(ziele)
			var sw []*swatch
			for _, o := range h.dialogObjects(t) {
				if s, ok := o.(*swatch); ok {
					sw = append(sw, s)
				}
			}
			if len(sw) != len(qda.Palette) {
				t.Fatalf("%d swatches", len(sw))
			}
			test.Tap(sw[4])
		}, func(t *testing.T, h *harness) {
			if got := h.m.Codes[ziele].Color; got != qda.Palette[4] {
				t.Errorf("colour %s", got)
			}
		}, "Neue Farbe für „Ziele“"},
		{"memo", func(t *testing.T, h *harness) {
			h.c.editMemo(ziele)
			es := h.entries(t)
			test.Type(es[0], "Ziele des Jobcenters")
			test.Type(es[1], "Oft mit Kennzahlen verknüpft.")
			h.press(t, "Speichern")
		}, func(t *testing.T, h *harness) {
			if c := h.m.Codes[ziele]; c.Description != "Ziele des Jobcenters" || c.Memo != "Oft mit Kennzahlen verknüpft." {
				t.Errorf("description %q, memo %q", c.Description, c.Memo)
			}
		}, "Beschreibung und Memo von „Ziele“ gespeichert"},
		{"move", func(t *testing.T, h *harness) {
			h.c.moveTo(ziele)
			h.pick(t, "Überraschungen")
		}, func(t *testing.T, h *harness) {
			if got := h.m.Codes[ziele].Parent; got != uitest.ID("code:Überraschungen") {
				t.Errorf("parent %s", got)
			}
		}, "„Ziele“ verschoben nach „Überraschungen“"},
		{"move to the top level", func(t *testing.T, h *harness) {
			h.c.moveTo(ziele)
			h.pick(t, "oberste")
		}, func(t *testing.T, h *harness) {
			if got := h.m.Codes[ziele].Parent; got != "" {
				t.Errorf("parent %s", got)
			}
		}, "„Ziele“ verschoben nach „oberste Ebene“"},
		{"merge", func(t *testing.T, h *harness) {
			h.c.mergeInto(ziele)
			h.pick(t, "Erwartungen")
			h.press(t, "Zusammenführen")
		}, func(t *testing.T, h *harness) {
			if _, ok := h.m.Codes[ziele]; ok {
				t.Error("Ziele still exists")
			}
			n := 0
			for _, c := range h.m.Codings {
				if c.Code == erw {
					n++
				}
			}
			if n != 3 {
				t.Errorf("Erwartungen has %d codings, want 3", n)
			}
		}, "„Ziele“ in „Erwartungen“ zusammengeführt: 3 Codierungen übernommen, 0 doppelte entfernt"},
		{"delete after confirming", func(t *testing.T, h *harness) {
			h.c.remove(ziele)
			text := strings.Join(textsOf(h.dialogObjects(t)), " ")
			if !strings.Contains(text, "„Ziele“ hat 3 Codierungen und 0 Untercodes.") {
				t.Errorf("confirmation says %q", text)
			}
			h.press(t, "Löschen")
		}, func(t *testing.T, h *harness) {
			if _, ok := h.m.Codes[ziele]; ok || len(h.m.Codings) != 1 {
				t.Errorf("Ziele still exists or codings left: %d", len(h.m.Codings))
			}
		}, "Code „Ziele“ mit 3 Codierungen gelöscht"},
		{"delete without codings", func(t *testing.T, h *harness) {
			h.c.remove(erw)
		}, func(t *testing.T, h *harness) {
			if _, ok := h.m.Codes[erw]; ok {
				t.Error("Erwartungen still exists")
			}
		}, "Code „Erwartungen“ mit 0 Codierungen gelöscht"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if tt.name == "move to the top level" {
				h.m.Codes[ziele] = qda.Code{GUID: ziele, Name: "Ziele", Parent: uitest.ID("code:Überraschungen"), Color: "#3cb44b"}
				h.c.Update()
			}
			tt.do(t, h)
			tt.check(t, h)
			if len(h.changed) != 1 || h.changed[0] != tt.msg {
				t.Errorf("reported %q, want %q", h.changed, tt.msg)
			}
		})
	}
}

func TestCodeTree_cancel(t *testing.T) {
	h := newHarness(t)
	h.c.remove(uitest.ID("code:Ziele"))
	h.press(t, "Abbrechen")
	if _, ok := h.m.Codes[uitest.ID("code:Ziele")]; !ok || len(h.changed) != 0 {
		t.Error("cancelling the confirmation deleted the code")
	}
}

// drag drags the row of code from onto the row of code to, in three
// steps, as the desktop driver reports it: positions relative to the
// dragged row.
func (h *harness) drag(t *testing.T, from, to string) {
	t.Helper()
	src, dst := h.row(t, from), h.row(t, to)
	drv := fyne.CurrentApp().Driver()
	start := fyne.NewPos(40, 10)
	end := drv.AbsolutePositionForObject(dst).Subtract(drv.AbsolutePositionForObject(src)).AddXY(40, 10)
	for _, f := range []float32{0.3, 0.7, 1} {
		p := fyne.NewPos(start.X+(end.X-start.X)*f, start.Y+(end.Y-start.Y)*f)
		src.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}})
	}
	if !h.row(t, to).dropMark.Visible() && h.c.canMoveUnder(src.id, dst.id) {
		t.Errorf("the drop target %q is not outlined", to)
	}
	src.DragEnd()
}

func TestCodeTree_dragToMove(t *testing.T) {
	h := newHarness(t)
	h.drag(t, "Überraschungen", "Zusammenarbeit mit AG-S")
	if got := h.m.Codes[uitest.ID("code:Überraschungen")].Parent; got != uitest.ID("code:Zusammenarbeit mit AG-S") {
		t.Errorf("parent after drag %s", got)
	}
	if len(h.changed) != 1 || h.changed[0] != "„Überraschungen“ verschoben nach „Zusammenarbeit mit AG-S“" {
		t.Errorf("reported %q", h.changed)
	}
	for r := range h.c.rows {
		if r.dropMark.Visible() {
			t.Errorf("row %s stays outlined after the drop", r.id)
		}
	}
	// A code dropped below itself stays where it is.
	h.changed = nil
	h.drag(t, "Strategische Bedeutung", "Ziele")
	if got := h.m.Codes[uitest.ID("code:Strategische Bedeutung")].Parent; got != "" || len(h.changed) != 0 {
		t.Errorf("a code moved below itself: parent %s, %q", got, h.changed)
	}
}

// textsOf returns the texts among objects.
func textsOf(objs []fyne.CanvasObject) []string {
	var out []string
	for _, o := range objs {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

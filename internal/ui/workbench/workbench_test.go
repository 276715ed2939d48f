package workbench

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestWorkbench_Load(t *testing.T) {
	h := newHarness(t, gf07, false)
	w := h.w
	if w.title.Text != "Protokoll GF-07" {
		t.Errorf("title %q", w.title.Text)
	}
	want := "Interviewprotokoll · Standort JC-07 · Strategische Ebene · Welle 1 · GF-07 (GF) · 04.03.2024 · vollständig · 87 Zeichen · 3 Codierungen"
	if w.meta.Text != want {
		t.Errorf("meta\n%q, want\n%q", w.meta.Text, want)
	}
	wantCoders := []string{"Alle Codierenden", "Nur anna", "Nur ben", "anna und ben nebeneinander"}
	if !reflect.DeepEqual(w.coders.Options, wantCoders) || w.coders.Selected != wantCoders[0] {
		t.Errorf("coder choice %q (%q)", w.coders.Options, w.coders.Selected)
	}
	if w.apply.Text != "Codieren: rechts einen Code wählen" || !w.apply.Disabled() || !w.vivo.Disabled() || !w.remove.Disabled() {
		t.Errorf("actions without selection: %q enabled", w.apply.Text)
	}
	if len(h.errs) > 0 {
		t.Fatal(h.errs)
	}
}

func TestWorkbench_DragSelectAndApply(t *testing.T) {
	tests := []struct{ from, to string }{
		{"Größe", "Größe"},
		{"Straße", "🙂"},
		{"🙂", "Maßnahme"},
		{"Übergänge", "häufiger"},
		{"geworden", "ß und ü"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"…"+tt.to, func(t *testing.T) {
			h := newHarness(t, notiz, true)
			h.w.SetCurrentCode(ziele)
			h.dragSelect(t, tt.from, tt.to)
			start := runeIndex(t, umlautText, tt.from)
			end := runeIndex(t, umlautText, tt.to) + len([]rune(tt.to))
			if s, e := h.w.view.Selection(); s != start || e != end {
				t.Fatalf("selection [%d, %d), want [%d, %d)", s, e, start, end)
			}
			if h.w.apply.Disabled() || h.w.apply.Text != "Mit „Ziele“ codieren" {
				t.Fatalf("apply button %q, disabled %v", h.w.apply.Text, h.w.apply.Disabled())
			}
			test.Tap(h.w.apply)
			got := h.codingsOf(notiz)
			if len(got) != 1 {
				t.Fatalf("%d codings stored, want 1", len(got))
			}
			for _, c := range got {
				if c.Range != (qda.Range{Start: start, End: end}) || c.Code != ziele || c.Coder != anna {
					t.Errorf("stored %+v", c)
				}
				if text := qda.Slice(umlautText, c.Start, c.End); !strings.HasPrefix(text, tt.from) || !strings.HasSuffix(text, tt.to) {
					t.Errorf("coded text %q", text)
				}
			}
			if len(h.w.codings) != 1 || len(h.changed) != 1 || !strings.Contains(h.changed[0], "mit „Ziele“ codiert") {
				t.Errorf("view has %d codings; reported %q", len(h.w.codings), h.changed)
			}
		})
	}
}

func TestWorkbench_recentKeys(t *testing.T) {
	h := newHarness(t, notiz, true)
	w := h.w
	w.SetCurrentCode(ziele)
	w.view.Select(0, 5) // Größe
	w.Apply(ziele)
	w.SetCurrentCode(erw)
	w.view.Select(6, 12) // Straße
	w.Apply(erw)
	var chips []string
	for _, o := range w.chips.Objects {
		c := o.(*chip)
		chips = append(chips, c.key+" "+c.code.Name)
	}
	if !reflect.DeepEqual(chips, []string{"1 Ziele", "2 Erwartungen"}) || w.recent.Hidden {
		t.Errorf("chips %q", chips)
	}
	// Key 1 applies Ziele to the next selection, a chip tap Erwartungen;
	// keys without a code do nothing.
	w.view.Select(13, 14) // 🙂
	w.view.TypedRune('1')
	w.view.TypedRune('7')
	w.view.Select(24, 32) // Maßnahme
	test.Tap(w.chips.Objects[1].(*chip))
	want := map[qda.Range]qda.GUID{{Start: 0, End: 5}: ziele, {Start: 6, End: 12}: erw, {Start: 13, End: 14}: ziele, {Start: 24, End: 32}: erw}
	got := map[qda.Range]qda.GUID{}
	for _, c := range h.codingsOf(notiz) {
		got[c.Range] = c.Code
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("codings %v, want %v", got, want)
	}
}

func TestWorkbench_touch(t *testing.T) {
	w := &Workbench{}
	for i := range 9 {
		w.used = w.touch(qda.GUID(rune('a' + i)))
	}
	w.used = w.touch("a") // a keeps key 1 and is fresh now
	w.used = w.touch("j") // replaces b, the least recently used
	if w.used[0].code != "a" || w.used[1].code != "j" || len(w.used) != 9 {
		t.Errorf("slots %v", w.used)
	}
}

func TestWorkbench_coders(t *testing.T) {
	h := newHarness(t, gf07, false)
	w := h.w
	texts := func() string {
		var out []string
		for _, o := range objects(w.view) {
			if tx, ok := o.(*canvas.Text); ok && tx.Visible() {
				out = append(out, tx.Text)
			}
		}
		return strings.Join(out, "|")
	}
	w.SetCoders(anna, ben)
	if w.coders.Selected != "anna und ben nebeneinander" || !strings.Contains(texts(), "ben") {
		t.Errorf("compare: selected %q; view shows %q", w.coders.Selected, texts())
	}
	w.SetCoders(ben)
	if w.coders.Selected != "Nur ben" || strings.Contains(texts(), "|Ziele") {
		t.Errorf("only ben: selected %q; view shows %q", w.coders.Selected, texts())
	}
	// The choice survives a reload.
	w.Reload()
	if w.coders.Selected != "Nur ben" {
		t.Errorf("after reload: %q", w.coders.Selected)
	}
	w.SetCoders()
	if w.coders.Selected != "Alle Codierenden" {
		t.Errorf("all: %q", w.coders.Selected)
	}
}

func TestHoverLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Ziele · anna", "Ziele · anna"},
		{"Ziele · anna\n    Zielbild eher vage\nErwartungen · ben", "Ziele · anna — Zielbild eher vage   |   Erwartungen · ben"},
	}
	for _, tt := range tests {
		if got := hoverLine(tt.in); got != tt.want {
			t.Errorf("hoverLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWorkbench_hover(t *testing.T) {
	h := newHarness(t, gf07, true)
	p := h.pointAt(t, "Geschäftsführerin", 3)
	rel := p.Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(h.w.view))
	h.w.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: rel}})
	if got := h.w.hover.Text; !strings.Contains(got, "Ziele · anna") || !strings.Contains(got, "Erwartungen · ben — Zielbild eher vage") {
		t.Errorf("hover line %q", got)
	}
}

func TestWorkbench_golden(t *testing.T) {
	h := newHarness(t, gf07, false)
	h.w.SetCurrentCode(ziele)
	h.w.view.Select(0, 3)
	h.w.Apply(ziele)
	h.tapStripe(t, uitest.ID("coding:ben"))
	test.AssertImageMatches(t, "workbench.png", h.win.Canvas().Capture())
}

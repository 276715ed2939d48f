package codetree

import (
	"image/color"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// harness is a code tree on the sample fixture in a test window, with its
// edits run inline.
type harness struct {
	m       *uitest.MemStore
	c       *CodeTree
	w       fyne.Window
	changed []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	h := &harness{m: uitest.Sample()}
	h.c = New(uitest.Service(h.m, "anna"), nil, func(err error) { t.Fatal(err) })
	h.w = test.NewTempWindow(t, h.c)
	h.c.win = h.w
	h.c.async = func(f func()) { f() }
	h.c.OnChanged = func(msg string) { h.changed = append(h.changed, msg) }
	h.w.Resize(fyne.NewSize(360, 600))
	h.c.SetDocument(uitest.ID("doc:Protokoll GF-07"))
	h.c.Update()
	return h
}

// row returns the visible row of a code.
func (h *harness) row(t *testing.T, name string) *row {
	t.Helper()
	id := uitest.ID("code:" + name)
	var found *row
	walk(h.c, func(o fyne.CanvasObject) {
		if r, ok := o.(*row); ok && r.id == id && r.c.rows[r] {
			found = r
		}
	})
	if found == nil {
		t.Fatalf("no row for %q", name)
	}
	return found
}

// walk calls fn for every visible object below o as the canvas has it
// (widgets' cached renderers, not new ones as test.LaidOutObjects makes).
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walk(ch, fn)
		}
	case *fyne.Container:
		for _, ch := range c.Objects {
			walk(ch, fn)
		}
	}
}

func TestCodeTree_Update(t *testing.T) {
	h := newHarness(t)
	c := h.c
	// A code whose parent is missing shows at the top level.
	h.m.Codes[uitest.ID("code:lost")] = qda.Code{GUID: uitest.ID("code:lost"), Name: "Verwaist", Parent: uitest.ID("code:gone"), Color: "#000075", Order: 9}
	c.Update()
	name := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, c.codes[qda.GUID(id)].Name)
		}
		return out
	}
	tests := []struct {
		parent string
		want   []string
	}{
		{"", []string{"Strategische Bedeutung", "Zusammenarbeit mit AG-S", "Überraschungen", "Verwaist"}},
		{string(uitest.ID("code:Strategische Bedeutung")), []string{"Ziele", "Erwartungen"}},
	}
	for _, tt := range tests {
		if got := name(c.children[tt.parent]); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("children of %q = %q, want %q", tt.parent, got, tt.want)
		}
	}
	if c.empty.Visible() {
		t.Error("empty label shows")
	}
	// Ziele has 2 codings in GF-07 and 3 in the project; the row shows
	// both beside the colour chip.
	r := h.row(t, "Ziele")
	if r.name.Text != "Ziele" || r.inDoc.Text != "2" || r.all.Text != "3" || r.chip.FillColor != ParseColor("#3cb44b") {
		t.Errorf("row shows %q, %q, %q, %v", r.name.Text, r.inDoc.Text, r.all.Text, r.chip.FillColor)
	}
	if r := h.row(t, "Erwartungen"); r.inDoc.Text != "" || r.all.Text != "0" {
		t.Errorf("a code without codings shows %q / %q", r.inDoc.Text, r.all.Text)
	}
	// Without a document only the project's count shows.
	c.SetDocument("")
	c.Update()
	if r := h.row(t, "Ziele"); r.inDoc.Text != "" || r.all.Text != "3" {
		t.Errorf("without document: %q / %q", r.inDoc.Text, r.all.Text)
	}
}

func TestCodeTree_empty(t *testing.T) {
	test.NewTempApp(t)
	c := New(uitest.Service(uitest.NewMemStore("leer"), ""), nil, func(err error) { t.Fatal(err) })
	test.NewTempWindow(t, c)
	c.Update()
	if !c.empty.Visible() || len(c.children[""]) != 0 {
		t.Error("an empty codebook shows the empty label")
	}
}

func TestCodeTree_Tapped(t *testing.T) {
	h := newHarness(t)
	var selected, tapped []qda.GUID
	h.c.OnSelected = func(id qda.GUID) { selected = append(selected, id) }
	h.c.OnTapped = func(id qda.GUID) { tapped = append(tapped, id) }
	ziele := uitest.ID("code:Ziele")
	test.Tap(h.row(t, "Ziele"))
	test.Tap(h.row(t, "Ziele"))
	if len(selected) != 1 || selected[0] != ziele || h.c.Selected() != ziele {
		t.Errorf("selected %v, Selected() %v; want Ziele once", selected, h.c.Selected())
	}
	if len(tapped) != 2 {
		t.Errorf("tapped %d times, want 2 (a tap on the selected code counts)", len(tapped))
	}
}

func TestCodeTree_Menu(t *testing.T) {
	h := newHarness(t)
	test.TapSecondary(h.row(t, "Ziele"))
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no context menu")
	}
	var labels []string
	for _, it := range h.c.menu(uitest.ID("code:Ziele")).Items {
		if !it.IsSeparator {
			labels = append(labels, it.Label)
		}
	}
	want := []string{"Neuer Untercode…", "Umbenennen…", "Farbe…", "Beschreibung und Memo…", "Verschieben nach…", "Zusammenführen in…", "Löschen…"}
	if !reflect.DeepEqual(labels, want) {
		t.Errorf("menu %q, want %q", labels, want)
	}
	if got := texts(top); !reflect.DeepEqual(got, want) {
		t.Errorf("the pop-up shows %q, want %q", got, want)
	}
}

// texts returns the texts drawn inside o, in drawing order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, it := range test.LaidOutObjects(o) {
		if tx, ok := it.(*canvas.Text); ok && tx.Visible() && tx.Text != "" {
			out = append(out, tx.Text)
		}
	}
	return out
}

func TestParseColor(t *testing.T) {
	grey := color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	tests := []struct {
		in   string
		want color.Color
	}{
		{"#3cb44b", color.NRGBA{R: 0x3c, G: 0xb4, B: 0x4b, A: 0xff}},
		{"#ZZZZZZ", grey},
		{"red", grey},
		{"", grey},
	}
	for _, tt := range tests {
		if got := ParseColor(tt.in); got != tt.want {
			t.Errorf("ParseColor(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCodeTree_foldedCounts(t *testing.T) {
	h := newHarness(t)
	top := string(uitest.ID("code:Strategische Bedeutung"))
	if r := h.row(t, "Strategische Bedeutung"); r.all.Text != "0" || r.inDoc.Text != "" {
		t.Errorf("open branch shows %q / %q, want its own counts", r.inDoc.Text, r.all.Text)
	}
	h.c.tree.CloseBranch(top)
	if r := h.row(t, "Strategische Bedeutung"); r.all.Text != "3" || r.inDoc.Text != "2" {
		t.Errorf("folded branch shows %q / %q, want its subtree's 2 / 3", r.inDoc.Text, r.all.Text)
	}
}

func TestCodeTree_OnHover(t *testing.T) {
	h := newHarness(t)
	c := h.m.Codes[uitest.ID("code:Überraschungen")]
	c.Description = "Was niemand erwartet hatte\nzweite Zeile"
	h.m.Codes[c.GUID] = c
	h.c.Update()
	var got []string
	h.c.OnHover = func(text string) { got = append(got, text) }
	r := h.row(t, "Überraschungen")
	r.MouseIn(&desktop.MouseEvent{})
	r.MouseOut()
	if len(got) != 2 || got[0] != "Überraschungen – Was niemand erwartet hatte" || got[1] != "" {
		t.Errorf("hover texts %q", got)
	}
}

func TestHoverText(t *testing.T) {
	tests := []struct {
		code qda.Code
		want string
	}{
		{qda.Code{Name: "Vertrauen"}, "Vertrauen"},
		{qda.Code{Name: "A.1.1 Strategische Ebene", Description: "Strategische Ebene"}, "A.1.1 Strategische Ebene"},
		{qda.Code{Name: "EGV", Description: "Eingliederungsvereinbarung\nmehr"}, "EGV – Eingliederungsvereinbarung"},
	}
	for _, tt := range tests {
		if got := HoverText(tt.code); got != tt.want {
			t.Errorf("HoverText(%+v) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

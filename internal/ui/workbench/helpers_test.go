package workbench

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/codetree"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// umlautText wraps over several lines in the test window.
const umlautText = "Größe Straße 🙂 und die Maßnahme läuft gut, sagt die Geschäftsführerin. " +
	"Übergänge in Arbeit sind häufiger geworden.\n\nB: Das ist ein ganz neuer Absatz mit ß und ü."

// Fixture GUIDs.
var (
	notiz = uitest.ID("doc:Notiz")
	gf07  = uitest.ID("doc:Protokoll GF-07")
	ziele = uitest.ID("code:Ziele")
	erw   = uitest.ID("code:Erwartungen")
	anna  = uitest.ID("user:anna")
	ben   = uitest.ID("user:ben")
)

// harness is a workbench on the sample fixture, acting as anna, in a test
// window, with its edits run inline.
type harness struct {
	m       *uitest.MemStore
	w       *Workbench
	win     fyne.Window
	changed []string
	errs    []error
}

// newHarness shows doc; mono replaces the font metrics by a monospace
// measure so that tests can compute where a rune is drawn.
func newHarness(t *testing.T, doc qda.GUID, mono bool) *harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	h := &harness{m: uitest.Sample()}
	h.m.Documents[notiz] = qda.Document{GUID: notiz, Name: "Notiz mit Umlauten", Kind: qda.KindOther, Length: utf8.RuneCountInString(umlautText)}
	h.m.Texts[notiz] = umlautText
	h.m.Users[ben] = qda.User{GUID: ben, Name: "ben"}
	h.m.Codings[uitest.ID("coding:ben")] = qda.Coding{GUID: uitest.ID("coding:ben"), Document: gf07, Code: erw, Coder: ben,
		Range: qda.Range{Start: 4, End: 30}, Memo: "Zielbild eher vage", Created: time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)}
	h.w = New(uitest.Service(h.m, "anna"), nil, func(err error) { h.errs = append(h.errs, err) })
	if mono {
		h.w.view.Measure = func(s string, size float32, _ fyne.TextStyle) fyne.Size {
			return fyne.NewSize(float32(utf8.RuneCountInString(s))*size*0.6, size*1.3)
		}
	}
	h.win = test.NewTempWindow(t, h.w)
	h.w.win = h.win
	h.w.async = func(f func()) { f() }
	h.w.OnChanged = func(msg string) { h.changed = append(h.changed, msg) }
	h.win.Resize(fyne.NewSize(820, 520))
	h.w.Load(doc)
	return h
}

// runeIndex returns the rune offset of the first occurrence of sub in s.
func runeIndex(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return utf8.RuneCountInString(s[:i])
}

// pointAt returns the canvas position of the caret before the n-th rune
// of the drawn line that holds sub at (sub's offset + delta), found among
// the text objects the view draws; it needs the monospace measure.
func (h *harness) pointAt(t *testing.T, sub string, delta int) fyne.Position {
	t.Helper()
	drv := fyne.CurrentApp().Driver()
	for _, o := range objects(h.w.view) {
		tx, ok := o.(*canvas.Text)
		if !ok || !tx.Visible() || !strings.Contains(tx.Text, sub) {
			continue
		}
		n := runeIndex(t, tx.Text, sub) + delta
		x := h.w.view.Measure(string([]rune(tx.Text)[:n]), tx.TextSize, tx.TextStyle).Width
		return drv.AbsolutePositionForObject(tx).AddXY(x, tx.Size().Height/2)
	}
	t.Fatalf("no drawn line holds %q", sub)
	return fyne.Position{}
}

// dragSelect drags from the start of from to the end of to, the way the
// desktop driver reports it: the event's position is the mouse's.
func (h *harness) dragSelect(t *testing.T, from, to string) {
	t.Helper()
	a := h.pointAt(t, from, 0)
	b := h.pointAt(t, to, utf8.RuneCountInString(to))
	test.Drag(h.win.Canvas(), b, b.X-a.X, b.Y-a.Y)
}

// tapStripe clicks the stripe bar of the coding id in the view's margin.
func (h *harness) tapStripe(t *testing.T, id qda.GUID) {
	t.Helper()
	c := h.w.coding(id)
	if c == nil {
		t.Fatalf("coding %s is not shown", id)
	}
	want := codetree.ParseColor(h.w.codes[c.Code].Color)
	drv := fyne.CurrentApp().Driver()
	viewAt := drv.AbsolutePositionForObject(h.w.view)
	for _, o := range objects(h.w.view) {
		r, ok := o.(*canvas.Rectangle)
		if !ok || r.Size().Width != 4 || r.FillColor != want {
			continue
		}
		p := drv.AbsolutePositionForObject(r).Subtract(viewAt).AddXY(2, r.Size().Height/2)
		h.w.view.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary})
		if h.w.active == id {
			return
		}
	}
	t.Fatalf("no stripe of coding %s found", id)
}

// dialogObjects returns what the topmost overlay shows.
func (h *harness) dialogObjects(t *testing.T) []fyne.CanvasObject {
	t.Helper()
	top := h.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	return objects(top)
}

// objects returns the visible objects below o as the canvas has them
// (widgets' cached renderers; test.LaidOutObjects makes new ones).
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	switch c := o.(type) {
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			out = append(out, objects(ch)...)
		}
	case *fyne.Container:
		for _, ch := range c.Objects {
			out = append(out, objects(ch)...)
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

// entries returns the open dialog's text fields.
func (h *harness) entries(t *testing.T) []*widget.Entry {
	t.Helper()
	var out []*widget.Entry
	for _, o := range h.dialogObjects(t) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		t.Fatal("the dialog has no text field")
	}
	return out
}

// codingsOf returns the stored codings of doc, by start.
func (h *harness) codingsOf(doc qda.GUID) map[qda.GUID]qda.Coding {
	out := map[qda.GUID]qda.Coding{}
	for id, c := range h.m.Codings {
		if c.Document == doc {
			out[id] = c
		}
	}
	return out
}

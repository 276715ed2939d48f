package protocoleditor

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// editorProject returns a service on the sample project whose guidelines have
// their codes (the sample store has none for questions), in German.
func editorProject(t *testing.T) (*project.Project, *uitest.MemStore) {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	svc := uitest.Service(m, "anna")
	for _, key := range []string{"g:A.1.1", "g:A.2.1"} {
		g := m.Guidelines[uitest.ID(key)]
		if _, err := svc.ImportGuideline(&g, study.ImportOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
	}
	return svc, m
}

// interview registers an interview without a protocol.
func interview(t *testing.T, svc *project.Project, guideline, role string, status qda.Status) *qda.Interview {
	t.Helper()
	iv, err := svc.AddInterview(study.NewInterview{Guideline: guideline, Role: role, Case: "JC-07", Interviewee: "Test-" + role,
		Date: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC), Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

// harness holds an editor in a test window. The test driver runs fyne.Do
// on the calling goroutine, so the editor's timer and save goroutines
// would touch the widgets concurrently with the test: ui serialises them.
type harness struct {
	e  *Editor
	w  fyne.Window
	mu *sync.Mutex
	// ran is broadcast after every run of ui (with mu held).
	ran *sync.Cond
}

// ui runs f like the UI goroutine does.
func (h harness) ui(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f()
	h.ran.Broadcast()
}

// editor returns an editor in a test window, loaded with iv, autosaving
// after 50 ms.
func editor(t *testing.T, svc *project.Project, iv qda.GUID) harness {
	t.Helper()
	e := New(svc, nil, func(err error) { t.Errorf("editor error: %v", err) })
	mu := &sync.Mutex{}
	h := harness{e: e, mu: mu, ran: sync.NewCond(mu)}
	e.do = h.ui
	h.w = test.NewTempWindow(t, e)
	h.w.Resize(fyne.NewSize(900, 700))
	e.win = h.w
	e.Delay = 50 * time.Millisecond
	e.Load(iv)
	return h
}

// eventually waits until cond, run like the UI goroutine, holds (what
// says what it waits for). The editor's timer and save goroutines change
// what a test waits for only in functions they pass to e.do, that is ui,
// so cond is checked again after each of those. There is no time limit:
// however late the timer fires on a busy machine, the test waits for it,
// and a condition that never comes ends the test at go test's -timeout
// with this call in the stack.
func (h harness) eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for !cond() {
		h.ran.Wait()
	}
	t.Logf("%s: done", what)
}

// entryFor returns the answer field of the item whose block refers to
// ref (a question id or a free section's title).
func (e *Editor) entryFor(t *testing.T, ref string) *answerEntry {
	t.Helper()
	for i, it := range e.items {
		if it.block.QuestionID == ref || it.free() && it.block.Title == ref {
			return e.entries[i]
		}
	}
	t.Fatalf("no field for %q", ref)
	return nil
}

// objects returns o and everything below it.
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			out = append(out, objects(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, objects(c)...)
		}
	}
	return out
}

// texts returns the texts of the labels and rich texts below o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range objects(o) {
		switch c := c.(type) {
		case *widget.Label:
			b.WriteString(c.Text + "\n")
		case *widget.RichText:
			b.WriteString(c.String() + "\n")
		}
	}
	return b.String()
}

// button finds a visible button labelled text below o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, c := range objects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// protocol returns the saved protocol's text and codings.
func protocol(t *testing.T, svc *project.Project, iv qda.GUID) (string, []qda.Coding) {
	t.Helper()
	d, err := svc.ProtocolOf(iv)
	if err != nil {
		t.Fatal(err)
	}
	_, text, cs, err := svc.DocumentWithText(d.GUID)
	if err != nil {
		t.Fatal(err)
	}
	return text, cs
}

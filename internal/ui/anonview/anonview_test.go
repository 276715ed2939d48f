package anonview

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// slipText is a protocol with anonymization slips.
const slipText = "Vorbemerkungen\n\nDer Termin wurde über Frau Westermann aus dem Vorzimmer vereinbart; das Gespräch fand im Jobcenter in Bochum statt.\n\n" +
	"1.1 Welche Ziele verfolgt Ihr Jobcenter?\n\nDie Geschäftsführerin nennt die Integration Langzeitarbeitsloser. Rückfragen an b.westermann@jobcenter-ge.de oder 0209 604-1234.\n\n" +
	"1.2 Was läuft gut?\n\nDie Kita der Tochter liegt in der Gartenstraße 12, 45879 Gelsenkirchen; Herr Kowalski aus der Projektleitung sieht das ähnlich."

// harness holds a review in a test window; async work is serialised.
type harness struct {
	v   *View
	w   fyne.Window
	m   *uitest.MemStore
	svc *project.Project
	mu  *sync.Mutex
	wg  *sync.WaitGroup
}

func (h harness) ui(f func()) { h.mu.Lock(); defer h.mu.Unlock(); f() }

func loaded(t *testing.T, language string) harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, language)
	m := uitest.Sample()
	id := uitest.ID("doc:Protokoll GF-07")
	d := m.Documents[id]
	d.Length = qda.RuneLen(slipText)
	m.Documents[id] = d
	m.Texts[id] = slipText
	for k, c := range m.Codings {
		if c.Document == id {
			delete(m.Codings, k)
		}
	}
	svc := project.New(app.Config{Store: m, UserName: "anna"})
	h := harness{m: m, svc: svc, mu: &sync.Mutex{}, wg: &sync.WaitGroup{}}
	h.v = New(svc, nil, func(err error) { t.Errorf("review error: %v", err) })
	h.v.do = h.ui
	h.v.async = func(f func()) {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); f() }()
	}
	h.w = test.NewTempWindow(t, h.v)
	h.w.Resize(fyne.NewSize(1180, 640))
	h.v.win = h.w
	h.v.Update()
	return h
}

func TestView_Update(t *testing.T) {
	h := loaded(t, "de_DE.UTF-8")
	var got []string
	for _, f := range h.v.Findings() {
		got = append(got, string(f.Kind)+":"+f.Text)
	}
	want := "person:Westermann|place:Bochum|email:b.westermann@jobcenter-ge.de|phone:0209 604-1234|address:Gartenstraße 12|postcode:45879 Gelsenkirchen|person:Kowalski"
	if strings.Join(got, "|") != want {
		t.Errorf("findings\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if h.v.summary.Text != "7 offene Befunde · in 1 Dokument" {
		t.Errorf("summary %q", h.v.summary.Text)
	}
	if h.v.repl.Text != "[Name]" || h.v.replaceBtn.Disabled() {
		t.Errorf("detail of the first finding: %q", h.v.repl.Text)
	}
	h.ui(func() { h.v.kindSel.SetSelectedIndex(2) }) // places
	if n := len(h.v.Findings()); n != 1 {
		t.Errorf("place filter shows %d", n)
	}
}

func TestView_ReplaceAndIgnore(t *testing.T) {
	h := loaded(t, "en_US.UTF-8")
	changed := 0
	h.v.OnChanged = func() { changed++ }
	h.ui(func() {
		h.v.list.Select(0)
		h.v.repl.SetText("[Person A]")
		test.Tap(h.v.replaceBtn)
	})
	h.wg.Wait()
	text := h.m.Texts[uitest.ID("doc:Protokoll GF-07")]
	if !strings.Contains(text, "über Frau [Person A] aus") || changed != 1 {
		t.Errorf("after replace (%d): %q", changed, text)
	}
	if len(h.v.Findings()) != 6 {
		t.Errorf("findings after replace: %d", len(h.v.Findings()))
	}
	// Ignore the place with a reason.
	h.ui(func() {
		h.v.list.Select(0)
		test.Tap(h.v.ignoreBtn)
	})
	c := h.w.Canvas()
	if c.Overlays().Top() == nil {
		t.Fatal("no ignore dialog")
	}
	h.ui(func() { c.Overlays().Top().Hide() })
	// Confirm via the API the dialog calls (the dialog's buttons are not
	// reachable by position in the test driver).
	f := h.v.Findings()[0]
	if err := h.svc.AnonIgnore(f.ID, "Programmname"); err != nil {
		t.Fatal(err)
	}
	h.v.Update()
	if len(h.v.Findings()) != 5 {
		t.Errorf("findings after ignore: %d", len(h.v.Findings()))
	}
}

// TestView_Screenshot renders the review to docs/screenshots/anon.png when
// PROTOCODER_SCREENSHOTS is set (a folder, usually docs/screenshots).
func TestView_Screenshot(t *testing.T) {
	dir := os.Getenv("PROTOCODER_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PROTOCODER_SCREENSHOTS to write the screenshot")
	}
	h := loaded(t, "de_DE.UTF-8")
	fyne.CurrentApp().Settings().SetTheme(theme.LightTheme())
	h.ui(func() { h.v.list.Select(1) })
	h.w.Resize(fyne.NewSize(1180, 640))
	img := h.w.Canvas().Capture()
	f, err := os.Create(filepath.Join(dir, "anon.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// keptSource reports replaced texts still elsewhere, as an erasing store
// does (the test's store keeps nothing on disk, so it never counts them).
type keptSource struct {
	Source
	kept int
}

func (k keptSource) AnonApply(req privacy.AnonApplyRequest) (*privacy.AnonApplyResult, error) {
	res, err := k.Source.AnonApply(req)
	if res != nil {
		res.Erasure = &privacy.EraseStats{NeedlesKept: k.kept}
	}
	return res, err
}

func TestView_ReplaceTellsKept(t *testing.T) {
	for _, tc := range []struct {
		name     string
		language string
		kept     int
		want     string // in the dialog, "" for none
	}{
		{"nothing kept", "en_US.UTF-8", 0, ""},
		{"one kept, English", "en_US.UTF-8", 1, "1 of the replaced texts still occurs elsewhere"},
		{"two kept, German", "de_DE.UTF-8", 2, "2 der ersetzten Texte kommen noch an anderer Stelle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := loaded(t, tc.language)
			h.v.src = keptSource{Source: h.svc, kept: tc.kept}
			h.ui(func() {
				h.v.list.Select(0)
				test.Tap(h.v.replaceBtn)
			})
			h.wg.Wait()
			var text []string
			h.ui(func() {
				if top := h.w.Canvas().Overlays().Top(); top != nil {
					text = uitest.Texts(top)
				}
			})
			joined := strings.Join(text, " ")
			if tc.want == "" && len(text) > 0 {
				t.Errorf("a dialog when nothing was kept: %q", joined)
			}
			if tc.want != "" && !strings.Contains(joined, tc.want) {
				t.Errorf("dialog %q, want %q", joined, tc.want)
			}
		})
	}
}

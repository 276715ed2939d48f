package interviews

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// *project.Project is the list's source in the app.
var _ Source = (*project.Project)(nil)

// textReader is a small app.FileReader for the tests: front matter
// between --- lines, then paragraphs; a paragraph starting with "1.1 " or
// another "digit.digit" id carries that id. The real reader is in wire,
// which the ui packages must not import.
type textReader struct{}

func (textReader) ReadSource(path string) (*app.SourceFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, qda.Errorf(qda.ENotFound, "%s: cannot open the file", filepath.Base(path))
	}
	text := string(data)
	if strings.TrimSpace(text) == "" {
		return nil, qda.Errorf(qda.EInvalid, "%s: the file is empty", filepath.Base(path))
	}
	f := &app.SourceFile{Path: path, Format: "txt", Meta: map[string]string{}}
	if rest, ok := strings.CutPrefix(text, "---\n"); ok {
		front, body, _ := strings.Cut(rest, "---\n")
		for _, line := range strings.Split(strings.TrimSpace(front), "\n") {
			k, v, _ := strings.Cut(line, ":")
			f.Meta[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		text = body
	}
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	f.Text = strings.Join(paras, "\n\n")
	pos := 0
	for _, p := range paras {
		b := app.SourceBlock{Start: pos, End: pos + qda.RuneLen(p)}
		if id, _, ok := strings.Cut(p, " "); ok && len(id) == 3 && id[1] == '.' {
			b.QuestionID = id
		}
		f.Blocks = append(f.Blocks, b)
		pos = b.End + 2
	}
	return f, nil
}

// importHarness returns a list whose file chooser "chooses" path, with
// codes for the sample guideline's questions so that answers can be coded.
func importHarness(t *testing.T, path string) harness {
	t.Helper()
	h := loadedWith(t, textReader{})
	for _, q := range []string{"q:1.1", "q:1.2", "q:2.1"} {
		id := qda.NameGUID(uitest.ID(q), "code")
		h.m.Codes[id] = qda.Code{GUID: id, Name: q}
	}
	h.l.chooseFile = func(then func(string)) { then(path) }
	return h
}

// writeTemp writes a file into a temporary folder.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// labelTexts returns the texts of the labels below o.
func labelTexts(o fyne.CanvasObject) string {
	var out []string
	for _, c := range objects(o) {
		if l, ok := c.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

const protocolFile = `---
guideline: A.1.1
role: PL
case: JC-07
interviewee: PL-09
interviewer: anna
date: 2024-04-02
consent: recording, info_sheet
status: complete
---
Gespräch im Büro.

1.1 Die Ziele sind klar: mehr Integrationen.

1.2 Es läuft gut.
`

func TestList_importDialog(t *testing.T) {
	path := writeTemp(t, "pl-09.txt", protocolFile)
	h := importHarness(t, path)
	opened, changed := 0, 0
	h.l.OnOpen = func(qda.Interview) { opened++ }
	h.l.OnChanged = func(qda.Interview) { changed++ }
	h.ui(func() { test.Tap(button(t, h.l, "Protokoll importieren…")) })
	h.settle()
	h.ui(func() {
		dlg := h.w.Canvas().Overlays().Top()
		if dlg == nil {
			t.Fatal("no dialog")
		}
		if texts := labelTexts(dlg); !strings.Contains(texts, "pl-09.txt") {
			t.Errorf("the dialog does not name the file: %q", texts)
		}
		f := h.l.form
		day := time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)
		if f.guideline.Selected != "A.1.1 – Strategische Ebene – Geschäftsführung" || f.role.Selected != "PL – Projektleitung" ||
			f.site.Selected != "JC-07" || f.interviewee.Text != "PL-09" || f.wave.Selected != "Welle 1" || f.interviewer.Selected != "anna" ||
			f.date.Date == nil || !f.date.Date.Equal(day) || !f.recording.Checked || f.dataProtection.Checked || !f.infoSheet.Checked {
			t.Errorf("prefilled: %q %q %q %q wave %q %q %v consent %v %v %v", f.guideline.Selected, f.role.Selected, f.site.Selected,
				f.interviewee.Text, f.wave.Selected, f.interviewer.Selected, f.date.Date, f.recording.Checked, f.dataProtection.Checked, f.infoSheet.Checked)
		}
		// What the user changes wins over the file, unticking included.
		test.Tap(f.recording)
		f.interviewee.SetText("PL-10")
		imp := button(t, dlg, "Importieren")
		if imp.Disabled() {
			t.Fatal("import is disabled with a complete form")
		}
		test.Tap(imp)
	})
	h.settle()
	iv, err := h.svc.Interview("PL-10")
	if err != nil {
		t.Fatal(err)
	}
	if iv.Role != "PL" || iv.Case != uitest.ID("case:JC-07") || iv.Consent != (qda.Consent{InfoSheet: true}) ||
		!iv.Date.Equal(time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)) || iv.Status != qda.StatusComplete {
		t.Errorf("imported %+v", iv)
	}
	d, err := h.svc.ProtocolOf(iv.GUID)
	if err != nil {
		t.Fatal(err)
	}
	codings := 0
	for _, c := range h.m.Codings {
		if c.Document == d.GUID && c.Origin == qda.OriginTemplate {
			codings++
		}
	}
	if d.Source != "pl-09.txt" || codings != 2 {
		t.Errorf("protocol %+v with %d answer codings", d, codings)
	}
	h.ui(func() {
		if sel, ok := h.l.Selected(); !ok || sel.GUID != iv.GUID || len(h.l.rows) != 6 {
			t.Errorf("list has %d rows, selection %q", len(h.l.rows), sel.Interviewee)
		}
		if opened != 0 || changed != 1 {
			t.Errorf("OnOpen called %d times, OnChanged %d times", opened, changed)
		}
		if h.w.Canvas().Overlays().Top() != nil {
			t.Error("the dialog is still open")
		}
	})
}

func TestList_importDialog_BadInput(t *testing.T) {
	tests := []struct {
		name, file, content string
		form                bool // the form opens, the import fails
		reason              string
	}{
		{"empty file", "leer.txt", " \n", false, "the file is empty"},
		{"missing file", "", "", false, "cannot open the file"},
		{"no protocol text", "nur-kopf.txt", "---\nguideline: A.1.1\nrole: GF\ncase: JC-12\ninterviewee: GF-12\n---\n", true, "the protocol is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fehlt.txt")
			if tt.file != "" {
				path = writeTemp(t, tt.file, tt.content)
			}
			h := importHarness(t, path)
			before := len(h.m.Interviews)
			h.ui(func() { test.Tap(h.l.impBtn) })
			h.settle()
			if tt.form {
				h.ui(func() {
					if h.l.form == nil || h.l.form.src == nil {
						t.Fatal("no import form")
					}
					test.Tap(h.l.form.create)
				})
				h.settle()
			}
			h.ui(func() {
				dlg := h.w.Canvas().Overlays().Top()
				if dlg == nil {
					t.Fatal("no error dialog")
				}
				texts := labelTexts(dlg)
				if !strings.Contains(texts, "„"+filepath.Base(path)+"“ konnte nicht importiert werden.") || !strings.Contains(texts, tt.reason) {
					t.Errorf("the message should name the file and the reason %q: %q", tt.reason, texts)
				}
				test.Tap(button(t, dlg, "Schließen"))
				if tt.form && (h.w.Canvas().Overlays().Top() == nil || h.l.form.create.Disabled()) {
					t.Error("the form should stay open for another try")
				}
			})
			if len(h.m.Interviews) != before {
				t.Error("a failed import added an interview")
			}
		})
	}
}

func TestList_chooseProtocolFile(t *testing.T) {
	h := loaded(t)
	h.ui(func() {
		test.Tap(h.l.impBtn)
		if h.w.Canvas().Overlays().Top() == nil {
			t.Error("no file dialog")
		}
	})
	h.settle()
}

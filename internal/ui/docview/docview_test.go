package docview

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestDocView_Load(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	tests := []struct {
		doc, title, meta string
	}{
		{"Protokoll GF-07", "Protokoll GF-07",
			"Interviewprotokoll · Standort JC-07 · Strategische Ebene · Welle 1 · GF-07 (GF) · 04.03.2024 · vollständig · 87 Zeichen · 2 Codierungen"},
		{"Fallbericht JC-12", "Fallbericht JC-12", "Fallbericht · Standort JC-12 · 26 Zeichen · 0 Codierungen"},
		{"Konzeptpapier Süd", "Konzeptpapier Süd", "Sonstiges Dokument · 18 Zeichen · 0 Codierungen"},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			var failed error
			v := New(uitest.Service(m, "anna"), func(err error) { failed = err })
			test.NewTempWindow(t, v)
			v.Load(uitest.ID("doc:" + tt.doc))
			if failed != nil {
				t.Fatal(failed)
			}
			if v.title.Text != tt.title {
				t.Errorf("title %q, want %q", v.title.Text, tt.title)
			}
			if v.meta.Text != tt.meta {
				t.Errorf("meta %q, want %q", v.meta.Text, tt.meta)
			}
			if v.text.Text != m.Texts[uitest.ID("doc:"+tt.doc)] {
				t.Errorf("text %q", v.text.Text)
			}
			if v.Document() != uitest.ID("doc:"+tt.doc) {
				t.Errorf("Document() = %s", v.Document())
			}
		})
	}
}

func TestDocView_Load_missing(t *testing.T) {
	test.NewTempApp(t)
	var failed error
	v := New(uitest.Service(uitest.Sample(), "anna"), func(err error) { failed = err })
	v.Load(uitest.ID("doc:nope"))
	if qda.ErrorCode(failed) != qda.ENotFound {
		t.Errorf("error %v, want not found", failed)
	}
	if v.Document() != "" {
		t.Error("nothing is shown")
	}
}

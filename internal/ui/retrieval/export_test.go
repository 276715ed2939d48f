package retrieval

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// findButton returns the button with the given text in o's tree.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, k := range c.Objects {
			if b := findButton(t, k, text); b != nil {
				return b
			}
		}
	}
	if w, ok := o.(fyne.Widget); ok {
		r := test.TempWidgetRenderer(t, w)
		for _, k := range r.Objects() {
			if b := findButton(t, k, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// TestView_ExportAudited: the panel's CSV export goes through the audited
// use case — recorded in the audit log; with open findings in the
// segments' documents only after the user confirms, and without a file
// left behind when they decline.
func TestView_ExportAudited(t *testing.T) {
	tests := []struct {
		name   string
		slip   bool
		answer string // the button tapped in the confirmation
		ok     bool
	}{
		{"clean", false, "", true},
		{"open finding, confirmed", true, "Trotzdem exportieren", true},
		{"open finding, declined", true, "Nein", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if tt.slip {
				id := uitest.ID("doc:Protokoll GF-RD")
				text := h.m.Texts[id] + " Termin über Frau Westermann."
				h.m.Texts[id] = text
				d := h.m.Documents[id]
				d.Length = qda.RuneLen(text)
				h.m.Documents[id] = d
			}
			h.act(func() { h.v.SetCodes(uitest.ID("code:Ziele")) })
			path := filepath.Join(t.TempDir(), "segmente.csv")
			wc, err := storage.Writer(storage.NewFileURI(path))
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := h.v.exportAudited(wc); done <- err }()
			if tt.answer != "" {
				// Wait for the confirmation, then answer it.
				var b *widget.Button
				for b == nil {
					h.ui(func() {
						if top := h.w.Canvas().Overlays().Top(); top != nil {
							b = findButton(t, top, tt.answer)
						}
					})
					runtime.Gosched()
				}
				h.ui(func() { test.Tap(b) })
			}
			err = <-done
			if (err == nil) != tt.ok {
				t.Fatalf("export: %v", err)
			}
			_, statErr := os.Stat(path)
			if (statErr == nil) != tt.ok {
				t.Errorf("file there: %v, want %v", statErr == nil, tt.ok)
			}
			list, err := h.v.src.(*project.Project).Audit(privacy.AuditFilter{Kind: privacy.KindExport})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.ok {
				if len(list) != 0 {
					t.Errorf("a declined export was recorded: %+v", list)
				}
				return
			}
			if len(list) != 1 || list[0].User != "anna" || !strings.Contains(list[0].Summary, "export coded segments as csv to "+path) {
				t.Errorf("audit %+v", list)
			}
		})
	}
}

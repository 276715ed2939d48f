package uikit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"

	"github.com/protocoder/protocoder/internal/app/privacy"
)

// Exporter runs an export through the audited use case (privacy.Export):
// open anonymisation findings are confirmed first and the export is
// recorded in the audit log. *project.Project implements it.
type Exporter interface {
	Export(req privacy.ExportRequest, write func() error) (*privacy.ExportReport, error)
}

// ExportDestination names a file chosen in a save dialog for the audit
// log: its path, or its URI when it is not a local file.
func ExportDestination(u fyne.URI) string {
	if u == nil {
		return "?"
	}
	if u.Scheme() == "file" {
		return u.Path()
	}
	return u.String()
}

// ConfirmFindings returns the Confirm of an export that runs off the UI
// goroutine: it shows a confirmation dialog over win (through do, which
// runs on the UI goroutine) naming the findings, and waits for the answer.
func ConfirmFindings(win fyne.Window, do func(func())) func(n int, docs []string) bool {
	return func(n int, docs []string) bool {
		answer := make(chan bool, 1)
		do(func() {
			msg := lang.X("uikit.export.findings", "The export carries {{.N}} open anonymization finding(s) in {{.Docs}}.\nExport anyway? (Recorded in the audit log.)",
				map[string]any{"N": n, "Docs": strings.Join(docs, ", ")})
			d := dialog.NewConfirm(lang.X("uikit.export.findingsTitle", "Open anonymization findings"), msg, func(ok bool) { answer <- ok }, win)
			d.SetConfirmText(lang.X("uikit.export.anyway", "Export anyway"))
			d.Show()
		})
		return <-answer
	}
}

// ExportFile runs write into the file a save dialog opened (wc) as the
// audited export req (req.To is filled in from the file): the file is
// closed, and deleted again when the export was declined or failed, so
// that nothing is left that the audit log does not know of. It blocks;
// call it off the UI goroutine.
func ExportFile(src Exporter, wc fyne.URIWriteCloser, req privacy.ExportRequest, write func() error) error {
	req.To = ExportDestination(wc.URI())
	_, err := src.Export(req, write)
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = storage.Delete(wc.URI())
	}
	return err
}

package shell

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Files writes and reads exchange and export files with the file-format
// adapters, which the views do not import (internal/wire.Files implements
// it with the CLI's use cases and writers). Every export of the GUI goes
// through the shell's export function (export below), one place for
// checks that exports may need.
type Files interface {
	// ExportQDPX writes the project as a REFI-QDA project; cancelled
	// through ctx, it leaves no file.
	ExportQDPX(ctx context.Context, p *project.Project, path string) (*qda.Snapshot, error)
	// ExportQDC writes the codebook as a REFI-QDA codebook.
	ExportQDC(p *project.Project, path string) error
	// ExportTable writes "segments", "codebook", "matrix" or "all" as
	// "xlsx", "csv" or "md".
	ExportTable(p *project.Project, what, format, path string) error
	// WriteDocument writes a report text as "docx", "odt", "html" or "md".
	WriteDocument(text, format, path string) error
	// Import brings a QDPX project or a QDC codebook into the project;
	// cancelled through ctx, it changes nothing.
	Import(ctx context.Context, p *project.Project, path string) (*exchange.MergeReport, error)
	// ImportGuideline reads a guideline file (docs/guideline-format.md)
	// and adds it with its codes.
	ImportGuideline(p *project.Project, path string) (*study.ImportResult, error)
	// Merge merges another protocoder project (a folder, opened read-only;
	// pass is its passphrase if it is protected) or a QDPX file into the
	// project; cancelled through ctx, it changes nothing.
	Merge(ctx context.Context, p *project.Project, src string, pass []byte) (*exchange.MergeReport, error)
}

// fileItems returns the File menu's import, export and report items
// (disabled without a project or without Files).
func (s *Shell) fileItems() []*fyne.MenuItem {
	off := s.project == nil || s.files == nil
	item := func(label string, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		it.Disabled = off
		return it
	}
	imp := item(lang.X("menu.import", "Import"), nil)
	imp.Icon = theme.DownloadIcon()
	imp.ChildMenu = fyne.NewMenu("",
		item(lang.X("menu.importQDPX", "REFI-QDA project (QDPX)…"), func() { s.importFile(".qdpx") }),
		item(lang.X("menu.importQDC", "REFI-QDA codebook (QDC)…"), func() { s.importFile(".qdc") }),
		fyne.NewMenuItemSeparator(),
		item(lang.X("dp.mergeItem", "Merge another protocoder project…"), s.merge),
		fyne.NewMenuItemSeparator(),
		item(lang.X("guide.importItem", "Guideline (guideline format)…"), s.importGuideline))
	exp := item(lang.X("menu.export", "Export"), nil)
	exp.Icon = theme.UploadIcon()
	table := func(label, what, format string) *fyne.MenuItem {
		return item(label, func() { s.exportTable(what, format) })
	}
	exp.ChildMenu = fyne.NewMenu("",
		item(lang.X("menu.exportQDPX", "REFI-QDA project (QDPX)…"), s.exportQDPX),
		item(lang.X("menu.exportQDC", "REFI-QDA codebook (QDC)…"), s.exportQDC),
		fyne.NewMenuItemSeparator(),
		table(lang.X("menu.exportAll", "Segments, codebook and matrix (Excel)…"), "all", "xlsx"),
		table(lang.X("menu.exportSegXLSX", "Coded segments (Excel)…"), "segments", "xlsx"),
		table(lang.X("menu.exportSegCSV", "Coded segments (CSV)…"), "segments", "csv"),
		table(lang.X("menu.exportCodebook", "Codebook (Excel)…"), "codebook", "xlsx"),
		table(lang.X("menu.exportCodebookMD", "Codebook (Markdown)…"), "codebook", "md"),
		table(lang.X("menu.exportMatrix", "Code matrix (Excel)…"), "matrix", "xlsx"),
		table(lang.X("menu.exportMatrixCSV", "Code matrix (CSV)…"), "matrix", "csv"))
	report := item(lang.X("menu.report", "Case report…"), s.showReportDialog)
	report.Icon = theme.DocumentIcon()
	return []*fyne.MenuItem{imp, exp, report, s.protectionMenu()}
}

// chooseSave asks where to save a file named name (with its extension)
// and passes the path to then; tests replace it.
func (s *Shell) defaultChooseSave(name string, then func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if wc == nil {
			return
		}
		// The dialog created the file; the export replaces it whole.
		path := wc.URI().Path()
		_ = wc.Close()
		then(path)
	}, s.win)
	d.SetFileName(name)
	if ext := filepath.Ext(name); ext != "" {
		d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	}
	s.startIn(d)
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

// defaultChooseOpen asks for a file with the extension ext and passes its
// path to then; tests replace it.
func (s *Shell) defaultChooseOpen(ext string, then func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		_ = rc.Close()
		then(path)
	}, s.win)
	if ext != "" {
		d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	}
	s.startIn(d)
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

// startIn starts a file dialog in the folder around the project.
func (s *Shell) startIn(d *dialog.FileDialog) {
	if start := s.startFolder(); start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
}

// fileBase is the start of exported file names: the project folder's name.
func (s *Shell) fileBase() string {
	if s.project == nil {
		return "protocoder"
	}
	return filepath.Base(s.project.dir)
}

// runTask runs work off the UI goroutine while a dialog with a moving
// progress bar says what is being done and offers to cancel it (see
// uikit.RunTask); the window stays usable for nothing else meanwhile, but
// it redraws. done gets work's error on the UI goroutine after the dialog
// closed; a cancelled task only says so in the status bar.
func (s *Shell) runTask(what string, work func(ctx context.Context) error, done func(error)) {
	s.runTaskOn(s.project, what, work, done)
}

// runTaskOn is runTask for the open project p (nil: none is open); done
// is left out when another project is open by then. It returns the
// task's dialog (a task that cannot be cancelled hides its button).
func (s *Shell) runTaskOn(p *openProject, what string, work func(ctx context.Context) error, done func(error)) *uikit.Task {
	s.task = uikit.RunTask(s.win, s.async, nil, what, work, func(err error) {
		if s.project != p {
			return
		}
		if uikit.Cancelled(err) {
			s.log.Info("task cancelled", "task", what)
			if p != nil {
				p.status.SetMessage(uikit.CancelledText())
			}
			return
		}
		done(err)
	})
	return s.task
}

// export is every GUI export: it asks for the file, writes it in the
// background and says where it went.
func (s *Shell) export(name string, write func(ctx context.Context, path string) (string, error)) {
	p := s.project
	if p == nil || s.files == nil {
		return
	}
	s.chooseSave(name, func(path string) {
		var msg string
		s.runTask(lang.X("task.export", "Exporting to {{.File}} …", map[string]any{"File": filepath.Base(path)}),
			func(ctx context.Context) (err error) { msg, err = write(ctx, path); return err },
			func(err error) {
				if err != nil {
					s.showError(err)
					return
				}
				if msg == "" {
					msg = lang.X("export.done", "Saved to {{.Path}}", map[string]any{"Path": path})
				}
				p.status.SetMessage(msg)
			})
	})
}

// exportQDPX exports the project as a REFI-QDA project.
func (s *Shell) exportQDPX() {
	p := s.project
	s.export(s.fileBase()+".qdpx", func(ctx context.Context, path string) (string, error) {
		snap, err := s.files.ExportQDPX(ctx, p.svc, path)
		if err != nil {
			return "", err
		}
		return lang.X("export.qdpxDone", "Saved to {{.Path}}: {{.Docs}} documents, {{.Codes}} codes, {{.Codings}} codings",
			map[string]any{"Path": path, "Docs": len(snap.Documents), "Codes": len(snap.Codes), "Codings": len(snap.Codings)}), nil
	})
}

// exportQDC exports the codebook as a REFI-QDA codebook.
func (s *Shell) exportQDC() {
	p := s.project
	s.export(s.fileBase()+".qdc", func(_ context.Context, path string) (string, error) { return "", s.files.ExportQDC(p.svc, path) })
}

// exportTable exports a table (segments, codebook, matrix or all) in a
// format.
func (s *Shell) exportTable(what, format string) {
	p := s.project
	name := map[string]string{
		"segments": lang.X("export.nameSegments", "segments"), "codebook": lang.X("export.nameCodebook", "codebook"),
		"matrix": lang.X("export.nameMatrix", "matrix"), "all": s.fileBase(),
	}[what]
	s.export(name+"."+format, func(_ context.Context, path string) (string, error) {
		return "", s.files.ExportTable(p.svc, what, format, path)
	})
}

// importFile imports a QDPX project or a QDC codebook (ext) into the open
// project and shows what came in.
func (s *Shell) importFile(ext string) {
	p := s.project
	if p == nil || s.files == nil {
		return
	}
	s.chooseOpen(ext, func(path string) {
		var rep *exchange.MergeReport
		s.runTask(lang.X("task.import", "Importing {{.File}} …", map[string]any{"File": filepath.Base(path)}),
			func(ctx context.Context) (err error) { rep, err = s.files.Import(ctx, p.svc, path); return err },
			func(err error) {
				if err != nil {
					s.showError(err)
					return
				}
				p.markStale(s)
				s.async(p.refresh)
				s.showImportReport(rep)
			})
	})
}

// ImportReportText words what an import brought in, in the user's
// language.
func ImportReportText(rep *exchange.MergeReport) string {
	sum := func(m map[string]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	text := lang.X("import.summary", "{{.Source}}: {{.Added}} added, {{.Updated}} updated, {{.Unchanged}} unchanged, {{.Conflicts}} conflicts (the project's version was kept).",
		map[string]any{"Source": rep.Source, "Added": sum(rep.Added), "Updated": sum(rep.Updated), "Unchanged": rep.Unchanged, "Conflicts": len(rep.Conflicts)})
	if len(rep.Warnings) > 0 {
		text += "\n" + lang.X("import.warnings", "Left out ({{.N}}):", map[string]any{"N": len(rep.Warnings)}) + "\n" + strings.Join(rep.Warnings, "\n")
	}
	if len(rep.Notes) > 0 {
		text += "\n" + strings.Join(rep.Notes, "\n")
	}
	return text
}

// showImportReport shows what an import brought in.
func (s *Shell) showImportReport(rep *exchange.MergeReport) {
	l := widget.NewLabel(ImportReportText(rep))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.X("import.title", "Import"), lang.X("dialog.close", "Close"), container.NewVScroll(l), s.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// importGuideline imports a guideline file with its codes and says what
// came in.
func (s *Shell) importGuideline() {
	p := s.project
	if p == nil || s.files == nil {
		return
	}
	s.chooseOpen("", func(path string) {
		var res *study.ImportResult
		t := s.runTaskOn(p, lang.X("task.import", "Importing {{.File}} …", map[string]any{"File": filepath.Base(path)}),
			func(context.Context) (err error) { res, err = s.files.ImportGuideline(p.svc, path); return err },
			func(err error) {
				if err != nil {
					s.showError(err)
					return
				}
				p.markStale(s)
				s.async(p.refresh)
				s.async(p.update)
				p.status.SetMessage(lang.X("guide.imported", "Guideline {{.Key}} imported: {{.Questions}} questions, {{.Added}} codes added, {{.Kept}} kept.",
					map[string]any{"Key": res.Key, "Questions": res.Counts.Questions, "Added": res.CodesAdded, "Kept": res.CodesKept}))
			})
		t.Cancel.Hide() // one short command
	})
}

package interviews

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// chooseProtocolFolder shows a folder dialog and passes the chosen
// folder's path to then.
func (l *List) chooseProtocolFolder(then func(dir string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			l.onError(err)
			return
		}
		if u != nil {
			then(u.Path())
		}
	}, l.win)
	d.SetTitleText(lang.X("interviews.importFolderTitle", "Import a folder of protocols"))
	d.SetConfirmText(lang.X("interviews.importChoose", "Choose"))
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

// showImportFolderDialog asks for a folder and goes on with importFolder.
func (l *List) showImportFolderDialog() { l.chooseFolder(l.importFolder) }

// protocolFiles returns the files of dir (not its subfolders) the import
// reads, sorted by name.
func protocolFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") &&
			slices.Contains(importExtensions, strings.ToLower(filepath.Ext(e.Name()))) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// importFolder imports every protocol file in dir in one command, off the
// UI goroutine, while a dialog offers to cancel it: each file's front
// matter gives its interview (guideline, role, site, interviewee, …).
// Either all files are imported or, if one cannot be or the import is
// cancelled, none, and the message names that file.
func (l *List) importFolder(dir string) {
	title := lang.X("interviews.importFolderTitle", "Import a folder of protocols")
	var res []*study.ImportedProtocol
	var failed string
	empty := false
	work := func(ctx context.Context) error {
		paths, err := protocolFiles(dir)
		if err != nil {
			return fmt.Errorf("read folder %s: %w", dir, err)
		}
		if len(paths) == 0 {
			empty = true
			return nil
		}
		srcs := make([]*app.SourceFile, 0, len(paths))
		for _, p := range paths {
			if err := ctx.Err(); err != nil {
				return err
			}
			src, err := l.src.ReadSource(p)
			if err != nil {
				failed = p
				return err
			}
			srcs = append(srcs, src)
		}
		res, err = l.src.ImportProtocolSourcesContext(ctx, srcs, study.NewInterview{})
		if err != nil && !uikit.Cancelled(err) {
			failed = failedFile(paths, err)
		}
		if err == nil {
			l.Update()
		}
		return err
	}
	l.task = uikit.RunTask(l.win, l.async, l.do, lang.X("interviews.importFolderRunning", "Importing the protocols of {{.Dir}} …",
		map[string]any{"Dir": filepath.Base(dir)}), work, func(err error) {
		switch {
		case uikit.Cancelled(err):
			dialog.ShowInformation(title, uikit.CancelledText(), l.win)
		case err != nil && failed != "":
			l.showImportError(failed, err)
		case err != nil:
			l.onError(err)
		case empty:
			dialog.ShowInformation(title, lang.X("interviews.importFolderEmpty",
				"The folder holds no protocol files (md, txt, docx, odt, rtf, pdf)."), l.win)
		default:
			if len(res) > 0 {
				l.Select(res[0].Interview.GUID)
				if l.OnChanged != nil {
					l.OnChanged(*res[0].Interview)
				}
			}
			dialog.ShowInformation(title, lang.XN("interviews.importFolderDone", "{{.N}} protocols imported.", len(res),
				map[string]any{"N": len(res)}), l.win)
		}
	})
}

// failedFile returns the file an import error names: the one whose path
// the message starts with, the folder's first file if none does.
func failedFile(paths []string, err error) string {
	msg := err.Error()
	for _, p := range paths {
		if strings.HasPrefix(msg, p+":") {
			return p
		}
	}
	return paths[0]
}

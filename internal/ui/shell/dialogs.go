package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
)

// startFolder is where folder dialogs begin: the parent of the open or most
// recent project, else the home folder.
func (s *Shell) startFolder() string {
	dir := s.Dir()
	if dir == "" {
		if r := s.recent.List(); len(r) > 0 {
			dir = r[0]
		}
	}
	if dir != "" {
		return filepath.Dir(dir)
	}
	home, _ := os.UserHomeDir()
	return home
}

// folderDialog asks for a folder and passes its path to then.
func (s *Shell) folderDialog(start string, then func(string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if u != nil {
			then(u.Path())
		}
	}, s.win)
	if start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	// Show first: in Fyne 2.8.1 FileDialog.Resize before Show dereferences
	// the not yet created dialog.
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

// openProjectDialog asks for a project folder and opens it.
func (s *Shell) openProjectDialog() { s.folderDialog(s.startFolder(), s.OpenProject) }

// newProjectDialog asks for a name and a parent folder and creates the
// project in a subfolder named like the project.
func (s *Shell) newProjectDialog() {
	name := widget.NewEntry()
	name.SetPlaceHolder(lang.X("new.namePlaceholder", "e.g. EJO evaluation 2024"))
	name.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" || strings.ContainsAny(v, `/\`) {
			return fmt.Errorf("%s", lang.X("new.nameInvalid", "Enter a name without slashes."))
		}
		return nil
	}
	where := widget.NewEntry()
	where.SetText(s.startFolder())
	choose := widget.NewButton(lang.X("new.choose", "Choose…"), func() {
		s.folderDialog(where.Text, where.SetText)
	})
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("new.name", "Name"), name),
		widget.NewFormItem(lang.X("new.location", "Location"), container.NewBorder(nil, nil, nil, choose, where)),
	}
	items[1].HintText = lang.X("new.hint", "The project is created in a new folder named like the project.")
	d := dialog.NewForm(lang.X("new.title", "New project"), lang.X("new.create", "Create"), lang.X("dialog.cancel", "Cancel"), items,
		func(ok bool) {
			if ok {
				n := strings.TrimSpace(name.Text)
				s.CreateProject(filepath.Join(where.Text, n), n)
			}
		}, s.win)
	d.Resize(fyne.NewSize(620, 260))
	d.Show()
	s.win.Canvas().Focus(name)
}

// verify runs the integrity check and shows its report.
func (s *Shell) verify() {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		r, err := p.svc.Verify()
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			text := widget.NewLabel(VerifyText(r))
			text.Wrapping = fyne.TextWrapWord
			text.Selectable = true
			d := dialog.NewCustom(lang.X("verify.title", "Verify project"), lang.X("dialog.close", "Close"), container.NewVScroll(text), s.win)
			d.Resize(fyne.NewSize(640, 420))
			d.Show()
		})
	})
}

// VerifyText renders a verify report for the dialog.
func VerifyText(r *privacy.VerifyReport) string {
	var b strings.Builder
	if r.OK() {
		b.WriteString(lang.X("verify.ok", "No problems found. The project is sound."))
	} else {
		b.WriteString(lang.XN("verify.problems", "{{.N}} problems found:", len(r.Findings), map[string]any{"N": len(r.Findings)}))
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "\n• %s", f.Message)
			if f.Entity != "" {
				fmt.Fprintf(&b, " (%s %s)", f.Kind, f.Entity)
			}
		}
	}
	b.WriteString("\n\n" + lang.X("verify.checked", "Checked:"))
	kinds := make([]string, 0, len(r.Checked))
	for k := range r.Checked {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "\n%s: %d", checkedLabel(k), r.Checked[k])
	}
	return b.String()
}

// checkedLabel translates the kinds of entities Verify counts.
func checkedLabel(kind string) string {
	switch kind {
	case "guidelines":
		return lang.X("entity.guidelines", "Guidelines")
	case "codes":
		return lang.X("entity.codes", "Codes")
	case "cases":
		return lang.X("entity.cases", "Sites")
	case "interviews":
		return lang.X("entity.interviews", "Interviews")
	case "documents":
		return lang.X("entity.documents", "Documents")
	case "codings":
		return lang.X("entity.codings", "Codings")
	case "memos":
		return lang.X("entity.memos", "Memos")
	case "members":
		return lang.X("entity.members", "Team members")
	case "commands":
		return lang.X("entity.commands", "Log entries")
	}
	return kind
}

// backup writes a backup now and says where.
func (s *Shell) backup() {
	p := s.project
	if p == nil {
		return
	}
	s.async(func() {
		b, err := p.svc.Backup()
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			dialog.ShowInformation(lang.X("backup.title", "Backup"),
				lang.X("backup.done", "Backup written:\n{{.Path}}", map[string]any{"Path": b.Path}), s.win)
		})
	})
}

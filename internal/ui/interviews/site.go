package interviews

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// SiteSource is what registering a site needs of an open project;
// *project.Project implements it.
type SiteSource interface {
	// AddCase adds a site.
	AddCase(n study.NewCase) (*qda.Case, error)
}

// siteKinds are the kinds of site in the order of the dialog's select.
var siteKinds = []qda.CaseKind{qda.CaseJobCentre, qda.CaseRegionalDirectorate, qda.CaseMinistry, qda.CaseOther}

// showSiteDialog registers a new site (its pseudonym, kind and a
// description); its real name, if any, goes into the pseudonym key with
// the command line's case add --real-name.
func (l *List) showSiteDialog() {
	ss, ok := l.src.(SiteSource)
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetPlaceHolder(lang.X("site.nameHint", "e.g. JC-21; never the real name"))
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errText(lang.X("site.nameMissing", "Give the site's pseudonym."))
		}
		return nil
	}
	var kinds []string
	for _, k := range siteKinds {
		kinds = append(kinds, i18n.CaseKind(k))
	}
	kind := widget.NewSelect(kinds, nil)
	kind.SetSelectedIndex(0)
	desc := widget.NewMultiLineEntry()
	desc.SetMinRowsVisible(2)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("site.name", "Pseudonym"), name),
		widget.NewFormItem(lang.X("site.kind", "Kind"), kind),
		widget.NewFormItem(lang.X("site.description", "Description"), desc)}
	d := dialog.NewForm(lang.X("site.title", "New site"), lang.X("site.add", "Add"), lang.X("dialog.cancel", "Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		n := study.NewCase{Name: strings.TrimSpace(name.Text), Kind: siteKinds[max(0, kind.SelectedIndex())], Description: strings.TrimSpace(desc.Text)}
		l.async(func() {
			c, err := ss.AddCase(n)
			if err != nil {
				l.do(func() { l.onError(err) })
				return
			}
			l.Update()
			l.do(func() {
				if l.OnSiteAdded != nil {
					l.OnSiteAdded(*c)
				}
			})
		})
	}, l.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	l.dialog = d
}

// errText is a validation message already in the user's language.
type errText string

func (e errText) Error() string { return string(e) }

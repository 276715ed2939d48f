package interviews

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
)

// newForm is the "New interview" dialog, and the "Import protocol" dialog
// when src is set.
type newForm struct {
	l          *List
	d          dialog.Dialog
	body       *fyne.Container // the form and its buttons
	src        *app.SourceFile // the file to import, or nil
	guidelines []qda.Guideline
	cases      []qda.Case
	users      []qda.User
	roleCodes  []string   // parallel to role.Options
	siteCases  []qda.Case // parallel to site.Options: the sites of the guideline's level
	waves      []int      // parallel to wave.Options

	guideline, role, site, wave, interviewer *widget.Select
	freeRole, interviewee                    *widget.Entry
	date                                     *widget.DateEntry
	recording, dataProtection, infoSheet     *widget.Check
	create, cancel                           *widget.Button
	roleRow                                  *fyne.Container
}

// showNewDialog loads the guidelines, sites and users off the UI
// goroutine and shows the dialog.
func (l *List) showNewDialog() {
	l.async(func() {
		gs, err := l.src.Guidelines()
		var cs []qda.Case
		var us []qda.User
		if err == nil {
			if cs, err = l.src.Cases(); err == nil {
				us, err = l.src.Users()
				us = interviewers(us)
			}
		}
		l.do(func() {
			switch {
			case err != nil:
				l.onError(err)
			case len(gs) == 0 || len(cs) == 0:
				dialog.ShowInformation(lang.X("interviews.newTitle", "New interview"),
					lang.X("interviews.needData", "Import a guideline and add the sites first."), l.win)
			default:
				l.form = l.newForm(lang.X("interviews.newTitle", "New interview"), lang.X("interviews.create", "Register and write protocol"), gs, cs, us)
				l.form.d.Show()
			}
		})
	})
}

// newForm builds the dialog with a title and the label of its action.
func (l *List) newForm(title, action string, gs []qda.Guideline, cs []qda.Case, us []qda.User) *newForm {
	f := &newForm{l: l, guidelines: gs, cases: cs, users: us}
	var opts []string
	for _, g := range gs {
		opts = append(opts, g.Key+" – "+g.Title)
	}
	f.guideline = widget.NewSelect(opts, func(string) { f.guidelineChanged() })
	f.role = widget.NewSelect(nil, func(string) { f.validate() })
	f.freeRole = widget.NewEntry()
	f.freeRole.SetPlaceHolder(lang.X("interviews.freeRole", "e.g. team leader"))
	f.freeRole.OnChanged = func(string) { f.validate() }
	f.roleRow = container.NewStack(f.role, f.freeRole)
	opts = nil
	for _, c := range cs {
		opts = append(opts, c.Name)
	}
	f.site = widget.NewSelect(opts, func(string) { f.validate() })
	f.siteCases = cs
	f.waves = studyWaves(gs, l.all)
	opts = nil
	for i, w := range f.waves {
		label := lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": w})
		if i == len(f.waves)-1 {
			label = lang.X("interviews.newWave", "Wave {{.Wave}} (a new wave)", map[string]any{"Wave": w})
		}
		opts = append(opts, label)
	}
	f.wave = widget.NewSelect(opts, func(string) { f.validate() })
	f.interviewee = widget.NewEntry()
	f.interviewee.SetPlaceHolder(lang.X("interviews.pseudonymHint", "e.g. GF-07"))
	f.interviewee.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.X("interviews.pseudonymMissing", "Enter the interviewee's pseudonym."))
		}
		return nil
	}
	f.interviewee.OnChanged = func(string) { f.validate() }
	opts = nil
	sel := -1
	for i, u := range us {
		label := u.Name
		if u.FullName != "" && u.FullName != u.Name {
			label += " (" + u.FullName + ")"
		}
		opts = append(opts, label)
		if strings.EqualFold(u.Name, l.User) {
			sel = i
		}
	}
	f.interviewer = widget.NewSelect(opts, nil)
	if sel >= 0 {
		f.interviewer.SetSelectedIndex(sel)
	}
	f.date = widget.NewDateEntry()
	now := time.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	f.date.SetDate(&today)
	f.date.OnChanged = func(*time.Time) { f.validate() }
	f.recording = widget.NewCheck(lang.X("interviews.consentRecording", "Consent to the audio recording"), nil)
	f.dataProtection = widget.NewCheck(lang.X("interviews.consentDataProtection", "Written data-protection declaration signed"), nil)
	f.infoSheet = widget.NewCheck(lang.X("interviews.consentInfoSheet", "Information sheet handed out"), nil)

	form := widget.NewForm(
		widget.NewFormItem(lang.X("interviews.col.guideline", "Guideline"), f.guideline),
		widget.NewFormItem(lang.X("interviews.col.role", "Role"), f.roleRow),
		widget.NewFormItem(lang.X("interviews.col.case", "Site"), f.site),
		widget.NewFormItem(lang.X("interviews.col.wave", "Wave"), f.wave),
		widget.NewFormItem(lang.X("interviews.pseudonym", "Interviewee (pseudonym)"), f.interviewee),
		widget.NewFormItem(lang.X("interviews.col.interviewer", "Interviewer"), f.interviewer),
		widget.NewFormItem(lang.X("interviews.col.date", "Date"), f.date),
		widget.NewFormItem(lang.X("interviews.consent", "Consent"), container.NewVBox(f.recording, f.dataProtection, f.infoSheet)),
	)
	f.cancel = widget.NewButton(lang.X("dialog.cancel", "Cancel"), func() { f.d.Hide() })
	f.create = widget.NewButton(action, f.submit)
	f.create.Importance = widget.HighImportance
	buttons := container.NewHBox(layout.NewSpacer(), f.cancel, f.create)
	f.body = container.NewVBox(form, buttons)
	f.d = dialog.NewCustomWithoutButtons(title, f.body, l.win)
	f.d.Resize(fyne.NewSize(680, 0)) // as high as the form needs
	choose := lang.X("interviews.choose", "(choose)")
	for _, s := range []*widget.Select{f.guideline, f.role, f.site, f.wave, f.interviewer} {
		s.PlaceHolder = choose
	}
	f.guidelineChanged()
	return f
}

// chosenGuideline returns the selected guideline, or nil.
func (f *newForm) chosenGuideline() *qda.Guideline {
	if i := f.guideline.SelectedIndex(); i >= 0 && i < len(f.guidelines) {
		return &f.guidelines[i]
	}
	return nil
}

// guidelineChanged offers the guideline's roles and its wave.
func (f *newForm) guidelineChanged() {
	g := f.chosenGuideline()
	f.roleCodes = nil
	var opts []string
	if g != nil {
		for _, r := range g.Roles {
			label := r.Code
			if r.Label != "" && !strings.EqualFold(strings.ReplaceAll(r.Label, " ", "-"), r.Code) {
				label += " – " + r.Label
			}
			opts = append(opts, label)
			f.roleCodes = append(f.roleCodes, r.Code)
		}
		f.setWave(g.Wave)
	}
	f.offerSites(g)
	f.role.Options = opts
	f.role.ClearSelected()
	if g != nil && len(g.Roles) == 0 {
		f.role.Hide()
		f.freeRole.Show()
	} else {
		f.freeRole.Hide()
		f.role.Show()
	}
	if g == nil {
		f.role.Disable()
	} else {
		f.role.Enable()
	}
	f.validate()
}

// chosenRole returns the role code (or free role) entered.
func (f *newForm) chosenRole() string {
	if f.freeRole.Visible() {
		return strings.TrimSpace(f.freeRole.Text)
	}
	if i := f.role.SelectedIndex(); i >= 0 && i < len(f.roleCodes) {
		return f.roleCodes[i]
	}
	return ""
}

// ready reports whether everything required is entered.
func (f *newForm) ready() bool {
	return f.chosenGuideline() != nil && f.chosenRole() != "" && f.chosenSite() != nil &&
		f.chosenWave() > 0 && f.interviewee.Validate() == nil && (f.date.Date != nil || f.src != nil && f.date.Text == "")
}

// validate enables Create when the form is complete.
func (f *newForm) validate() {
	if f.create == nil {
		return
	}
	if f.ready() {
		f.create.Enable()
	} else {
		f.create.Disable()
	}
}

// request returns the interview to register.
func (f *newForm) request() study.NewInterview {
	n := study.NewInterview{Guideline: string(f.chosenGuideline().GUID), Role: f.chosenRole(),
		Case: string(f.chosenSite().GUID), Wave: f.chosenWave(), Interviewee: strings.TrimSpace(f.interviewee.Text),
		Consent: qda.Consent{Recording: f.recording.Checked, DataProtection: f.dataProtection.Checked, InfoSheet: f.infoSheet.Checked}}
	if f.date.Date != nil {
		n.Date = *f.date.Date
	}
	if i := f.interviewer.SelectedIndex(); i >= 0 && i < len(f.users) {
		n.Interviewer = f.users[i].Name
	}
	return n
}

// submit registers the interview off the UI goroutine, then closes the
// dialog, reloads the list and opens the protocol.
func (f *newForm) submit() {
	if !f.ready() {
		return
	}
	l, n := f.l, f.request()
	f.create.Disable()
	l.async(func() {
		iv, err := l.src.AddInterview(n)
		if err != nil {
			l.do(func() {
				f.create.Enable()
				l.onError(err)
			})
			return
		}
		l.Update()
		l.do(func() {
			f.d.Hide()
			l.Select(iv.GUID)
			if l.OnChanged != nil {
				l.OnChanged(*iv)
			}
			if l.OnOpen != nil {
				l.OnOpen(*iv)
			}
		})
	})
}

// interviewers keeps the team members with the interviewer role: the
// choices of an interview's interviewer.
func interviewers(us []qda.User) []qda.User {
	var out []qda.User
	for _, u := range us {
		if !u.Placeholder && u.HasRole(qda.MemberInterviewer) {
			out = append(out, u)
		}
	}
	return out
}

// studyWaves returns the study's waves — those of the guidelines and of
// the interviews registered — and, last, the wave after them, to start
// it; wave 1 alone in a project without any.
func studyWaves(gs []qda.Guideline, rows []row) []int {
	seen := map[int]bool{}
	var out []int
	add := func(w int) {
		if w > 0 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, g := range gs {
		add(g.Wave)
	}
	for _, r := range rows {
		add(r.iv.Wave)
	}
	sortInts(out)
	next := 1
	if len(out) > 0 {
		next = out[len(out)-1] + 1
	}
	return append(out, next)
}

// setWave selects wave w if the study has it.
func (f *newForm) setWave(w int) {
	if i := rank(f.waves, w); i >= 0 {
		f.wave.SetSelectedIndex(i)
	}
}

// chosenWave returns the selected wave, 0 if none.
func (f *newForm) chosenWave() int {
	if i := f.wave.SelectedIndex(); i >= 0 && i < len(f.waves) {
		return f.waves[i]
	}
	return 0
}

// offerSites offers the sites that hold the guideline's level (all of
// them before a guideline is chosen), keeping the chosen site if it is
// still offered.
func (f *newForm) offerSites(g *qda.Guideline) {
	var chosen qda.GUID
	if c := f.chosenSite(); c != nil {
		chosen = c.GUID
	}
	f.siteCases = f.siteCases[:0:0]
	var opts []string
	sel := -1
	for _, c := range f.cases {
		if g == nil || c.Kind.HoldsLevel(g.Level) {
			if c.GUID == chosen {
				sel = len(opts)
			}
			f.siteCases = append(f.siteCases, c)
			opts = append(opts, c.Name)
		}
	}
	f.site.Options = opts
	if sel >= 0 {
		f.site.SetSelectedIndex(sel)
	} else {
		f.site.ClearSelected()
	}
	f.site.Refresh()
}

// chosenSite returns the selected site, or nil.
func (f *newForm) chosenSite() *qda.Case {
	if i := f.site.SelectedIndex(); i >= 0 && i < len(f.siteCases) {
		return &f.siteCases[i]
	}
	return nil
}

package planview

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// attrition is the panel of the people and interviews lost to the study:
// panel members who left (refused further interviews, dropped out, found
// work, could not be reached) from a wave on, and planned interviews the
// interviewee declined. Both are recorded here — an exit through
// study.RecordExit, a refusal through privacy.RefuseInterview — and taken
// back: an exit with study.RemoveExit, a refusal by undoing it while it is
// the member's last change.
type attrition struct {
	v   *View
	box *fyne.Container

	exits    *fyne.Container
	refusals *fyne.Container

	what     *widget.RadioGroup
	exitForm *fyne.Container
	refForm  *fyne.Container
	person   *widget.SelectEntry
	kind     *widget.Select
	iv       *widget.Select
	date     *widget.Entry
	reason   *widget.Entry
	record   *widget.Button

	refusable []qda.Interview // drafts without a refusal, in the order of iv's options
	undoable  qda.GUID        // the interview whose refusal Undo takes back
}

// attritionData is what the panel loads besides the plan status.
type attritionData struct {
	interviews []qda.Interview
	cases      map[qda.GUID]string
	undoable   qda.GUID
}

// loadAttrition reads the interviews and what Undo would revert. It
// blocks.
func loadAttrition(src Source) (*attritionData, error) {
	ivs, err := src.Interviews()
	if err != nil {
		return nil, err
	}
	cs, err := src.Cases()
	if err != nil {
		return nil, err
	}
	d := &attritionData{interviews: ivs, cases: map[qda.GUID]string{}}
	for _, c := range cs {
		d.cases[c.GUID] = c.Name
	}
	st, err := src.UndoState()
	if err != nil {
		return nil, err
	}
	if c := st.Undo; c != nil && c.Kind == privacy.KindRefuse {
		for _, ch := range c.Changes {
			if ch.Entity == "interview" {
				d.undoable = qda.GUID(ch.Key)
			}
		}
	}
	return d, nil
}

func exitKindText(k qda.ExitKind) string {
	switch k {
	case qda.ExitRefused:
		return lang.X("planview.exitRefused", "refused further interviews")
	case qda.ExitDropped:
		return lang.X("planview.exitDropped", "dropped out")
	case qda.ExitFoundWork:
		return lang.X("planview.exitFoundWork", "found work")
	case qda.ExitUnreachable:
		return lang.X("planview.exitUnreachable", "not reachable")
	}
	return string(k)
}

func newAttrition(v *View) *attrition {
	a := &attrition{v: v, exits: container.NewVBox(), refusals: container.NewVBox()}
	a.person = widget.NewSelectEntry(nil)
	a.person.SetPlaceHolder(lang.X("planview.personPlaceholder", "Pseudonym, e.g. KU-04-01"))
	var kinds []string
	for _, k := range qda.ExitKinds {
		kinds = append(kinds, exitKindText(k))
	}
	a.kind = widget.NewSelect(kinds, nil)
	a.kind.SetSelectedIndex(0)
	a.iv = widget.NewSelect(nil, nil)
	a.iv.PlaceHolder = i18n.Choose()
	a.date = widget.NewEntry()
	a.date.SetPlaceHolder(lang.X("planview.datePlaceholder", "YYYY-MM-DD (empty: today)"))
	a.reason = widget.NewEntry()
	a.reason.SetPlaceHolder(lang.X("planview.reasonPlaceholder", "Reason, never a real name"))
	a.exitForm = container.New(layoutForm(), widget.NewLabel(lang.X("planview.person", "Person")), a.person,
		widget.NewLabel(lang.X("planview.exitKind", "Why")), a.kind)
	a.refForm = container.New(layoutForm(), widget.NewLabel(lang.X("planview.interview", "Interview")), a.iv)
	a.what = widget.NewRadioGroup([]string{lang.X("planview.whatExit", "A panel member leaves"),
		lang.X("planview.whatRefusal", "An interview was declined")}, func(string) { a.showForm() })
	a.what.Required = true
	a.record = widget.NewButtonWithIcon(lang.X("planview.record", "Record"), theme.ConfirmIcon(), a.save)
	a.record.Importance = widget.HighImportance
	common := container.New(layoutForm(), widget.NewLabel(lang.X("planview.date", "Date")), a.date,
		widget.NewLabel(lang.X("planview.reason", "Reason")), a.reason)
	a.box = container.NewVBox(
		heading(lang.X("planview.exits", "Panel members who left")), a.exits, widget.NewSeparator(),
		heading(lang.X("planview.refusals", "Declined interviews")), a.refusals, widget.NewSeparator(),
		heading(lang.X("planview.recordHead", "Record an attrition")),
		a.what, a.exitForm, a.refForm, common, container.NewHBox(a.record))
	a.what.SetSelected(a.what.Options[0])
	return a
}

// layoutForm is a two-column form whose fields take the rest of the width.
func layoutForm() fyne.Layout { return &formLayout{} }

func (a *attrition) exitMode() bool { return a.what.Selected == a.what.Options[0] }

func (a *attrition) showForm() {
	if a.exitMode() {
		a.exitForm.Show()
		a.refForm.Hide()
	} else {
		a.exitForm.Hide()
		a.refForm.Show()
	}
}

// show fills the panel. Call it on the UI goroutine.
func (a *attrition) show(st *study.PlanStatus, d *attritionData) {
	a.exits.Objects = nil
	if st != nil {
		for _, x := range st.Exits {
			x := x
			role := x.Role
			if x.Group != "" {
				role += " (" + x.Group + ")"
			}
			text := lang.X("planview.exitLine", "{{.Person}} ({{.Case}}, {{.Role}}), from wave {{.Wave}}: {{.Kind}}, {{.Date}}",
				map[string]any{"Person": x.Person, "Case": x.Case, "Role": role, "Wave": x.FromWave, "Kind": exitKindText(x.Kind), "Date": day(x.Date)})
			b := widget.NewButtonWithIcon(lang.X("planview.takeBack", "Take back"), theme.ContentUndoIcon(), func() { a.removeExit(x) })
			b.Importance = widget.LowImportance
			a.exits.Add(entry(text, x.Reason, b))
		}
	}
	if len(a.exits.Objects) == 0 {
		a.exits.Add(lowLabel(lang.X("planview.noExits", "No panel member has left the study.")))
	}
	a.exits.Refresh()

	a.refusals.Objects = nil
	a.refusable = nil
	var opts, names []string
	seen := map[string]bool{}
	if d != nil {
		a.undoable = d.undoable
		ivs := append([]qda.Interview(nil), d.interviews...)
		sort.SliceStable(ivs, func(i, j int) bool {
			if ivs[i].Level != ivs[j].Level {
				return app.LevelRank(ivs[i].Level) < app.LevelRank(ivs[j].Level)
			}
			if ivs[i].Wave != ivs[j].Wave {
				return ivs[i].Wave < ivs[j].Wave
			}
			return ivs[i].Interviewee < ivs[j].Interviewee
		})
		for _, iv := range ivs {
			label := lang.X("planview.ivLine", "{{.Person}} ({{.Case}}, {{.Role}}), {{.Level}}, wave {{.Wave}}",
				map[string]any{"Person": iv.Interviewee, "Case": d.cases[iv.Case], "Role": iv.Role, "Level": i18n.Level(iv.Level), "Wave": iv.Wave})
			if p := strings.TrimSpace(iv.Interviewee); p != "" && iv.Level != qda.LevelOperative && !seen[p] {
				seen[p] = true
				names = append(names, p)
			}
			if r := iv.Consent.Refused; r != nil {
				var undo fyne.CanvasObject
				if iv.GUID == a.undoable {
					b := widget.NewButtonWithIcon(lang.X("planview.undo", "Undo"), theme.ContentUndoIcon(), a.undoRefusal)
					b.Importance = widget.LowImportance
					undo = b
				}
				text := label + " · " + lang.X("planview.declinedOn", "declined {{.Date}}", map[string]any{"Date": i18n.Date(r.Date)})
				a.refusals.Add(entry(text, r.Reason, undo))
				continue
			}
			if iv.Status == qda.StatusDraft && iv.Consent.Withdrawn == nil && iv.Recording != qda.RecordingPresent {
				a.refusable = append(a.refusable, iv)
				opts = append(opts, label)
			}
		}
	}
	if len(a.refusals.Objects) == 0 {
		a.refusals.Add(lowLabel(lang.X("planview.noRefusals", "No planned interview was declined.")))
	} else {
		a.refusals.Add(lowLabel(lang.X("planview.undoHint", "A refusal is undone while it is your last change (Edit ▸ Undo).")))
	}
	a.refusals.Refresh()
	sort.Strings(names)
	a.person.SetOptions(names)
	a.iv.SetOptions(opts)
	a.iv.ClearSelected()
	a.showForm()
}

// heading is a bold label that wraps in the narrow panel.
func heading(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

func lowLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// entry is a line with its reason below and an action at the right.
func entry(text, reason string, action fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{l}
	if reason != "" {
		r := widget.NewLabel(reason)
		r.Wrapping = fyne.TextWrapWord
		r.TextStyle.Italic = true
		objs = append(objs, r)
	}
	return container.NewBorder(nil, nil, nil, action, container.New(uikit.TightVBox{}, objs...))
}

// save records the exit or refusal entered.
func (a *attrition) save() {
	v := a.v
	date := strings.TrimSpace(a.date.Text)
	var d time.Time
	if date != "" {
		var err error
		if d, err = time.Parse(time.DateOnly, date); err != nil {
			v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.badDate", "The date is written YYYY-MM-DD, e.g. 2014-10-20.")))
			return
		}
	}
	reason := strings.TrimSpace(a.reason.Text)
	var write func() error
	if a.exitMode() {
		person := strings.TrimSpace(a.person.Text)
		if person == "" || reason == "" {
			v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.needPersonReason", "Name the person (pseudonym) and the reason.")))
			return
		}
		x := study.PanelExit{Person: person, Kind: qda.ExitKinds[max(0, a.kind.SelectedIndex())], Date: date, Reason: reason}
		write = func() error { _, err := v.src.RecordExit(x); return err }
	} else {
		i := a.iv.SelectedIndex()
		if i < 0 || i >= len(a.refusable) {
			v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.needInterview", "Choose the interview that was declined.")))
			return
		}
		id, r := string(a.refusable[i].GUID), privacy.ConsentRecord{Date: d, Reason: reason}
		write = func() error { _, err := v.src.RefuseInterview(id, r); return err }
	}
	v.write(write, func() {
		a.person.SetText("")
		a.date.SetText("")
		a.reason.SetText("")
	})
}

func (a *attrition) removeExit(x study.PanelExit) {
	a.v.write(func() error { return a.v.src.RemoveExit(x.Person, x.Case) }, nil)
}

// undoRefusal undoes the refusal shown as undoable, if it is still the
// member's last change (another change since would be undone instead).
func (a *attrition) undoRefusal() {
	want, src := a.undoable, a.v.src
	a.v.write(func() error {
		d, err := loadAttrition(src)
		if err != nil {
			return err
		}
		if d.undoable != want || want == "" {
			return qda.Errorf(qda.EConflict, "%s", lang.X("planview.undoGone", "The refusal is no longer your last change; undo the changes after it first (Edit ▸ Undo)."))
		}
		_, err = src.Undo()
		return err
	}, nil)
}

// write runs a change off the UI goroutine, then reloads; done runs on
// the UI goroutine after a success.
func (v *View) write(f func() error, done func()) {
	v.async(func() {
		if err := f(); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		if done != nil {
			v.do(done)
		}
		v.Update()
		v.do(v.changed)
	})
}

// formLayout lays out label/field pairs in two columns: the labels as
// wide as the widest, the fields the rest.
type formLayout struct{}

func (formLayout) widths(objs []fyne.CanvasObject) float32 {
	w := float32(0)
	for i := 0; i < len(objs); i += 2 {
		w = max(w, objs[i].MinSize().Width)
	}
	return w
}

// MinSize implements fyne.Layout.
func (f formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, fw, h := f.widths(objs), float32(0), float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		fw = max(fw, min(objs[i+1].MinSize().Width, 120))
		h += max(objs[i].MinSize().Height, objs[i+1].MinSize().Height) + theme.Padding()
	}
	return fyne.NewSize(lw+theme.Padding()+fw, h)
}

// Layout implements fyne.Layout.
func (f formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw := f.widths(objs)
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		h := max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(lw, h))
		objs[i+1].Move(fyne.NewPos(lw+theme.Padding(), y))
		objs[i+1].Resize(fyne.NewSize(size.Width-lw-theme.Padding(), h))
		y += h + theme.Padding()
	}
}

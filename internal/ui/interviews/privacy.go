package interviews

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// PrivacySource is what the list's data-protection actions need of an
// open project; *project.Project implements it.
type PrivacySource interface {
	// SetConsent records what the interviewee consented to.
	SetConsent(ref string, f privacy.ConsentFlags) (*qda.Interview, error)
	// RefuseInterview records that a planned interview was declined.
	RefuseInterview(ref string, r privacy.ConsentRecord) (*qda.Interview, error)
	// WithdrawConsent records a withdrawal and purges the interview.
	WithdrawConsent(ref string, r privacy.ConsentRecord) (*privacy.WithdrawReport, error)
	// PurgeInterview erases an interview irrevocably.
	PurgeInterview(ref string) (*privacy.PurgeReport, error)
}

// privacyMenu returns the data-protection actions on the selected
// interview, for the action row's menu button and the rows' context menu.
func (l *List) privacyMenu() *fyne.Menu {
	iv, ok := l.Selected()
	item := func(label string, on bool, f func(qda.Interview)) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { f(iv) })
		it.Disabled = !ok || !on
		return it
	}
	given := iv.Consent.Given()
	return fyne.NewMenu("",
		item(lang.X("ivprivacy.consent", "Consent…"), given, l.showConsentDialog),
		item(lang.X("ivprivacy.refuse", "Record refusal…"), given && iv.Status == qda.StatusDraft, l.showRefuseDialog),
		item(lang.X("ivprivacy.withdraw", "Withdraw consent and erase…"), iv.Consent.Withdrawn == nil, l.showWithdrawDialog),
		fyne.NewMenuItemSeparator(),
		item(lang.X("ivprivacy.purge", "Erase interview irrevocably…"), true, l.showPurgeDialog))
}

// showPrivacyMenu pops the data-protection menu up at pos on the canvas.
func (l *List) showPrivacyMenu(pos fyne.Position) {
	if l.win == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(l.privacyMenu(), l.win.Canvas(), pos)
}

// privacyButton opens the data-protection menu below itself.
func (l *List) privacyTapped() {
	if l.win == nil {
		return
	}
	c := l.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l.privBtn).AddXY(0, l.privBtn.Size().Height)
	widget.ShowPopUpMenuAtPosition(l.privacyMenu(), c, pos)
}

// newPrivacyButton makes the action row's data-protection button.
func (l *List) newPrivacyButton() *widget.Button {
	b := widget.NewButtonWithIcon(lang.X("ivprivacy.menu", "Data protection…"), theme.VisibilityOffIcon(), nil)
	b.OnTapped = l.privacyTapped
	return b
}

// privacy returns the source's data-protection side, nil if it has none.
func (l *List) privacy() PrivacySource {
	p, _ := l.src.(PrivacySource)
	return p
}

// showConsentDialog edits what the interviewee consented to.
func (l *List) showConsentDialog(iv qda.Interview) {
	ps := l.privacy()
	if ps == nil {
		return
	}
	rec := widget.NewCheck(lang.X("interviews.consentRecording", "Consent to the audio recording"), nil)
	dp := widget.NewCheck(lang.X("interviews.consentDataProtection", "Written data-protection declaration signed"), nil)
	info := widget.NewCheck(lang.X("interviews.consentInfoSheet", "Information sheet handed out"), nil)
	rec.SetChecked(iv.Consent.Recording)
	dp.SetChecked(iv.Consent.DataProtection)
	info.SetChecked(iv.Consent.InfoSheet)
	hint := widget.NewLabel(lang.X("ivprivacy.consentHint", "Recorded so far: {{.Now}}. Record what holds now, e.g. a declaration signed later. The change is in the audit log and can be undone.",
		map[string]any{"Now": consentText(iv.Consent)}))
	hint.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("", hint),
		widget.NewFormItem("", rec), widget.NewFormItem("", dp), widget.NewFormItem("", info)}
	d := dialog.NewForm(lang.X("ivprivacy.consentTitle", "Consent of {{.Name}}", map[string]any{"Name": iv.Interviewee}),
		lang.X("ivprivacy.save", "Save"), lang.X("dialog.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			f := privacy.ConsentFlags{Recording: rec.Checked, DataProtection: dp.Checked, InfoSheet: info.Checked}
			l.run(func() (*qda.Interview, error) { return ps.SetConsent(string(iv.GUID), f) })
		}, l.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	l.dialog = d
}

// consentRecordItems are the date and reason fields of a refusal or a
// withdrawal; record reads them.
func consentRecordItems() (items []*widget.FormItem, record func() privacy.ConsentRecord) {
	date := widget.NewEntry()
	date.SetText(time.Now().Format(time.DateOnly))
	date.Validator = func(s string) error {
		if _, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err != nil {
			return errDate{}
		}
		return nil
	}
	reason := widget.NewEntry()
	reason.SetPlaceHolder(lang.X("ivprivacy.reasonHint", "optional; never a real name"))
	items = []*widget.FormItem{
		widget.NewFormItem(lang.X("ivprivacy.date", "Date (YYYY-MM-DD)"), date),
		widget.NewFormItem(lang.X("ivprivacy.reason", "Reason"), reason)}
	return items, func() privacy.ConsentRecord {
		d, _ := time.Parse(time.DateOnly, strings.TrimSpace(date.Text))
		return privacy.ConsentRecord{Date: d, Reason: reason.Text}
	}
}

type errDate struct{}

func (errDate) Error() string { return lang.X("ivprivacy.dateInvalid", "Give the date as YYYY-MM-DD.") }

// showRefuseDialog records that the interviewee declined a planned
// interview.
func (l *List) showRefuseDialog(iv qda.Interview) {
	ps := l.privacy()
	if ps == nil {
		return
	}
	hint := widget.NewLabel(lang.X("ivprivacy.refuseHint", "{{.Name}} declined the planned interview. The refusal is recorded with the date, you as the one who recorded it and the reason; the interview stays in the list, counts as refused in the plan and never becomes final.",
		map[string]any{"Name": iv.Interviewee}))
	hint.Wrapping = fyne.TextWrapWord
	items, record := consentRecordItems()
	items = append([]*widget.FormItem{widget.NewFormItem("", hint)}, items...)
	d := dialog.NewForm(lang.X("ivprivacy.refuseTitle", "Record the refusal of {{.Name}}", map[string]any{"Name": iv.Interviewee}),
		lang.X("ivprivacy.refuseConfirm", "Record refusal"), lang.X("dialog.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			r := record()
			l.run(func() (*qda.Interview, error) { return ps.RefuseInterview(string(iv.GUID), r) })
		}, l.win)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
	l.dialog = d
}

// erasedText says what erasing an interview removes, and that it cannot
// be taken back.
func erasedText(iv qda.Interview) string {
	return lang.X("ivprivacy.erased", "Erased irrevocably: the interview {{.Name}} with its protocol, its codings, memos and summaries and its recording — from the project file, every backup and the search index. This cannot be undone, not even with Undo or a backup; the audit log keeps only that it happened.",
		map[string]any{"Name": iv.Interviewee})
}

// nameConfirm is a field in which the user types the interviewee's
// pseudonym to confirm an erasure; the dialog's button stays disabled
// until it matches.
func nameConfirm(name string) *widget.FormItem {
	e := widget.NewEntry()
	e.SetPlaceHolder(name)
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) != name {
			return errTypeName{name}
		}
		return nil
	}
	return widget.NewFormItem(lang.X("ivprivacy.typeName", "To confirm, type {{.Name}}", map[string]any{"Name": name}), e)
}

type errTypeName struct{ name string }

func (e errTypeName) Error() string {
	return lang.X("ivprivacy.typeNameHint", "Type {{.Name}} to confirm.", map[string]any{"Name": e.name})
}

// showWithdrawDialog records a withdrawn consent and erases the interview
// after a confirmation that names it.
func (l *List) showWithdrawDialog(iv qda.Interview) {
	ps := l.privacy()
	if ps == nil {
		return
	}
	warn := widget.NewLabel(erasedText(iv))
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.DangerImportance
	items, record := consentRecordItems()
	items = append([]*widget.FormItem{widget.NewFormItem("", warn)}, items...)
	items = append(items, nameConfirm(iv.Interviewee))
	d := dialog.NewForm(lang.X("ivprivacy.withdrawTitle", "{{.Name}} withdrew their consent", map[string]any{"Name": iv.Interviewee}),
		lang.X("ivprivacy.withdrawConfirm", "Withdraw and erase"), lang.X("dialog.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			r := record()
			l.erase(iv, func() error { _, err := ps.WithdrawConsent(string(iv.GUID), r); return err })
		}, l.win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
	l.dialog = d
}

// showPurgeDialog erases the interview after a confirmation that names
// it.
func (l *List) showPurgeDialog(iv qda.Interview) {
	ps := l.privacy()
	if ps == nil {
		return
	}
	warn := widget.NewLabel(erasedText(iv))
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.DangerImportance
	items := []*widget.FormItem{widget.NewFormItem("", warn), nameConfirm(iv.Interviewee)}
	d := dialog.NewForm(lang.X("ivprivacy.purgeTitle", "Erase {{.Name}} irrevocably?", map[string]any{"Name": iv.Interviewee}),
		lang.X("ivprivacy.purgeConfirm", "Erase irrevocably"), lang.X("dialog.cancel", "Cancel"), items, func(ok bool) {
			if ok {
				l.erase(iv, func() error { _, err := ps.PurgeInterview(string(iv.GUID)); return err })
			}
		}, l.win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
	l.dialog = d
}

// run applies a consent change off the UI goroutine and reloads the list.
func (l *List) run(f func() (*qda.Interview, error)) {
	l.async(func() {
		got, err := f()
		if err != nil {
			l.do(func() { l.onError(err) })
			return
		}
		l.Update()
		l.do(func() {
			if l.OnChanged != nil {
				l.OnChanged(*got)
			}
		})
	})
}

// erase runs an erasure off the UI goroutine, reloads the list and tells
// the shell (OnErased), which must no longer show the interview.
func (l *List) erase(iv qda.Interview, f func() error) {
	l.async(func() {
		err := f()
		l.Update()
		l.do(func() {
			if err != nil {
				l.onError(err)
			}
			if l.OnErased != nil {
				l.OnErased(iv)
			}
		})
	})
}

// consentText words an interview's consent for the list's tooltips and
// dialogs.
func consentText(c qda.Consent) string {
	var parts []string
	if c.Recording {
		parts = append(parts, lang.X("ivprivacy.flagRecording", "recording"))
	}
	if c.DataProtection {
		parts = append(parts, lang.X("ivprivacy.flagDeclaration", "declaration"))
	}
	if c.InfoSheet {
		parts = append(parts, lang.X("ivprivacy.flagInfoSheet", "information sheet"))
	}
	if c.Refused != nil {
		parts = append(parts, lang.X("ivprivacy.flagRefused", "refused {{.Date}}", map[string]any{"Date": i18n.Date(c.Refused.Date)}))
	}
	if len(parts) == 0 {
		return lang.X("ivprivacy.flagNone", "no consent recorded")
	}
	return strings.Join(parts, ", ")
}

// cell is a table cell that opens the data-protection menu of its row on
// a right click (primary taps go on to the table, which selects).
type cell struct {
	widget.BaseWidget
	l   *List
	box *fyne.Container
	row int
}

func newCell(l *List, box *fyne.Container) *cell {
	c := &cell{l: l, box: box, row: -1}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *cell) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.box) }

// TappedSecondary selects the cell's row and shows its menu.
func (c *cell) TappedSecondary(e *fyne.PointEvent) {
	if c.row < 0 || c.row >= len(c.l.rows) {
		return
	}
	c.l.selectRow(c.l.rows[c.row].iv.GUID)
	c.l.updateActions()
	c.l.showPrivacyMenu(e.AbsolutePosition)
}

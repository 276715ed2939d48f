// Package auditview is the audit log view: every recorded command — who
// created, changed, exported, deleted what and when — filtered by user,
// kind and date, exportable as CSV. It never shows the text of documents:
// the app's audit entries carry only summaries and entity keys.
package auditview

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/csvsafe"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the view needs of an open project; *project.Project
// implements it.
type Source interface {
	Audit(f privacy.AuditFilter) ([]privacy.AuditEntry, error)
	AuditKinds() ([]string, error)
	Users() ([]qda.User, error)
	// Export runs the CSV export through the audited use case.
	uikit.Exporter
}

// View is the audit log widget.
type View struct {
	widget.BaseWidget

	src     Source
	win     fyne.Window
	onError func(error)
	do      func(func())
	async   func(func())

	entries []privacy.AuditEntry
	cur     privacy.AuditFilter // the filter Update applies, set on the UI goroutine
	users   []string
	kinds   []string

	table  *widget.Table
	user   *widget.Select
	kind   *widget.Select
	since  *widget.Entry
	until  *widget.Entry
	count  *widget.Label
	export *widget.Button
}

// column widths: time, user, kind, summary.
var widths = []float32{160, 110, 170, 620}

// New returns an empty audit view; call Update off the UI goroutine.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.table = widget.NewTableWithHeaders(func() (int, int) { return len(v.entries), len(widths) },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && id.Col >= 0 {
			l.TextStyle.Bold = true
			l.SetText(header(id.Col))
		}
	}
	for i, w := range widths {
		v.table.SetColumnWidth(i, w)
	}
	reload := func(string) { v.reload() }
	v.user = widget.NewSelect(nil, reload)
	v.user.PlaceHolder = i18n.Choose()
	v.kind = widget.NewSelect(nil, reload)
	v.kind.PlaceHolder = i18n.Choose()
	v.since = widget.NewEntry()
	v.since.SetPlaceHolder(lang.X("auditview.since", "from (YYYY-MM-DD)"))
	v.since.OnSubmitted = reload
	v.until = widget.NewEntry()
	v.until.SetPlaceHolder(lang.X("auditview.until", "to (YYYY-MM-DD)"))
	v.until.OnSubmitted = reload
	v.count = widget.NewLabel("")
	v.export = widget.NewButtonWithIcon(lang.X("auditview.export", "Export CSV…"), theme.DownloadIcon(), v.askExport)
	v.setOptions(nil, nil)
	v.ExtendBaseWidget(v)
	return v
}

func header(col int) string {
	switch col {
	case 0:
		return lang.X("auditview.col.time", "Time")
	case 1:
		return lang.X("auditview.col.user", "User")
	case 2:
		return lang.X("auditview.col.kind", "Action")
	}
	return lang.X("auditview.col.summary", "Description")
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	filters := uikit.NewFlow(180, v.user, v.kind, v.since, v.until, v.count, v.export)
	top := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, filters)
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, v.table))
}

func (v *View) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l, ok := o.(*widget.Label)
	if !ok || id.Row >= len(v.entries) {
		return
	}
	e := v.entries[id.Row]
	switch id.Col {
	case 0:
		l.SetText(e.Time.Local().Format("2006-01-02 15:04:05"))
	case 1:
		l.SetText(e.User)
	case 2:
		l.SetText(e.Kind)
	default:
		l.SetText(e.Summary)
	}
}

// filter reads the filter widgets.
func (v *View) filter() (privacy.AuditFilter, error) {
	var f privacy.AuditFilter
	if i := v.user.SelectedIndex(); i > 0 && i <= len(v.users) {
		f.User = v.users[i-1]
	}
	if i := v.kind.SelectedIndex(); i > 0 && i <= len(v.kinds) {
		f.Kind = v.kinds[i-1]
	}
	var err error
	if f.From, err = day(v.since.Text, 0); err != nil {
		return f, err
	}
	f.To, err = day(v.until.Text, 1)
	return f, err
}

func day(s string, add int) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return t, qda.Errorf(qda.EInvalid, "%s", lang.X("auditview.badDate", "Enter dates as YYYY-MM-DD."))
	}
	return t.AddDate(0, 0, add), nil
}

// reload reads the filters (on the UI goroutine) and loads the entries.
func (v *View) reload() {
	f, err := v.filter()
	if err != nil {
		v.onError(err)
		return
	}
	v.cur = f
	v.async(v.Update)
}

// Update loads the entries the filters select. Call it off the UI
// goroutine.
func (v *View) Update() {
	list, err := v.src.Audit(v.cur)
	var kinds []string
	var users []qda.User
	if err == nil {
		if kinds, err = v.src.AuditKinds(); err == nil {
			users, err = v.src.Users()
		}
	}
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.entries = list
		v.setOptions(users, kinds)
		v.count.SetText(lang.XN("auditview.count", "{{.N}} entries", len(list), map[string]any{"N": len(list)}))
		v.table.Refresh()
	})
}

// setOptions fills the user and kind filters, keeping the choices.
func (v *View) setOptions(users []qda.User, kinds []string) {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.Name)
	}
	prefixes := map[string]bool{}
	var ks []string
	for _, k := range kinds {
		p, _, _ := strings.Cut(k, ".")
		if !prefixes[p] {
			prefixes[p] = true
			ks = append(ks, p)
		}
	}
	set := func(s *widget.Select, all string, vals []string, old []string) {
		cur := ""
		if i := s.SelectedIndex(); i > 0 && i <= len(old) {
			cur = old[i-1]
		}
		cb := s.OnChanged
		s.OnChanged = nil
		s.Options = append([]string{all}, vals...)
		idx := 0
		for i, x := range vals {
			if x == cur {
				idx = i + 1
			}
		}
		s.SetSelectedIndex(idx)
		s.OnChanged = cb
	}
	oldUsers, oldKinds := v.users, v.kinds
	v.users, v.kinds = names, ks
	set(v.user, lang.X("auditview.allUsers", "All users"), names, oldUsers)
	set(v.kind, lang.X("auditview.allKinds", "All actions"), ks, oldKinds)
}

// WriteCSV writes the entries shown as CSV (time, user, kind, summary,
// entities).
func (v *View) WriteCSV(w io.Writer) error {
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{"seq", "time", "user", "kind", "summary", "entities"})
	for _, e := range v.entries {
		var ents []string
		for k, n := range e.Entities {
			ents = append(ents, k+"="+strconv.Itoa(n))
		}
		_ = cw.Write([]string{strconv.FormatUint(e.Seq, 10), e.Time.UTC().Format(time.RFC3339), e.User, e.Kind, e.Summary, strings.Join(ents, " ")})
	}
	cw.Flush()
	return cw.Error()
}

func (v *View) askExport() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			if err != nil {
				v.onError(err)
			}
			return
		}
		var buf bytes.Buffer
		if err := v.WriteCSV(&buf); err != nil { // the entries shown, read on the UI goroutine
			_ = wc.Close()
			_ = storage.Delete(wc.URI())
			v.onError(err)
			return
		}
		v.async(func() {
			err := uikit.ExportFile(v.src, wc, privacy.ExportRequest{Format: "csv", What: "the audit log"}, func() error {
				_, err := wc.Write(buf.Bytes())
				return err
			})
			if err != nil {
				v.do(func() { v.onError(err) })
			}
		})
	}, v.win)
	d.SetFileName("audit-log.csv")
	d.Show()
}

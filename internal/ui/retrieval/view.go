// Package retrieval is the retrieval panel: the coded segments of the
// chosen codes (optionally with their sub-codes) across the project,
// filtered by level, wave, site, role, coder and document kind, each with
// its text, source (site, interviewee or document, question) and a little
// context. Tapping a segment opens its document there; the list can be
// exported as CSV.
package retrieval

import (
	"io"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// Source is what the retrieval panel needs of an open project;
// *project.Project implements it.
type Source interface {
	// Codes returns the codebook.
	Codes() ([]qda.Code, error)
	// Cases returns the sites, sorted by pseudonym.
	Cases() ([]qda.Case, error)
	// Users returns the project's users, sorted by name.
	Users() ([]qda.User, error)
	// Interviews returns every interview (for the waves and roles offered).
	Interviews() ([]qda.Interview, error)
	// Retrieve returns the coded segments passing a filter (for export).
	Retrieve(f app.CodingFilter) ([]app.Retrieved, error)
	// RetrievePage returns a page of them and how many there are.
	RetrievePage(f app.CodingFilter, offset, limit int) (*coding.RetrievedPage, error)
	// Export runs the CSV export through the audited use case.
	uikit.Exporter
}

// pageSize is the number of segments shown at a time.
const pageSize = 100

// View is the retrieval panel widget.
type View struct {
	widget.BaseWidget

	// OnOpen is called on the UI goroutine when a segment is tapped: open
	// the document at [start, end).
	OnOpen func(doc qda.GUID, start, end int)

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	mu  sync.Mutex // guards f, read by Update off the UI goroutine
	f   app.CodingFilter
	gen int // numbers loads; only the newest one's answer is shown

	chips    *fyne.Container
	addCode  *widget.SelectEntry
	picker   *fyne.Container // holds addCode
	subcodes *widget.Check
	filters  *filterBar
	count    *widget.Label
	export   *widget.Button
	list     *fyne.Container
	scroll   *container.Scroll
	more     *widget.Button
	hint     *widget.Label

	codes      map[qda.GUID]qda.Code
	options    map[string]qda.GUID // code option text → code
	allOptions []string
	segs       []app.Retrieved // the pages loaded so far
	total      int             // the number of segments in all
	rows       []*segRow
}

// New returns an empty retrieval panel on src; dialogs open over win and
// errors go to onError. Choose codes with SetCodes; Update loads.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() },
		codes: map[qda.GUID]qda.Code{}, options: map[string]qda.GUID{}}
	// The chosen codes, the code picker and the sub-codes switch flow
	// together and wrap in a narrow window (setChips keeps picker and
	// switch last).
	v.chips = uikit.NewFlow(0)
	v.addCode = widget.NewSelectEntry(nil)
	v.addCode.SetPlaceHolder(lang.X("retrieval.addCode", "Add a code …"))
	v.addCode.OnChanged = v.codeTyped
	v.picker = container.NewGridWrap(fyne.NewSize(300, v.addCode.MinSize().Height), v.addCode)
	v.subcodes = widget.NewCheck(lang.X("retrieval.subcodes", "Include sub-codes"), func(on bool) {
		v.change(func(f *app.CodingFilter) { f.SubCodes = on })
	})
	v.filters = newFilterBar(v)
	v.count = widget.NewLabel("")
	v.export = widget.NewButtonWithIcon(lang.X("retrieval.export", "Export CSV …"), theme.DocumentSaveIcon(), v.showExport)
	v.export.Disable()
	v.list = container.NewVBox()
	v.more = widget.NewButton("", v.showMore)
	v.more.Hide()
	v.hint = widget.NewLabel(lang.X("retrieval.hint", "Choose one or more codes, here or in the code system, to see their coded segments."))
	v.hint.Wrapping = fyne.TextWrapWord
	v.hint.Alignment = fyne.TextAlignCenter
	v.hint.Importance = widget.LowImportance
	v.scroll = container.NewVScroll(container.NewVBox(v.list, container.NewCenter(v.more)))
	v.setChips()
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	codesLabel := widget.NewLabelWithStyle(lang.X("retrieval.codes", "Codes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	codeRow := container.NewBorder(nil, nil, container.NewVBox(codesLabel), nil, v.chips)
	top := container.NewVBox(codeRow, v.filters.content(),
		container.NewBorder(nil, nil, nil, v.export, v.count), widget.NewSeparator())
	// The hint wraps at the panel's width, centred vertically.
	hint := container.NewVBox(layout.NewSpacer(), v.hint, layout.NewSpacer())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil,
		container.NewStack(v.scroll, hint)))
}

// SetCodes chooses the codes whose segments are shown (the code tree's
// selection feeds it) and loads them. A guideline or theme code turns the
// sub-codes switch on: its segments are those of its questions. Call it on
// the UI goroutine.
func (v *View) SetCodes(codes ...qda.GUID) {
	codes = append([]qda.GUID(nil), codes...)
	for _, id := range codes {
		if _, ok := v.codes[id]; !ok {
			// The codebook is not loaded yet (the tab was never shown) or
			// the code is new: load it first, then decide on the switch.
			v.async(func() {
				all, err := v.src.Codes()
				v.do(func() {
					if err == nil {
						v.setCodebook(all)
					}
					v.setCodes(codes)
				})
			})
			return
		}
	}
	v.setCodes(codes)
}

// setCodes is SetCodes once the codebook knows the codes.
func (v *View) setCodes(codes []qda.GUID) {
	sub := v.wantsSubCodes(codes)
	if sub {
		v.checkSubCodes()
	}
	v.change(func(f *app.CodingFilter) {
		f.Code, f.Codes = "", codes
		f.SubCodes = f.SubCodes || sub
	})
}

// wantsSubCodes reports whether one of the codes stands for a guideline or
// one of its themes: such codes are rarely coded themselves, so their
// retrieval includes the codes below by default.
func (v *View) wantsSubCodes(codes []qda.GUID) bool {
	for _, id := range codes {
		if c, ok := v.codes[id]; ok && c.Ref != nil && (c.Ref.Kind == qda.RefGuideline || c.Ref.Kind == qda.RefSection) {
			return true
		}
	}
	return false
}

// checkSubCodes ticks the sub-codes switch without loading (the caller
// changes the filter itself).
func (v *View) checkSubCodes() {
	on := v.subcodes.OnChanged
	v.subcodes.OnChanged = nil
	v.subcodes.SetChecked(true)
	v.subcodes.OnChanged = on
}

// SetAsync sets how loads run off the UI goroutine (default: a new
// goroutine each); a caller that runs them inline gets them done when the
// call returns, as tests want.
func (v *View) SetAsync(run func(func())) { v.async = run }

// SetSubCodes includes or leaves out the segments of sub-codes, as the
// check box does, and loads again. Call it on the UI goroutine.
func (v *View) SetSubCodes(on bool) { v.subcodes.SetChecked(on) }

// Filter returns the current filter.
func (v *View) Filter() app.CodingFilter {
	v.mu.Lock()
	defer v.mu.Unlock()
	f := v.f
	f.Codes = append([]qda.GUID(nil), f.Codes...)
	return f
}

// change edits the filter and loads the segments again.
func (v *View) change(edit func(f *app.CodingFilter)) {
	v.mu.Lock()
	edit(&v.f)
	v.mu.Unlock()
	v.setChips()
	v.async(v.loadSegments)
}

// Update loads the codebook, the filter choices and the segments. It
// blocks while loading, so call it off the UI goroutine.
func (v *View) Update() {
	codes, err := v.src.Codes()
	var cases []qda.Case
	var users []qda.User
	var ivs []qda.Interview
	if err == nil {
		cases, err = v.src.Cases()
	}
	if err == nil {
		users, err = v.src.Users()
	}
	if err == nil {
		ivs, err = v.src.Interviews()
	}
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.setCodebook(codes)
		v.filters.setOptions(cases, users, ivs)
		v.setChips()
	})
	if err == nil {
		v.loadSegments()
	}
}

// loadSegments retrieves the first page of the current filter's
// segments. It blocks, so call it off the UI goroutine.
func (v *View) loadSegments() {
	v.mu.Lock()
	v.gen++
	gen, f := v.gen, v.f
	v.mu.Unlock()
	haveCodes := f.Code != "" || len(f.Codes) > 0
	page := &coding.RetrievedPage{}
	var err error
	if haveCodes {
		page, err = v.src.RetrievePage(f, 0, pageSize)
	}
	v.do(func() {
		if v.stale(gen) {
			return
		}
		if err != nil {
			v.onError(err)
			return
		}
		v.setSegments(page, haveCodes)
	})
}

// stale reports whether a load numbered gen was overtaken by a newer one.
func (v *View) stale(gen int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return gen != v.gen
}

// setSegments shows the first page of a new list of segments.
func (v *View) setSegments(page *coding.RetrievedPage, haveCodes bool) {
	v.segs, v.total = page.Segments, page.Total
	v.list.RemoveAll()
	v.rows = nil
	v.addRows()
	v.scroll.ScrollToTop()
	if haveCodes {
		v.hint.Hide()
		v.count.SetText(lang.X("retrieval.count", "Coded segments: {{.N}}", map[string]any{"N": v.total}))
	} else {
		v.hint.Show()
		v.count.SetText("")
	}
	if v.total > 0 {
		v.export.Enable()
	} else {
		v.export.Disable()
	}
}

// showMore loads the next page off the UI goroutine and adds it.
func (v *View) showMore() {
	v.mu.Lock()
	gen, f := v.gen, v.f
	v.mu.Unlock()
	offset := len(v.segs)
	v.more.Disable()
	v.async(func() {
		page, err := v.src.RetrievePage(f, offset, pageSize)
		v.do(func() {
			v.more.Enable()
			if v.stale(gen) || offset != len(v.segs) {
				return
			}
			if err != nil {
				v.onError(err)
				return
			}
			v.segs, v.total = append(v.segs, page.Segments...), page.Total
			v.addRows()
		})
	})
}

// addRows shows the loaded segments that have no row yet.
func (v *View) addRows() {
	for i := len(v.rows); i < len(v.segs); i++ {
		r := v.segs[i]
		row := newSegRow(r, func() {
			if v.OnOpen != nil {
				v.OnOpen(r.Document, r.Start, r.End)
			}
		})
		v.rows = append(v.rows, row)
		v.list.Add(row)
		v.list.Add(widget.NewSeparator())
	}
	if len(v.rows) < v.total {
		v.more.SetText(lang.X("retrieval.more", "Show more ({{.Shown}} of {{.Total}} shown)",
			map[string]any{"Shown": len(v.rows), "Total": v.total}))
		v.more.Show()
	} else {
		v.more.Hide()
	}
	v.list.Refresh()
}

// ExportCSV writes every segment of the current filter (not only the pages
// shown) as CSV with a byte order mark, so that spreadsheet programs read
// the umlauts right. It blocks, so call it off the UI goroutine. It is the
// writer only: the export action runs it through the audited use case
// (exportAudited).
func (v *View) ExportCSV(w io.Writer) error {
	_, err := v.exportCSV(w)
	return err
}

// exportCSV is ExportCSV; it returns the number of segments written.
func (v *View) exportCSV(w io.Writer) (int, error) {
	segs, err := v.src.Retrieve(v.Filter())
	if err != nil {
		return 0, err
	}
	return len(segs), writeCSV(w, segs)
}

func writeCSV(w io.Writer, segs []app.Retrieved) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	return coding.WriteSegmentsCSV(w, segs)
}

// exportAudited writes the CSV into the chosen file as an audited export:
// open anonymisation findings in the segments' documents are confirmed
// first, and the export is in the audit log. It closes wc (and deletes the
// file when nothing was exported) and returns the number of segments.
func (v *View) exportAudited(wc fyne.URIWriteCloser) (int, error) {
	segs, err := v.src.Retrieve(v.Filter())
	if err != nil {
		_ = wc.Close()
		_ = storage.Delete(wc.URI())
		return 0, err
	}
	seen := map[qda.GUID]bool{}
	var docs []qda.GUID
	for _, r := range segs {
		if !seen[r.Document] {
			seen[r.Document] = true
			docs = append(docs, r.Document)
		}
	}
	req := privacy.ExportRequest{Format: "csv", What: "coded segments", Documents: docs, Confirm: uikit.ConfirmFindings(v.win, v.do)}
	return len(segs), uikit.ExportFile(v.src, wc, req, func() error { return writeCSV(wc, segs) })
}

// showExport asks for a file and writes the CSV there.
func (v *View) showExport() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			v.onError(err)
			return
		}
		if wc == nil {
			return
		}
		v.async(func() {
			n, werr := v.exportAudited(wc)
			v.do(func() {
				if werr != nil {
					v.onError(werr)
					return
				}
				v.count.SetText(lang.X("retrieval.exported", "Coded segments: {{.N}} — saved to {{.File}}",
					map[string]any{"N": n, "File": wc.URI().Name()}))
			})
		})
	}, v.win)
	d.SetFileName(lang.X("retrieval.fileName", "segments") + ".csv")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

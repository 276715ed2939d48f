// Package searchview is the full-text search view: a query entry, the hits
// as highlighted fragments, facet lists (level, wave, site, role, kind,
// code) whose values filter the search when ticked, sorting by relevance
// or document, a keyword-in-context tab, a word-frequency tab and
// autocoding of all or the selected hits. Searching runs off the UI
// goroutine; a stale index is repaired first (app's StartIndexRepair) and
// while it is being rebuilt the view says so with progress.
package searchview

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/indexing"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the search view needs of an open project; *project.Project
// implements it.
type Source interface {
	// IndexState compares the index with the store.
	IndexState() (indexing.IndexState, error)
	// StartIndexRepair brings the index up to date in the background,
	// reporting the progress of a rebuild; false if a repair is running.
	StartIndexRepair(progress app.Progress, finished func(rebuilt bool, err error)) bool
	// IndexStatus says whether a repair is running, with its progress.
	IndexStatus() indexing.IndexStatus
	// Search answers a request.
	Search(req qda.SearchRequest) (*qda.SearchResult, error)
	// KWIC returns the concordance of a search.
	KWIC(req qda.SearchRequest, width int) ([]analysis.KWICLine, error)
	// WordFrequencies counts the words of a search's hits, or of the
	// project for a request without query and filters.
	WordFrequencies(req qda.SearchRequest, limit int) ([]analysis.WordCount, error)
	// Codes returns the codebook.
	Codes() ([]qda.Code, error)
	// Autocode codes passages as one command.
	Autocode(r coding.AutocodeRequest) (*coding.AutocodeResult, error)
}

// pageSize is the number of hits loaded at a time.
const pageSize = 50

// retryAfter is how long the view waits before searching again while the
// index is being rebuilt elsewhere; pollEvery how often it looks at the
// progress of a repair it waits for.
const (
	retryAfter = 2 * time.Second
	pollEvery  = 250 * time.Millisecond
)

// View is the search view widget.
type View struct {
	widget.BaseWidget

	// OnOpen is called on the UI goroutine when a hit or a KWIC line is
	// tapped: open the document at [start, end).
	OnOpen func(doc qda.GUID, start, end int)
	// OnChanged is called on the UI goroutine after autocoding changed the
	// project, with a sentence saying what was done.
	OnChanged func(message string)

	src     Source
	win     fyne.Window
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both to serialise.
	do    func(func())
	async func(func())

	entry       *widget.Entry
	sortBy      *widget.RadioGroup
	acBtn       *widget.Button
	clearBtn    *widget.Button
	status      *widget.Label
	problem     *widget.Label
	progress    *widget.ProgressBar
	progressAny *widget.ProgressBarInfinite
	hint        *widget.Label
	facetBox    *fyne.Container
	hitBox      *fyne.Container
	hitScroll   *container.Scroll
	moreBtn     *widget.Button
	tabs        *container.AppTabs
	kwic        *kwicTab
	words       *wordsTab
	acForm      *autocodeForm // the last Autocode dialog

	facetChecks []facetCheck
	filters     map[string]map[string]bool
	req         qda.SearchRequest // the request of the hits shown
	result      *qda.SearchResult
	hits        []*hitRow
	selected    map[hitKey]bool
	seq         int    // numbers searches; only the newest one's answer is shown
	notice      string // said once with the next result (after autocoding)
}

// New returns a search view on src; dialogs open over win and errors that
// are not about the query go to onError.
func New(src Source, win fyne.Window, onError func(error)) *View {
	v := &View{src: src, win: win, onError: onError, do: fyne.Do, async: func(f func()) { go f() },
		filters: map[string]map[string]bool{}, selected: map[hitKey]bool{}}
	v.entry = widget.NewEntry()
	v.entry.SetPlaceHolder(lang.X("searchview.placeholder", "Search all documents: words, \"phrases\", OR, -not, prefix*, level:operative …"))
	v.entry.OnSubmitted = func(string) { v.Run() }
	v.sortBy = widget.NewRadioGroup([]string{lang.X("searchview.sort.relevance", "Relevance"), lang.X("searchview.sort.document", "Document")},
		func(string) { v.Run() })
	v.sortBy.Horizontal = true
	v.sortBy.Required = true
	v.sortBy.Selected = v.sortBy.Options[0]
	v.acBtn = widget.NewButtonWithIcon(lang.X("searchview.autocode", "Autocode…"), theme.ContentAddIcon(), v.showAutocode)
	v.acBtn.Disable()
	v.clearBtn = widget.NewButtonWithIcon(lang.X("searchview.clearFilters", "Clear filters"), theme.ContentClearIcon(), v.ClearFilters)
	v.clearBtn.Importance = widget.LowImportance
	v.clearBtn.Hide()
	v.status = widget.NewLabel("")
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	v.progress = widget.NewProgressBar()
	v.progress.Hide()
	v.progressAny = widget.NewProgressBarInfinite()
	v.progressAny.Stop()
	v.progressAny.Hide()
	v.hint = widget.NewLabel(lang.X("searchview.hint", "Type what you are looking for above, e.g. Arbeitgeber, \"viele Vorschläge\", Vermitt*, Arbeitgeber -Büro level:operative (filters: level, wave, site, role, code, kind, interviewer, doc)"))
	v.hint.Wrapping = fyne.TextWrapWord
	v.hint.Alignment = fyne.TextAlignCenter
	v.hint.Importance = widget.LowImportance
	v.facetBox = container.NewVBox()
	v.hitBox = container.NewVBox()
	v.moreBtn = widget.NewButton(lang.X("searchview.more", "Show more hits"), v.loadMore)
	v.moreBtn.Hide()
	v.hitScroll = container.NewVScroll(container.NewVBox(v.hitBox, container.NewCenter(v.moreBtn)))
	v.kwic = newKWICTab(v)
	v.words = newWordsTab(v)
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.X("searchview.tab.hits", "Hits"), theme.SearchIcon(),
			container.NewStack(v.hitScroll, container.NewCenter(container.NewGridWrap(fyne.NewSize(420, 100), v.hint)))),
		container.NewTabItemWithIcon(lang.X("searchview.tab.kwic", "Keyword in context"), theme.MenuIcon(), v.kwic.content()),
		container.NewTabItemWithIcon(lang.X("searchview.tab.words", "Word frequencies"), theme.ListIcon(), v.words.content()))
	v.tabs.OnSelected = func(*container.TabItem) { v.loadTab() }
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	run := widget.NewButtonWithIcon(lang.X("searchview.run", "Search"), theme.SearchIcon(), v.Run)
	run.Importance = widget.HighImportance
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, run, v.entry),
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(lang.X("searchview.sortBy", "Sort by")), v.sortBy),
			container.NewHBox(v.clearBtn, v.acBtn), v.status),
		v.progress, v.progressAny, v.problem)
	facetTitle := widget.NewLabelWithStyle(lang.X("searchview.facets", "Filter"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	facets := container.NewBorder(facetTitle, nil, nil, nil, container.NewVScroll(v.facetBox))
	split := container.NewHSplit(facets, v.tabs)
	split.Offset = 0.24
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, split))
}

// SetQuery puts a query into the entry (the shell's search field feeds
// it). Call Run to search. Call it on the UI goroutine.
func (v *View) SetQuery(q string) { v.entry.SetText(q) }

// Query returns the query in the entry.
func (v *View) Query() string { return v.entry.Text }

// ClearFilters unticks every facet value and searches again.
func (v *View) ClearFilters() {
	v.filters = map[string]map[string]bool{}
	v.Run()
}

// request builds the search request from the entry, filters and sort.
func (v *View) request() qda.SearchRequest {
	req := qda.SearchRequest{Query: v.entry.Text, Limit: pageSize, SortByDocument: v.sortBy.Selected == v.sortBy.Options[1]}
	for name, vals := range v.filters {
		for val, on := range vals {
			if on {
				if req.Filters == nil {
					req.Filters = map[string][]string{}
				}
				req.Filters[name] = append(req.Filters[name], val)
			}
		}
	}
	return req
}

// Run searches with the current query, filters and sort. It returns at
// once; the index is brought up to date and the search runs off the UI
// goroutine. Call it on the UI goroutine.
func (v *View) Run() {
	req := v.request()
	v.seq++
	seq := v.seq
	v.async(func() {
		err := v.ensureIndex(seq)
		var res *qda.SearchResult
		if err == nil {
			res, err = v.src.Search(req)
		}
		v.do(func() {
			if seq == v.seq {
				v.showResult(req, res, err)
			}
		})
	})
}

// ensureIndex brings a stale index up to date before searching, showing
// the progress of a rebuild; if a repair runs already it waits for that
// one. It blocks, so call it off the UI goroutine.
func (v *View) ensureIndex(seq int) error {
	show := func(done, total int) {
		v.do(func() {
			if seq == v.seq {
				v.showRebuilding(done, total)
			}
		})
	}
	if st, err := v.src.IndexState(); err != nil || st.Current {
		return nil // no index: Search says why
	}
	show(0, 0)
	finished := make(chan error, 1)
	if v.src.StartIndexRepair(show, func(_ bool, err error) { finished <- err }) {
		return <-finished
	}
	for st := v.src.IndexStatus(); st.Rebuilding; st = v.src.IndexStatus() {
		show(st.Done, st.Total)
		time.Sleep(pollEvery)
	}
	return nil
}

// showRebuilding shows that the index is being rebuilt, with the number
// of documents done when known.
func (v *View) showRebuilding(done, total int) {
	if total == 0 {
		v.status.SetText(lang.X("searchview.updating", "The search index is being brought up to date …"))
		v.progressAny.Show()
		v.progressAny.Start()
		return
	}
	v.status.SetText(lang.X("searchview.rebuilding", "The search index is being rebuilt: {{.Done}} of {{.Total}} documents …",
		map[string]any{"Done": done, "Total": total}))
	v.progressAny.Stop()
	v.progressAny.Hide()
	v.progress.Max = float64(total)
	v.progress.SetValue(float64(done))
	v.progress.Show()
}

// showResult shows a search's answer or says why there is none.
func (v *View) showResult(req qda.SearchRequest, res *qda.SearchResult, err error) {
	v.progress.Hide()
	v.progressAny.Stop()
	v.progressAny.Hide()
	v.problem.Hide()
	if err != nil {
		switch qda.ErrorCode(err) {
		case qda.EInvalid:
			reason := strings.TrimPrefix(qda.ErrorMessage(err), "search query: ")
			v.problem.SetText(lang.X("searchview.badQuery", "The query cannot be read: {{.Reason}}", map[string]any{"Reason": reason}))
			v.problem.Show()
			v.status.SetText("")
		case qda.EUnavailable, qda.EUnsupported:
			v.status.SetText(i18n.Error(err))
			if v.src.IndexStatus().Rebuilding { // a repair started meanwhile: try again
				seq := v.seq
				time.AfterFunc(retryAfter, func() {
					v.do(func() {
						if seq == v.seq {
							v.Run()
						}
					})
				})
			}
		default:
			v.status.SetText("")
			v.onError(err)
		}
		return
	}
	v.req, v.result = req, res
	v.selected = map[hitKey]bool{}
	v.hint.Hide()
	found := lang.X("searchview.found", "Passages found: {{.N}}", map[string]any{"N": res.Total})
	if v.notice != "" {
		found, v.notice = v.notice+"  ·  "+found, ""
	}
	v.status.SetText(found)
	v.setFacets(res.Facets)
	v.setHits(res.Hits, false)
	v.updateActions()
	v.kwic.stale, v.words.stale = true, true
	v.loadTab()
}

// loadMore appends the next page of hits.
func (v *View) loadMore() {
	req := v.req
	req.Offset = len(v.hits)
	req.NoFacets = true
	seq := v.seq
	v.moreBtn.Disable()
	v.async(func() {
		res, err := v.src.Search(req)
		v.do(func() {
			v.moreBtn.Enable()
			if seq != v.seq {
				return
			}
			if err != nil {
				v.onError(err)
				return
			}
			v.setHits(res.Hits, true)
		})
	})
}

// updateActions enables the actions that fit the current result.
func (v *View) updateActions() {
	if v.result != nil && v.result.Total > 0 {
		v.acBtn.Enable()
	} else {
		v.acBtn.Disable()
	}
	active := false
	for _, vals := range v.filters {
		for _, on := range vals {
			active = active || on
		}
	}
	if active {
		v.clearBtn.Show()
	} else {
		v.clearBtn.Hide()
	}
}

// loadTab loads the KWIC or word list when its tab is shown and stale.
func (v *View) loadTab() {
	switch v.tabs.SelectedIndex() {
	case 1:
		v.kwic.load()
	case 2:
		v.words.load()
	}
}

package searchview

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// fakeIndex is an in-memory app.Index: a passage matches when every query
// word occurs in it (case-insensitively, also inside longer words, like
// the real index's compound parts); field filters are ignored in the
// query but honoured as SearchRequest.Filters. An unclosed quote is a
// malformed query.
type fakeIndex struct {
	mu       sync.Mutex
	passages []qda.IndexPassage
	stamp    app.IndexStamp
}

func (x *fakeIndex) Update(remove []qda.GUID, add []qda.IndexPassage) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	gone := map[qda.GUID]bool{}
	for _, d := range remove {
		gone[d] = true
	}
	// A passage added again (same document and start) replaces the old.
	type at struct {
		doc   qda.GUID
		start int
	}
	replaced := map[at]bool{}
	for _, p := range add {
		replaced[at{p.Document, p.Start}] = true
	}
	var keep []qda.IndexPassage
	for _, p := range x.passages {
		if !gone[p.Document] && !replaced[at{p.Document, p.Start}] {
			keep = append(keep, p)
		}
	}
	x.passages = append(keep, add...)
	return nil
}

func (x *fakeIndex) Stamp() (app.IndexStamp, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.stamp, nil
}
func (x *fakeIndex) SetStamp(s app.IndexStamp) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.stamp = s
	return nil
}
func (x *fakeIndex) Reset() error { x.mu.Lock(); defer x.mu.Unlock(); x.passages = nil; return nil }
func (x *fakeIndex) Close() error { return nil }

func facetValues(p *qda.IndexPassage, name string) []string {
	switch name {
	case "level":
		return []string{string(p.Level)}
	case "wave":
		if p.Wave > 0 {
			return []string{strconv.Itoa(p.Wave)}
		}
		return nil
	case "case":
		return []string{p.Case}
	case "role":
		return []string{p.Role}
	case "kind":
		return []string{string(p.Kind)}
	}
	var out []string
	for _, c := range p.Codes {
		if len(c) != 36 || c[8] != '-' { // names, not GUIDs
			out = append(out, c)
		}
	}
	return out
}

func (x *fakeIndex) Search(req qda.SearchRequest) (*qda.SearchResult, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if strings.Count(req.Query, `"`)%2 == 1 {
		return nil, qda.Errorf(qda.EInvalid, "search query: a quotation mark is not closed")
	}
	var words []string
	for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(req.Query, `"`, ""))) {
		if !strings.Contains(w, ":") {
			words = append(words, w)
		}
	}
	res := &qda.SearchResult{Facets: map[string][]qda.FacetCount{}}
	counts := map[string]map[string]int{}
	var hits []qda.SearchHit
next:
	for _, p := range x.passages {
		low := strings.ToLower(p.Text)
		for _, w := range words {
			if !strings.Contains(low, w) {
				continue next
			}
		}
		for name, vals := range req.Filters {
			ok := false
			for _, have := range facetValues(&p, name) {
				for _, want := range vals {
					ok = ok || have == want
				}
			}
			if !ok {
				continue next
			}
		}
		for _, name := range facetOrder {
			for _, v := range facetValues(&p, name) {
				if v == "" {
					continue
				}
				if counts[name] == nil {
					counts[name] = map[string]int{}
				}
				counts[name][v]++
			}
		}
		hits = append(hits, qda.SearchHit{IndexPassage: p, Score: 1, Fragment: fakeFragment(p.Text, words)})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].DocName != hits[j].DocName {
			return hits[i].DocName < hits[j].DocName
		}
		return hits[i].Start < hits[j].Start
	})
	res.Total = uint64(len(hits))
	limit := req.Limit
	if limit == 0 {
		limit = 50
	}
	hits = hits[min(req.Offset, len(hits)):]
	res.Hits = hits[:min(limit, len(hits))]
	if !req.NoFacets {
		for name, m := range counts {
			for v, n := range m {
				res.Facets[name] = append(res.Facets[name], qda.FacetCount{Value: v, Count: n})
			}
			sort.Slice(res.Facets[name], func(i, j int) bool { return res.Facets[name][i].Value < res.Facets[name][j].Value })
		}
	}
	return res, nil
}

// fakeFragment marks the words of text that contain a query word.
func fakeFragment(text string, words []string) []qda.Span {
	var out []qda.Span
	rs := []rune(text)
	i := 0
	for i < len(rs) {
		j := i
		isWord := unicode.IsLetter(rs[i])
		for j < len(rs) && unicode.IsLetter(rs[j]) == isWord {
			j++
		}
		piece := string(rs[i:j])
		mark := false
		for _, w := range words {
			mark = mark || (isWord && strings.Contains(strings.ToLower(piece), w))
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += piece
		} else {
			out = append(out, qda.Span{Text: piece, Mark: mark})
		}
		i = j
	}
	return out
}

// recorder wraps the service and records the search requests.
type recorder struct {
	*project.Project
	mu   sync.Mutex
	reqs []qda.SearchRequest
	// repair, if set, replaces StartIndexRepair.
	repair func(app.Progress, func(bool, error)) bool
}

func (r *recorder) Search(req qda.SearchRequest) (*qda.SearchResult, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	return r.Project.Search(req)
}

func (r *recorder) StartIndexRepair(p app.Progress, finished func(bool, error)) bool {
	if r.repair != nil {
		return r.repair(p, finished)
	}
	return r.Project.StartIndexRepair(p, finished)
}

func (r *recorder) last() qda.SearchRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reqs[len(r.reqs)-1]
}

// harness holds a search view on the sample fixture in a test window.
// Async work runs on goroutines as in the app; ui serialises it with the
// test, as the UI goroutine would.
type harness struct {
	v      *View
	w      fyne.Window
	m      *uitest.MemStore
	src    *recorder
	mu     *sync.Mutex
	wg     *sync.WaitGroup
	errs   *[]error
	opened *[]coding.PassageRef
}

func (h harness) ui(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f()
}

// settle waits until the async work started so far is done.
func (h harness) settle() { h.wg.Wait() }

// search types a query, runs it and waits for the answer.
func (h harness) search(q string) {
	h.ui(func() { h.v.SetQuery(q); h.v.Run() })
	h.settle()
}

func newHarness(t *testing.T) harness {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	m.Texts[uitest.ID("doc:Konzeptpapier Süd")] = "Ein Konzeptpapier mit <mark>Markup</mark> & Zusammenfassung."
	svc := project.New(app.Config{Store: m, Index: &fakeIndex{}, UserName: "anna"})
	h := harness{m: m, src: &recorder{Project: svc}, mu: &sync.Mutex{}, wg: &sync.WaitGroup{}, errs: &[]error{}, opened: &[]coding.PassageRef{}}
	h.v = New(h.src, nil, func(err error) { *h.errs = append(*h.errs, err) })
	h.v.do = h.ui
	h.v.async = func(f func()) {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); f() }()
	}
	h.v.OnOpen = func(doc qda.GUID, start, end int) {
		*h.opened = append(*h.opened, coding.PassageRef{Document: doc, Start: start, End: end})
	}
	h.w = test.NewTempWindow(t, h.v)
	h.w.Resize(fyne.NewSize(1200, 800))
	h.v.win = h.w
	t.Cleanup(func() {
		if len(*h.errs) > 0 {
			t.Errorf("view errors: %v", *h.errs)
		}
	})
	return h
}

package bench

import (
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// Figure is one measured value with its target.
type Figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	// Target is the goal ("≤ 10" or "≥ 200"), empty where there is none.
	Target string `json:"target,omitempty"`
	// Met says whether Value meets Target; absent without a target.
	Met *bool `json:"met,omitempty"`
}

// Report is the result of a bench run.
type Report struct {
	Docs    int      `json:"docs"`
	MB      float64  `json:"mb"`
	Figures []Figure `json:"figures"`
	// Notes explain figures that are absent and anything else of note.
	Notes []string `json:"notes,omitempty"`
}

// Add appends a figure; target is "<=N" or ">=N" or empty.
func (r *Report) Add(name string, value float64, unit, target string) {
	f := Figure{Name: name, Value: value, Unit: unit}
	var limit float64
	if n, _ := fmt.Sscanf(target, "<=%g", &limit); n == 1 {
		met := value <= limit
		f.Target, f.Met = "≤ "+fmt.Sprint(limit), &met
	} else if n, _ := fmt.Sscanf(target, ">=%g", &limit); n == 1 {
		met := value >= limit
		f.Target, f.Met = "≥ "+fmt.Sprint(limit), &met
	}
	r.Figures = append(r.Figures, f)
}

// Notef appends a note.
func (r *Report) Notef(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) error {
	fmt.Fprintf(w, "corpus: %d documents, %.1f MB of text\n\n", r.Docs, r.MB)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\ttarget\tmet?")
	for _, f := range r.Figures {
		met := ""
		if f.Met != nil {
			met = map[bool]string{true: "yes", false: "NO"}[*f.Met]
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\n", f.Name, fmtValue(f.Value), f.Unit, f.Target, met)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

func fmtValue(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Percentile returns the p-th percentile of lat (sorted in place).
func Percentile(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat[min(len(lat)-1, len(lat)*p/100)]
}

// query is one kind of search, as the index and as a regular expression.
type query struct {
	kind   string
	target string // p95 target in ms
	reqs   []qda.SearchRequest
	res    []*regexp.Regexp
	facets bool
}

func queries() []query {
	words := []string{"Vermittlung", "Arbeitgeber", "Kooperation", "Förderung", "Gespräche", "Maßnahmen", "Größe", "Beratung"}
	var word, facet query
	word = query{kind: "word", target: "<=10"}
	facet = query{kind: "faceted", target: "<=20", facets: true}
	for _, w := range words {
		word.reqs = append(word.reqs, qda.SearchRequest{Query: w, Limit: 20, NoFacets: true, NoHighlight: true})
		word.res = append(word.res, regexp.MustCompile(`(?i)\b`+w+`\b`))
		facet.reqs = append(facet.reqs, qda.SearchRequest{Query: w, Limit: 20, NoHighlight: true,
			Filters: map[string][]string{"kind": {"protocol"}}})
		facet.res = append(facet.res, regexp.MustCompile(`(?i)\b`+w+`\b`))
	}
	phrase := query{kind: "phrase+highlight", target: "<=30",
		reqs: []qda.SearchRequest{{Query: `"` + Phrase + `"`, Limit: 20, NoFacets: true}},
		res:  []*regexp.Regexp{regexp.MustCompile(`(?i)\bgemeinsamen\s+arbeitgeberservice\b`)}}
	return []query{word, phrase, facet}
}

// RetrievePageSize is the page of segments the retrieval panel shows.
const RetrievePageSize = 100

// Searches is the number of index searches per query kind; Scans the
// number of regex scans; Repeats the runs of a retrieval or a matrix whose
// median is reported.
const (
	Searches = 40
	Scans    = 3
	Repeats  = 5
)

// median runs fn Repeats times and returns the median of its times.
func median(fn func() error) (time.Duration, error) {
	var ds []time.Duration
	for range Repeats {
		t0 := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(t0))
	}
	return Percentile(ds, 50), nil
}

// Measure measures search (index and scan), retrieval of code, the code ×
// case matrix and the agreement of the Coders on s, adding to r.
//
// The scan is timed twice: over texts loaded once beforehand (a lower
// bound of QualCoder's time), and as QualCoder runs it, loading every text
// from the store again for every search.
func Measure(s *project.Project, code qda.GUID, r *Report) error {
	return MeasureScans(s, code, Scans, r)
}

// MeasureScans is Measure with scans regex scans per query kind (and as
// many reloads) instead of Scans: on a very large corpus one scan of every
// text takes minutes.
func MeasureScans(s *project.Project, code qda.GUID, scans int, r *Report) error {
	scans = max(1, scans)
	// The first search of a session reads the index's facet columns (the
	// GUI does this in the background after opening); timed on its own so
	// that the percentiles below are those of a working session.
	first := queries()[2].reqs[0]
	t0 := time.Now()
	if _, err := s.Search(first); err != nil {
		return fmt.Errorf("first search: %w", err)
	}
	r.Add("first search of the session (reads the facet columns)", ms(time.Since(t0)), "ms", "")
	// The index's searches come before the scans: these hold every text
	// in memory and leave as much again as garbage for each reload, and
	// collecting that is no part of a search. For the same reason the
	// heap is collected before each group of timings, as testing.B does
	// before each benchmark.
	runtime.GC()
	ours := make([][]time.Duration, len(queries()))
	for k, q := range queries() {
		for i := 0; i < Searches; i++ {
			t0 := time.Now()
			if _, err := s.Search(q.reqs[i%len(q.reqs)]); err != nil {
				return fmt.Errorf("search %s: %w", q.kind, err)
			}
			ours[k] = append(ours[k], time.Since(t0))
		}
	}
	t0 = time.Now()
	texts, err := LoadTexts(s)
	if err != nil {
		return fmt.Errorf("load texts: %w", err)
	}
	r.Add(fmt.Sprintf("load all %d texts from the store", len(texts)), ms(time.Since(t0)), "ms", "")
	for k, q := range queries() {
		var theirs []time.Duration
		for i := 0; i < scans; i++ {
			t0 := time.Now()
			Scan(texts, q.res[i%len(q.res)], q.facets)
			theirs = append(theirs, time.Since(t0))
		}
		// QualCoder's method as it runs: every search loads every text
		// from the store again, then scans it.
		var reload []time.Duration
		for i := 0; i < scans; i++ {
			t0 := time.Now()
			fresh, err := LoadTexts(s)
			if err != nil {
				return fmt.Errorf("load texts: %w", err)
			}
			Scan(fresh, q.res[i%len(q.res)], q.facets)
			reload = append(reload, time.Since(t0))
		}
		p50, p95, scan50, reload50 := Percentile(ours[k], 50), Percentile(ours[k], 95), Percentile(theirs, 50), Percentile(reload, 50)
		r.Add("search "+q.kind+" p50", ms(p50), "ms", "")
		r.Add("search "+q.kind+" p95", ms(p95), "ms", q.target)
		r.Add("regex scan "+q.kind+" p50 (texts already in memory)", ms(scan50), "ms", "")
		r.Add("scan ÷ search "+q.kind+" (p50)", float64(scan50)/float64(max(p50, 1)), "×", ">=200")
		r.Add("QualCoder's method "+q.kind+" p50 (reload every text, then scan)", ms(reload50), "ms", "")
		r.Add("QualCoder's method ÷ search "+q.kind+" (p50)", float64(reload50)/float64(max(p50, 1)), "×", ">=500")
	}
	runtime.GC() // the scans' texts, before the retrieval's timings
	// The first retrieval of a session builds the coding table (see
	// internal/readmodel); the GUI's code tree does it at open.
	t0 = time.Now()
	if _, err := s.RetrievePage(app.CodingFilter{Code: code}, 0, 1); err != nil {
		return fmt.Errorf("retrieve: %w", err)
	}
	r.Add("first retrieval of a session (builds the coding table)", ms(time.Since(t0)), "ms", "")
	// The rows below are the median of Repeats runs each: one run is one
	// sample, and a single collection or page fault moves it by a third.
	var got []app.Retrieved
	whole, err := median(func() (err error) { got, err = s.Retrieve(app.CodingFilter{Code: code}); return err })
	if err != nil {
		return fmt.Errorf("retrieve: %w", err)
	}
	r.Add(fmt.Sprintf("retrieve one code (%d segments, median of %d)", len(got), Repeats), ms(whole), "ms", "<=300")
	var page *coding.RetrievedPage
	firstPage, err := median(func() (err error) {
		page, err = s.RetrievePage(app.CodingFilter{Code: code}, 0, RetrievePageSize)
		return err
	})
	if err != nil {
		return fmt.Errorf("retrieve page: %w", err)
	}
	r.Add(fmt.Sprintf("retrieve one code, first page (%d of %d segments, as the panel shows it, median of %d)", len(page.Segments), page.Total, Repeats),
		ms(firstPage), "ms", "<=20")
	var m *analysis.Matrix
	took, err := median(func() (err error) { m, err = s.Matrix(analysis.MatrixRequest{}); return err })
	if err != nil {
		return fmt.Errorf("matrix: %w", err)
	}
	r.Add(fmt.Sprintf("code × case matrix (%d×%d, median of %d)", len(m.Rows), len(m.Cols), Repeats), ms(took), "ms", "<=20")
	t0 = time.Now()
	a, err := s.Agreement(analysis.AgreementRequest{Coders: Coders[:]})
	if err != nil {
		return fmt.Errorf("agreement: %w", err)
	}
	r.Add(fmt.Sprintf("agreement of 2 coders (%d documents)", len(a.Documents)), ms(time.Since(t0)), "ms", "")
	return nil
}

// Text is a document's text with the metadata the faceted scan counts.
type Text struct {
	Case, Kind, Text string
}

// LoadTexts loads every document's text from the store, as QualCoder does
// before it scans.
func LoadTexts(s *project.Project) ([]Text, error) {
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	out := make([]Text, 0, len(docs))
	for _, d := range docs {
		_, text, _, err := s.DocumentWithText(d.GUID)
		if err != nil {
			return nil, err
		}
		out = append(out, Text{Case: string(d.Case), Kind: string(d.Kind), Text: text})
	}
	return out, nil
}

// Scan is QualCoder's search over texts already loaded: every text matched
// with a regular expression; with facets the matching documents are counted
// by site and kind. It returns the number of matches.
func Scan(texts []Text, re *regexp.Regexp, facets bool) int {
	n := 0
	counts := map[string]int{}
	for _, t := range texts {
		m := re.FindAllStringIndex(t.Text, -1)
		n += len(m)
		if facets && len(m) > 0 {
			counts[t.Case]++
			counts[t.Kind]++
		}
	}
	return n
}

// Package queryview is the coding query: a Boolean and proximity
// expression over codes ("Vertrauen AND Kennzahlen", "A NEAR 50 B",
// "A PARA theme:EJO/4", see qda.Query), optionally on one level, with the
// places that satisfy it, each one tap away from its document.
package queryview

import (
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the query view needs of an open project;
// *project.Project implements it.
type Source interface {
	// Codes returns the codebook.
	Codes() ([]qda.Code, error)
	// Query runs a coding query.
	Query(req analysis.QueryRequest) (*analysis.QueryResult, error)
	// Cooccurrences counts how often codes occur together.
	Cooccurrences(req analysis.CooccurrenceRequest) (*analysis.Cooccurrence, error)
}

// pair is a row of the co-occurrence list: two codes and how often they
// occur together.
type pair struct {
	a, b analysis.MatrixRow
	n    int
}

// View is the coding query widget.
type View struct {
	widget.BaseWidget

	// OnOpen is called on the UI goroutine when a hit is tapped: open the
	// document at [start, end).
	OnOpen func(doc qda.GUID, start, end int)

	src     Source
	onError func(error)
	// do runs a function on the UI goroutine, async off it; tests replace
	// both.
	do    func(func())
	async func(func())

	expr    *widget.Entry
	run     *widget.Button
	level   *widget.Select
	insert  *widget.Select
	summary *widget.Label
	list    *widget.List
	hits    []analysis.QueryHit
	// cooc counts co-occurrences in the mode chosen in coocMode; the list
	// then shows pairs instead of hits.
	cooc     *widget.Button
	coocMode *widget.Select
	pairs    []pair
	mode     string // the co-occurrence mode of pairs
}

// New returns an empty query view on src; errors go to onError. Call
// Update (off the UI goroutine) to load the codes it offers to insert.
func New(src Source, onError func(error)) *View {
	v := &View{src: src, onError: onError, do: fyne.Do, async: func(f func()) { go f() }}
	v.expr = widget.NewEntry()
	v.expr.SetPlaceHolder(lang.X("query.placeholder", "e.g. Vertrauen AND \"Kennzahlen\" or A NEAR 50 B"))
	v.expr.OnSubmitted = func(string) { v.Run() }
	v.run = widget.NewButtonWithIcon(lang.X("query.run", "Run query"), theme.SearchIcon(), v.Run)
	v.run.Importance = widget.HighImportance
	levels := []string{lang.X("query.allLevels", "All levels")}
	for _, l := range qda.Levels {
		levels = append(levels, i18n.Level(l))
	}
	v.level = widget.NewSelect(levels, nil)
	v.level.SetSelectedIndex(0)
	v.insert = widget.NewSelect(nil, v.insertCode)
	v.insert.PlaceHolder = lang.X("query.insert", "Insert a code…")
	v.summary = widget.NewLabel(lang.X("query.hint", "Combine codes with AND, AND NOT, OR, NEAR n (characters) and PARA (same paragraph); theme:EJO/4 stands for every code of a theme. Parentheses group."))
	v.summary.Wrapping = fyne.TextWrapWord
	v.coocMode = widget.NewSelect([]string{lang.X("query.coocOverlap", "overlapping"), lang.X("query.coocPara", "in the same paragraph"),
		lang.X("query.coocNear", "within 100 characters")}, nil)
	v.coocMode.SetSelectedIndex(0)
	v.cooc = widget.NewButtonWithIcon(lang.X("query.cooc", "Count co-occurrences"), theme.GridIcon(), v.RunCooccurrences)
	v.list = widget.NewList(func() int {
		if v.pairs != nil {
			return len(v.pairs)
		}
		return len(v.hits)
	}, newRow, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		switch {
		case v.pairs != nil && id >= 0 && id < len(v.pairs):
			v.queryPair(v.pairs[id])
		case id >= 0 && id < len(v.hits) && v.OnOpen != nil:
			h := v.hits[id]
			v.OnOpen(h.Document, h.Start, h.End)
		}
	}
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	line := container.NewBorder(nil, nil, nil, v.run, v.expr)
	opts := container.NewGridWithColumns(2, v.level, v.insert)
	cooc := container.NewBorder(nil, nil, nil, v.cooc, v.coocMode)
	top := container.NewVBox(line, opts, cooc, v.summary, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, v.list))
}

// SetAsync sets how queries run off the UI goroutine.
func (v *View) SetAsync(run func(func())) { v.async = run }

// Update loads the codes offered for insertion. It blocks, so call it off
// the UI goroutine.
func (v *View) Update() {
	codes, err := v.src.Codes()
	v.do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		var names []string
		for _, c := range codes {
			names = append(names, c.Name)
		}
		v.insert.Options = names
		v.insert.Refresh()
	})
}

// insertCode appends a code's name to the expression, quoted when it has
// spaces or an operator's name.
func (v *View) insertCode(name string) {
	if name == "" {
		return
	}
	op := name
	if strings.ContainsAny(name, " ()\"") || isOperator(name) {
		op = `"` + strings.ReplaceAll(name, `"`, `'`) + `"`
	}
	text := strings.TrimRight(v.expr.Text, " ")
	if text != "" {
		text += " "
	}
	v.expr.SetText(text + op + " ")
	cb := v.insert.OnChanged
	v.insert.OnChanged = nil
	v.insert.ClearSelected()
	v.insert.OnChanged = cb
}

func isOperator(s string) bool {
	switch strings.ToUpper(s) {
	case "AND", "OR", "NOT", "NEAR", "PARA", "WITHIN":
		return true
	}
	return false
}

// SetQuery sets the expression (for tests and the shell).
func (v *View) SetQuery(q string) { v.expr.SetText(q) }

// Hits returns the hits shown.
func (v *View) Hits() []analysis.QueryHit { return append([]analysis.QueryHit(nil), v.hits...) }

// Summary returns the line above the hits.
func (v *View) Summary() string { return v.summary.Text }

// Run runs the query off the UI goroutine. Call it on the UI goroutine.
func (v *View) Run() {
	q := strings.TrimSpace(v.expr.Text)
	if q == "" {
		return
	}
	req := analysis.QueryRequest{Query: q}
	if i := v.level.SelectedIndex(); i > 0 {
		req.Filter.Where = map[string]string{"level": string(qda.Levels[i-1])}
	}
	v.async(func() {
		res, err := v.src.Query(req)
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			v.hits, v.pairs = res.Hits, nil
			v.summary.SetText(lang.XN("query.result", "{{.N}} places in {{.Docs}} documents searched", len(res.Hits),
				map[string]any{"N": len(res.Hits), "Docs": res.Documents}))
			v.list.Refresh()
			v.list.ScrollToTop()
		})
	})
}

// coocModes are the co-occurrence modes in the order of coocMode, with
// the query operator each stands for.
var coocModes = []struct{ mode, op string }{{analysis.CoocOverlap, "AND"}, {analysis.CoocPara, "PARA"}, {analysis.CoocNear, "NEAR 100"}}

// RunCooccurrences counts, off the UI goroutine, how often the codes occur
// together in the chosen mode (on the chosen level) and lists the pairs,
// most frequent first; tapping a pair queries its places. Call it on the
// UI goroutine.
func (v *View) RunCooccurrences() {
	m := coocModes[max(0, v.coocMode.SelectedIndex())]
	req := analysis.CooccurrenceRequest{Mode: m.mode, N: 100}
	if i := v.level.SelectedIndex(); i > 0 {
		req.Filter.Where = map[string]string{"level": string(qda.Levels[i-1])}
	}
	v.async(func() {
		co, err := v.src.Cooccurrences(req)
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			pairs := []pair{}
			for i := range co.Codes {
				for j := i + 1; j < len(co.Codes); j++ {
					if n := co.Counts[i][j]; n > 0 {
						pairs = append(pairs, pair{a: co.Codes[i], b: co.Codes[j], n: n})
					}
				}
			}
			sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].n > pairs[j].n })
			v.pairs, v.hits, v.mode = pairs, nil, m.op
			v.summary.SetText(lang.XN("query.coocResult", "{{.N}} pairs of codes occur together; tap one for its places.", len(pairs),
				map[string]any{"N": len(pairs)}))
			v.list.Refresh()
			v.list.ScrollToTop()
		})
	})
}

// Pairs returns the co-occurrence pairs shown, as "A × B: n".
func (v *View) Pairs() []string {
	var out []string
	for _, p := range v.pairs {
		out = append(out, p.a.Label+" × "+p.b.Label+": "+strconv.Itoa(p.n))
	}
	return out
}

// queryPair queries the places where a pair's codes occur together.
func (v *View) queryPair(p pair) {
	v.SetQuery(operand(p.a) + " " + v.mode + " " + operand(p.b))
	v.Run()
}

// operand names a code in a query by its key (unique) or else its name.
func operand(r analysis.MatrixRow) string {
	if len(r.Codes) == 1 {
		return string(r.Codes[0])
	}
	return `"` + r.Label + `"`
}

// newRow is a hit: where it is and its codes above, the text below.
func newRow() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(head, text)
}

func (v *View) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	if v.pairs != nil {
		if id < len(v.pairs) {
			p := v.pairs[id]
			box.Objects[0].(*widget.Label).SetText(p.a.Label + " × " + p.b.Label)
			box.Objects[1].(*widget.Label).SetText(lang.XN("query.coocCount", "together {{.N}} times", p.n, map[string]any{"N": p.n}))
		}
		return
	}
	if id >= len(v.hits) {
		return
	}
	h := v.hits[id]
	where := h.DocName
	if h.Case != "" {
		where += " · " + h.Case
	}
	where += " · " + strconv.Itoa(h.Start) + "–" + strconv.Itoa(h.End) + " · " + strings.Join(h.Codes, ", ")
	box.Objects[0].(*widget.Label).SetText(where)
	box.Objects[1].(*widget.Label).SetText(strings.Join(strings.Fields(h.Text), " "))
}

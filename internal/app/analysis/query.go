package analysis

import (
	"slices"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// QueryRequest is a coding query (see qda.Query for the syntax) with a
// filter on documents and coders.
type QueryRequest struct {
	Query  string         `json:"query"`
	Filter AnalysisFilter `json:"filter"`
}

// QueryHit is a place that satisfies a coding query.
type QueryHit struct {
	Document qda.GUID `json:"document"`
	DocName  string   `json:"doc_name"`
	Case     string   `json:"case,omitempty"`
	qda.Range
	Text string `json:"text"`
	// Codes are the operand codes with a segment overlapping the hit.
	Codes []string `json:"codes"`
}

// QueryResult is the answer to a coding query.
type QueryResult struct {
	// Query is the parsed query, fully parenthesised.
	Query string `json:"query"`
	// Operands maps each operand to the names of the codes it stands for.
	Operands map[string][]string `json:"operands"`
	// Documents is the number of documents searched.
	Documents int        `json:"documents"`
	Hits      []QueryHit `json:"hits"`
}

// resolveOperand maps an operand to codes: "theme:N" stands for every code
// of theme N across guidelines, anything else for one code (GUID,
// KEY:QUESTION or name, see ResolveCode).
func (s *Service) resolveOperand(op string) ([]qda.Code, error) {
	if n, ok := strings.CutPrefix(strings.ToLower(op), "theme:"); ok {
		cs, err := s.ThemeCodes(n)
		if err == nil && len(cs) == 0 {
			err = qda.Errorf(qda.ENotFound, "no codes of theme %q", n)
		}
		return cs, err
	}
	c, err := s.ResolveCode(op)
	if err != nil {
		return nil, err
	}
	return []qda.Code{*c}, nil
}

// Query runs a coding query over the documents passing the filter.
func (s *Service) Query(req QueryRequest) (*QueryResult, error) {
	q, err := qda.ParseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	res := &QueryResult{Query: q.String(), Operands: map[string][]string{}, Hits: []QueryHit{}}
	opOf := map[qda.GUID][]string{} // code → operands it belongs to
	for _, op := range q.Operands() {
		cs, err := s.resolveOperand(op)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			res.Operands[op] = append(res.Operands[op], c.Name)
			opOf[c.GUID] = append(opOf[c.GUID], op)
		}
	}
	err = s.View(func(tx app.Tx) error {
		c, err := s.viewCorpus(tx)
		if err != nil {
			return err
		}
		docOK, coderOK, err := c.docFilter(req.Filter)
		if err != nil {
			return err
		}
		for i := range c.docs {
			d := &c.docs[i]
			if !docOK(d) {
				continue
			}
			res.Documents++
			cs, err := tx.CodingsOfDocument(d.GUID)
			if err != nil {
				return err
			}
			spans := map[string][]qda.Range{}
			var rel []qda.Coding
			for _, cd := range cs {
				if ops := opOf[cd.Code]; len(ops) > 0 && coderOK(cd.Coder) {
					rel = append(rel, cd)
					for _, op := range ops {
						spans[op] = append(spans[op], cd.Range)
					}
				}
			}
			if len(rel) == 0 {
				continue
			}
			text, err := tx.Text(d.GUID)
			if err != nil {
				return err
			}
			var passages []qda.Range
			for _, p := range qda.Passages(text) {
				passages = append(passages, qda.Range{Start: p.Start, End: p.End})
			}
			caseName := ""
			if cs := c.caseOf(d); cs != nil {
				caseName = cs.Name
			}
			n := qda.RuneLen(text)
			for _, r := range q.Eval(func(op string) []qda.Range { return qda.SortRanges(spans[op]) }, passages) {
				if r.Check(n) != nil {
					continue
				}
				h := QueryHit{Document: d.GUID, DocName: d.Name, Case: caseName, Range: r, Text: qda.Slice(text, r.Start, r.End)}
				for _, cd := range rel {
					if cd.Range.Overlaps(r) {
						if name := c.codeByID[cd.Code].Name; !slices.Contains(h.Codes, name) {
							h.Codes = append(h.Codes, name)
						}
					}
				}
				sort.Strings(h.Codes)
				res.Hits = append(res.Hits, h)
			}
		}
		return nil
	})
	return res, err
}

// Co-occurrence modes.
const (
	CoocOverlap = "overlap" // segments overlap
	CoocPara    = "para"    // segments in the same paragraph
	CoocNear    = "near"    // segments within N characters
)

// CooccurrenceRequest asks for a co-occurrence table of codes.
type CooccurrenceRequest struct {
	// Codes are the table's codes; empty: every code with a segment.
	Codes []qda.GUID `json:"codes,omitempty"`
	// Mode is CoocOverlap (default), CoocPara or CoocNear.
	Mode string `json:"mode"`
	// N is CoocNear's distance in characters.
	N      int            `json:"n,omitempty"`
	Filter AnalysisFilter `json:"filter"`
}

// Cooccurrence is a symmetric table: Counts[i][j] is the number of pairs of
// a segment of code i and a segment of code j that overlap (or lie within N
// characters), or — in paragraph mode — the number of paragraphs holding
// both codes.
type Cooccurrence struct {
	Mode   string      `json:"mode"`
	Codes  []MatrixRow `json:"codes"`
	Counts [][]int     `json:"counts"`
}

// Cooccurrences counts how often codes occur together.
func (s *Service) Cooccurrences(req CooccurrenceRequest) (*Cooccurrence, error) {
	if req.Mode == "" {
		req.Mode = CoocOverlap
	}
	if req.Mode != CoocOverlap && req.Mode != CoocPara && req.Mode != CoocNear {
		return nil, qda.Errorf(qda.EInvalid, "co-occurrence mode is overlap, para or near, not %q", req.Mode)
	}
	out := &Cooccurrence{Mode: req.Mode}
	err := s.View(func(tx app.Tx) error {
		c, err := s.viewCorpus(tx)
		if err != nil {
			return err
		}
		docOK, coderOK, err := c.docFilter(req.Filter)
		if err != nil {
			return err
		}
		idx := map[qda.GUID]int{}
		pairs := map[[2]int]int{}
		var order []qda.GUID
		use := func(g qda.GUID) (int, bool) {
			if len(req.Codes) > 0 && !slices.Contains(req.Codes, g) || c.codeByID[g] == nil {
				return 0, false
			}
			i, ok := idx[g]
			if !ok {
				i = len(order)
				idx[g] = i
				order = append(order, g)
			}
			return i, true
		}
		for _, g := range req.Codes {
			use(g)
		}
		for i := range c.docs {
			if !docOK(&c.docs[i]) {
				continue
			}
			cs, err := tx.CodingsOfDocument(c.docs[i].GUID)
			if err != nil {
				return err
			}
			var spans []qda.CoderSpan
			for _, cd := range cs {
				if k, ok := use(cd.Code); ok && coderOK(cd.Coder) {
					spans = append(spans, qda.CoderSpan{Code: k, Range: cd.Range})
				}
			}
			if req.Mode == CoocPara {
				text, err := tx.Text(c.docs[i].GUID)
				if err != nil {
					return err
				}
				countParagraphs(qda.Passages(text), spans, pairs)
			} else {
				countPairs(spans, req.Mode, req.N, pairs)
			}
		}
		out.Codes, out.Counts = cooccurrenceTable(c, order, pairs, len(req.Codes) == 0)
		return nil
	})
	return out, err
}

func countPairs(spans []qda.CoderSpan, mode string, n int, pairs map[[2]int]int) {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	// near: a gap of at most n characters; overlap: a negative gap.
	ok := func(gap int) bool { return gap < 0 }
	if mode == CoocNear {
		ok = func(gap int) bool { return gap <= n }
	}
	for i, a := range spans {
		for _, b := range spans[i+1:] {
			if !ok(b.Start - a.End) {
				break // later spans start later still
			}
			gap := max(a.Start, b.Start) - min(a.End, b.End)
			if a.Code != b.Code && ok(gap) {
				pairs[[2]int{min(a.Code, b.Code), max(a.Code, b.Code)}]++
			}
		}
	}
}

func countParagraphs(ps []qda.Passage, spans []qda.CoderSpan, pairs map[[2]int]int) {
	for _, p := range ps {
		pr := qda.Range{Start: p.Start, End: p.End}
		var in []int
		for _, s := range spans {
			if s.Overlaps(pr) && !slices.Contains(in, s.Code) {
				in = append(in, s.Code)
			}
		}
		slices.Sort(in)
		for i, a := range in {
			for _, b := range in[i+1:] {
				pairs[[2]int{a, b}]++
			}
		}
	}
}

// cooccurrenceTable orders the codes as in the codebook and, if prune is
// set, drops codes without any co-occurrence.
func cooccurrenceTable(c *corpus, order []qda.GUID, pairs map[[2]int]int, prune bool) ([]MatrixRow, [][]int) {
	any := make([]bool, len(order))
	for k := range pairs {
		any[k[0]], any[k[1]] = true, true
	}
	tree, depth := c.codeTree()
	var rows []MatrixRow
	var old []int
	for i, code := range tree {
		j := slices.Index(order, code.GUID)
		if j < 0 || (prune && !any[j]) {
			continue
		}
		rows = append(rows, MatrixRow{Key: string(code.GUID), Label: code.Name, Color: code.Color, Depth: depth[i], Codes: []qda.GUID{code.GUID}})
		old = append(old, j)
	}
	counts := make([][]int, len(rows))
	for i := range rows {
		counts[i] = make([]int, len(rows))
		for j := range rows {
			a, b := old[i], old[j]
			counts[i][j] = pairs[[2]int{min(a, b), max(a, b)}]
		}
	}
	return rows, counts
}

package analysis

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// AnalysisFilter restricts the documents and codings an analysis (matrix,
// coding query, co-occurrence table) looks at; zero fields do not filter.
type AnalysisFilter struct {
	// Kinds keeps documents of these kinds.
	Kinds []qda.DocKind `json:"kinds,omitempty"`
	// Where keeps documents whose dimension (see Dimensions) has the given
	// value, compared without regard to case: e.g. {"Umsetzungstyp": "1a",
	// "level": "operative"}.
	Where map[string]string `json:"where,omitempty"`
	// Coders keeps codings by these users (names or GUIDs).
	Coders []string `json:"coders,omitempty"`
}

// Built-in dimensions of a document, besides case and interview attributes.
var builtinDims = []string{"case", "kind", "level", "wave", "role", "guideline", "interviewer", "case kind"}

// corpus is the metadata analyses need, read in one transaction.
type corpus struct {
	docs       []qda.Document
	docIdx     map[qda.GUID]int
	interviews *app.InterviewMap
	cases      map[qda.GUID]*qda.Case
	codes      []qda.Code
	codeByID   map[qda.GUID]*qda.Code
	defs       []qda.AttributeDef
	users      []qda.User
	guidelines []qda.Guideline
}

// loadCorpus reads the corpus from tx (a write's transaction included).
func loadCorpus(tx app.Tx) (*corpus, error) {
	c := &corpus{cases: map[qda.GUID]*qda.Case{}, codeByID: map[qda.GUID]*qda.Code{}}
	var err error
	if c.docs, err = tx.Documents(); err != nil {
		return nil, err
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	byID := c.interviews.Edit()
	for i := range ivs {
		byID.Set(ivs[i].GUID, &ivs[i])
	}
	c.interviews = byID.Map()
	cs, err := tx.Cases()
	if err != nil {
		return nil, err
	}
	for i := range cs {
		c.cases[cs[i].GUID] = &cs[i]
	}
	if err := c.loadRest(tx); err != nil {
		return nil, err
	}
	for i := range c.codes {
		c.codeByID[c.codes[i].GUID] = &c.codes[i]
	}
	return c, nil
}

// viewCorpus is loadCorpus in a read-only transaction (View): the
// documents, interviews, cases and codes come from the core's metadata
// cache instead of being decoded anew. Nothing in the corpus may be
// changed.
func (s *Service) viewCorpus(tx app.Tx) (*corpus, error) {
	docs, err := s.DocumentsOf(tx)
	if err != nil {
		return nil, err
	}
	m, err := s.IndexMetaOf(tx)
	if err != nil {
		return nil, err
	}
	// The cache ranks the documents by name once per change of them: the
	// corpus takes that order and the ranks as its index.
	ranks, err := s.DocumentRanksOf(tx)
	if err != nil {
		return nil, err
	}
	c := &corpus{interviews: m.Interviews, cases: m.CaseRecords, codeByID: m.Codes, docs: make([]qda.Document, docs.Len()), docIdx: ranks}
	for id, d := range docs.All() {
		i, ok := ranks[id]
		if !ok || i < 0 || i >= len(c.docs) {
			return nil, fmt.Errorf("the documents' order is out of step with the documents (%s)", id)
		}
		c.docs[i] = *d
	}
	return c, c.loadSmall(tx)
}

// loadRest orders the corpus's documents by name and reads the small
// rest (see loadSmall).
func (c *corpus) loadRest(tx app.Tx) error {
	sort.Slice(c.docs, func(i, j int) bool {
		if c.docs[i].Name != c.docs[j].Name {
			return c.docs[i].Name < c.docs[j].Name
		}
		return c.docs[i].GUID < c.docs[j].GUID
	})
	c.docIdx = make(map[qda.GUID]int, len(c.docs))
	for i := range c.docs {
		c.docIdx[c.docs[i].GUID] = i
	}
	return c.loadSmall(tx)
}

// loadSmall reads the small rest: codes, attribute definitions, members,
// guidelines.
func (c *corpus) loadSmall(tx app.Tx) error {
	var err error
	if c.codes, err = tx.Codes(); err != nil {
		return err
	}
	if c.defs, err = tx.AttributeDefs(); err != nil {
		return err
	}
	if c.users, err = tx.Users(); err != nil {
		return err
	}
	if c.guidelines, err = tx.Guidelines(); err != nil {
		return err
	}
	sort.Slice(c.guidelines, func(i, j int) bool { return c.guidelines[i].Key < c.guidelines[j].Key })
	return nil
}

// caseOf returns the case a document belongs to: its own or its interview's.
func (c *corpus) caseOf(d *qda.Document) *qda.Case {
	id := d.Case
	if id == "" {
		if iv := c.interviews.Get(d.Interview); iv != nil {
			id = iv.Case
		}
	}
	return c.cases[id]
}

// dimension returns a function giving a document's value of the named
// dimension: a built-in one or a case or interview attribute (by name).
// The second function orders two values of the dimension.
func (c *corpus) dimension(name string) (func(d *qda.Document) string, func(a, b string) int, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	iv := func(d *qda.Document) *qda.Interview { return c.interviews.Get(d.Interview) }
	names := func(ids map[qda.GUID]string) func(qda.GUID) string {
		return func(g qda.GUID) string { return ids[g] }
	}
	var val func(d *qda.Document) string
	cmp := strings.Compare
	switch key {
	case "case", "site", "fall":
		val = func(d *qda.Document) string {
			if cs := c.caseOf(d); cs != nil {
				return cs.Name
			}
			return ""
		}
	case "case kind":
		val = func(d *qda.Document) string {
			if cs := c.caseOf(d); cs != nil {
				return string(cs.Kind)
			}
			return ""
		}
	case "kind":
		val = func(d *qda.Document) string { return string(d.Kind) }
	case "level":
		val = func(d *qda.Document) string {
			if i := iv(d); i != nil {
				return string(i.Level)
			}
			return ""
		}
		cmp = func(a, b string) int { return app.LevelRank(qda.Level(a)) - app.LevelRank(qda.Level(b)) }
	case "wave":
		val = func(d *qda.Document) string {
			if i := iv(d); i != nil {
				return strconv.Itoa(i.Wave)
			}
			return ""
		}
		cmp = numericCompare
	case "role":
		val = func(d *qda.Document) string {
			if i := iv(d); i != nil {
				return i.Role
			}
			return ""
		}
	case "guideline", "interviewer":
		ids := map[qda.GUID]string{}
		for _, g := range c.guidelines {
			ids[g.GUID] = g.Key
		}
		pick := func(i *qda.Interview) qda.GUID { return i.Guideline }
		if key == "interviewer" {
			for _, u := range c.users {
				ids[u.GUID] = u.Name
			}
			pick = func(i *qda.Interview) qda.GUID { return i.Interviewer }
		}
		n := names(ids)
		val = func(d *qda.Document) string {
			if i := iv(d); i != nil {
				return n(pick(i))
			}
			return ""
		}
	default:
		for _, scope := range []qda.AttrScope{qda.ScopeCase, qda.ScopeInterview} {
			for i := range c.defs {
				def := &c.defs[i]
				if def.Scope != scope || !strings.EqualFold(def.Name, strings.TrimSpace(name)) {
					continue
				}
				if scope == qda.ScopeCase {
					// A site re-typed during the study counts with the
					// type valid at the interview's date.
					val = func(d *qda.Document) string {
						if cs := c.caseOf(d); cs != nil {
							day := ""
							if i := iv(d); i != nil && !i.Date.IsZero() {
								day = i.Date.Format(time.DateOnly)
							}
							return cs.AttrAt(def.GUID, day)
						}
						return ""
					}
				} else {
					val = func(d *qda.Document) string {
						if i := iv(d); i != nil {
							return i.Attributes[def.GUID]
						}
						return ""
					}
				}
				cmp = attrCompare(def)
				return val, cmp, nil
			}
		}
		return nil, nil, qda.Errorf(qda.EInvalid, "no dimension %q: use one of %s or a case or interview attribute", name, strings.Join(builtinDims, ", "))
	}
	return val, cmp, nil
}

// attrCompare orders values of an attribute: choices as defined, numbers
// numerically, everything else as text.
func attrCompare(def *qda.AttributeDef) func(a, b string) int {
	switch def.Type {
	case qda.AttrChoice:
		return func(a, b string) int {
			ia, ib := slices.Index(def.Choices, a), slices.Index(def.Choices, b)
			if ia != ib {
				return ia - ib
			}
			return strings.Compare(a, b)
		}
	case qda.AttrNumber:
		return numericCompare
	}
	return strings.Compare
}

func numericCompare(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA == nil && errB == nil && x != y:
		if x < y {
			return -1
		}
		return 1
	case errA == nil && errB != nil:
		return -1
	case errA != nil && errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// Dimensions lists what analyses can group or filter documents by: the
// built-in dimensions, then case and interview attributes by name.
func (s *Service) Dimensions() ([]string, error) {
	out := slices.Clone(builtinDims)
	defs, err := s.AttributeDefs()
	for _, d := range defs {
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, d.Name) }) {
			out = append(out, d.Name)
		}
	}
	return out, err
}

// docFilter compiles an AnalysisFilter into a document predicate and a
// coder predicate.
func (c *corpus) docFilter(f AnalysisFilter) (func(d *qda.Document) bool, func(qda.GUID) bool, error) {
	type cond struct {
		val  func(*qda.Document) string
		want string
	}
	var conds []cond
	for name, want := range f.Where {
		val, _, err := c.dimension(name)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, cond{val, want})
	}
	docOK := func(d *qda.Document) bool {
		if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, d.Kind) {
			return false
		}
		for _, cd := range conds {
			if !strings.EqualFold(cd.val(d), strings.TrimSpace(cd.want)) {
				return false
			}
		}
		return true
	}
	coderOK := func(qda.GUID) bool { return true }
	if len(f.Coders) > 0 {
		ids, err := c.coderIDs(f.Coders)
		if err != nil {
			return nil, nil, err
		}
		coderOK = func(g qda.GUID) bool { return slices.Contains(ids, g) }
	}
	return docOK, coderOK, nil
}

// coderIDs resolves user names or GUIDs.
func (c *corpus) coderIDs(refs []string) ([]qda.GUID, error) {
	var out []qda.GUID
	for _, r := range refs {
		i := slices.IndexFunc(c.users, func(u qda.User) bool {
			return string(u.GUID) == r || strings.EqualFold(u.Name, strings.TrimSpace(r))
		})
		if i < 0 {
			return nil, qda.Errorf(qda.ENotFound, "no user %q", r)
		}
		out = append(out, c.users[i].GUID)
	}
	return out, nil
}

// codeTree returns the codes in codebook order (depth first, siblings by
// order and name) with their depth.
func (c *corpus) codeTree() ([]*qda.Code, []int) {
	kids := map[qda.GUID][]*qda.Code{}
	for i := range c.codes {
		p := c.codes[i].Parent
		if p != "" && c.codeByID[p] == nil {
			p = ""
		}
		kids[p] = append(kids[p], &c.codes[i])
	}
	for _, ks := range kids {
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].Order != ks[j].Order {
				return ks[i].Order < ks[j].Order
			}
			return ks[i].Name < ks[j].Name
		})
	}
	var out []*qda.Code
	var depth []int
	var walk func(p qda.GUID, d int)
	walk = func(p qda.GUID, d int) {
		for _, k := range kids[p] {
			out = append(out, k)
			depth = append(depth, d)
			walk(k.GUID, d+1)
		}
	}
	walk("", 0)
	return out, depth
}

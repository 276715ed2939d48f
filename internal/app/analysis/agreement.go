package analysis

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Units of inter-coder agreement.
const (
	UnitChar    = "char"    // every coded character is a unit
	UnitSegment = "segment" // matched segments are units
)

// DefaultMinOverlap is the share two segments must overlap to count as the
// same segment (see qda.OverlapShare).
const DefaultMinOverlap = 0.9

// AgreementRequest asks for inter-coder agreement.
type AgreementRequest struct {
	// Coders are two or more users (names or GUIDs).
	Coders []string `json:"coders"`
	// Unit is UnitChar or UnitSegment (default).
	Unit string `json:"unit"`
	// MinOverlap is the segment-level overlap threshold, 0 < x ≤ 1.
	MinOverlap float64 `json:"min_overlap"`
	// Codes restricts the comparison to these codes.
	Codes []qda.GUID `json:"codes,omitempty"`
	// Filter restricts the documents (its Coders field is ignored).
	Filter AnalysisFilter `json:"filter"`
	// WithTemplate includes codings written by protocol templates (left
	// out by default: they mark where answers stand, not a coder's
	// judgement).
	WithTemplate bool `json:"with_template,omitempty"`
}

// AgreementFigures are the agreement figures of a code or overall; nil
// where undefined (κ with more than two coders, or data without variance).
type AgreementFigures struct {
	Code    qda.GUID `json:"code,omitempty"`
	Name    string   `json:"name,omitempty"`
	Units   float64  `json:"units"`
	Agree   float64  `json:"agree"`
	Percent *float64 `json:"percent"`
	Kappa   *float64 `json:"kappa"`
	Alpha   *float64 `json:"alpha"`
}

// DisagreementSide is what one coder coded at a place of disagreement.
type DisagreementSide struct {
	Coder    string     `json:"coder"`
	Code     qda.GUID   `json:"code,omitempty"`
	CodeName string     `json:"code_name,omitempty"`
	Range    *qda.Range `json:"range,omitempty"`
	Text     string     `json:"text,omitempty"`
}

// Disagreement is a place where the coders' segments differ.
type Disagreement struct {
	Document qda.GUID           `json:"document"`
	DocName  string             `json:"doc_name"`
	Range    qda.Range          `json:"range"`
	Sides    []DisagreementSide `json:"sides"`
}

// AgreementReport is the result of Agreement.
type AgreementReport struct {
	Coders     []string           `json:"coders"`
	Unit       string             `json:"unit"`
	MinOverlap float64            `json:"min_overlap"`
	Documents  []string           `json:"documents"`
	Overall    AgreementFigures   `json:"overall"`
	PerCode    []AgreementFigures `json:"per_code"`
	// Disagreements lists the segment-level units on which the coders
	// differ, side by side, by document and position.
	Disagreements []Disagreement `json:"disagreements"`
}

// Agreement computes inter-coder agreement of two or more coders on the
// documents that each of them coded: percent agreement, Cohen's κ (two
// coders) and Krippendorff's α (nominal), per code and overall, at
// character or segment level (see qda.ComputeAgreement).
func (s *Service) Agreement(req AgreementRequest) (*AgreementReport, error) {
	if len(req.Coders) < 2 {
		return nil, qda.Errorf(qda.EInvalid, "agreement needs two or more coders")
	}
	if req.Unit == "" {
		req.Unit = UnitSegment
	}
	if req.Unit != UnitChar && req.Unit != UnitSegment {
		return nil, qda.Errorf(qda.EInvalid, "the unit is %q or %q, not %q", UnitChar, UnitSegment, req.Unit)
	}
	if req.MinOverlap == 0 {
		req.MinOverlap = DefaultMinOverlap
	}
	if req.MinOverlap < 0 || req.MinOverlap > 1 {
		return nil, qda.Errorf(qda.EInvalid, "the overlap threshold is a share between 0 and 1, not %v", req.MinOverlap)
	}
	rep := &AgreementReport{Unit: req.Unit, MinOverlap: req.MinOverlap}
	err := s.View(func(tx app.Tx) error {
		c, err := s.viewCorpus(tx)
		if err != nil {
			return err
		}
		coders, err := c.coderIDs(req.Coders)
		if err != nil {
			return err
		}
		for i, id := range coders {
			if slices.Index(coders, id) != i {
				return qda.Errorf(qda.EInvalid, "coder %q is named twice", req.Coders[i])
			}
			rep.Coders = append(rep.Coders, c.userName(id))
		}
		f := req.Filter
		f.Coders = nil
		docOK, _, err := c.docFilter(f)
		if err != nil {
			return err
		}
		codeNum := map[qda.GUID]int{}
		codeOf := []qda.GUID{""}
		var docs [][]qda.CoderSpan
		var docIDs []qda.GUID
		var codings [][]qda.Coding
		for i := range c.docs {
			d := &c.docs[i]
			if !docOK(d) {
				continue
			}
			cs, err := tx.CodingsOfDocument(d.GUID)
			if err != nil {
				return err
			}
			var spans []qda.CoderSpan
			var kept []qda.Coding
			has := make([]bool, len(coders))
			for _, cd := range cs {
				k := slices.Index(coders, cd.Coder)
				if k < 0 || (!req.WithTemplate && cd.Origin == qda.OriginTemplate) ||
					(len(req.Codes) > 0 && !slices.Contains(req.Codes, cd.Code)) {
					continue
				}
				n, ok := codeNum[cd.Code]
				if !ok {
					n = len(codeOf)
					codeNum[cd.Code] = n
					codeOf = append(codeOf, cd.Code)
				}
				has[k] = true
				spans = append(spans, qda.CoderSpan{Coder: k, Code: n, Range: cd.Range})
				kept = append(kept, cd)
			}
			if !slices.Contains(has, false) {
				docs, docIDs, codings = append(docs, spans), append(docIDs, d.GUID), append(codings, kept)
				rep.Documents = append(rep.Documents, d.Name)
			}
		}
		if len(docs) == 0 {
			return qda.Errorf(qda.ENotFound, "no document is coded by all of %s", strings.Join(rep.Coders, ", "))
		}
		st := qda.ComputeAgreement(docs, len(coders), req.Unit == UnitSegment, req.MinOverlap)
		rep.Overall = figures(st.Overall, "", "")
		for _, ca := range st.PerCode {
			g := codeOf[ca.Code]
			name := string(g)
			if code := c.codeByID[g]; code != nil {
				name = code.Name
			}
			rep.PerCode = append(rep.PerCode, figures(ca, g, name))
		}
		sort.SliceStable(rep.PerCode, func(i, j int) bool { return rep.PerCode[i].Name < rep.PerCode[j].Name })
		return c.disagreements(tx, rep, st.Units, docIDs, codings, codeOf)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func figures(ca qda.CodeAgreement, code qda.GUID, name string) AgreementFigures {
	num := func(f float64) *float64 {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		f = math.Round(f*10000) / 10000
		return &f
	}
	return AgreementFigures{Code: code, Name: name, Units: ca.Units, Agree: ca.Agree,
		Percent: num(ca.Percent), Kappa: num(ca.Kappa), Alpha: num(ca.Alpha)}
}

func (c *corpus) userName(id qda.GUID) string {
	for _, u := range c.users {
		if u.GUID == id {
			return u.Name
		}
	}
	return string(id)
}

// disagreements lists the segment-level units where the coders differ.
func (c *corpus) disagreements(tx app.Tx, rep *AgreementReport, units [][]qda.SegmentUnit, ids []qda.GUID,
	codings [][]qda.Coding, codeOf []qda.GUID) error {
	rep.Disagreements = []Disagreement{}
	for i, us := range units {
		var text string
		n := -1
		for _, u := range us {
			if u.Agrees() {
				continue
			}
			if n < 0 {
				t, err := tx.Text(ids[i])
				if err != nil {
					return err
				}
				text, n = t, qda.RuneLen(t)
			}
			d := Disagreement{Document: ids[i], DocName: c.docs[c.docIdx[ids[i]]].Name, Range: u.Range}
			for k, si := range u.Spans {
				side := DisagreementSide{Coder: rep.Coders[k]}
				if si >= 0 {
					cd := codings[i][si]
					r := cd.Range
					side.Code, side.Range = codeOf[u.Codes[k]], &r
					if code := c.codeByID[side.Code]; code != nil {
						side.CodeName = code.Name
					}
					if r.End <= n {
						side.Text = qda.Slice(text, r.Start, r.End)
					}
				}
				d.Sides = append(d.Sides, side)
			}
			rep.Disagreements = append(rep.Disagreements, d)
		}
	}
	return nil
}

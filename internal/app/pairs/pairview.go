package pairs

import (
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// PairColumn is one column of the pair view: a side of the pair (0 the
// IFK, 1 the customer) in one wave.
type PairColumn struct {
	Side int `json:"side"`
	Wave int `json:"wave"`
	// Customer is the customer the column is about (the case's customers
	// each get their IFK and customer columns); empty while the case has
	// no customer.
	Customer  string `json:"customer,omitempty"`
	Role      string `json:"role"`
	RoleLabel string `json:"role_label,omitempty"`
	// Member is the interview, nil when it was not conducted (yet).
	Member *PairMember `json:"member,omitempty"`
}

// PairQuestion is a guideline question as a row of the pair view shows it.
type PairQuestion struct {
	Guideline string   `json:"guideline"`
	GUID      qda.GUID `json:"guid"`
	ID        string   `json:"id,omitempty"`
	Text      string   `json:"text"`
}

// PairSegment is a coded segment shown in a cell.
type PairSegment struct {
	Coding qda.GUID `json:"coding"`
	Code   string   `json:"code"`
	// Label is the code's short name: "A.3.2 6.2" for a question's code,
	// else the code's name.
	Label string `json:"label"`
	Color string `json:"color,omitempty"`
	Coder string `json:"coder,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// PairCell is what one interview says to one row's question: the answer
// written under the question in the protocol and the segments coded there.
type PairCell struct {
	Answer   string        `json:"answer,omitempty"`
	Segments []PairSegment `json:"segments,omitempty"`
}

// PairRow is one aligned row: the corresponding questions of the two
// guidelines (either may be missing) and a cell per column.
type PairRow struct {
	// Theme is the section the row belongs to, e.g. "4. Betreuungsprozess";
	// empty for the closing row of segments outside any answer.
	Theme     string           `json:"theme,omitempty"`
	Questions [2]*PairQuestion `json:"questions"`
	Cells     []PairCell       `json:"cells"`
}

// Empty reports whether no cell of the row has an answer or a segment.
func (r *PairRow) Empty() bool {
	for _, c := range r.Cells {
		if c.Answer != "" || len(c.Segments) > 0 {
			return false
		}
	}
	return true
}

// PairView is a pair side by side: columns side × wave (IFK w1, customer
// w1, IFK w2, customer w2), rows the aligned questions (see
// AlignGuidelines).
type PairView struct {
	Pair
	Columns []PairColumn `json:"columns"`
	Rows    []PairRow    `json:"rows"`
}

// PairView builds the side-by-side view of a pair given by id or member.
//
// Segments go to rows as follows: a coding with a code derived from a
// question (or one of its prompts) sits in that question's row, whichever
// guideline it belongs to; any other coding (inductive codes) sits in the
// row of the answer it overlaps most; codings outside every answer go to a
// last row without a question. The template codings that mark answers are
// shown as the answers, not as segments.
func (s *Service) PairView(ref string) (*PairView, error) {
	var out *PairView
	err := s.View(func(tx app.Tx) error {
		p, err := findPair(tx, ref)
		if err != nil {
			return err
		}
		v := &PairView{Pair: *p}
		b := &pairBuilder{tx: tx, v: v, rowOf: map[qda.GUID]int{}, questionOf: map[qda.GUID]qda.GUID{}}
		return b.build(&out)
	})
	return out, err
}

type pairBuilder struct {
	tx         app.Tx
	v          *PairView
	guides     map[qda.GUID]*qda.Guideline
	rowOf      map[qda.GUID]int      // question GUID → row
	questionOf map[qda.GUID]qda.GUID // code GUID → question GUID
	codes      map[qda.GUID]qda.Code
	users      map[qda.GUID]string
}

func (b *pairBuilder) build(out **PairView) error {
	v := b.v
	ivs := map[qda.GUID]*qda.Interview{}
	b.guides = map[qda.GUID]*qda.Guideline{}
	var spine [2]*qda.Guideline
	for _, m := range v.Members {
		iv, err := b.tx.Interview(m.Interview)
		if err != nil {
			return err
		}
		ivs[m.Interview] = iv
		g, ok := b.guides[iv.Guideline]
		if !ok {
			if g, err = b.tx.Guideline(iv.Guideline); err != nil {
				return err
			}
			b.guides[iv.Guideline] = g
		}
		if spine[m.Side] == nil {
			spine[m.Side] = g
		}
	}
	for _, a := range AlignGuidelines(spine[0], spine[1]) {
		r := PairRow{}
		if a.Theme != nil {
			r.Theme = strings.TrimSpace(a.Theme.Number + " " + a.Theme.Title)
		}
		for side, q := range [2]*qda.Question{a.First, a.Second} {
			if q != nil {
				r.Questions[side] = &PairQuestion{Guideline: spine[side].Key, GUID: q.GUID, ID: q.ID, Text: q.Text}
				b.rowOf[q.GUID] = len(v.Rows)
			}
		}
		v.Rows = append(v.Rows, r)
	}
	// A member on another guideline than its side's first (a separate
	// wave-2 guideline): its questions join the rows of the same id.
	for _, m := range v.Members {
		g := b.guides[ivs[m.Interview].Guideline]
		if g == spine[m.Side] {
			continue
		}
		for _, aq := range questionsOf(g) {
			if _, ok := b.rowOf[aq.q.GUID]; ok {
				continue
			}
			row := -1
			for i, r := range v.Rows {
				if q := r.Questions[m.Side]; q != nil && q.ID != "" && q.ID == aq.q.ID {
					row = i
				}
			}
			if row < 0 {
				row = len(v.Rows)
				r := PairRow{Theme: strings.TrimSpace(aq.theme.Number + " " + aq.theme.Title)}
				r.Questions[m.Side] = &PairQuestion{Guideline: g.Key, GUID: aq.q.GUID, ID: aq.q.ID, Text: aq.q.Text}
				v.Rows = append(v.Rows, r)
			}
			b.rowOf[aq.q.GUID] = row
		}
	}
	for _, g := range b.guides {
		for _, aq := range questionsOf(g) {
			b.questionOf[app.CodeGUID(aq.q.GUID)] = aq.q.GUID
			var walk func(ps []qda.Prompt)
			walk = func(ps []qda.Prompt) {
				for _, pr := range ps {
					b.questionOf[app.CodeGUID(pr.GUID)] = aq.q.GUID
					walk(pr.Prompts)
				}
			}
			walk(aq.q.Prompts)
		}
	}
	if err := b.loadNames(); err != nil {
		return err
	}
	b.columns()
	for i := range v.Rows {
		v.Rows[i].Cells = make([]PairCell, len(v.Columns))
	}
	for ci, col := range v.Columns {
		if col.Member == nil {
			continue
		}
		if err := b.fill(ci, ivs[col.Member.Interview]); err != nil {
			return err
		}
	}
	*out = v
	return nil
}

// columns lays out customer × wave × side (IFK about the customer, the
// customer), labelled with the roles' long names: with one customer IFK
// w1, KU w1, IFK w2, KU w2; with two, the same again for the second.
func (b *pairBuilder) columns() {
	v := b.v
	waves := v.Waves()
	if len(waves) == 0 {
		waves = []int{1}
	}
	customers := v.Customers
	if len(customers) == 0 {
		customers = []string{""}
	}
	for _, cu := range customers {
		b.customerColumns(cu, waves)
	}
}

func (b *pairBuilder) customerColumns(cu string, waves []int) {
	v := b.v
	for _, w := range waves {
		for side := 0; side < 2; side++ {
			col := PairColumn{Side: side, Wave: w, Customer: cu, Role: v.Roles[side], Member: v.MemberFor(side, w, cu)}
			for _, g := range b.guides {
				for _, r := range g.Roles {
					if r.Code == col.Role && col.RoleLabel == "" {
						col.RoleLabel = r.Label
					}
				}
			}
			v.Columns = append(v.Columns, col)
		}
	}
}

func (b *pairBuilder) loadNames() error {
	cs, err := b.tx.Codes()
	if err != nil {
		return err
	}
	b.codes = map[qda.GUID]qda.Code{}
	for _, c := range cs {
		b.codes[c.GUID] = c
	}
	us, err := b.tx.Users()
	b.users = map[qda.GUID]string{}
	for _, u := range us {
		b.users[u.GUID] = u.Name
	}
	return err
}

// fill puts an interview's answers and segments into column ci.
func (b *pairBuilder) fill(ci int, iv *qda.Interview) error {
	d, err := app.FindProtocol(b.tx, iv.GUID)
	if qda.ErrorCode(err) == qda.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	text, err := b.tx.Text(d.GUID)
	if err != nil {
		return err
	}
	cs, err := b.tx.CodingsOfDocument(d.GUID)
	if err != nil {
		return err
	}
	app.SortCodings(cs)
	n := qda.RuneLen(text)
	type answer struct {
		qda.Range
		row int
	}
	var answers []answer
	for _, c := range cs {
		if c.Origin != qda.OriginTemplate || c.Range.Check(n) != nil {
			continue
		}
		q, ok := b.questionOf[c.Code]
		row, ok2 := b.rowOf[q]
		if !ok || !ok2 {
			continue
		}
		cell := &b.v.Rows[row].Cells[ci]
		if cell.Answer != "" {
			cell.Answer += "\n\n"
		}
		cell.Answer += qda.Slice(text, c.Start, c.End)
		answers = append(answers, answer{c.Range, row})
	}
	other := -1
	for _, c := range cs {
		if c.Range.Check(n) != nil || (c.Origin == qda.OriginTemplate && b.questionOf[c.Code] != "") {
			continue
		}
		row, ok := b.rowOf[b.questionOf[c.Code]]
		if !ok {
			row = -1
			best := 0
			for _, a := range answers {
				if o := min(a.End, c.End) - max(a.Start, c.Start); o > best {
					row, best = a.row, o
				}
			}
		}
		if row < 0 {
			if other < 0 {
				other = b.otherRow()
			}
			row = other
		}
		b.addSegment(row, ci, c, text)
	}
	return nil
}

// otherRow returns the row for segments outside every answer.
func (b *pairBuilder) otherRow() int {
	for i, r := range b.v.Rows {
		if r.Theme == "" && r.Questions[0] == nil && r.Questions[1] == nil {
			return i
		}
	}
	b.v.Rows = append(b.v.Rows, PairRow{Cells: make([]PairCell, len(b.v.Columns))})
	return len(b.v.Rows) - 1
}

func (b *pairBuilder) addSegment(row, ci int, c qda.Coding, text string) {
	code := b.codes[c.Code]
	label := code.Name
	if r := code.Ref; r != nil && r.QuestionID != "" {
		if g, err := b.tx.Guideline(r.Guideline); err == nil {
			label = g.Key + " " + r.QuestionID
		}
	}
	cell := &b.v.Rows[row].Cells[ci]
	cell.Segments = append(cell.Segments, PairSegment{Coding: c.GUID, Code: code.Name, Label: label, Color: code.Color,
		Coder: b.users[c.Coder], Start: c.Start, End: c.End, Text: qda.Slice(text, c.Start, c.End)})
	sort.SliceStable(cell.Segments, func(i, j int) bool { return cell.Segments[i].Start < cell.Segments[j].Start })
}

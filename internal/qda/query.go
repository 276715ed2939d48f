package qda

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// QueryOp is an operator of a coding query.
type QueryOp string

// Coding query operators.
const (
	OpCode QueryOp = "code" // a leaf: the segments of a code (or a set of codes)
	OpOr   QueryOp = "or"   // segments of either side
	OpAnd  QueryOp = "and"  // where segments of both sides overlap: the overlap
	OpNot  QueryOp = "not"  // segments of the left side that overlap none of the right
	OpNear QueryOp = "near" // segments of the left side within N characters of the right
	OpPara QueryOp = "para" // paragraphs holding segments of both sides
)

// Query is a parsed coding query: a tree of operators over code operands.
//
// Syntax (keywords in any case; names with spaces in double quotes):
//
//	query   = or
//	or      = binary { ("OR" | "|") binary }
//	binary  = factor { op factor }        left to right, all ops alike
//	op      = "AND" | "&" | "AND NOT" | "NOT" | "NEAR" N | "NEAR/"N | "WITHIN" N | "PARA" | "SAMEPARA"
//	          (in German as well: UND, UND NICHT, NICHT, NAHE N, NAHE/N, ABSATZ; OR is also ODER)
//	factor  = "(" query ")" | operand
//	operand = word | "quoted name"        e.g. Vertrauen, A.2.1:2.2, theme:4
//
// Example: (Vertrauen OR Kennzahlensteuerung) AND NOT "EGV als Formalie".
type Query struct {
	Op QueryOp `json:"op"`
	// Operand is a leaf's code reference as written.
	Operand string `json:"operand,omitempty"`
	// N is NEAR's distance in characters.
	N     int    `json:"n,omitempty"`
	Left  *Query `json:"left,omitempty"`
	Right *Query `json:"right,omitempty"`
}

// ParseQuery parses a coding query.
func ParseQuery(s string) (*Query, error) {
	toks, err := queryTokens(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, Errorf(EInvalid, "the query is empty")
	}
	p := &queryParser{toks: toks}
	q, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, Errorf(EInvalid, "unexpected %q in the query", p.toks[p.i].text)
	}
	return q, nil
}

type queryToken struct {
	text   string
	quoted bool
}

func queryTokens(s string) ([]queryToken, error) {
	var out []queryToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(' || r == ')' || r == '&' || r == '|':
			out = append(out, queryToken{text: string(r)})
			i++
		case r == '"' || r == '“' || r == '„':
			j := i + 1
			for j < len(rs) && rs[j] != '"' && rs[j] != '“' && rs[j] != '”' {
				j++
			}
			if j == len(rs) {
				return nil, Errorf(EInvalid, "a quoted name in the query is not closed")
			}
			out = append(out, queryToken{text: string(rs[i+1 : j]), quoted: true})
			i = j + 1
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune("()&|\"", rs[j]) {
				j++
			}
			out = append(out, queryToken{text: string(rs[i:j])})
			i = j
		}
	}
	return out, nil
}

type queryParser struct {
	toks []queryToken
	i    int
}

func (p *queryParser) peek() (string, bool) {
	if p.i >= len(p.toks) || p.toks[p.i].quoted {
		return "", false
	}
	return keyword(p.toks[p.i].text), true
}

// germanKeywords are the operators' German names: UND, ODER, NICHT, NAHE,
// ABSATZ (and NAHE/N), so that a query reads in the language of the
// user interface.
var germanKeywords = map[string]string{"UND": "AND", "ODER": "OR", "NICHT": "NOT", "NAHE": "NEAR", "ABSATZ": "PARA"}

// keyword returns an unquoted word in upper case, a German operator as
// its English name.
func keyword(w string) string {
	k := strings.ToUpper(w)
	if e, ok := germanKeywords[k]; ok {
		return e
	}
	if n, ok := strings.CutPrefix(k, "NAHE/"); ok {
		return "NEAR/" + n
	}
	return k
}

func (p *queryParser) or() (*Query, error) {
	left, err := p.binary()
	if err != nil {
		return nil, err
	}
	for {
		if k, ok := p.peek(); !ok || (k != "OR" && k != "|") {
			return left, nil
		}
		p.i++
		right, err := p.binary()
		if err != nil {
			return nil, err
		}
		left = &Query{Op: OpOr, Left: left, Right: right}
	}
}

func (p *queryParser) binary() (*Query, error) {
	left, err := p.factor()
	if err != nil {
		return nil, err
	}
	for {
		k, ok := p.peek()
		if !ok {
			return left, nil
		}
		q := &Query{Left: left}
		switch {
		case k == "AND" || k == "&":
			p.i++
			q.Op = OpAnd
			if k2, ok := p.peek(); ok && k2 == "NOT" {
				p.i++
				q.Op = OpNot
			}
		case k == "NOT":
			p.i++
			q.Op = OpNot
		case k == "PARA" || k == "SAMEPARA":
			p.i++
			q.Op = OpPara
		case k == "NEAR" || k == "WITHIN" || strings.HasPrefix(k, "NEAR/"):
			p.i++
			q.Op = OpNear
			num, given := strings.CutPrefix(k, "NEAR/")
			if !given {
				if p.i >= len(p.toks) {
					return nil, Errorf(EInvalid, "%s needs a number of characters", k)
				}
				num = p.toks[p.i].text
				p.i++
			}
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 {
				return nil, Errorf(EInvalid, "%s needs a number of characters, not %q", k, num)
			}
			q.N = n
		default:
			return left, nil
		}
		if q.Right, err = p.factor(); err != nil {
			return nil, err
		}
		left = q
	}
}

func (p *queryParser) factor() (*Query, error) {
	if p.i >= len(p.toks) {
		return nil, Errorf(EInvalid, "the query ends where a code was expected")
	}
	t := p.toks[p.i]
	if !t.quoted {
		switch keyword(t.text) {
		case "(":
			p.i++
			q, err := p.or()
			if err != nil {
				return nil, err
			}
			if k, ok := p.peek(); !ok || k != ")" {
				return nil, Errorf(EInvalid, "a parenthesis in the query is not closed")
			}
			p.i++
			return q, nil
		case ")", "AND", "OR", "NOT", "NEAR", "WITHIN", "PARA", "SAMEPARA", "&", "|":
			return nil, Errorf(EInvalid, "expected a code before %q; quote a code with that name", t.text)
		}
	}
	p.i++
	return &Query{Op: OpCode, Operand: t.text}, nil
}

// Operands returns the query's distinct operands in order of appearance.
func (q *Query) Operands() []string {
	var out []string
	var walk func(*Query)
	walk = func(n *Query) {
		if n == nil {
			return
		}
		if n.Op == OpCode && !slices.Contains(out, n.Operand) {
			out = append(out, n.Operand)
		}
		walk(n.Left)
		walk(n.Right)
	}
	walk(q)
	return out
}

// String renders the query fully parenthesised.
func (q *Query) String() string {
	switch q.Op {
	case OpCode:
		return strconv.Quote(q.Operand)
	case OpNear:
		return fmt.Sprintf("(%s NEAR %d %s)", q.Left, q.N, q.Right)
	case OpNot:
		return fmt.Sprintf("(%s AND NOT %s)", q.Left, q.Right)
	default:
		return fmt.Sprintf("(%s %s %s)", q.Left, strings.ToUpper(string(q.Op)), q.Right)
	}
}

// Eval evaluates the query on one document: spans returns an operand's
// coded ranges in the document, passages are the document's paragraphs
// (see Passages). The hits are sorted and free of duplicates.
func (q *Query) Eval(spans func(operand string) []Range, passages []Range) []Range {
	var out []Range
	switch q.Op {
	case OpCode:
		out = slices.Clone(spans(q.Operand))
	case OpOr:
		out = append(q.Left.Eval(spans, passages), q.Right.Eval(spans, passages)...)
	case OpAnd:
		l, r := q.Left.Eval(spans, passages), q.Right.Eval(spans, passages)
		for _, a := range l {
			for _, b := range r {
				if a.Overlaps(b) {
					out = append(out, Range{Start: max(a.Start, b.Start), End: min(a.End, b.End)})
				}
			}
		}
	case OpNot, OpNear:
		l, r := q.Left.Eval(spans, passages), q.Right.Eval(spans, passages)
		for _, a := range l {
			hit := slices.ContainsFunc(r, func(b Range) bool {
				if q.Op == OpNot {
					return a.Overlaps(b)
				}
				return max(a.Start, b.Start)-min(a.End, b.End) <= q.N
			})
			if hit == (q.Op == OpNear) {
				out = append(out, a)
			}
		}
	case OpPara:
		l, r := q.Left.Eval(spans, passages), q.Right.Eval(spans, passages)
		for _, p := range passages {
			in := func(x Range) bool { return x.Overlaps(p) }
			if slices.ContainsFunc(l, in) && slices.ContainsFunc(r, in) {
				out = append(out, p)
			}
		}
	}
	return SortRanges(out)
}

// SortRanges sorts ranges by start and end and drops duplicates.
func SortRanges(rs []Range) []Range {
	slices.SortFunc(rs, func(a, b Range) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return slices.Compact(rs)
}

package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

// The query language
//
//	query   = or
//	or      = and { ("OR" | "ODER") and }
//	and     = unary { ["AND" | "UND"] unary }      words side by side: AND
//	unary   = ("-" | "NOT " | "NICHT ") unary | primary
//	primary = "(" or ")" | field ":" value | '"' phrase '"' | word
//	word    = text | text "*" | text "~" [digit]   prefix, fuzzy (1 or 2 edits)
//	value   = text | text "*" | '"' text '"'
//	field   = level | wave | site | case | role | code | kind | interviewer | doc
//	          (in German: ebene, welle, fall, standort, rolle, code, art,
//	          interviewer, dokument)
//
// Words are German-analysed and also match as parts of compounds; phrases
// match the words in order; prefix* and fuzzy~ match folded (umlaut- and
// ß-folded, unstemmed) words; field values match case-insensitively
// (level and kind also in German: operativ, strategisch, intensiv;
// protokoll, bericht, sonstiges). Anything else is a qda.EInvalid error
// that says what is wrong; parsing never panics.

// nodeKind says what a parsed node is.
type nodeKind int

const (
	nWord nodeKind = iota
	nPhrase
	nPrefix
	nFuzzy
	nField
	nAnd
	nOr
	nNot
)

// node is a parsed query.
type node struct {
	kind   nodeKind
	text   string // word, phrase, prefix or field value
	field  string // nField: canonical field name
	quoted bool   // nField: the value was quoted (no prefix)
	prefix bool   // nField: value ends with *
	fuzz   int    // nFuzzy: 0 = automatic
	kids   []*node
}

// fieldNames maps the query language's field names, English and German,
// to canonical ones.
var fieldNames = map[string]string{
	"level": "level", "wave": "wave", "site": "case", "case": "case", "role": "role",
	"code": "code", "kind": "kind", "interviewer": "interviewer", "doc": "doc",
	"ebene": "level", "welle": "wave", "fall": "case", "standort": "case", "rolle": "role",
	"art": "kind", "interviewerin": "interviewer", "dokument": "doc",
}

// Limits against pathological input.
const (
	maxQueryLen   = 2000
	maxQueryDepth = 32
)

type itemKind int

const (
	iWord itemKind = iota
	iPhrase
	iField
	iLParen
	iRParen
	iOr
	iAnd
	iNot
)

type item struct {
	kind   itemKind
	text   string
	field  string
	name   string // iField: the field name as typed
	quoted bool
}

func invalid(format string, args ...any) error {
	return qda.Errorf(qda.EInvalid, "search query: "+format, args...)
}

// lex splits a query into items.
func lex(q string) ([]item, error) {
	var out []item
	rs := []rune(q)
	i := 0
	readQuoted := func() (string, error) { // rs[i] == '"'
		j := i + 1
		for j < len(rs) && rs[j] != '"' {
			j++
		}
		if j == len(rs) {
			return "", invalid("a quotation mark is not closed")
		}
		s := string(rs[i+1 : j])
		i = j + 1
		return s, nil
	}
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			out = append(out, item{kind: iLParen})
			i++
		case r == ')':
			out = append(out, item{kind: iRParen})
			i++
		case r == '"':
			s, err := readQuoted()
			if err != nil {
				return nil, err
			}
			out = append(out, item{kind: iPhrase, text: s})
		case r == '-': // at the start of an item: exclusion
			if i+1 == len(rs) || unicode.IsSpace(rs[i+1]) || rs[i+1] == ')' {
				return nil, invalid("a minus must stand right before what to exclude, as in -Arbeitgeber")
			}
			out = append(out, item{kind: iNot})
			i++
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune(`()"`, rs[j]) {
				j++
			}
			w := string(rs[i:j])
			i = j
			it, err := wordItem(w)
			if err != nil {
				return nil, err
			}
			if it.kind == iField && it.text == "" {
				if i < len(rs) && rs[i] == '"' {
					if it.text, err = readQuoted(); err != nil {
						return nil, err
					}
					it.quoted = true
				}
				if strings.TrimSpace(it.text) == "" {
					return nil, invalid("%s: needs a value, as in %s:%s", it.name, it.name, fieldExample(it.field))
				}
			}
			out = append(out, it)
		}
	}
	return out, nil
}

// wordItem classifies an unquoted word.
func wordItem(w string) (item, error) {
	switch w {
	case "OR", "ODER":
		return item{kind: iOr}, nil
	case "AND", "UND":
		return item{kind: iAnd}, nil
	case "NOT", "NICHT":
		return item{kind: iNot}, nil
	}
	if name, val, ok := strings.Cut(w, ":"); ok && name != "" && isLetters(name) {
		f, known := fieldNames[strings.ToLower(name)]
		if !known {
			return item{}, invalid("unknown field %q; use level (ebene), wave (welle), site or case (standort, fall), role (rolle), code, kind (art), interviewer or doc (dokument)", name)
		}
		return item{kind: iField, field: f, name: name, text: val}, nil
	}
	return item{kind: iWord, text: w}, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func fieldExample(f string) string {
	ex := map[string]string{"level": "operative", "wave": "2", "case": "JC-07", "role": "IFK",
		"code": `"5.1"`, "kind": "report", "interviewer": "mara", "doc": "Protokoll*"}
	return ex[f]
}

// parseQuery parses a query; a blank query yields nil.
func parseQuery(q string) (*node, error) {
	if !utf8.ValidString(q) {
		return nil, invalid("the query is not valid UTF-8")
	}
	if utf8.RuneCountInString(q) > maxQueryLen {
		return nil, invalid("the query is longer than %d characters", maxQueryLen)
	}
	items, err := lex(q)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	p := &parser{items: items}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.items) { // only a stray ")" stops the top level early
		return nil, invalid("a closing parenthesis has no opening one")
	}
	return n, nil
}

type parser struct {
	items []item
	pos   int
}

func (p *parser) peek() (item, bool) {
	if p.pos < len(p.items) {
		return p.items[p.pos], true
	}
	return item{}, false
}

func (p *parser) or(depth int) (*node, error) {
	if depth > maxQueryDepth {
		return nil, invalid("the query nests parentheses too deeply")
	}
	first, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	kids := []*node{first}
	for {
		it, ok := p.peek()
		if !ok || it.kind != iOr {
			break
		}
		p.pos++
		if next, ok := p.peek(); !ok || next.kind == iRParen || next.kind == iOr {
			return nil, invalid("OR needs something to search on both sides")
		}
		n, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &node{kind: nOr, kids: kids}, nil
}

func (p *parser) and(depth int) (*node, error) {
	var kids []*node
	for {
		it, ok := p.peek()
		if !ok || it.kind == iRParen || it.kind == iOr {
			break
		}
		if it.kind == iAnd {
			p.pos++
			if next, ok := p.peek(); len(kids) == 0 || !ok || next.kind == iRParen || next.kind == iOr || next.kind == iAnd {
				return nil, invalid("AND needs something to search on both sides")
			}
			continue
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	switch len(kids) {
	case 0:
		if it, ok := p.peek(); ok && it.kind == iOr {
			return nil, invalid("OR needs something to search on both sides")
		}
		return nil, invalid("empty parentheses or nothing to search for")
	case 1:
		return kids[0], nil
	}
	return &node{kind: nAnd, kids: kids}, nil
}

func (p *parser) unary(depth int) (*node, error) {
	it, _ := p.peek()
	if it.kind != iNot {
		return p.primary(depth)
	}
	p.pos++
	if next, ok := p.peek(); !ok || next.kind == iRParen || next.kind == iOr || next.kind == iAnd {
		return nil, invalid("NOT or - needs something to exclude")
	}
	n, err := p.unary(depth + 1)
	if err != nil {
		return nil, err
	}
	return &node{kind: nNot, kids: []*node{n}}, nil
}

func (p *parser) primary(depth int) (*node, error) {
	it, _ := p.peek()
	p.pos++
	switch it.kind {
	case iLParen:
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if next, ok := p.peek(); !ok || next.kind != iRParen {
			return nil, invalid("a parenthesis is not closed")
		}
		p.pos++
		return n, nil
	case iRParen:
		return nil, invalid("a closing parenthesis has no opening one")
	case iPhrase:
		if strings.TrimSpace(it.text) == "" {
			return nil, invalid("empty quotation marks")
		}
		return &node{kind: nPhrase, text: it.text}, nil
	case iField:
		n := &node{kind: nField, field: it.field, text: it.text, quoted: it.quoted}
		if !it.quoted && strings.HasSuffix(n.text, "*") {
			n.prefix, n.text = true, strings.TrimSuffix(n.text, "*")
		}
		if !it.quoted && strings.Contains(n.text, "*") || n.text == "" {
			return nil, invalid("%s: a * may only end the value, as in code:5*", it.field)
		}
		return n, nil
	}
	return wordNode(it.text)
}

// wordNode parses a plain word with its optional * or ~ suffix.
func wordNode(w string) (*node, error) {
	switch {
	case strings.HasSuffix(w, "*"):
		base := strings.TrimSuffix(w, "*")
		if strings.ContainsAny(base, "*~") {
			return nil, invalid("%q: a * may only end a word, as in Arbeitgeb*", w)
		}
		if utf8.RuneCountInString(base) < 2 {
			return nil, invalid("%q: a prefix search needs at least two letters before the *", w)
		}
		return &node{kind: nPrefix, text: base}, nil
	case strings.Contains(w, "~"):
		i := strings.LastIndex(w, "~")
		base, suffix := w[:i], w[i+1:]
		fuzz := 0
		if suffix != "" {
			n, err := strconv.Atoi(suffix)
			if err != nil || n < 1 || n > 2 {
				return nil, invalid("%q: after ~ comes nothing, 1 or 2 (the number of typos allowed)", w)
			}
			fuzz = n
		}
		if base == "" || strings.ContainsAny(base, "*~") {
			return nil, invalid("%q: a ~ must follow a word, as in Vorschlag~", w)
		}
		return &node{kind: nFuzzy, text: base, fuzz: fuzz}, nil
	case strings.Contains(w, "*"):
		return nil, invalid("%q: a * may only end a word, as in Arbeitgeb*", w)
	}
	return &node{kind: nWord, text: w}, nil
}

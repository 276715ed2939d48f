package guidefmt

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/qda"
)

// ParsePlain reads a guideline pasted as plain text in the style of the
// report appendix: section lines "1. Title" (or "X. Title"), lead questions
// "1.1 Text (GF, PL)" or "- 1.1 *Text*", prompts starting with "-", "•", "▪"
// or "●" and nested by indentation, and lines that continue a broken item.
// Text before the first section is the preamble; appendix headings such as
// "A.1.1 Regionaldirektion" at the top and a "Vorbemerkung" line are
// dropped. A final parenthesis made only of role codes gives an item's roles;
// the roles found become the vocabulary, with their codes as labels. meta
// supplies key, title, level and wave; newID mints the guideline's GUID.
// Malformed input gives a *ParseError naming the line.
func ParsePlain(r io.Reader, name string, meta PlainMeta, newID func() (qda.GUID, error)) (*qda.Guideline, error) {
	data, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	key, title := strings.TrimSpace(meta.Key), strings.TrimSpace(meta.Title)
	if !oneLine(key) || !oneLine(title) {
		return nil, qda.Errorf(qda.EInvalid, "a plain-text guideline needs a key and a title, each on one line")
	}
	pp := &plainParser{name: name}
	lines, err := splitLines(data, name)
	if err != nil {
		return nil, err
	}
	if err := pp.scan(lines); err != nil {
		return nil, err
	}
	g := &qda.Guideline{Key: key, Title: title, Level: meta.Level, Wave: meta.Wave}
	if err := pp.build(g); err != nil {
		return nil, err
	}
	if newID == nil {
		return nil, fmt.Errorf("import %s: no GUID generator was given", name)
	}
	if g.GUID, err = newID(); err != nil {
		return nil, fmt.Errorf("mint a guid for %s: %w", name, err)
	}
	assignGUIDs(g)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// Kinds of plain-text items.
const (
	plainSection = iota
	plainQuestion
	plainPrompt
)

// plainItem is a section, question or prompt with its raw, joined text.
type plainItem struct {
	kind   int
	line   int
	indent int
	num    string // section number or question id
	text   string
}

type plainParser struct {
	name  string
	items []*plainItem
	paras []string
}

func (pp *plainParser) errorf(line int, format string, args ...any) error {
	return &ParseError{File: pp.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// scan splits the lines into preamble paragraphs and items.
func (pp *plainParser) scan(lines []string) error {
	started := false  // preamble text seen
	paraOpen := false // the last line was preamble text
	blank := true     // the last line was blank
	for i, raw := range lines {
		ln := i + 1
		t := strings.TrimLeftFunc(raw, func(r rune) bool { return r == '#' || r == '>' || unicode.IsSpace(r) })
		if t == "" {
			paraOpen, blank = false, true
			continue
		}
		wasBlank := blank
		blank = false
		indent := indentWidth(raw)
		body, bullet := cutBullet(t)
		tok, rest := firstToken(strings.TrimLeft(body, "*"))
		tok = strings.Trim(tok, "*")
		inPreamble := len(pp.items) == 0
		switch {
		case !bullet && isSectionNumber(tok):
			pp.items = append(pp.items, &plainItem{kind: plainSection, line: ln, num: tok, text: rest})
		case isPlainQuestionID(tok):
			if inPreamble {
				return pp.errorf(ln, "question %s before any section: a section line like \"1. Title\" must come first", tok)
			}
			pp.items = append(pp.items, &plainItem{kind: plainQuestion, line: ln, num: tok, text: rest})
		case bullet:
			if inPreamble {
				return pp.errorf(ln, "bullet before the first section: the preamble holds paragraphs only")
			}
			if pp.lastQuestion() == nil {
				return pp.errorf(ln, "prompt before any question: unnumbered lead questions cannot be recognised in plain text; number it or use the .guide.md format")
			}
			pp.items = append(pp.items, &plainItem{kind: plainPrompt, line: ln, indent: indent, text: body})
		case !bullet && isAppendixHeading(tok):
			if !inPreamble && wasBlank && rest != "" {
				return pp.errorf(ln, "another guideline (%s) starts here: import one guideline at a time", tok)
			}
			if inPreamble && !started {
				continue
			}
			pp.addText(t, &paraOpen)
		case inPreamble && isPreambleHeading(t):
			continue
		default:
			if inPreamble {
				started = true
			}
			pp.addText(t, &paraOpen)
		}
	}
	if len(pp.items) == 0 {
		return pp.errorf(max(len(lines), 1), "no section found: a plain-text guideline needs at least one section line like \"1. Title\"")
	}
	return nil
}

// addText appends a line that is not an item of its own: to the last item,
// or in the preamble to the current paragraph or a new one.
func (pp *plainParser) addText(t string, paraOpen *bool) {
	if n := len(pp.items); n > 0 {
		pp.items[n-1].text = joinBroken(pp.items[n-1].text, t)
		return
	}
	n := len(pp.paras)
	if n > 0 && (*paraOpen || continuesParagraph(t)) {
		pp.paras[n-1] = joinBroken(pp.paras[n-1], t)
	} else {
		pp.paras = append(pp.paras, t)
	}
	*paraOpen = true
}

func (pp *plainParser) lastQuestion() *plainItem {
	for i := len(pp.items) - 1; i >= 0; i-- {
		switch pp.items[i].kind {
		case plainQuestion:
			return pp.items[i]
		case plainSection:
			return nil
		}
	}
	return nil
}

// build turns the scanned items into g's preamble, roles and sections.
func (pp *plainParser) build(g *qda.Guideline) error {
	for _, p := range pp.paras {
		p = cleanText(p)
		for structural(p) {
			p = strings.TrimSpace(p[1:])
		}
		if p != "" {
			g.Preamble = append(g.Preamble, p)
		}
	}
	seen := map[string]bool{}
	collect := func(roles []string) {
		for _, r := range roles {
			if !seen[r] {
				seen[r] = true
				g.Roles = append(g.Roles, qda.Role{Code: r, Label: r})
			}
		}
	}
	var secs []*secNode
	var q *questionNode
	var stack []*promptNode
	var indents []int
	for _, it := range pp.items {
		text := cleanText(it.text)
		switch it.kind {
		case plainSection:
			if text == "" {
				return pp.errorf(it.line, "section %s has no title", it.num)
			}
			secs = append(secs, &secNode{s: qda.Section{Number: it.num, Title: text}})
			q = nil
			continue
		}
		text, roles := splitRoles(text)
		if text == "" {
			return pp.errorf(it.line, "this item has no text")
		}
		collect(roles)
		if it.kind == plainQuestion {
			q = &questionNode{q: qda.Question{ID: it.num, Text: text, Roles: roles}}
			s := secs[len(secs)-1]
			s.qs = append(s.qs, q)
			stack, indents = nil, nil
			continue
		}
		for len(indents) > 0 && indents[len(indents)-1] >= it.indent {
			stack, indents = stack[:len(stack)-1], indents[:len(indents)-1]
		}
		n := &promptNode{p: qda.Prompt{Text: text, Roles: roles}}
		if len(stack) == 0 {
			q.prompts = append(q.prompts, n)
		} else {
			parent := stack[len(stack)-1]
			parent.kids = append(parent.kids, n)
		}
		stack, indents = append(stack, n), append(indents, it.indent)
	}
	for _, s := range secs {
		g.Sections = append(g.Sections, s.build())
	}
	return nil
}

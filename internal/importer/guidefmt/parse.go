package guidefmt

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/qda"
)

// Parse reads a guideline file (.guide.md). name is used in error messages.
// newID mints the guideline's GUID when the front matter has none; it may be
// nil when every input carries a guid. Malformed input gives a *ParseError
// naming the line; the result passes (*qda.Guideline).Validate.
func Parse(r io.Reader, name string, newID func() (qda.GUID, error)) (*qda.Guideline, error) {
	data, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	lines, err := splitLines(data, name)
	if err != nil {
		return nil, err
	}
	p := &parser{name: name, lines: lines, g: &qda.Guideline{}, declared: map[string]bool{}}
	body, err := p.frontMatter()
	if err != nil {
		return nil, err
	}
	if err := p.body(body); err != nil {
		return nil, err
	}
	g := p.g
	if g.GUID == "" {
		if newID == nil {
			return nil, fmt.Errorf("%s has no guid and no GUID generator was given", name)
		}
		if g.GUID, err = newID(); err != nil {
			return nil, fmt.Errorf("mint a guid for %s: %w", name, err)
		}
	}
	for _, s := range p.secs {
		g.Sections = append(g.Sections, s.build())
	}
	assignGUIDs(g)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// parser holds the state of one Parse call.
type parser struct {
	name     string
	lines    []string
	g        *qda.Guideline
	declared map[string]bool
	secs     []*secNode
	q        *questionNode // current question
	path     []*promptNode // current prompt at each depth
	annex    *qda.Annex    // the annex being read, once the annexes began
	annexLn  int           // the line of its heading
}

// The question tree is built with pointers and converted to values at the
// end, so that appending never invalidates a parent.
type secNode struct {
	s  qda.Section
	qs []*questionNode
}

type questionNode struct {
	q       qda.Question
	prompts []*promptNode
}

type promptNode struct {
	p    qda.Prompt
	kids []*promptNode
}

func (s *secNode) build() qda.Section {
	out := s.s
	for _, q := range s.qs {
		qq := q.q
		qq.Prompts = buildPrompts(q.prompts)
		out.Questions = append(out.Questions, qq)
	}
	return out
}

func buildPrompts(ns []*promptNode) []qda.Prompt {
	if len(ns) == 0 {
		return nil
	}
	out := make([]qda.Prompt, len(ns))
	for i, n := range ns {
		out[i] = n.p
		out[i].Prompts = buildPrompts(n.kids)
	}
	return out
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &ParseError{File: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// frontMatter reads the front matter and returns the index of the first
// body line.
func (p *parser) frontMatter() (int, error) {
	if len(p.lines) == 0 || p.lines[0] != "---" {
		return 0, p.errorf(1, "a guideline file starts with a front-matter line \"---\"")
	}
	seen := map[string]bool{}
	g := p.g
	for i := 1; i < len(p.lines); i++ {
		ln, t := i+1, strings.TrimSpace(p.lines[i])
		if p.lines[i] == "---" {
			for _, k := range []string{"key", "title", "level", "wave"} {
				if !seen[k] {
					return 0, p.errorf(ln, "the front matter lacks the required key %q", k)
				}
			}
			return i + 1, nil
		}
		if t == "" {
			continue
		}
		k, v, ok := strings.Cut(t, ":")
		if !ok {
			return 0, p.errorf(ln, "expected \"key: value\" in the front matter, got %q", t)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !strings.HasPrefix(k, "role") { // roles are checked below
			if seen[k] {
				return 0, p.errorf(ln, "duplicate front-matter key %q", k)
			}
			seen[k] = true
		}
		switch k {
		case "guid":
			if !qda.GUID(v).Valid() {
				return 0, p.errorf(ln, "bad guid %q: want a lowercase UUID like 0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11", v)
			}
			g.GUID = qda.GUID(v)
		case "key", "title":
			if v == "" {
				return 0, p.errorf(ln, "the %s is empty", k)
			}
			if k == "key" {
				g.Key = v
			} else {
				g.Title = v
			}
		case "themes":
			if v == "" || strings.ContainsAny(v, "/ \t") {
				return 0, p.errorf(ln, "bad theme set %q: one word without \"/\" naming the themes shared with other guidelines", v)
			}
			g.Themes = v
		case "level":
			if !qda.Level(v).Valid() {
				return 0, p.errorf(ln, "bad level %q: want strategic, operative or intensive", v)
			}
			g.Level = qda.Level(v)
		case "wave":
			w, err := strconv.Atoi(v)
			if err != nil || w < 1 || strings.Trim(v, "0123456789") != "" {
				return 0, p.errorf(ln, "bad wave %q: want a whole number 1, 2, …", v)
			}
			g.Wave = w
		default:
			code, isRole := strings.CutPrefix(k, "role")
			if !isRole || code == "" || !unicode.IsSpace(rune(code[0])) {
				return 0, p.errorf(ln, "unknown front-matter key %q (known: guid, key, title, level, wave, themes, role CODE)", k)
			}
			code = strings.TrimSpace(code)
			if msg := roleCodeProblem(code); msg != "" {
				return 0, p.errorf(ln, "%s", msg)
			}
			if p.declared[code] {
				return 0, p.errorf(ln, "role %q is declared twice", code)
			}
			if v == "" {
				return 0, p.errorf(ln, "role %q needs a label: \"role %s: Label\"", code, code)
			}
			p.declared[code] = true
			g.Roles = append(g.Roles, qda.Role{Code: code, Label: v})
		}
	}
	return 0, p.errorf(1, "the front matter opened here is never closed with a \"---\" line")
}

// body reads the preamble and the question tree from line index start on.
func (p *parser) body(start int) error {
	var para []string // lines of the current preamble paragraph
	flush := func() {
		if len(para) > 0 {
			p.g.Preamble = append(p.g.Preamble, strings.Join(para, " "))
			para = nil
		}
	}
	for i := start; i < len(p.lines); i++ {
		ln, raw := i+1, p.lines[i]
		t := strings.TrimSpace(raw)
		indent := raw[:len(raw)-len(strings.TrimLeftFunc(raw, unicode.IsSpace))]
		var err error
		switch {
		case t == "":
			flush()
		case p.annex != nil && strings.HasPrefix(t, "|"):
			err = p.annexRow(ln, t)
		case strings.HasPrefix(t, "# ") || t == "#":
			flush()
			err = p.annexHeading(ln, t)
		case p.annex != nil:
			err = p.errorf(ln, "unexpected %q after an annex: annex tables (# Title, then | rows) come after all sections and questions", clip(t))
		case strings.HasPrefix(t, "#"):
			flush()
			err = p.heading(ln, t)
		case t == "-" || strings.HasPrefix(t, "- "):
			err = p.prompt(ln, indent, t)
		case strings.HasPrefix(t, ">"):
			err = p.note(ln, indent, t)
		case len(p.secs) > 0:
			err = p.errorf(ln, "unexpected text %q: below the first section every line is a ## section, a ### question, a - prompt or a > note", clip(t))
		default:
			para = append(para, t)
		}
		if err != nil {
			return err
		}
	}
	flush()
	if p.annex != nil && len(p.annex.Header) == 0 {
		return p.errorf(p.annexLn, "annex %q has no table: add a header row \"| Column | Column |\"", p.annex.Title)
	}
	return nil
}

// annexHeading opens an annex table: "# Title".
func (p *parser) annexHeading(ln int, t string) error {
	title := strings.TrimSpace(strings.TrimPrefix(t, "#"))
	if title == "" {
		return p.errorf(ln, "an annex heading needs a title: \"# Übersicht: …\"")
	}
	if p.annex != nil && len(p.annex.Header) == 0 {
		return p.errorf(p.annexLn, "annex %q has no table: add a header row \"| Column | Column |\" below it", p.annex.Title)
	}
	p.g.Annexes = append(p.g.Annexes, qda.Annex{Title: title})
	p.annex, p.annexLn = &p.g.Annexes[len(p.g.Annexes)-1], ln
	return nil
}

// annexRow reads one table row of the current annex: the first row is the
// header, a separator row "| --- | --- |" may follow it.
func (p *parser) annexRow(ln int, t string) error {
	if len(t) < 2 || !strings.HasSuffix(t, "|") {
		return p.errorf(ln, "a table row starts and ends with \"|\": \"| a | b |\"")
	}
	cells := strings.Split(t[1:len(t)-1], "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	a := p.annex
	if len(a.Header) == 0 {
		for _, c := range cells {
			if c == "" {
				return p.errorf(ln, "annex %q: every column of the header row needs a name", a.Title)
			}
		}
		a.Header = cells
		return nil
	}
	if len(cells) != len(a.Header) {
		return p.errorf(ln, "annex %q: the row has %d cells, the header %d", a.Title, len(cells), len(a.Header))
	}
	if len(a.Rows) == 0 && isSeparatorRow(cells) {
		return nil
	}
	a.Rows = append(a.Rows, cells)
	return nil
}

// isSeparatorRow reports whether cells are a Markdown table's separator
// row: dashes with optional colons.
func isSeparatorRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-:") != "" || !strings.Contains(c, "-") {
			return false
		}
	}
	return true
}

// clip shortens s for an error message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func (p *parser) heading(ln int, t string) error {
	n := len(t) - len(strings.TrimLeft(t, "#"))
	rest := t[n:]
	if rest != "" && !unicode.IsSpace(rune(rest[0])) {
		return p.errorf(ln, "write a space after %q", t[:n])
	}
	rest = strings.TrimSpace(rest)
	switch n {
	case 2:
		num, title := firstToken(rest)
		if num == "" {
			return p.errorf(ln, "a section heading needs a number and a title: \"## 1. Title\"")
		}
		if title == "" {
			return p.errorf(ln, "section %s has no title", num)
		}
		p.secs = append(p.secs, &secNode{s: qda.Section{Number: num, Title: title}})
		p.q, p.path = nil, nil
		return nil
	case 3:
		return p.question(ln, rest)
	}
	return p.errorf(ln, "unknown heading %q: use ## for sections and ### for questions", t[:n])
}

func (p *parser) question(ln int, rest string) error {
	if len(p.secs) == 0 {
		return p.errorf(ln, "question before any section: add a \"## 1. Title\" line above it")
	}
	text, inner, hasAttrs := splitAttrs(rest)
	q := qda.Question{}
	if esc, ok := strings.CutPrefix(text, `\`); ok {
		text = strings.TrimSpace(esc)
	} else if tok, after := firstToken(text); qda.IsQuestionID(tok) {
		q.ID, text = tok, after
	}
	if text == "" {
		return p.errorf(ln, "the question has no text")
	}
	q.Text = text
	if hasAttrs {
		var err error
		var a attrSet
		if a, err = p.attrs(ln, inner); err != nil {
			return err
		}
		q.Roles, q.RoleBasis, q.Optional = a.roles, a.basis, a.optional
	}
	s := p.secs[len(p.secs)-1]
	p.q = &questionNode{q: q}
	s.qs = append(s.qs, p.q)
	p.path = nil
	return nil
}

// spaces checks that an indent is made of spaces only and returns its width.
func (p *parser) spaces(ln int, indent string) (int, error) {
	if strings.Trim(indent, " ") != "" {
		return 0, p.errorf(ln, "indent with spaces only, not tabs or other white space")
	}
	return len(indent), nil
}

func (p *parser) prompt(ln int, indent, t string) error {
	if p.q == nil {
		return p.errorf(ln, "prompt before any question: a - prompt belongs to the ### question above it")
	}
	w, err := p.spaces(ln, indent)
	if err != nil {
		return err
	}
	if w%2 != 0 {
		return p.errorf(ln, "prompt indented by %d spaces: nest prompts by two spaces per level", w)
	}
	depth := w / 2
	if depth > len(p.path) {
		if len(p.path) == 0 {
			return p.errorf(ln, "the first prompt of a question must not be indented")
		}
		return p.errorf(ln, "indentation jumps from level %d to level %d: nest prompts one level at a time", len(p.path)-1, depth)
	}
	text, inner, hasAttrs := splitAttrs(strings.TrimSpace(t[1:]))
	if text == "" {
		return p.errorf(ln, "the prompt has no text")
	}
	n := &promptNode{p: qda.Prompt{Text: text}}
	if hasAttrs {
		var a attrSet
		if a, err = p.attrs(ln, inner); err != nil {
			return err
		}
		n.p.Roles, n.p.RoleBasis, n.p.Optional = a.roles, a.basis, a.optional
	}
	if depth == 0 {
		p.q.prompts = append(p.q.prompts, n)
	} else {
		parent := p.path[depth-1]
		parent.kids = append(parent.kids, n)
	}
	p.path = append(p.path[:depth], n)
	return nil
}

func (p *parser) note(ln int, indent, t string) error {
	if p.q == nil {
		return p.errorf(ln, "note before any question: a > note belongs to the question or prompt directly above it")
	}
	w, err := p.spaces(ln, indent)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(t[1:])
	if text == "" {
		return p.errorf(ln, "empty note")
	}
	if len(p.path) == 0 {
		if w != 0 {
			return p.errorf(ln, "a question's note must not be indented")
		}
		p.q.q.Notes = append(p.q.q.Notes, text)
		return nil
	}
	want := 2 * len(p.path)
	if w != want {
		if w == 0 {
			return p.errorf(ln, "a question's notes go directly below its ### line, before its prompts; a prompt's note is indented to the prompt's text (%d spaces here)", want)
		}
		return p.errorf(ln, "note indented by %d spaces: a prompt's note is indented to the text of the prompt directly above it (%d spaces here)", w, want)
	}
	last := p.path[len(p.path)-1]
	last.p.Notes = append(last.p.Notes, text)
	return nil
}

// attrSet is a parsed attribute group.
type attrSet struct {
	roles    []string
	basis    qda.RoleBasis
	optional bool
}

// attrs parses the inside of an attribute group: role codes, "optional",
// and one of "all-roles" (asked of every role; no role code then) or
// "inferred" (the roles were reconstructed; role codes needed).
func (p *parser) attrs(ln int, inner string) (attrSet, error) {
	var a attrSet
	if strings.TrimSpace(inner) == "" {
		return a, nil
	}
	for _, item := range strings.Split(inner, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
			return a, p.errorf(ln, "empty attribute in {%s}", inner)
		case item == "optional":
			if a.optional {
				return a, p.errorf(ln, "\"optional\" is given twice")
			}
			a.optional = true
		case item == attrAllRoles || item == attrInferred:
			if a.basis != "" {
				return a, p.errorf(ln, "give one of \"all-roles\" and \"inferred\", once")
			}
			a.basis = qda.RolesAll
			if item == attrInferred {
				a.basis = qda.RolesInferred
			}
		case !p.declared[item]:
			return a, p.errorf(ln, "undeclared role %q in braces: declare it in the front matter as \"role %s: Label\"", item, item)
		default:
			for _, r := range a.roles {
				if r == item {
					return a, p.errorf(ln, "role %q is given twice", item)
				}
			}
			a.roles = append(a.roles, item)
		}
	}
	switch {
	case a.basis == qda.RolesAll && len(a.roles) > 0:
		return a, p.errorf(ln, "\"all-roles\" asks every role: name no role beside it")
	case a.basis == qda.RolesInferred && len(a.roles) == 0:
		return a, p.errorf(ln, "\"inferred\" marks reconstructed roles: name the roles beside it")
	}
	return a, nil
}

// Attribute words for the role basis.
const (
	attrAllRoles = "all-roles"
	attrInferred = "inferred"
)

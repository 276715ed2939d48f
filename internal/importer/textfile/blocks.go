package textfile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// para is a paragraph as a format reader found it, before cleaning.
type para struct {
	text    string
	heading int
	note    bool
}

// builder collects the paragraphs of a document and assembles the Doc.
type builder struct {
	paras []para
	meta  map[string]string
}

// add appends a paragraph; heading is its level, 0 for body text.
func (b *builder) add(text string, heading int) {
	b.paras = append(b.paras, para{text: text, heading: heading})
}

// addNote appends a paragraph of a footnote, endnote or comment.
func (b *builder) addNote(text string) {
	b.paras = append(b.paras, para{text: text, note: true})
}

// doc assembles the canonical text: each paragraph is normalised, its
// lines are stripped of trailing white space and blank lines, and the
// paragraphs are joined with one blank line. A body paragraph whose first
// line starts with a question id and that has more lines is split after
// that line, so that the id line is a block of its own.
func (b *builder) doc(name, format string) (*Doc, error) {
	var text strings.Builder
	var blocks []Block
	pos := 0
	note := false
	emit := func(s string, heading int) {
		if len(blocks) > 0 {
			text.WriteString("\n\n")
			pos += 2
		}
		n := utf8.RuneCountInString(s)
		id := QuestionIDPrefix(s)
		if note {
			id = ""
		}
		blocks = append(blocks, Block{Start: pos, End: pos + n, Heading: heading, QuestionID: id, Note: note})
		text.WriteString(s)
		pos += n
	}
	for _, p := range b.paras {
		s, err := textnorm.Canonical(p.text)
		if err != nil {
			return nil, fileErr(name, err, "the text is damaged: %s", qda.ErrorMessage(err))
		}
		s = cleanPara(s)
		if s == "" {
			continue
		}
		note = p.note
		h := min(max(p.heading, 0), 6)
		if first, rest, ok := strings.Cut(s, "\n"); ok && h == 0 && !note && QuestionIDPrefix(first) != "" {
			emit(strings.TrimSpace(first), 0)
			emit(strings.TrimSpace(rest), 0)
			continue
		}
		emit(s, h)
	}
	meta := b.meta
	if meta == nil {
		meta = map[string]string{}
	}
	return &Doc{Text: text.String(), Format: format, Meta: meta, Blocks: blocks}, nil
}

// cleanPara removes trailing white space from every line, drops blank
// lines and trims the paragraph.
func cleanPara(s string) string {
	if !strings.Contains(s, "\n") {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// QuestionIDPrefix returns the question id a paragraph starts with, or ""
// if it starts with none. The first word counts, after leading Markdown
// emphasis or quote marks ("**2.3 Wie …**"), an optional word "Frage", and
// without a trailing ":" or ")". It is an id if qda.IsQuestionID accepts it
// and it looks like a guideline number: dot-separated parts of one or two
// digits with an optional lower-case letter (or an "x"/"X"), at least two
// parts before any "/" ("2.2a", "1.3a/1.6", "X.2", "5.x", "6.5.1"). So
// "1." (a theme), "14.05.2014" (a date) and "2014" are not ids.
func QuestionIDPrefix(s string) string {
	s = strings.TrimLeft(s, " \t*_>#")
	tok := firstWord(s)
	if strings.EqualFold(tok, "frage") {
		tok = firstWord(strings.TrimLeft(s[len(tok):], " \t"))
	}
	tok = strings.TrimRight(tok, ":)*_")
	if !qda.IsQuestionID(tok) || !plausibleID(tok) {
		return ""
	}
	return tok
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// plausibleID checks the shape described at QuestionIDPrefix.
func plausibleID(tok string) bool {
	for i, part := range strings.Split(tok, "/") {
		comps := strings.Split(part, ".")
		if i == 0 && len(comps) < 2 || len(comps) > 4 {
			return false
		}
		for j, c := range comps {
			if !idComponent(c, i == 0 && j == 0) {
				return false
			}
		}
	}
	return true
}

func idComponent(c string, first bool) bool {
	if c == "x" || c == "X" {
		return true
	}
	d := 0
	for d < len(c) && c[d] >= '0' && c[d] <= '9' {
		d++
	}
	if d == 0 && first || d > 2 || len(c)-d > 2 {
		return false
	}
	for _, r := range c[d:] {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return len(c) > 0
}

// plainParas splits canonical plain text into paragraphs at blank lines.
// With markdown set, ATX headings ("## Titel") are blocks of their own and
// a paragraph of one line underlined with "===" or "---" is a heading.
func plainParas(b *builder, text string, markdown bool) {
	var cur []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if markdown && len(cur) == 2 {
			if lvl := setextLevel(cur[1]); lvl > 0 {
				b.add(cur[0], lvl)
				cur = cur[:0]
				return
			}
		}
		b.add(strings.Join(cur, "\n"), 0)
		cur = cur[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if markdown {
			if lvl, title := atxHeading(line); lvl > 0 {
				flush()
				b.add(title, lvl)
				continue
			}
		}
		cur = append(cur, line)
	}
	flush()
}

// atxHeading recognises "# Title" to "###### Title" with an optional
// closing sequence of #.
func atxHeading(line string) (int, string) {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 {
		return 0, ""
	}
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0, ""
	}
	title := strings.TrimSpace(s[n:])
	if t := strings.TrimRight(title, "#"); t != title && (t == "" || strings.HasSuffix(t, " ")) {
		title = strings.TrimSpace(t)
	}
	return n, title
}

func setextLevel(line string) int {
	s := strings.TrimSpace(line)
	switch {
	case len(s) >= 2 && strings.Trim(s, "=") == "":
		return 1
	case len(s) >= 2 && strings.Trim(s, "-") == "":
		return 2
	}
	return 0
}

// markdownBody removes the front matter (key: value lines between a first
// line "---" and the next "---" or "...") from canonical text and stores
// its entries in meta.
func markdownBody(text string, meta map[string]string) string {
	if !strings.HasPrefix(text, "---\n") {
		return text
	}
	rest := text[4:]
	var fm []string
	for {
		line, after, ok := strings.Cut(rest, "\n")
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			rest = after
			break
		}
		if !ok {
			return text // no closing line: not front matter
		}
		fm = append(fm, line)
		rest = after
	}
	for _, line := range fm {
		k, v, ok := strings.Cut(line, ":")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.HasPrefix(k, "#") {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		meta[k] = v
	}
	return rest
}

package textfile

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"
)

// maxRTFDepth limits group nesting.
const maxRTFDepth = 512

// rtf destinations: where text goes.
const (
	rtfBody = iota
	rtfSkip
	rtfStyles     // \stylesheet: its groups are style entries
	rtfStyleEntry // one style: its text is the style's name
	rtfInfo       // \info: dropped except \title
	rtfTitle
	rtfNote // \footnote: its text goes to the note
)

// rtfState is what a group scopes.
type rtfState struct {
	dest    int
	uc      int // \ucN: fallback characters after \uN
	style   int // \sN
	outline int // \outlinelevelN, -1 for none
	hidden  bool
	note    *docNote // the footnote being read (dest rtfNote)
}

// rtfParser turns RTF into paragraphs. It is a minimal reader of the
// RTF 1.9 syntax: groups, control words and symbols, \uN escapes with
// \ucN fallback skipping (surrogate pairs joined), \'hh escapes in the
// document's code page (\ansicpgN, default Windows-1252), paragraph
// breaks, tabs and line breaks, and the stylesheet for headings (a
// style with \outlinelevelN or named "heading N"). Footnotes and endnotes
// (\footnote, \ftnalt) become blocks after the body (see notes.go).
// Destinations that are not text (font and colour tables, pictures,
// headers, comments, field instructions, \* groups …) are skipped.
type rtfParser struct {
	data   []byte
	i      int
	st     rtfState
	stack  []rtfState
	out    *builder
	para   strings.Builder
	name   strings.Builder // the style entry's name
	entry  rtfState        // the style entry's own \s and \outlinelevel
	title  strings.Builder
	styles map[int]int // style number → heading level
	skipN  int         // fallback characters still to skip
	high   rune        // a pending high surrogate
	cp     func(byte) rune
	rawU8  bool // raw 8-bit bytes are UTF-8
	done   bool
	notes  noteList
	npara  strings.Builder // the paragraph of the note being read
}

// ErrNotRTF is returned by ParseRTF for data without an {\rtf header.
var ErrNotRTF = errors.New("the file does not start with {\\rtf")

// ParseRTF returns the paragraphs of an RTF document as text and heading
// levels: texts[i] has level levels[i] (0 for body text). Unbalanced
// groups at the end (a cut-off file) are tolerated.
func ParseRTF(data []byte) (texts []string, levels []int, title string, err error) {
	b, title, err := parseRTF(data)
	if err != nil {
		return nil, nil, "", err
	}
	for _, p := range b.paras {
		texts = append(texts, p.text)
		levels = append(levels, p.heading)
	}
	return texts, levels, title, nil
}

func parseRTF(data []byte) (*builder, string, error) {
	data = bytes.TrimPrefix(data, bom8)
	start := bytes.Index(data, []byte(`{\rtf`))
	if start < 0 || len(bytes.TrimSpace(data[:start])) > 0 {
		return nil, "", ErrNotRTF
	}
	p := &rtfParser{
		data: data, i: start, out: &builder{meta: map[string]string{}},
		st: rtfState{uc: 1, outline: -1}, styles: map[int]int{}, cp: cp1252Rune,
		rawU8: utf8.Valid(data) && hasMultiByteUTF8(data),
	}
	if err := p.run(); err != nil {
		return nil, "", err
	}
	if p.st.dest == rtfNote {
		p.endNotePara() // a cut-off file
	}
	p.endPara()
	p.notes.addTo(p.out)
	return p.out, strings.TrimSpace(p.title.String()), nil
}

func readRTF(name string, data []byte) (*Doc, error) {
	b, title, err := parseRTF(data)
	if err != nil {
		return nil, fileErr(name, err, "the RTF file is damaged: %v", err)
	}
	if title != "" {
		b.meta["title"] = title
	}
	return b.doc(name, FormatRtf)
}

func (p *rtfParser) run() error {
	for p.i < len(p.data) && !p.done {
		c := p.data[p.i]
		switch c {
		case '{':
			p.i++
			if len(p.stack) >= maxRTFDepth {
				return errors.New("groups are nested too deeply")
			}
			p.stack = append(p.stack, p.st)
			p.skipN = 0
			if p.st.dest == rtfStyles {
				p.st.dest = rtfStyleEntry
				p.name.Reset()
				p.entry = rtfState{outline: -1}
			}
		case '}':
			p.i++
			p.closeGroup()
		case '\\':
			p.i++
			p.control()
		case '\r', '\n':
			p.i++
		default:
			p.i++
			if c < 0x80 {
				p.text(rune(c), false)
			} else if p.rawU8 {
				r, n := utf8.DecodeRune(p.data[p.i-1:])
				p.i += n - 1
				p.text(r, false)
			} else {
				p.text(p.cp(c), false)
			}
		}
	}
	return nil
}

func (p *rtfParser) closeGroup() {
	if len(p.stack) == 0 {
		p.done = true
		return
	}
	if p.st.dest == rtfStyleEntry && p.stack[len(p.stack)-1].dest == rtfStyles {
		name := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p.name.String()), ";"))
		lvl := headingLevelFromName(name)
		if p.entry.outline >= 0 {
			lvl = p.entry.outline
		}
		if _, seen := p.styles[p.entry.style]; !seen || lvl > 0 {
			p.styles[p.entry.style] = lvl
		}
	}
	if p.st.dest == rtfNote && p.stack[len(p.stack)-1].dest != rtfNote {
		p.endNotePara()
	}
	p.st = p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	p.skipN = 0
	if len(p.stack) == 0 {
		p.done = true
	}
}

// control reads a control word or symbol after the backslash.
func (p *rtfParser) control() {
	if p.i >= len(p.data) {
		return
	}
	c := p.data[p.i]
	if !isLetter(c) {
		p.i++
		switch c {
		case '\'':
			if p.i+2 <= len(p.data) {
				if b, ok := hexByte(p.data[p.i], p.data[p.i+1]); ok {
					p.i += 2
					p.text(p.cp(b), false)
				}
			}
		case '*':
			if p.st.dest == rtfBody || p.st.dest == rtfInfo || p.st.dest == rtfStyleEntry {
				p.st.dest = rtfSkip
			}
		case '\r', '\n':
			p.word("par", 0, false)
		case '-':
		default:
			if s, ok := rtfSymbols[string(c)]; ok {
				p.textString(s)
			}
		}
		return
	}
	j := p.i
	for j < len(p.data) && j-p.i < 32 && isLetter(p.data[j]) {
		j++
	}
	word := string(p.data[p.i:j])
	neg := j < len(p.data) && p.data[j] == '-'
	if neg {
		j++
	}
	k := j
	param := 0
	for k < len(p.data) && k-j < 10 && p.data[k] >= '0' && p.data[k] <= '9' {
		param = param*10 + int(p.data[k]-'0')
		k++
	}
	hasParam := k > j
	if neg {
		param = -param
	}
	if k < len(p.data) && p.data[k] == ' ' {
		k++
	}
	p.i = k
	p.word(word, param, hasParam)
}

// word handles a control word.
func (p *rtfParser) word(w string, param int, hasParam bool) {
	if p.st.dest == rtfSkip {
		if w == "bin" && param > 0 {
			p.i = min(len(p.data), p.i+param)
		}
		return
	}
	p.skipN = 0
	switch {
	case w == "u":
		if param < 0 {
			param += 65536
		}
		p.text(rune(param), true)
		p.skipN = p.st.uc
		return
	case w == "uc":
		p.st.uc = max(param, 0)
		return
	case w == "bin":
		if param > 0 {
			p.i = min(len(p.data), p.i+param)
		}
		return
	case w == "footnote" && p.st.dest == rtfBody:
		n := p.notes.add(noteFootnote, "")
		p.para.WriteString(n.bodyMark())
		p.st.dest, p.st.note = rtfNote, n
		return
	case w == "ftnalt" && p.st.dest == rtfNote:
		p.st.note.kind = noteEndnote
		return
	case rtfSkipDest[w]:
		p.st.dest = rtfSkip
		return
	case w == "stylesheet":
		p.st.dest = rtfStyles
		return
	case w == "info":
		p.st.dest = rtfInfo
		return
	case w == "title" && p.st.dest == rtfInfo:
		p.st.dest = rtfTitle
		return
	case w == "ansicpg" || w == "mac" || w == "pc" || w == "pca":
		cp := map[string]int{"ansicpg": param, "mac": 10000, "pc": 437, "pca": 850}[w]
		p.cp = rtfCodepage(cp)
		return
	}
	if p.st.dest == rtfStyleEntry {
		switch w {
		case "s":
			p.entry.style = param
		case "outlinelevel":
			p.entry.outline = outlineLevelN(param)
		case "cs", "ds", "ts":
			p.entry.style = -1 - param // not a paragraph style
		}
		return
	}
	switch {
	case w == "pard":
		p.st.style, p.st.outline = 0, -1
	case w == "s" && hasParam:
		p.st.style = param
	case w == "outlinelevel":
		p.st.outline = outlineLevelN(param)
	case w == "v":
		p.st.hidden = !hasParam || param != 0
	case rtfBreaks[w]:
		if p.st.dest == rtfBody {
			p.endPara()
		}
		if p.st.dest == rtfNote {
			p.endNotePara()
		}
	default:
		if s, ok := rtfSymbols[w]; ok {
			p.textString(s)
		}
	}
}

// text writes one character to the current destination; fallback
// characters after \uN are dropped.
func (p *rtfParser) text(r rune, fromU bool) {
	if !fromU && p.skipN > 0 {
		p.skipN--
		return
	}
	if p.st.dest == rtfSkip || p.st.dest == rtfInfo || p.st.dest == rtfStyles || p.st.hidden {
		return
	}
	if fromU && r >= 0xD800 && r < 0xDC00 {
		p.high = r
		return
	}
	if p.high != 0 {
		if r >= 0xDC00 && r < 0xE000 {
			r = 0x10000 + (p.high-0xD800)<<10 + (r - 0xDC00)
		} else {
			p.put('\uFFFD')
		}
		p.high = 0
	}
	switch {
	case r >= 0xD800 && r < 0xE000:
		r = '\uFFFD'
	case r < 0x20 && r != '\t' && r != '\n':
		return
	}
	p.put(r)
}

func (p *rtfParser) textString(s string) {
	for _, r := range s {
		p.text(r, true)
	}
}

func (p *rtfParser) put(r rune) {
	switch p.st.dest {
	case rtfBody:
		p.para.WriteRune(r)
	case rtfStyleEntry:
		p.name.WriteRune(r)
	case rtfTitle:
		p.title.WriteRune(r)
	case rtfNote:
		p.npara.WriteRune(r)
	}
}

// endNotePara ends a paragraph of the footnote being read.
func (p *rtfParser) endNotePara() {
	if p.st.note != nil && strings.TrimSpace(p.npara.String()) != "" {
		p.st.note.paras = append(p.st.note.paras, p.npara.String())
	}
	p.npara.Reset()
}

// endPara emits the current paragraph with the heading level of its
// outline level or style.
func (p *rtfParser) endPara() {
	lvl := p.st.outline
	if lvl < 0 {
		lvl = p.styles[p.st.style]
	}
	p.out.add(p.para.String(), lvl)
	p.para.Reset()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func hexByte(a, b byte) (byte, bool) {
	h, ok1 := hexVal(a)
	l, ok2 := hexVal(b)
	return h<<4 | l, ok1 && ok2
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

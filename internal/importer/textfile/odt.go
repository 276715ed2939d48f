package textfile

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// nsText is the OpenDocument text namespace.
const nsText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

// readOdt reads content.xml of an odt archive: paragraphs (text:p) and
// headings (text:h with text:outline-level), with spans, links, spaces
// (text:s), tabs and line breaks. Footnotes, annotations, tracked
// deletions and generated indexes (tables of contents) are left out.
func readOdt(a *archive) (*Doc, error) {
	body, err := a.read("content.xml")
	if err != nil {
		return nil, err
	}
	b := &builder{meta: map[string]string{}}
	w := &odtWalker{out: b}
	if err := w.walk(body); err != nil {
		return nil, fileErr(a.name, err, "the %s is damaged: content.xml is not valid XML (%v)", a.label, err)
	}
	if meta, err := a.read("meta.xml"); err == nil && meta != nil {
		if t := xmlElementText(meta, "title"); t != "" {
			b.meta["title"] = t
		}
	}
	return b.doc(a.name, FormatOdt)
}

// odtSkipped are text-namespace elements whose content is not body text.
var odtSkipped = map[string]bool{
	"note": true, "tracked-changes": true, "table-of-content": true,
	"alphabetical-index": true, "illustration-index": true, "table-index": true,
	"object-index": true, "user-index": true, "bibliography": true,
	"sequence-decls": true, "variable-decls": true, "user-field-decls": true,
	"number": true,
}

// odtPara is a paragraph or heading being read.
type odtPara struct {
	text    strings.Builder
	heading int
	space   bool // the last character written was a collapsible space
}

// odtWalker reads content.xml.
type odtWalker struct {
	out   *builder
	stack []*odtPara // open paragraphs; frames nest them
	skip  int
}

func (w *odtWalker) walk(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var depth depthGuard
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err == nil {
			err = depth.see(tok)
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			w.start(t)
		case xml.EndElement:
			w.end(t)
		case xml.CharData:
			if w.skip == 0 && len(w.stack) > 0 {
				w.chars(string(t))
			}
		}
	}
}

// chars appends character data with ODF's white-space rule: runs of
// space, tab and newline collapse to one space.
func (w *odtWalker) chars(s string) {
	p := w.stack[len(w.stack)-1]
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !p.space {
				p.text.WriteByte(' ')
				p.space = true
			}
			continue
		}
		p.text.WriteRune(r)
		p.space = false
	}
}

func (w *odtWalker) start(t xml.StartElement) {
	if w.skip > 0 || t.Name.Local == "annotation" || t.Name.Space == nsText && odtSkipped[t.Name.Local] {
		w.skip++
		return
	}
	if t.Name.Space != nsText {
		return
	}
	switch t.Name.Local {
	case "p":
		w.stack = append(w.stack, &odtPara{})
	case "h":
		lvl, err := strconv.Atoi(attr(t, "outline-level"))
		if err != nil || lvl < 1 {
			lvl = 1
		}
		w.stack = append(w.stack, &odtPara{heading: min(lvl, 6)})
	}
	if len(w.stack) == 0 {
		return
	}
	p := w.stack[len(w.stack)-1]
	switch t.Name.Local {
	case "s":
		n, err := strconv.Atoi(attr(t, "c"))
		if err != nil || n < 1 {
			n = 1
		}
		p.text.WriteString(strings.Repeat(" ", min(n, 1000)))
		p.space = false
	case "tab":
		p.text.WriteByte('\t')
		p.space = false
	case "line-break":
		p.text.WriteByte('\n')
		p.space = true
	}
}

func (w *odtWalker) end(t xml.EndElement) {
	if w.skip > 0 {
		w.skip--
		return
	}
	if t.Name.Space != nsText || t.Name.Local != "p" && t.Name.Local != "h" || len(w.stack) == 0 {
		return
	}
	p := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	w.out.add(p.text.String(), p.heading)
}

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
// (text:s), tabs and line breaks. Footnotes, endnotes (text:note) and
// comments (office:annotation) become blocks after the body, their marks
// stay in the body (see notes.go). Tracked deletions and generated indexes
// (tables of contents) are left out.
func readOdt(a *archive) (*Doc, error) {
	body, err := a.read("content.xml")
	if err != nil {
		return nil, err
	}
	b := &builder{meta: map[string]string{}}
	w := &odtWalker{out: b, notes: &noteList{}}
	if err := w.walk(body); err != nil {
		return nil, fileErr(a.name, err, "the %s is damaged: content.xml is not valid XML (%v)", a.label, err)
	}
	w.notes.addTo(b)
	if meta, err := a.read("meta.xml"); err == nil && meta != nil {
		if t := xmlElementText(meta, "title"); t != "" {
			b.meta["title"] = t
		}
	}
	return b.doc(a.name, FormatOdt)
}

// odtSkipped are text-namespace elements whose content is not body text.
var odtSkipped = map[string]bool{
	"tracked-changes": true, "table-of-content": true,
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
	notes *noteList
	open  []*odtNote // notes being read; a note may hold another
}

// odtNote is a footnote, endnote or comment being read.
type odtNote struct {
	kind      int
	citation  strings.Builder // text:note-citation
	author    strings.Builder // dc:creator of a comment
	paras     []string
	base      int // paragraphs open outside the note
	inCite    bool
	inCreator bool
}

// nsOffice and nsDC are the namespaces of office:annotation and its
// dc:creator.
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsDC     = "http://purl.org/dc/elements/1.1/"
)

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
			if n := w.note(); w.skip == 0 && n != nil && (n.inCite || n.inCreator) {
				if n.inCite {
					n.citation.Write(t)
				} else {
					n.author.Write(t)
				}
				continue
			}
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

// note returns the note being read, nil in the body.
func (w *odtWalker) note() *odtNote {
	if len(w.open) == 0 {
		return nil
	}
	return w.open[len(w.open)-1]
}

func (w *odtWalker) start(t xml.StartElement) {
	if w.skip > 0 || t.Name.Local == "annotation-end" || t.Name.Space == nsText && odtSkipped[t.Name.Local] {
		w.skip++
		return
	}
	switch {
	case t.Name.Space == nsText && t.Name.Local == "note":
		kind := noteFootnote
		if attr(t, "note-class") == "endnote" {
			kind = noteEndnote
		}
		w.open = append(w.open, &odtNote{kind: kind, base: len(w.stack)})
		return
	case t.Name.Local == "annotation" && (t.Name.Space == nsOffice || t.Name.Space == ""):
		w.open = append(w.open, &odtNote{kind: noteComment, base: len(w.stack)})
		return
	case t.Name.Space == nsText && t.Name.Local == "note-citation" && w.note() != nil:
		w.note().inCite = true
		return
	case t.Name.Space == nsDC && t.Name.Local == "creator" && w.note() != nil:
		w.note().inCreator = true
		return
	case t.Name.Space == nsDC && t.Name.Local == "date" && w.note() != nil:
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
	n := w.note()
	switch {
	case n != nil && t.Name.Space == nsText && t.Name.Local == "note-citation":
		n.inCite = false
		return
	case n != nil && t.Name.Space == nsDC && t.Name.Local == "creator":
		n.inCreator = false
		return
	case n != nil && (t.Name.Space == nsText && t.Name.Local == "note" || t.Name.Local == "annotation" && (t.Name.Space == nsOffice || t.Name.Space == "")):
		w.open = w.open[:len(w.open)-1]
		w.stack = w.stack[:min(len(w.stack), n.base)]
		mark := strings.TrimSpace(n.citation.String())
		if n.kind == noteComment {
			mark = ""
		}
		dn := w.notes.add(n.kind, mark)
		dn.author, dn.paras = strings.TrimSpace(n.author.String()), n.paras
		if len(w.stack) > 0 {
			p := w.stack[len(w.stack)-1]
			p.text.WriteString(dn.bodyMark())
			p.space = false
		}
		return
	}
	if t.Name.Space != nsText || t.Name.Local != "p" && t.Name.Local != "h" || len(w.stack) == 0 {
		return
	}
	p := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	if n != nil && len(w.stack) >= n.base {
		n.paras = append(n.paras, p.text.String())
		return
	}
	w.out.add(p.text.String(), p.heading)
}

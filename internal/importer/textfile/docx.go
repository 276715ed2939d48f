package textfile

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// WordprocessingML namespaces (transitional and strict).
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// readDocx reads the main document part of a docx archive: paragraphs
// (w:p) with their text runs (w:t), tabs and line breaks. Headings come
// from the paragraph's outline level or its style (w:pStyle): a style
// with an outline level, or named "heading N"/"Überschrift N" or "Title",
// directly or through w:basedOn. Deleted and moved-away revisions, field
// instructions and the fallback copies of text boxes are left out.
func readDocx(a *archive) (*Doc, error) {
	docPart := "word/document.xml"
	rels, err := a.read("_rels/.rels")
	if err != nil {
		return nil, err
	}
	if t := relTarget(rels, "/officeDocument"); t != "" {
		docPart = strings.TrimPrefix(path.Clean("/"+t), "/")
	}
	body, err := a.read(docPart)
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, fileErr(a.name, nil, "the %s is damaged: %s is missing", a.label, docPart)
	}
	styleXML, err := a.read(path.Join(partDir(docPart), "styles.xml"))
	if err != nil {
		return nil, err
	}
	b := &builder{meta: map[string]string{}}
	notes := &noteList{}
	w := &docxWalker{out: b, levels: docxStyleLevels(styleXML), notes: notes, refs: map[docxNoteRef]*docNote{}}
	if err := w.walk(body); err != nil {
		return nil, fileErr(a.name, err, "the %s is damaged: %s is not valid XML (%v)", a.label, docPart, err)
	}
	warnings, err := readDocxNotes(a, docPart, w)
	if err != nil {
		return nil, err
	}
	notes.addTo(b)
	if core, err := a.read("docProps/core.xml"); err == nil && core != nil {
		if t := xmlElementText(core, "title"); t != "" {
			b.meta["title"] = t
		}
	}
	doc, err := b.doc(a.name, FormatDocx)
	if err != nil {
		return nil, err
	}
	doc.Warnings = append(doc.Warnings, warnings...)
	return doc, nil
}

// docxNoteRef identifies a note referenced in the body: its kind and id.
type docxNoteRef struct {
	kind int
	id   string
}

// docxNoteParts are the parts of the notes of each kind: the relationship
// type's suffix, the default part name, the element of one note.
var docxNoteParts = [...]struct{ rel, part, elem, what string }{
	noteFootnote: {"/footnotes", "footnotes.xml", "footnote", "footnotes"},
	noteEndnote:  {"/endnotes", "endnotes.xml", "endnote", "endnotes"},
	noteComment:  {"/comments", "comments.xml", "comment", "comments"},
}

// readDocxNotes reads the text of the notes the body referenced from the
// footnotes, endnotes and comments parts. A part that is damaged leaves its
// notes out with a warning; the body is still imported.
func readDocxNotes(a *archive, docPart string, w *docxWalker) ([]string, error) {
	if len(w.refs) == 0 {
		return nil, nil
	}
	dir := partDir(docPart)
	rels, err := a.read(path.Join(dir, "_rels", path.Base(docPart)+".rels"))
	if err != nil {
		return nil, err
	}
	var warnings []string
	for kind, np := range docxNoteParts {
		want := 0
		for ref := range w.refs {
			if ref.kind == kind {
				want++
			}
		}
		if want == 0 {
			continue
		}
		part := path.Join(dir, np.part)
		if t := relTarget(rels, np.rel); t != "" {
			part = strings.TrimPrefix(path.Clean("/"+path.Join(dir, t)), "/")
			if strings.HasPrefix(t, "/") {
				part = strings.TrimPrefix(path.Clean(t), "/")
			}
		}
		data, err := a.read(part)
		if err != nil {
			return nil, err
		}
		if data == nil {
			warnings = append(warnings, fmt.Sprintf("the text of %d %s is missing from the file (%s); only their marks are in the text", want, np.what, part))
			continue
		}
		if err := w.readNotePart(data, kind, np.elem); err != nil {
			warnings = append(warnings, fmt.Sprintf("the %s could not be read (%s is damaged: %v); only their marks are in the text", np.what, part, err))
		}
	}
	return warnings, nil
}

// readNotePart reads the notes of one kind and gives their paragraphs to
// the notes the body referenced.
func (w *docxWalker) readNotePart(data []byte, kind int, elem string) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var depth depthGuard
	var cur *docxWalker
	var note *docNote
	level := 0
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
		if cur == nil {
			if se, ok := tok.(xml.StartElement); ok && isW(se.Name) && se.Name.Local == elem {
				note = w.refs[docxNoteRef{kind, attr(se, "id")}]
				if note != nil {
					note.author = strings.TrimSpace(attr(se, "author"))
				}
				cur, level = &docxWalker{out: &builder{}, levels: w.levels}, 1
			}
			continue
		}
		switch tok.(type) {
		case xml.StartElement:
			level++
		case xml.EndElement:
			level--
		}
		if level == 0 {
			if note != nil {
				for _, p := range cur.out.paras {
					note.paras = append(note.paras, p.text)
				}
			}
			cur, note = nil, nil
			continue
		}
		cur.token(tok)
	}
}

// relTarget returns the Target of the first relationship whose Type ends
// with typeSuffix.
func relTarget(rels []byte, typeSuffix string) string {
	d := xml.NewDecoder(bytes.NewReader(rels))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" && strings.HasSuffix(attr(se, "Type"), typeSuffix) {
			return attr(se, "Target")
		}
	}
}

// attr returns the value of the attribute with the given local name.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlElementText returns the text of the first element with the given
// local name.
func xmlElementText(data []byte, local string) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > 0 || t.Name.Local == local {
				depth++
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
				if depth == 0 {
					return strings.TrimSpace(b.String())
				}
			}
		case xml.CharData:
			if depth > 0 {
				b.Write(t)
			}
		}
	}
}

// headingLevelFromName maps a style name or id to a heading level:
// "heading 2", "Heading2", "Überschrift 2", "berschrift2" (Word's German
// style id) → 2; "Title", "Titel" → 1; anything else → 0.
func headingLevelFromName(name string) int {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	if n == "title" || n == "titel" {
		return 1
	}
	for _, p := range []string{"heading", "überschrift", "berschrift"} {
		if rest, ok := strings.CutPrefix(n, p); ok {
			if lvl, err := strconv.Atoi(rest); err == nil && lvl >= 1 && lvl <= 9 {
				return min(lvl, 6)
			}
		}
	}
	return 0
}

// outlineLevel maps a w:outlineLvl value (0-based, 9 = body text) to a
// heading level, -1 for none.
func outlineLevel(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return outlineLevelN(n)
}

// outlineLevelN maps a 0-based outline level (9 = body text) to a heading
// level.
func outlineLevelN(n int) int {
	if n < 0 || n >= 9 {
		return 0
	}
	return min(n+1, 6)
}

// docxStyleLevels returns the heading level of every paragraph style.
func docxStyleLevels(data []byte) map[string]int {
	type style struct {
		name, basedOn string
		outline       int
	}
	styles := map[string]*style{}
	if data != nil {
		d := xml.NewDecoder(bytes.NewReader(data))
		var cur *style
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "style":
					cur = nil
					if attr(t, "type") == "paragraph" {
						cur = &style{outline: -1}
						styles[attr(t, "styleId")] = cur
					}
				case "name":
					if cur != nil {
						cur.name = attr(t, "val")
					}
				case "basedOn":
					if cur != nil {
						cur.basedOn = attr(t, "val")
					}
				case "outlineLvl":
					if cur != nil {
						cur.outline = outlineLevel(attr(t, "val"))
					}
				}
			}
		}
	}
	levels := map[string]int{}
	var level func(id string, depth int) int
	level = func(id string, depth int) int {
		s := styles[id]
		switch {
		case s == nil:
			return headingLevelFromName(id)
		case s.outline >= 0:
			return s.outline
		}
		if l := headingLevelFromName(s.name); l > 0 {
			return l
		}
		if l := headingLevelFromName(id); l > 0 {
			return l
		}
		if s.basedOn != "" && depth < 10 {
			return level(s.basedOn, depth+1)
		}
		return 0
	}
	for id := range styles {
		levels[id] = level(id, 0)
	}
	levels[""] = 0
	return levels
}

// docxPara is a paragraph being read.
type docxPara struct {
	text    strings.Builder
	style   string
	outline int
}

// docxWalker reads document.xml.
type docxWalker struct {
	out    *builder
	levels map[string]int
	notes  *noteList                // notes referenced in the body; nil inside a note
	refs   map[docxNoteRef]*docNote // by kind and id
	stack  []*docxPara              // open paragraphs; text boxes nest them
	skip   int                      // depth inside a skipped element
	inT    bool
	inPPr  int
}

// docxSkipped are elements whose content is not document text.
var docxSkipped = map[string]bool{
	"Fallback": true, "moveFrom": true, "delText": true, "instrText": true,
	"delInstrText": true, "rPr": true, "sectPr": true,
}

func (w *docxWalker) walk(data []byte) error {
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
		w.token(tok)
	}
}

// token handles one token of the document.
func (w *docxWalker) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		w.start(t)
	case xml.EndElement:
		w.end(t)
	case xml.CharData:
		if w.inT && w.skip == 0 && len(w.stack) > 0 {
			w.top().text.Write(t)
		}
	}
}

func (w *docxWalker) top() *docxPara { return w.stack[len(w.stack)-1] }

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

func (w *docxWalker) start(t xml.StartElement) {
	if w.skip > 0 || docxSkipped[t.Name.Local] {
		w.skip++
		return
	}
	if !isW(t.Name) {
		return
	}
	switch t.Name.Local {
	case "p":
		w.stack = append(w.stack, &docxPara{outline: -1})
	case "pPr":
		w.inPPr++
	}
	if len(w.stack) == 0 {
		return
	}
	p := w.top()
	switch t.Name.Local {
	case "pStyle":
		if w.inPPr > 0 {
			p.style = attr(t, "val")
		}
	case "outlineLvl":
		if w.inPPr > 0 {
			p.outline = outlineLevel(attr(t, "val"))
		}
	case "t":
		w.inT = true
	case "tab":
		if w.inPPr == 0 {
			p.text.WriteByte('\t')
		}
	case "br", "cr":
		p.text.WriteByte('\n')
	case "noBreakHyphen":
		p.text.WriteByte('-')
	case "footnoteReference", "endnoteReference", "commentReference":
		kind := map[string]int{"footnoteReference": noteFootnote, "endnoteReference": noteEndnote, "commentReference": noteComment}[t.Name.Local]
		ref := docxNoteRef{kind, attr(t, "id")}
		if w.notes == nil || w.refs[ref] != nil {
			return
		}
		n := w.notes.add(kind, "")
		w.refs[ref] = n
		p.text.WriteString(n.bodyMark())
	}
}

func (w *docxWalker) end(t xml.EndElement) {
	if w.skip > 0 {
		w.skip--
		return
	}
	if !isW(t.Name) {
		return
	}
	switch t.Name.Local {
	case "t":
		w.inT = false
	case "pPr":
		w.inPPr--
	case "p":
		if len(w.stack) == 0 {
			return
		}
		p := w.top()
		w.stack = w.stack[:len(w.stack)-1]
		lvl := p.outline
		if lvl < 0 {
			lvl = w.levels[p.style]
			if _, ok := w.levels[p.style]; !ok {
				lvl = headingLevelFromName(p.style)
			}
		}
		w.out.add(p.text.String(), lvl)
	}
}

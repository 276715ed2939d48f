package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/importer/textfile"
	"github.com/protocoder/protocoder/internal/qda"
)

// sourceFile is a protocol or document file read for import: Markdown in
// protocoder's protocol format (front matter, "### 2.2a" answers), or any
// format textfile reads (txt, docx, odt, rtf, pdf), whose structure is
// known only once the guideline is.
type sourceFile struct {
	path string
	// md is the parsed Markdown protocol; nil for other formats.
	md *protocolmd.Protocol
	// doc is the file read by textfile; nil for Markdown.
	doc *textfile.Doc
}

// readSource reads the file at path. Text files are decoded from UTF-8,
// UTF-16 or Windows-1252; every failure names the file and the reason.
func readSource(path string) (*sourceFile, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
		}
		if len(data) > textfile.DefaultMaxBytes {
			return nil, qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %d MiB", path, textfile.DefaultMaxBytes>>20)
		}
		text, _, err := textfile.DecodeText(data)
		if err != nil {
			return nil, qda.Errorf(qda.EInvalid, "%s: %v", path, err)
		}
		if strings.TrimSpace(text) == "" {
			return nil, qda.Errorf(qda.EInvalid, "%s: the file is empty", path)
		}
		p, err := protocolmd.Parse(strings.NewReader(text), path)
		if err != nil {
			return nil, err
		}
		return &sourceFile{path: path, md: p}, nil
	}
	d, err := textfile.ReadFile(path, textfile.Options{})
	if err != nil {
		return nil, err
	}
	return &sourceFile{path: path, doc: d}, nil
}

// meta returns the file's metadata: Markdown front matter, or the title
// other formats carry.
func (f *sourceFile) meta() map[string]string {
	if f.md != nil {
		return f.md.Meta
	}
	if f.doc.Meta == nil {
		return map[string]string{}
	}
	return f.doc.Meta
}

// text returns the file's text for a document of kind other or report.
func (f *sourceFile) text() string {
	if f.md != nil {
		return blocksText(f.md.Blocks)
	}
	return f.doc.Text
}

// protocolBlocks returns the file's free sections and answers for
// guideline g. Markdown brings them; in other formats a paragraph or
// heading that starts with one of g's question ids opens the answer to
// that question (like MAXQDA's preprocessor, keyed to our ids), the
// paragraphs after it up to the next id or heading are the answer, and
// other headings open free sections.
func (f *sourceFile) protocolBlocks(g *qda.Guideline) []qda.ProtocolBlock {
	if f.md != nil {
		return f.md.Blocks
	}
	questions := map[string]*qda.Question{}
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			q := &g.Sections[si].Questions[qi]
			if q.ID != "" {
				questions[q.ID] = q
			}
		}
	}
	var out []qda.ProtocolBlock
	var cur *qda.ProtocolBlock
	add := func(text string) {
		if cur == nil {
			out = append(out, qda.ProtocolBlock{})
			cur = &out[len(out)-1]
		}
		if cur.Body != "" {
			cur.Body += "\n\n"
		}
		cur.Body += text
	}
	open := func(b qda.ProtocolBlock) {
		out = append(out, b)
		cur = &out[len(out)-1]
	}
	for _, b := range f.doc.Blocks {
		text := qda.Slice(f.doc.Text, b.Start, b.End)
		if q := questions[b.QuestionID]; q != nil {
			open(qda.ProtocolBlock{QuestionID: q.ID})
			if rest := answerAfterID(text, q); b.Heading == 0 && rest != "" {
				add(rest)
			}
			continue
		}
		if b.Heading > 0 {
			open(qda.ProtocolBlock{Title: text})
			continue
		}
		add(text)
	}
	return out
}

// answerAfterID returns what a paragraph "2.2a …" holds besides the id
// and the question's own text: the answer written on the same line, or ""
// when the paragraph is just the question.
func answerAfterID(text string, q *qda.Question) string {
	rest := strings.TrimLeft(strings.TrimPrefix(text, q.ID), " .:)–-\t")
	qt := strings.Fields(q.Text)
	words := strings.Fields(rest)
	n := 0
	for n < len(words) && n < len(qt) && strings.EqualFold(words[n], qt[n]) {
		n++
	}
	if n == len(words) || n == len(qt) {
		// The whole rest is (the start of) the question, or the question
		// comes first and the answer follows it.
		return strings.TrimLeft(strings.Join(words[n:], " "), " .:)–-")
	}
	return strings.TrimSpace(rest)
}

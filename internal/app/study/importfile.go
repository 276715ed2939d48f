package study

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// ReadSource reads a file to import through the configured FileReader.
func (s *Service) ReadSource(path string) (*app.SourceFile, error) {
	if s.Files() == nil {
		return nil, qda.Errorf(qda.EUnsupported, "file import not available")
	}
	f, err := s.Files().ReadSource(path)
	if err != nil {
		return nil, err
	}
	if f.Meta == nil {
		f.Meta = map[string]string{}
	}
	if f.Path == "" {
		f.Path = path
	}
	if f.Protocol != nil && f.Text == "" {
		f.Text = blocksText(f.Protocol)
	}
	return f, nil
}

// ImportProtocolFile reads a protocol file and imports it like
// ImportProtocolSource.
func (s *Service) ImportProtocolFile(path string, n NewInterview) (*ImportedProtocol, error) {
	src, err := s.ReadSource(path)
	if err != nil {
		return nil, err
	}
	return s.ImportProtocolSource(src, n)
}

// ImportProtocolSource registers an interview with src as its protocol.
// The file's front matter fills the fields n leaves empty; answers are
// coded with their questions. The import is one command: on any error
// nothing is created, and the error names the file.
func (s *Service) ImportProtocolSource(src *app.SourceFile, n NewInterview) (*ImportedProtocol, error) {
	it, err := s.protocolImportOf(src, n)
	if err != nil {
		return nil, err
	}
	res, err := s.ImportProtocol(it.Interview, it.Blocks, it.Name, it.Source)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.Path, err)
	}
	return res, nil
}

// ImportProtocolSources imports several files as ImportProtocolSource
// does, in one command (see ImportProtocols): all of them or, if one
// fails, none; the error names the file.
func (s *Service) ImportProtocolSources(srcs []*app.SourceFile, n NewInterview) ([]*ImportedProtocol, error) {
	return s.ImportProtocolSourcesContext(context.Background(), srcs, n)
}

// ImportProtocolSourcesContext is ImportProtocolSources, cancelled through
// ctx (see ImportProtocolsContext).
func (s *Service) ImportProtocolSourcesContext(ctx context.Context, srcs []*app.SourceFile, n NewInterview) ([]*ImportedProtocol, error) {
	items := make([]ProtocolImport, 0, len(srcs))
	for _, src := range srcs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		it, err := s.protocolImportOf(src, n)
		if err != nil {
			return nil, err
		}
		it.Path = src.Path
		items = append(items, it)
	}
	return s.ImportProtocolsContext(ctx, items)
}

// protocolImportOf prepares the import of src: metadata from n and the
// front matter, blocks against the guideline.
func (s *Service) protocolImportOf(src *app.SourceFile, n NewInterview) (ProtocolImport, error) {
	path := src.Path
	n, err := fillFromMeta(n, src.Meta)
	if err != nil {
		return ProtocolImport{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := checkComplete(n); err != nil {
		return ProtocolImport{}, fmt.Errorf("%s: %w", path, err)
	}
	g, err := s.Guideline(n.Guideline)
	if err != nil {
		return ProtocolImport{}, fmt.Errorf("%s: %w", path, err)
	}
	blocks := SourceBlocks(src, g)
	if !slices.ContainsFunc(blocks, func(b qda.ProtocolBlock) bool { return b.QuestionID != "" }) {
		src.Warnings = append(src.Warnings, fmt.Sprintf("no answer found: no heading or paragraph starts with a question id of %s (e.g. %q), so the text is imported as free sections and nothing is coded",
			g.Key, firstQuestionID(g)))
	}
	return ProtocolImport{Interview: n, Blocks: blocks, Name: "Protokoll " + strings.TrimSpace(n.Interviewee),
		Source: filepath.Base(path)}, nil
}

// firstQuestionID returns g's first question id, for messages.
func firstQuestionID(g *qda.Guideline) string {
	for _, sec := range g.Sections {
		for _, q := range sec.Questions {
			if q.ID != "" {
				return q.ID
			}
		}
	}
	return "1.1"
}

// NotesTitle heads the free section that collects a file's footnotes,
// endnotes and comments.
const NotesTitle = "Anmerkungen"

// ImportDocumentFile imports a concept paper, controlling report or other
// document from a file. n gives kind, case and interview; an empty Name
// becomes the file's title or, without one, its name without extension;
// an empty Source the file's name. n.Text is replaced by the file's text.
// It returns the reader's warnings with the document.
func (s *Service) ImportDocumentFile(path string, n NewDocument) (*qda.Document, []string, error) {
	src, err := s.ReadSource(path)
	if err != nil {
		return nil, nil, err
	}
	if n.Name == "" {
		n.Name = src.Meta["title"]
	}
	if n.Name == "" {
		n.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	if n.Source == "" {
		n.Source = filepath.Base(path)
	}
	n.Text = src.Text
	if strings.TrimSpace(n.Text) == "" {
		return nil, nil, qda.Errorf(qda.EInvalid, "%s has no text", path)
	}
	d, err := s.AddDocument(n)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, src.Warnings, nil
}

// SourceBlocks returns the file's free sections and answers for
// guideline g. Markdown brings them; in other formats a paragraph or
// heading that starts with one of g's question ids opens the answer to
// that question (like MAXQDA's preprocessor, keyed to our ids), the
// paragraphs after it up to the next id or heading are the answer, and
// other headings open free sections. Ids g does not know stay body text.
func SourceBlocks(f *app.SourceFile, g *qda.Guideline) []qda.ProtocolBlock {
	if f.Protocol != nil {
		return f.Protocol
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
	inNotes := false
	for _, b := range f.Blocks {
		text := qda.Slice(f.Text, b.Start, b.End)
		if b.Note {
			// Notes come after the body: they get a section of their own
			// rather than lengthen the last answer.
			if !inNotes {
				open(qda.ProtocolBlock{Title: NotesTitle})
				inNotes = true
			}
			add(text)
			continue
		}
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

// blocksText joins protocol blocks into a document text (titles and
// question ids as paragraphs of their own).
func blocksText(blocks []qda.ProtocolBlock) string {
	var parts []string
	for _, b := range blocks {
		if b.Title != "" {
			parts = append(parts, b.Title)
		}
		if b.QuestionID != "" {
			parts = append(parts, b.QuestionID)
		}
		if strings.TrimSpace(b.Body) != "" {
			parts = append(parts, strings.Trim(b.Body, "\n"))
		}
	}
	return strings.Join(parts, "\n\n") + "\n"
}

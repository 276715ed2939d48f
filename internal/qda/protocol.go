package qda

import (
	"strings"
)

// ProtocolBlock is one part of a protocol as written: a free section
// (opening or closing notes) or the answer to a lead question.
type ProtocolBlock struct {
	// Title names a free section; empty for an answer.
	Title string `json:"title,omitempty"`
	// QuestionID is the printed id of the question answered, or, for an
	// unnumbered lead question, its text. Empty for a free section.
	QuestionID string `json:"question_id,omitempty"`
	// Body is the text written under it.
	Body string `json:"body"`
}

// Answer is the range of a composed protocol that answers one question.
type Answer struct {
	Question GUID
	Range
}

// ComposeProtocol turns blocks into a protocol's text: each block becomes a
// heading paragraph (the free section's title, or the question's id and
// text) followed by its body paragraphs. It returns the text and, for every
// answered question, the range of its answer (the body without surrounding
// blank lines), which is then coded with the question's code. Blocks with an
// empty body are left out. A question id that occurs twice in the guideline
// (A.2.1 prints two questions 2.3) matches its occurrences in order.
func ComposeProtocol(g *Guideline, blocks []ProtocolBlock) (string, []Answer, error) {
	var b strings.Builder
	size := 0
	for _, blk := range blocks {
		size += len(blk.Title) + len(blk.Body) + 80 // a question's label, blank lines
	}
	b.Grow(size)
	var answers []Answer
	used := map[GUID]bool{}
	pos := 0
	write := func(s string) {
		b.WriteString(s)
		pos += RuneLen(s)
	}
	for _, blk := range blocks {
		body := strings.Trim(blk.Body, "\n")
		if strings.TrimSpace(body) == "" {
			continue
		}
		if pos > 0 {
			write("\n\n")
		}
		if blk.QuestionID == "" {
			if t := strings.TrimSpace(blk.Title); t != "" {
				write(t + "\n\n")
			}
			write(body)
			continue
		}
		q := findQuestion(g, blk.QuestionID, used)
		if q == nil {
			return "", nil, Errorf(EInvalid, "guideline %s has no question %q", g.Key, blk.QuestionID)
		}
		used[q.GUID] = true
		write(q.Label() + "\n\n")
		start := pos
		write(body)
		answers = append(answers, Answer{Question: q.GUID, Range: Range{Start: start, End: pos}})
	}
	if pos > 0 {
		write("\n")
	}
	return b.String(), answers, nil
}

// findQuestion returns the first question not yet used whose id (or, for
// unnumbered questions, text) is ref.
func findQuestion(g *Guideline, ref string, used map[GUID]bool) *Question {
	ref = strings.TrimSpace(ref)
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			q := &g.Sections[si].Questions[qi]
			if used[q.GUID] {
				continue
			}
			if (q.ID != "" && q.ID == ref) || (q.ID == "" && strings.EqualFold(strings.TrimSpace(q.Text), ref)) {
				return q
			}
		}
	}
	return nil
}

// Template returns the blocks of an empty protocol for a guideline already
// filtered to one role: opening notes, one block per lead question, closing
// notes.
func Template(g *Guideline) []ProtocolBlock {
	out := []ProtocolBlock{{Title: "Vorbemerkungen"}}
	for _, s := range g.Sections {
		for _, q := range s.Questions {
			id := q.ID
			if id == "" {
				id = q.Text
			}
			out = append(out, ProtocolBlock{QuestionID: id})
		}
	}
	return append(out, ProtocolBlock{Title: "Abschließende Bemerkungen"})
}

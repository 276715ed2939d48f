package protocoleditor

import (
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// item is one section of the form: a free section (opening or closing
// notes, or free text found between answers) or the answer to a question.
type item struct {
	// block is what is saved; its Body is replaced by the field's text.
	block qda.ProtocolBlock
	// question is the lead question answered; nil for a free section.
	question *qda.Question
	// section is the question's section, for the theme heading.
	section *qda.Section
	// extra marks an answer to a question outside the interviewee's role
	// or free text between answers, kept so that saving loses nothing.
	extra bool
}

// free reports whether the item is a free section.
func (it *item) free() bool { return it.block.QuestionID == "" }

// blockRef is the QuestionID by which blocks refer to q.
func blockRef(q *qda.Question) string {
	if q.ID != "" {
		return q.ID
	}
	return q.Text
}

// templateItems turns the role-filtered guideline into the form's items:
// opening notes, one item per lead question, closing notes.
func templateItems(g *qda.Guideline) []item {
	tpl := qda.Template(g)
	out := []item{{block: tpl[0]}}
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			q := &g.Sections[si].Questions[qi]
			out = append(out, item{block: qda.ProtocolBlock{QuestionID: blockRef(q)}, question: q, section: &g.Sections[si]})
		}
	}
	return append(out, item{block: tpl[len(tpl)-1]})
}

// findQuestion returns the first question of g, not in used, that blocks
// refer to as ref.
func findQuestion(g *qda.Guideline, ref string, used map[*qda.Question]bool) (*qda.Section, *qda.Question) {
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			q := &g.Sections[si].Questions[qi]
			if !used[q] && blockRef(q) == ref {
				return &g.Sections[si], q
			}
		}
	}
	return nil, nil
}

// merge fills the template items with a saved protocol's blocks (as
// app.ProtocolBlocks returns them: answers, and untitled free text between
// them that still starts with the free sections' titles). Answers to
// questions outside the role (looked up in full, the unfiltered guideline)
// and free text between answers become extra items placed where they were.
func merge(items []item, full *qda.Guideline, blocks []qda.ProtocolBlock) []item {
	opening, closing := items[0].block.Title, items[len(items)-1].block.Title
	used := map[*qda.Question]bool{}
	fullUsed := map[*qda.Question]bool{}
	at := 0 // index of the item the last block went to
	var open, close []string
	for bi, b := range blocks {
		if b.QuestionID != "" {
			idx := -1
			for i := range items {
				if q := items[i].question; q != nil && !used[q] && items[i].block.QuestionID == b.QuestionID {
					idx = i
					break
				}
			}
			if idx >= 0 {
				used[items[idx].question] = true
				items[idx].block.Body = b.Body
				at = idx
				continue
			}
			it := item{block: b, extra: true}
			if full != nil {
				it.section, it.question = findQuestion(full, b.QuestionID, fullUsed)
				if it.question != nil {
					fullUsed[it.question] = true
				}
			}
			items = insertAfter(items, &at, it)
			continue
		}
		before, after := splitTitle(b.Body, closing)
		if before != "" {
			switch {
			case at == 0:
				open = append(open, trimTitle(before, opening))
			case bi == len(blocks)-1 && after == "":
				close = append(close, before)
			default:
				items = insertAfter(items, &at, item{block: qda.ProtocolBlock{Body: before}, extra: true})
			}
		}
		if after != "" {
			close = append(close, after)
		}
	}
	items[0].block.Body = strings.Join(open, "\n\n")
	items[len(items)-1].block.Body = strings.Join(close, "\n\n")
	return items
}

// insertAfter inserts it after items[*at] (before the closing notes) and
// moves *at to it.
func insertAfter(items []item, at *int, it item) []item {
	i := *at + 1
	if i > len(items)-1 {
		i = len(items) - 1
	}
	items = append(items[:i], append([]item{it}, items[i:]...)...)
	*at = i
	return items
}

// splitTitle splits free text at the heading paragraph title: the text
// before it and the text after it ("" if there is no such heading).
func splitTitle(s, title string) (before, after string) {
	s = strings.TrimSpace(s)
	if s == title {
		return "", ""
	}
	if strings.HasPrefix(s, title+"\n\n") {
		return "", strings.TrimSpace(s[len(title)+2:])
	}
	if i := strings.Index(s, "\n\n"+title+"\n\n"); i >= 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(title)+4:])
	}
	if strings.HasSuffix(s, "\n\n"+title) {
		return strings.TrimSpace(strings.TrimSuffix(s, title)), ""
	}
	return s, ""
}

// trimTitle removes a leading heading paragraph title.
func trimTitle(s, title string) string {
	if s == title {
		return ""
	}
	return strings.TrimSpace(strings.TrimPrefix(s, title+"\n\n"))
}

// blocksOf returns the blocks to save, with the bodies from texts
// (parallel to items).
func blocksOf(items []item, texts []string) []qda.ProtocolBlock {
	out := make([]qda.ProtocolBlock, len(items))
	for i, it := range items {
		out[i] = it.block
		out[i].Body = texts[i]
	}
	return out
}

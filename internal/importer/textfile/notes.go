package textfile

import (
	"strconv"
	"strings"
)

// Footnotes, endnotes and comments are part of what a document says, so
// they are imported, as blocks of their own after the body (Block.Note):
// coding and search see them, and the body keeps its paragraphs. The body
// shows where each note belongs by a mark at the place of its reference,
// the note block starts with the same mark:
//
//	body:  "… Test footnote.[1] Test endnote.[i]"
//	notes: "[Fußnote 1] My note."  "[Endnote i] …"  "[Kommentar K1, Anna] …"

// Kinds of notes, in the order their blocks follow the body.
const (
	noteFootnote = iota
	noteEndnote
	noteComment
)

// docNote is one footnote, endnote or comment.
type docNote struct {
	kind   int
	mark   string // as in the body: "1", "i", "K1"
	author string // of a comment
	paras  []string
}

// noteList collects the notes of a document in the order of their
// references in the body.
type noteList struct {
	notes []*docNote
	count [3]int
}

// add registers a note referenced in the body and returns it; mark is the
// note's own mark (an odt citation or a custom docx mark), "" to number it.
func (l *noteList) add(kind int, mark string) *docNote {
	l.count[kind]++
	if strings.TrimSpace(mark) == "" {
		n := l.count[kind]
		switch kind {
		case noteEndnote:
			mark = roman(n)
		case noteComment:
			mark = "K" + strconv.Itoa(n)
		default:
			mark = strconv.Itoa(n)
		}
	}
	n := &docNote{kind: kind, mark: strings.TrimSpace(mark)}
	l.notes = append(l.notes, n)
	return n
}

// bodyMark is the mark written into the body where a note is referenced.
func (n *docNote) bodyMark() string { return "[" + n.mark + "]" }

// label starts the note's first block.
func (n *docNote) label() string {
	word := [...]string{"Fußnote", "Endnote", "Kommentar"}[n.kind]
	if n.author != "" {
		return "[" + word + " " + n.mark + ", " + n.author + "]"
	}
	return "[" + word + " " + n.mark + "]"
}

// addTo appends the notes to b after the body: footnotes, endnotes, then
// comments, each in the order of their references. A note without text
// gives a block with its label only, so that its mark in the body is
// explained.
func (l *noteList) addTo(b *builder) {
	for kind := noteFootnote; kind <= noteComment; kind++ {
		for _, n := range l.notes {
			if n.kind != kind {
				continue
			}
			var paras []string
			for _, p := range n.paras {
				if strings.TrimSpace(p) != "" {
					paras = append(paras, p)
				}
			}
			if len(paras) == 0 {
				paras = []string{""}
			}
			for i, p := range paras {
				if i == 0 {
					p = n.label() + " " + strings.TrimSpace(p)
				}
				b.addNote(p)
			}
		}
	}
}

// roman writes n (1–3999) in lower-case Roman numerals, as Word numbers
// endnotes.
func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

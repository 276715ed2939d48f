package textfile

// Section is the answer to one question in a structured protocol: the
// block that carries the question id and the body blocks after it.
type Section struct {
	// QuestionID is the id the block starts with, e.g. "2.2a".
	QuestionID string
	// HeadingStart and HeadingEnd are the rune range of the block that
	// carries the id (a heading or a paragraph), half-open.
	HeadingStart, HeadingEnd int
	// Start and End are the rune range of the answer, half-open: from the
	// start of the first body block after the id block to the end of the
	// last one before the next id block or heading. With no body blocks,
	// Start and End both equal HeadingEnd.
	Start, End int
}

// Sections returns the question sections of d in order: for every block
// with a question id that known accepts (nil accepts every id), the body
// blocks that follow it up to the next accepted id block, the next
// heading or the notes after the body (Block.Note). Blocks whose id known rejects count as body text, so a caller
// that passes the guideline's ids keeps "10.30 Uhr …" in the answer.
func (d *Doc) Sections(known func(id string) bool) []Section {
	isID := func(b Block) bool {
		return b.QuestionID != "" && (known == nil || known(b.QuestionID))
	}
	var out []Section
	for i := 0; i < len(d.Blocks); i++ {
		b := d.Blocks[i]
		if !isID(b) {
			continue
		}
		s := Section{QuestionID: b.QuestionID, HeadingStart: b.Start, HeadingEnd: b.End, Start: b.End, End: b.End}
		j := i + 1
		for j < len(d.Blocks) && d.Blocks[j].Heading == 0 && !d.Blocks[j].Note && !isID(d.Blocks[j]) {
			if j == i+1 {
				s.Start = d.Blocks[j].Start
			}
			s.End = d.Blocks[j].End
			j++
		}
		out = append(out, s)
		i = j - 1
	}
	return out
}

package analysis

import (
	"sort"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// KWICWidth is the default context width of KWIC lines, in characters.
const KWICWidth = 40

// KWICLine is one occurrence of a search term with its context: the
// keyword-in-context concordance.
type KWICLine struct {
	Document qda.GUID `json:"document"`
	DocName  string   `json:"doc_name"`
	Case     string   `json:"case,omitempty"`
	// Start and End are the keyword's rune offsets in the document.
	Start int `json:"start"`
	End   int `json:"end"`
	// Left, Keyword and Right are the line's three parts; line breaks in
	// the context are spaces.
	Left    string `json:"left"`
	Keyword string `json:"keyword"`
	Right   string `json:"right"`
}

// Aligned renders the line with its left context right-aligned to width
// characters, so that the keywords of a list of lines stand in one column.
func (l KWICLine) Aligned(width int) string {
	left := []rune(l.Left)
	pad := ""
	if n := width - len(left); n > 0 {
		pad = strings.Repeat(" ", n)
	} else {
		left = left[len(left)-width:]
	}
	return pad + string(left) + " [" + l.Keyword + "] " + l.Right
}

// KWIC runs a search and returns the concordance of its hits (up to
// MaxResultHits), by document name and position.
func (s *Service) KWIC(req qda.SearchRequest, width int) ([]KWICLine, error) {
	req.NoHighlight, req.NoFacets = false, true
	var hits []qda.SearchHit
	_, err := s.EachHit(req, app.MaxResultHits, func(h *qda.SearchHit) error { hits = append(hits, *h); return nil })
	if err != nil {
		return nil, err
	}
	return KWIC(hits, width), nil
}

// KWIC builds concordance lines from hits with highlighted fragments. A
// fragment shows only the first matches of a long passage, so the words
// marked in any fragment are looked up again in every hit's whole passage
// (case-insensitively, as whole words): each occurrence is one line.
func KWIC(hits []qda.SearchHit, width int) []KWICLine {
	if width <= 0 {
		width = KWICWidth
	}
	forms := map[string][][]string{} // first word → marked word sequences
	for _, h := range hits {
		for _, sp := range h.Fragment {
			if !sp.Mark {
				continue
			}
			ws := kwicWords([]rune(sp.Text))
			if len(ws) == 0 {
				continue
			}
			seq := make([]string, len(ws))
			for i, w := range ws {
				seq[i] = w.lower
			}
			if !hasForm(forms[seq[0]], seq) {
				forms[seq[0]] = append(forms[seq[0]], seq)
			}
		}
	}
	for _, fs := range forms { // longest first: a phrase wins over its first word
		sort.SliceStable(fs, func(i, j int) bool { return len(fs[i]) > len(fs[j]) })
	}
	var out []KWICLine
	for _, h := range hits {
		text := []rune(h.Text)
		ws := kwicWords(text)
		for i := 0; i < len(ws); i++ {
			for _, f := range forms[ws[i].lower] {
				if i+len(f) > len(ws) || !wordsEqual(ws[i:i+len(f)], f) {
					continue
				}
				a, b := ws[i].start, ws[i+len(f)-1].end
				out = append(out, KWICLine{Document: h.Document, DocName: h.DocName, Case: h.Case,
					Start: h.Start + a, End: h.Start + b, Keyword: string(text[a:b]),
					Left: flatten(text[max(0, a-width):a], false), Right: flatten(text[b:min(len(text), b+width)], true)})
				i += len(f) - 1
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DocName != out[j].DocName {
			return out[i].DocName < out[j].DocName
		}
		if out[i].Document != out[j].Document {
			return out[i].Document < out[j].Document
		}
		return out[i].Start < out[j].Start
	})
	return out
}

// kwicWord is a word of a text: its rune range and lower-case form.
type kwicWord struct {
	start, end int
	lower      string
}

// kwicWords splits text into words: runs of letters and digits.
func kwicWords(text []rune) []kwicWord {
	var out []kwicWord
	start := -1
	for i := 0; i <= len(text); i++ {
		in := i < len(text) && (unicode.IsLetter(text[i]) || unicode.IsDigit(text[i]))
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, kwicWord{start, i, strings.ToLower(string(text[start:i]))})
			start = -1
		}
	}
	return out
}

func hasForm(fs [][]string, seq []string) bool {
	for _, f := range fs {
		if strings.Join(f, " ") == strings.Join(seq, " ") {
			return true
		}
	}
	return false
}

func wordsEqual(ws []kwicWord, f []string) bool {
	if len(ws) != len(f) {
		return false
	}
	for i := range ws {
		if ws[i].lower != f[i] {
			return false
		}
	}
	return true
}

// flatten turns line breaks and runs of white space into single spaces;
// the side facing the keyword keeps its space.
func flatten(rs []rune, right bool) string {
	s := strings.Join(strings.Fields(string(rs)), " ")
	if len(rs) > 0 && unicode.IsSpace(rs[0]) && right {
		s = " " + s
	}
	if len(rs) > 0 && unicode.IsSpace(rs[len(rs)-1]) && !right {
		s += " "
	}
	return s
}

package analysis

import (
	"sort"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// WordCount is one word of a word-frequency list.
type WordCount struct {
	// Word is the form seen most often (words are counted without regard
	// to case: "Ziele" and "ziele" are one word).
	Word string `json:"word"`
	// Count is the number of occurrences.
	Count int `json:"count"`
	// Documents is the number of documents it occurs in.
	Documents int `json:"documents"`
}

// WordCounter counts words of texts, leaving out stop words, words of one
// letter and numbers.
type WordCounter struct {
	words map[string]*wordTally
}

type wordTally struct {
	count int
	forms map[string]int
	docs  map[qda.GUID]bool
}

// NewWordCounter returns an empty counter.
func NewWordCounter() *WordCounter { return &WordCounter{words: map[string]*wordTally{}} }

// Add counts the words of a text of document doc.
func (wc *WordCounter) Add(doc qda.GUID, text string) {
	rs := []rune(text)
	for _, w := range kwicWords(rs) {
		if w.end-w.start < 2 || germanStopWords[w.lower] || !hasLetter(rs[w.start:w.end]) {
			continue
		}
		t := wc.words[w.lower]
		if t == nil {
			t = &wordTally{forms: map[string]int{}, docs: map[qda.GUID]bool{}}
			wc.words[w.lower] = t
		}
		t.count++
		t.forms[string(rs[w.start:w.end])]++
		t.docs[doc] = true
	}
}

// upper counts the upper-case letters of s.
func upper(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

func hasLetter(rs []rune) bool {
	for _, r := range rs {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// List returns the words by count (then alphabetically), at most limit of
// them (0: all).
func (wc *WordCounter) List(limit int) []WordCount {
	out := make([]WordCount, 0, len(wc.words))
	for _, t := range wc.words {
		best, n := "", -1
		for f, c := range t.forms { // the most frequent form; on a tie the less shouting one
			if c > n || c == n && (upper(f) < upper(best) || upper(f) == upper(best) && f < best) {
				best, n = f, c
			}
		}
		out = append(out, WordCount{Word: best, Count: t.count, Documents: len(t.docs)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		a, b := strings.ToLower(out[i].Word), strings.ToLower(out[j].Word)
		if a != b {
			return a < b
		}
		return out[i].Word < out[j].Word
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// WordFrequencies counts the words of the passages a search finds (up to
// MaxResultHits), or of every document of the project when the request
// has neither query nor filters. Stop words are left out.
func (s *Service) WordFrequencies(req qda.SearchRequest, limit int) ([]WordCount, error) {
	wc := NewWordCounter()
	if strings.TrimSpace(req.Query) == "" && !hasFilters(req.Filters) {
		err := s.View(func(tx app.Tx) error {
			docs, err := tx.Documents()
			if err != nil {
				return err
			}
			for _, d := range docs {
				t, err := tx.Text(d.GUID)
				if err != nil {
					return err
				}
				wc.Add(d.GUID, t)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return wc.List(limit), nil
	}
	req.NoHighlight, req.NoFacets = true, true
	_, err := s.EachHit(req, app.MaxResultHits, func(h *qda.SearchHit) error { wc.Add(h.Document, h.Text); return nil })
	if err != nil {
		return nil, err
	}
	return wc.List(limit), nil
}

func hasFilters(f map[string][]string) bool {
	for _, v := range f {
		if len(v) > 0 {
			return true
		}
	}
	return false
}

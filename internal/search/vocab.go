package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Compound parts at query time
//
// A word is found where it is a later part of a compound ("Service" in
// "Arbeitgeberservice") by matching its stem against the parts of the
// folded field's terms when the query runs, instead of indexing every
// suffix of every long word (the parts field of mapping version 2, most of
// the cost of indexing). The parts of a folded term are what suffixTokens
// makes of it (compound.go): each suffix from rune minHead on, at least
// minTail runes long, folded alone; a seam term (fold.go) has one part, the
// word from its dropped e on.
//
// vocabulary keeps the folded terms of the segments searched lately, once
// each and sorted, in one string, and finds the terms with a part starting
// with a stem by scanning it (strings.Index): a few hundred microseconds
// for 100,000 terms, nothing per indexed passage. A segment's terms are
// added when a search first meets it (segments never change); terms of
// segments merged away stay, which costs nothing but a dictionary miss;
// the vocabulary is dropped with the index's files when text is purged.
// The reference path (bleve's searchers) finds the same terms by running
// suffixTokens over the folded field's whole dictionary (referenceParts);
// TestVocabulary_Parts compares both.

// vocabulary is the folded terms of the segments searched lately.
type vocabulary struct {
	mu    sync.Mutex
	segs  map[segment.Segment]bool
	words *words
}

// words is a sorted set of folded terms, immutable once built.
type words struct {
	// buf holds the terms (no seam terms), each followed by '\n'; term i
	// is buf[starts[i]:starts[i+1]-1].
	buf    string
	starts []int
	// seams holds the parts of the seam terms (without seamMarker),
	// sorted.
	seams []string
}

// sync adds the folded terms of the segments in views not yet read and
// returns the words to search.
func (vc *vocabulary) sync(views []*segView) (*words, error) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	var plain, seams []string
	keep := make(map[segment.Segment]bool, len(views))
	for _, v := range views {
		keep[v.seg] = true
		if vc.segs[v.seg] {
			continue
		}
		err := v.eachTermWithPrefix(FieldFolded, "", func(t string) error {
			if p, ok := strings.CutPrefix(t, seamMarker); ok {
				seams = append(seams, p)
			} else {
				plain = append(plain, t)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	vc.segs = keep
	if vc.words == nil {
		vc.words = &words{starts: []int{0}}
	}
	if len(plain) > 0 || len(seams) > 0 {
		vc.words = vc.words.with(plain, seams)
	}
	return vc.words, nil
}

// clear drops every term.
func (vc *vocabulary) clear() {
	vc.mu.Lock()
	vc.segs, vc.words = nil, nil
	vc.mu.Unlock()
}

// with returns w with the terms plain and the seam parts seams added.
func (w *words) with(plain, seams []string) *words {
	sort.Strings(plain)
	out := &words{starts: make([]int, 0, len(w.starts)+len(plain))}
	var b strings.Builder
	b.Grow(len(w.buf) + len(plain)*8)
	last := "" // the term added last
	add := func(t string) {
		if len(out.starts) > 0 && t == last {
			return
		}
		last = t
		out.starts = append(out.starts, b.Len())
		b.WriteString(t)
		b.WriteByte('\n')
	}
	i, j := 0, 0
	for i < w.len() || j < len(plain) {
		switch {
		case j == len(plain) || i < w.len() && w.term(i) <= plain[j]:
			add(w.term(i))
			i++
		default:
			add(plain[j])
			j++
		}
	}
	out.buf = b.String()
	out.starts = append(out.starts, len(out.buf))
	out.seams = append(append([]string(nil), w.seams...), seams...)
	sort.Strings(out.seams)
	out.seams = slices.Compact(out.seams)
	return out
}

func (w *words) len() int { return len(w.starts) - 1 }

func (w *words) term(i int) string { return w.buf[w.starts[i] : w.starts[i+1]-1] }

// parts returns the folded terms (seam terms with their marker) that have
// a part starting with stem, leaving out those that start with it (the
// word's prefix clause finds them). stem is folded: it never starts with
// "ue" (folding drops that e).
func (w *words) parts(stem string) []string {
	var out []string
	w.scan(stem, stem, false, &out)
	if strings.HasPrefix(stem, "u") {
		// A suffix "ue…" after a vowel folds alone to "u…".
		n := len(out)
		w.scan(stem, "ue"+stem[1:], true, &out)
		if n > 0 && len(out) > n {
			sort.Strings(out)
			out = slices.Compact(out)
		}
	}
	for i := sort.SearchStrings(w.seams, stem); i < len(w.seams) && strings.HasPrefix(w.seams[i], stem); i++ {
		out = append(out, seamMarker+w.seams[i])
	}
	return out
}

// scan appends the terms in which needle stands where a part starts (at
// rune minHead or later, minTail runes or more before the end, in a term of
// minCompound runes or more) and which do not start with stem: with
// afterVowel set where the suffix folds alone to something else (and
// stem is what it folds to), otherwise where it does not.
func (w *words) scan(stem, needle string, afterVowel bool, out *[]string) {
	for from := 0; from < len(w.buf); {
		o := strings.Index(w.buf[from:], needle)
		if o < 0 {
			return
		}
		o += from
		i := sort.SearchInts(w.starts, o+1) - 1
		t, k := w.term(i), o-w.starts[i]
		switch {
		case strings.HasPrefix(t, stem):
			from = w.starts[i+1]
		case partAt(t, k) && afterVowel == foldsAlone(t, k):
			*out = append(*out, t)
			from = w.starts[i+1]
		default:
			from = o + 1
		}
	}
}

// foldsAlone reports whether the suffix of t at byte k (k > 0) folds
// differently on its own: when it starts with "ue" after a vowel (the u
// then opens an umlaut and the e is dropped, see fold).
func foldsAlone(t string, k int) bool {
	return strings.HasPrefix(t[k:], "ue") && strings.IndexByte("aouieqy", t[k-1]) >= 0
}

// partAt reports whether a part of t starts at byte k.
func partAt(t string, k int) bool {
	n := utf8.RuneCountInString(t)
	if n < minCompound {
		return false
	}
	i := utf8.RuneCountInString(t[:k])
	return i >= minHead && n-i >= minTail
}

// referenceParts returns what words.parts returns for stem, found the
// slow and plain way: suffixTokens over every term of the folded field.
func (x *Index) referenceParts(stem string) ([]string, error) {
	dict, err := x.idx.FieldDict(FieldFolded)
	if err != nil {
		return nil, err
	}
	defer func() { _ = dict.Close() }()
	norm := de.NewGermanNormalizeFilter()
	var out []string
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		if p, ok := strings.CutPrefix(e.Term, seamMarker); ok {
			if strings.HasPrefix(p, stem) {
				out = append(out, e.Term)
			}
			continue
		}
		if strings.HasPrefix(e.Term, stem) {
			continue
		}
		for _, p := range (suffixFilter{norm}).Filter(analysis.TokenStream{{Term: []byte(e.Term)}}) {
			if strings.HasPrefix(string(p.Term), stem) {
				out = append(out, e.Term)
				break
			}
		}
	}
}

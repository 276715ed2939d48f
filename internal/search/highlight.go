package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

// Highlighting
//
// bleve's own highlighter renders one field to <mark> HTML. The hits here
// come from three fields over the same text (stemmed words, folded words,
// compound parts), so fragments are built directly from the byte ranges of
// matched terms in all three — bleve's term locations for phrases, the
// engine's re-analysis of the text otherwise (fastsearch.go) — so marked
// pieces are cut from the text itself. No HTML is produced or parsed, and
// a text containing "<mark>" or "&amp;" comes back verbatim. A part match
// marks the whole compound ("Arbeitgeberservice" for "Service").

// fragmentRunes is the length of a fragment, in runes, without ellipses.
const fragmentRunes = 240

// contextRunes is how much text a fragment shows before its first match.
const contextRunes = 60

// ellipsis marks text cut off a fragment.
const ellipsis = "…"

// fragment returns up to limit runes of text around the matched byte ranges,
// as spans with the matches marked.
func fragment(text string, ranges [][2]int, limit int) []qda.Span {
	rs := mergeRanges(text, ranges)
	start := 0
	if len(rs) > 0 {
		start = wordStartBefore(text, rs[0][0], contextRunes)
	}
	end := wordEndAfter(text, start, limit)
	if len(rs) > 0 && end < rs[0][1] {
		end = rs[0][1]
	}
	var out []qda.Span
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += s
			return
		}
		out = append(out, qda.Span{Text: s, Mark: mark})
	}
	if start > 0 {
		add(ellipsis, false)
	}
	pos := start
	for _, r := range rs {
		if r[1] <= start || r[0] >= end {
			continue
		}
		a, b := max(r[0], pos), min(r[1], end)
		add(text[pos:a], false)
		add(text[a:b], true)
		pos = b
	}
	add(text[pos:end], false)
	if end < len(text) {
		add(ellipsis, false)
	}
	return out
}

// mergeRanges sorts ranges, drops those outside text or not on rune
// boundaries, and merges overlapping ones and those separated by white
// space only (the words of a phrase become one mark).
func mergeRanges(text string, in [][2]int) [][2]int {
	var rs [][2]int
	for _, r := range in {
		if r[0] >= 0 && r[0] < r[1] && r[1] <= len(text) && runeStart(text, r[0]) && runeStart(text, r[1]) {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] || rs[i][0] == rs[j][0] && rs[i][1] > rs[j][1] })
	var out [][2]int
	for _, r := range rs {
		if n := len(out); n > 0 && (r[0] <= out[n-1][1] || strings.TrimSpace(text[out[n-1][1]:r[0]]) == "") {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

func runeStart(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// wordStartBefore returns a byte offset up to n runes before i, moved
// forward to the start of a word when it falls inside one.
func wordStartBefore(text string, i, n int) int {
	j := i
	for k := 0; k < n && j > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(text[:j])
		j -= size
	}
	if j == 0 {
		return 0
	}
	for k := j; k < i; {
		r, size := utf8.DecodeRuneInString(text[k:])
		k += size
		if unicode.IsSpace(r) {
			return k
		}
	}
	return j
}

// wordEndAfter returns a byte offset up to n runes after i, moved back to
// the end of a word when it falls inside one.
func wordEndAfter(text string, i, n int) int {
	j := i
	for k := 0; k < n && j < len(text); k++ {
		_, size := utf8.DecodeRuneInString(text[j:])
		j += size
	}
	if j == len(text) {
		return j
	}
	for k := j; k > i; {
		r, size := utf8.DecodeLastRuneInString(text[:k])
		if unicode.IsSpace(r) {
			return k - size
		}
		k -= size
	}
	return j
}

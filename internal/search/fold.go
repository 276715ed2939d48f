package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// German folding
//
// The folded field holds each word lower-cased and folded as bleve's
// normalize_de does it (ä→a, ö→o, ü→u, ß→ss, and an e after a, o or a u
// that does not follow a vowel is dropped: Groesse → grosse). foldFilter
// does the same in place, without the rune slices and copies of
// normalize_de, and for the folded field it also writes a seam term where
// dropping an e joined two parts of a compound: Büroeinrichtung folds to
// "buroinrichtung", which has no part "einrichtung"; the seam term
// seamMarker+"einrichtung" (the word from that e on) keeps the part
// findable (see vocab.go). TestFoldFilter_Filter and FuzzFold compare the
// folding with normalize_de.

// seamMarker starts a seam term. No token the tokenizer makes holds a
// control character, so no word or query term starts with it; being three
// runes long it keeps seam terms more than two edits away from any query
// term, so fuzzy searches (at most two edits) never expand to one.
const seamMarker = "\x01\x01\x01"

// Registered names of the folding token filters.
const (
	foldFilterName      = "protocoder_de_fold"
	foldSeamsFilterName = "protocoder_de_fold_seams"
)

func init() {
	for name, seams := range map[string]bool{foldFilterName: false, foldSeamsFilterName: true} {
		f := foldFilter{seams: seams}
		err := registry.RegisterTokenFilter(name, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return f, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// foldFilter folds lower-cased tokens in place; with seams set it adds the
// seam terms of compounds after the word's token, at its position and
// offsets (so a hit on a seam term highlights the whole compound).
type foldFilter struct{ seams bool }

// Filter implements analysis.TokenFilter.
func (f foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream // made at the first seam term
	var seams []int
	for i, tok := range input {
		tok.Term, seams = fold(tok.Term, f.seams, seams[:0])
		if len(seams) > 0 && out == nil {
			out = append(make(analysis.TokenStream, 0, len(input)+len(seams)+4), input[:i]...)
		}
		if out == nil {
			continue
		}
		out = append(out, tok)
		for _, j := range seams {
			term := make([]byte, 0, len(seamMarker)+1+len(tok.Term)-j)
			term = append(append(append(term, seamMarker...), 'e'), tok.Term[j:]...)
			out = append(out, &analysis.Token{Term: term, Start: tok.Start, End: tok.End, Position: tok.Position,
				Type: tok.Type, KeyWord: tok.KeyWord})
		}
	}
	if out == nil {
		return input
	}
	return out
}

// Folding states, as in normalize_de.
const (
	foldPlain  = iota // after a consonant or at the start
	foldVowel         // after e, i, q, y or an umlaut: u stays u
	foldUmlaut        // after a, o or a u that follows a consonant: an e is dropped
)

// fold folds the lower-cased term t in place and returns it. With seams
// set it appends to seams, for each e it dropped that starts a compound
// part (at rune minHead or later, minTail runes or more before the end of
// a word of minCompound runes or more), the offset in the folded term
// where the rest of the word follows.
func fold(t []byte, seams bool, out []int) ([]byte, []int) {
	state, j, runes := foldPlain, 0, 0
	var dropped [][2]int // rune index of a dropped e, offset in the result
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[i:])
		}
		switch r {
		case 'a', 'o':
			state = foldUmlaut
		case 'u':
			if state == foldPlain {
				state = foldUmlaut
			} else {
				state = foldVowel
			}
		case 'e':
			if state == foldUmlaut {
				if seams {
					dropped = append(dropped, [2]int{runes, j})
				}
				state, i, runes = foldVowel, i+size, runes+1
				continue
			}
			state = foldVowel
		case 'i', 'q', 'y':
			state = foldVowel
		case 'ä', 'ö', 'ü':
			t[j] = umlautBase(r)
			state, i, j, runes = foldVowel, i+size, j+1, runes+1
			continue
		case 'ß':
			t[j], t[j+1] = 's', 's' // two bytes for two: j stays ≤ i
			state, i, j, runes = foldPlain, i+size, j+2, runes+1
			continue
		default:
			state = foldPlain
		}
		copy(t[j:], t[i:i+size])
		i, j, runes = i+size, j+size, runes+1
	}
	if runes >= minCompound {
		for _, d := range dropped {
			if d[0] >= minHead && runes-d[0] >= minTail {
				out = append(out, d[1])
			}
		}
	}
	return t[:j], out
}

// umlautBase returns the vowel of an umlaut (ä, ö or ü).
func umlautBase(r rune) byte {
	switch r {
	case 'ä':
		return 'a'
	case 'ö':
		return 'o'
	}
	return 'u'
}

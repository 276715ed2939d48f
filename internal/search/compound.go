package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
)

// German compounds
//
// German writes compounds as one word: "Arbeitgeberservice",
// "Arbeitgeberansprache", "Vermittlungsvorschläge". The de analyzer stems
// and folds but does not split them, so "Arbeitgeber" would not find
// "Arbeitgeberservice" and "Service" would not find it either. A dictionary
// decompounder needs a German word list we do not ship and still misses the
// study's vocabulary (Jobcenter, IFK, Basisteam), so a word is instead
// findable by any part of it:
//
//   - FieldFolded holds each word lower-cased and folded (ä→a, ß→ss), not
//     stemmed: a prefix query on it finds the head of a compound
//     ("arbeitgeb" → "arbeitgeberservice") and inflections ("buro" → "buros").
//   - The parts of a folded word of at least minCompound runes are its
//     suffixes that start at rune minHead or later and are at least
//     minTail runes long ("arbeitgeberservice" → "eitgeberservice", …,
//     "service", …, "ice"), each folded on its own (suffixTokens). They
//     are not indexed: a query matches its stem against the parts of the
//     folded field's terms (vocab.go), so "servic" finds
//     "arbeitgeberservice" and "kundenservice", "ansprach" finds
//     "arbeitgeberansprache". Where folding dropped an e at the start of a
//     part (Büroeinrichtung → "buroinrichtung"), the folded field holds a
//     seam term for it (fold.go).
//
// A query word w with stem s (see queryWord) is thus searched as
// term(text, s) OR prefix(folded, s) OR terms(folded, parts starting with
// s). The first clause carries the full weight; the compound clauses carry
// partBoost, so small that a passage where w occurs as a word of its own
// outranks any passage where it is only part of a compound, while passages
// of one kind keep their tf-idf order among themselves
// (TestIndex_SearchCompoundRanking). Short stems over-match ("amt" in
// "insgesamt"); the ranking puts such hits last.
//
// Until mapping version 3 the parts were indexed, in a field of their own
// with term vectors: a word of n ≥ 6 letters added n-5 terms, and that
// field was 60 % of the cost of indexing.

// Compound splitting limits, in runes.
const (
	minCompound = 6 // shorter words get no suffix terms
	minHead     = 3 // a suffix term starts at rune 3 or later
	minTail     = 3 // and is at least 3 runes long
	// minPartQuery is the shortest query stem searched as a compound part;
	// shorter stems ("ab", "zu") would match nearly everything.
	minPartQuery = 3
)

// partBoost weighs the compound clauses of a query word against its exact
// clause; see the comment above.
const partBoost = 0.001

// suffixFilter replaces each lower-cased token by its parts, the
// German-folded suffixes described above, all at the token's position and
// offsets. It is the plain definition of a part, which the reference path
// applies to the folded vocabulary (referenceParts) and the engine's
// vocabulary scan must agree with.
type suffixFilter struct{ norm *de.GermanNormalizeFilter }

// Filter implements analysis.TokenFilter.
func (f suffixFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input))
	for _, tok := range input {
		out = append(out, suffixTokens(f.norm, tok)...)
	}
	return out
}

// suffixTokens returns the suffix tokens of one (lower-cased) token.
func suffixTokens(norm *de.GermanNormalizeFilter, tok *analysis.Token) analysis.TokenStream {
	n := utf8.RuneCount(tok.Term)
	if n < minCompound {
		return nil
	}
	var out analysis.TokenStream
	seen := map[string]bool{}
	i, b := 0, 0
	for b < len(tok.Term) {
		_, size := utf8.DecodeRune(tok.Term[b:])
		if i >= minHead && n-i >= minTail {
			term := append([]byte(nil), tok.Term[b:]...)
			folded := norm.Filter(analysis.TokenStream{{Term: term}})[0].Term
			if !seen[string(folded)] {
				seen[string(folded)] = true
				out = append(out, &analysis.Token{Term: folded, Start: tok.Start, End: tok.End,
					Position: tok.Position, Type: tok.Type})
			}
		}
		i++
		b += size
	}
	return out
}

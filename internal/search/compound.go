package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/registry"
)

// German compounds
//
// German writes compounds as one word: "Arbeitgeberservice",
// "Arbeitgeberansprache", "Vermittlungsvorschläge". The de analyzer stems
// and folds but does not split them, so "Arbeitgeber" would not find
// "Arbeitgeberservice" and "Service" would not find it either. A dictionary
// decompounder needs a German word list we do not ship and still misses the
// study's vocabulary (Jobcenter, IFK, Basisteam), so the index instead makes
// every word findable by any part of it:
//
//   - FieldFolded holds each word lower-cased and folded (ä→a, ß→ss), not
//     stemmed: a prefix query on it finds the head of a compound
//     ("arbeitgeb" → "arbeitgeberservice") and inflections ("buro" → "buros").
//   - FieldParts holds, for each word of at least minCompound runes, every
//     suffix that starts at rune minHead or later and is at least minTail
//     runes long ("arbeitgeberservice" → "eitgeberservice", …, "service", …,
//     "ice"), each folded on its own. A prefix query on it finds a part
//     anywhere after the head: "servic" finds "…service", "ansprach" finds
//     "…ansprache".
//
// A query word w with stem s (see queryWord) is thus searched as
// term(text, s) OR prefix(folded, s) OR prefix(parts, s). The first clause
// carries the full weight; the compound clauses carry partBoost, so small
// that a passage where w occurs as a word of its own outranks any passage
// where it is only part of a compound, while passages of one kind keep
// their tf-idf order among themselves (TestIndex_SearchCompoundRanking).
// The cost is index size (a word of n ≥ 6 letters adds n-5 part terms) and
// prefix-query expansion, which stays cheap for an interview corpus (see
// BenchmarkIndex_Search). Short stems over-match ("amt" in "insgesamt");
// the ranking puts such hits last.

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

// suffixFilterName is the registered name of the suffix token filter.
const suffixFilterName = "protocoder_de_suffixes"

func init() {
	err := registry.RegisterTokenFilter(suffixFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return suffixFilter{norm: de.NewGermanNormalizeFilter()}, nil
	})
	if err != nil {
		panic(err)
	}
}

// suffixFilter replaces each lower-cased token by the German-folded
// suffixes described above, all at the token's position and offsets, so
// that a hit on a part highlights the whole compound.
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

package search

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/segment"
)

// One analysis for both text fields
//
// A passage's text goes into two fields: FieldText, analysed by bleve's de
// analyzer (unicode tokenizer, to_lower, stop_de, normalize_de,
// stemmer_de_light), and FieldFolded, analysed by analyzerFolded (unicode
// tokenizer, to_lower, the folding with seam terms of fold.go). Both start
// with the same tokens, lower-cased, and normalize_de folds a word exactly
// as fold does (TestFoldFilter_Filter, FuzzFold), so at index time one
// analysis yields both token streams (twinAnalysis): the text is tokenized
// (by the unicode tokenizer's segmenter, tokenize) and lower-cased once, each word is checked against the stop words and
// folded once, and the stem of a word that is not a stop word is the light
// stemmer applied to its folded form (on bytes for ASCII words, as
// stemmer_de_light on runes otherwise). That was 40 % of the cost of
// analysing a passage twice; TestTwinAnalysis_Analyze checks that both
// streams equal the registered analyzers' output term by term, which the
// queries keep using.

// twinAnalysis analyses one passage's text for both fields; the fields'
// analyzers (twinField) share it, so whichever field bleve analyses first
// runs it and the other takes its result. bleve analyses the fields of a
// document one after the other in one goroutine.
type twinAnalysis struct {
	a       *twinAnalyzers
	done    bool
	stemmed analysis.TokenStream
	folded  analysis.TokenStream
}

// twinField is the analyzer of one of the two text fields of a passage.
type twinField struct {
	t      *twinAnalysis
	folded bool
}

// Analyze implements analysis.Analyzer; input is the passage's text (both
// fields hold the same value).
func (f twinField) Analyze(input []byte) analysis.TokenStream {
	if !f.t.done {
		f.t.stemmed, f.t.folded = f.t.a.analyze(input)
		f.t.done = true
	}
	if f.folded {
		return f.t.folded
	}
	return f.t.stemmed
}

// twinAnalyzers holds what the analysis needs, shared by all passages.
type twinAnalyzers struct {
	lower analysis.TokenFilter
	stop  analysis.TokenFilter
	fold  foldFilter
	// stemmer is stemmer_de_light, for the words that are not ASCII.
	stemmer analysis.TokenFilter
}

func newTwinAnalyzers() (*twinAnalyzers, error) {
	cache := registry.NewCache()
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	stop, err := cache.TokenFilterNamed(de.StopName)
	if err != nil {
		return nil, err
	}
	stemmer, err := cache.TokenFilterNamed(de.LightStemmerName)
	if err != nil {
		return nil, err
	}
	return &twinAnalyzers{lower: lower, stop: stop, fold: foldFilter{seams: true}, stemmer: stemmer}, nil
}

// analyze returns the tokens de gives input and those analyzerFolded
// gives it.
func (a *twinAnalyzers) analyze(input []byte) (stemmed, folded analysis.TokenStream) {
	// The filters change terms in place: work on a copy, the stored
	// value stays as it is.
	text := bytes.Clone(input)
	toks := a.lower.Filter(tokenize(text))
	// Stop words are matched lower-cased, before folding ("für").
	kept := a.stop.Filter(append(make(analysis.TokenStream, 0, len(toks)), toks...))
	folded = a.fold.Filter(toks) // folds the terms of toks (and kept) in place
	stems := make([]analysis.Token, len(kept))
	stemmed = make(analysis.TokenStream, len(kept))
	for i, tok := range kept {
		stems[i] = *tok
		stems[i].Term = a.lightStem(tok.Term)
		stemmed[i] = &stems[i]
	}
	return stemmed, folded
}

// tokenize splits text into tokens as bleve's unicode tokenizer does
// (UAX #29 words, by the same segmenter), with one allocation of tokens
// sized for the text: the tokenizer sizes its first by the first word and
// allocates about twice the tokens a passage has, half of the cost of
// tokenizing.
func tokenize(text []byte) analysis.TokenStream {
	est := len(text)/tokenBytes + 1
	slab := make([]analysis.Token, est)
	out := make(analysis.TokenStream, 0, est)
	seg := segment.NewWordSegmenterDirect(text)
	start, pos := 0, 1
	for seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		if typ := seg.Type(); typ != segment.None {
			if len(slab) == 0 {
				slab = make([]analysis.Token, (len(text)-start)/tokenBytes+1)
			}
			tok := &slab[0]
			slab = slab[1:]
			*tok = analysis.Token{Term: b, Start: start, End: end, Position: pos, Type: tokenType(typ)}
			out = append(out, tok)
			pos++
		}
		start = end
	}
	return out
}

// tokenBytes is about the bytes per token of German prose, a word and the
// space or punctuation after it; the fewer the text has, the more
// allocations tokenize makes.
const tokenBytes = 6

// tokenType is the token type the unicode tokenizer gives a segment type.
func tokenType(t int) analysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// lightStem returns the stem stemmer_de_light gives the folded word w,
// without changing w's bytes: for an ASCII word the stemmer only cuts
// letters off the end, measured in runes, which are its bytes.
func (a *twinAnalyzers) lightStem(w []byte) []byte {
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return a.stemmer.Filter(analysis.TokenStream{{Term: bytes.Clone(w)}})[0].Term
		}
	}
	return w[:lightStemLen(w)]
}

// lightStemLen is the length of the stem of the ASCII word w, by the two
// steps of stemmer_de_light.
func lightStemLen(w []byte) int {
	l := len(w)
	stEnding := func(c byte) bool {
		switch c {
		case 'b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 't':
			return true
		}
		return false
	}
	// step 1
	switch {
	case l > 5 && w[l-3] == 'e' && w[l-2] == 'r' && w[l-1] == 'n':
		l -= 3
	case l > 4 && w[l-2] == 'e' && (w[l-1] == 'm' || w[l-1] == 'n' || w[l-1] == 'r' || w[l-1] == 's'):
		l -= 2
	case l > 3 && w[l-1] == 'e':
		l--
	case l > 3 && w[l-1] == 's' && stEnding(w[l-2]):
		l--
	}
	// step 2
	switch {
	case l > 5 && w[l-3] == 'e' && w[l-2] == 's' && w[l-1] == 't':
		l -= 3
	case l > 4 && w[l-2] == 'e' && (w[l-1] == 'r' || w[l-1] == 'n'):
		l -= 2
	case l > 4 && w[l-2] == 's' && w[l-1] == 't' && stEnding(w[l-3]):
		l -= 2
	}
	return l
}

// passageDocument maps passage data (passageDoc) with m and gives its two
// text fields one shared analysis.
func (a *twinAnalyzers) passageDocument(m mapping.IndexMapping, id string, data map[string]interface{}) (*document.Document, error) {
	doc := document.NewDocument(id)
	if err := m.MapDocument(doc, data); err != nil {
		return nil, err
	}
	t := &twinAnalysis{a: a}
	n := 0
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || tf.Name() != FieldText && tf.Name() != FieldFolded {
			continue
		}
		doc.Fields[i] = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(),
			twinField{t: t, folded: tf.Name() == FieldFolded})
		n++
	}
	if _, hasText := data[FieldText]; hasText && n != 2 {
		return nil, fmt.Errorf("search index: passage %s has %d text fields, want 2", id, n)
	}
	return doc, nil
}

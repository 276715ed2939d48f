package search

import (
	"bytes"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
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
// (by the unicode tokenizer's segmenter, tokenize) and lower-cased once,
// each word is checked against the stop words and folded once, and the
// stem of a word that is not a stop word is the light stemmer applied to
// its folded form (on bytes for ASCII words, as stemmer_de_light on runes
// otherwise). The terms of both fields are then counted with a few
// allocations per field (termFrequencies). Analysing and counting a
// passage takes half the time the two analyzers and bleve's counting take,
// with a twentieth of their allocations (BenchmarkTwinAnalyzers_Analyze).
//
// Queries keep using the registered analyzers: TestTwinAnalyzers_Analyze
// and FuzzTwinAnalyzers check that both streams equal their output token
// by token, TestTwinTextField_Analyze that the counts equal bleve's.

// twinAnalysis analyses one passage's text for both fields, and counts
// their terms; the fields (twinTextField) share it, so whichever field
// bleve analyses first runs it and the other takes its result. bleve
// analyses the fields of a document one after the other in one goroutine.
type twinAnalysis struct {
	a    *twinAnalyzers
	done bool
	// fields are the stemmed field and the folded field.
	fields [2]*twinTextField
}

// twinTextField is one of the two text fields of a passage: a bleve text
// field whose analysis is the passage's twinAnalysis.
type twinTextField struct {
	*document.TextField
	t      *twinAnalysis
	length int
	freqs  index.TokenFrequencies
}

// Analyze implements index.Field.
func (f *twinTextField) Analyze() {
	t := f.t
	if t.done {
		return
	}
	t.done = true
	stemmed, folded := t.a.analyze(f.Value())
	for i, toks := range [2]analysis.TokenStream{stemmed, folded} {
		g := t.fields[i]
		g.length, g.freqs = len(toks), termFrequencies(toks, g.ArrayPositions(), g.Options())
	}
}

// AnalyzedLength implements index.Field.
func (f *twinTextField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements index.Field.
func (f *twinTextField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// termFrequencies counts the terms of tokens as analysis.TokenFrequency
// does, with a few allocations per field instead of several per term: the
// counts and (with term vectors) the locations of all terms share arrays,
// and the map's keys are the terms' bytes, which belong to the copy of the
// text that analyze made and are not written after it.
func termFrequencies(tokens analysis.TokenStream, arrayPositions []uint64, opts index.FieldIndexingOptions) index.TokenFrequencies {
	out := make(index.TokenFrequencies, len(tokens)/2+1)
	freqs := make([]index.TokenFreq, 0, len(tokens)) // never grown: the map points into it
	of := make([]*index.TokenFreq, len(tokens))
	for i, tok := range tokens {
		tf := out[string(tok.Term)]
		if tf == nil {
			freqs = append(freqs, index.TokenFreq{Term: tok.Term})
			tf = &freqs[len(freqs)-1]
			out[unsafe.String(unsafe.SliceData(tok.Term), len(tok.Term))] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		of[i] = tf
	}
	if opts.IncludeTermVectors() {
		locs := make([]index.TokenLocation, len(tokens))
		ptrs := make([]*index.TokenLocation, len(tokens))
		off := 0
		for j := range freqs {
			n := freqs[j].Frequency()
			freqs[j].Locations = ptrs[off : off : off+n]
			off += n
		}
		for i, tok := range tokens {
			locs[i] = index.TokenLocation{ArrayPositions: arrayPositions, Start: tok.Start, End: tok.End, Position: tok.Position}
			of[i].Locations = append(of[i].Locations, &locs[i])
		}
	}
	if opts.SkipFreqNorm() {
		for j := range freqs {
			freqs[j].SetFrequency(0)
		}
	}
	return out
}

// twinAnalyzers holds what the analysis needs, shared by all passages.
type twinAnalyzers struct {
	lower analysis.TokenFilter
	stop  analysis.TokenFilter
	fold  foldFilter
	// stemmer is stemmer_de_light, for the words that are not ASCII.
	stemmer analysis.TokenFilter
	// fields are the options of a passage's fields (passagedoc.go).
	fields passageFields
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
	fields, err := newPassageFields()
	if err != nil {
		return nil, err
	}
	return &twinAnalyzers{lower: lower, stop: stop, fold: foldFilter{seams: true}, stemmer: stemmer, fields: fields}, nil
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

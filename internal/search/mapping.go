// Package search keeps the full-text index of a project: one bleve document
// per passage (paragraph), German analysis with compound parts, facets by
// the study's dimensions. The index is a derived cache of the store,
// versioned and rebuildable at any time (see docs/architecture.md and
// docs/search.md).
package search

import (
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/protocoder/protocoder/internal/qda"
)

// MappingVersion changes whenever the mapping, the analyzers or the passage
// document change; an index with another version is recreated empty and
// reports the zero stamp, so the app rebuilds it. Version 3 dropped the
// parts field (compound parts are matched at query time, vocab.go), the
// term vectors of the folded field and the empty _all field, and made the
// start a keyword.
const MappingVersion = 3

// Field names of a passage document.
const (
	// FieldText is the passage's text, German-analysed (stemmed), stored.
	FieldText = "text"
	// FieldFolded is the text lower-cased and folded, not stemmed, with
	// the seam terms of compounds (fold.go).
	FieldFolded      = "folded"
	FieldDocument    = "document"
	FieldDocName     = "doc_name"
	FieldKind        = "kind"
	FieldLevel       = "level"
	FieldWave        = "wave"
	FieldCase        = "case"
	FieldRole        = "role"
	FieldInterviewer = "interviewer"
	// FieldCodes holds every value of qda.IndexPassage.Codes.
	FieldCodes = "code"
	// FieldCodeLabels holds the codes' names and question ids (no GUIDs),
	// for the code facet.
	FieldCodeLabels = "code_label"
	// FieldStart is the passage's start offset as a keyword of
	// startDigits digits, so that it sorts as a number (one term per
	// passage; a numeric field indexes 16).
	FieldStart = "start"
	FieldEnd   = "end"
)

// startDigits is the width of FieldStart's values: any rune offset of a
// text up to the app's limits.
const startDigits = 10

// startKey is the FieldStart value of offset start.
func startKey(start int) string {
	return fmt.Sprintf("%0*d", startDigits, start)
}

// Analyzer names registered in the mapping.
const (
	// analyzerFolded analyses the folded field: folded words and seam
	// terms.
	analyzerFolded = "protocoder_de_folded"
	// analyzerFoldedQuery folds query words for prefix and fuzzy
	// searches: the same terms without seam terms.
	analyzerFoldedQuery = "protocoder_de_folded_query"
)

// NewMapping returns the index mapping: German analysis for the text in
// two fields (stemmed with term vectors, for words and phrases; folded
// without, for prefixes, fuzzy words and compounds, see compound.go),
// keyword fields with doc values for filters, facets and sorting, stored
// values to rebuild an IndexPassage from a hit.
//
// Fragments do not need term vectors: the engine finds the matched words
// by analysing the page's passages again (fastsearch.go). Phrases need the
// positions of the stemmed field; bleve's searchers (the reference path)
// read its term vectors for fragments too.
func NewMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	mustAnalyzer(m, analyzerFolded, []string{lowercase.Name, foldSeamsFilterName})
	mustAnalyzer(m, analyzerFoldedQuery, []string{lowercase.Name, foldFilterName})

	textField := func(name, analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name, f.Analyzer, f.Store = name, analyzer, store
		f.IncludeTermVectors, f.IncludeInAll, f.DocValues = vectors, false, false
		return f
	}
	// Doc values are read to sort (document name, document, start) and by
	// bleve's facets (the reference path); filters need none.
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = store, false, false, docValues
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Index, f.DocValues, f.IncludeInAll = false, false, false
		return f
	}

	passage := bleve.NewDocumentStaticMapping()
	passage.AddFieldMappingsAt(FieldText,
		textField(FieldText, de.AnalyzerName, true, true),
		textField(FieldFolded, analyzerFolded, false, false))
	for _, f := range []string{FieldDocument, FieldDocName, FieldKind, FieldLevel, FieldWave, FieldCase, FieldRole, FieldStart} {
		passage.AddFieldMappingsAt(f, kw(true, true))
	}
	passage.AddFieldMappingsAt(FieldInterviewer, kw(true, false))
	passage.AddFieldMappingsAt(FieldCodes, kw(true, false))
	passage.AddFieldMappingsAt(FieldCodeLabels, kw(false, true))
	passage.AddFieldMappingsAt(FieldEnd, stored())
	// No field goes into _all; without this bleve still adds it, empty,
	// to every passage.
	passage.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m.DefaultMapping = passage
	m.DefaultAnalyzer = de.AnalyzerName
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	return m
}

func mustAnalyzer(m *mapping.IndexMappingImpl, name string, filters []string) {
	err := m.AddCustomAnalyzer(name, map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name, "token_filters": filters,
	})
	if err != nil {
		panic(err) // a programming error: the names above are registered
	}
}

// passageID is the bleve document id of a passage: unique per document and
// start offset.
func passageID(p *qda.IndexPassage) string {
	return string(p.Document) + "/" + strconv.Itoa(p.Start)
}

// passageDoc turns a passage into the document bleve indexes.
func passageDoc(p *qda.IndexPassage) map[string]interface{} {
	d := map[string]interface{}{
		FieldText: p.Text, FieldDocument: string(p.Document), FieldDocName: p.DocName,
		FieldKind: string(p.Kind), FieldStart: startKey(p.Start), FieldEnd: float64(p.End),
	}
	put := func(field, v string) {
		if v != "" {
			d[field] = v
		}
	}
	put(FieldLevel, string(p.Level))
	if p.Wave != 0 {
		d[FieldWave] = strconv.Itoa(p.Wave)
	}
	put(FieldCase, p.Case)
	put(FieldRole, p.Role)
	put(FieldInterviewer, p.Interviewer)
	if len(p.Codes) > 0 {
		d[FieldCodes] = append([]string(nil), p.Codes...)
		var labels []string
		for _, c := range p.Codes {
			if !qda.GUID(c).Valid() {
				labels = append(labels, c)
			}
		}
		if len(labels) > 0 {
			d[FieldCodeLabels] = labels
		}
	}
	return d
}

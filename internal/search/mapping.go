// Package search keeps the full-text index of a project: one bleve document
// per passage (paragraph), German analysis, facets by the study's
// dimensions. The index is a derived cache of the store, versioned and
// rebuildable at any time (see shared/ARCHITECTURE.md).
package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping or the passage document
// changes; an index with another version is rebuilt.
const MappingVersion = 1

// Field names of a passage document.
const (
	FieldText        = "text"
	FieldDocument    = "document"
	FieldKind        = "kind"
	FieldLevel       = "level"
	FieldWave        = "wave"
	FieldCase        = "case"
	FieldRole        = "role"
	FieldInterviewer = "interviewer"
	FieldCodes       = "code"
	FieldStart       = "start"
	FieldEnd         = "end"
)

// NewMapping returns the index mapping: German analysis for the text,
// keyword fields for the facets, stored offsets.
func NewMapping() *mapping.IndexMappingImpl {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = de.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = true

	kw := bleve.NewTextFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = true

	num := bleve.NewNumericFieldMapping()
	num.Store = true
	num.Index = false

	passage := bleve.NewDocumentStaticMapping()
	passage.AddFieldMappingsAt(FieldText, text)
	for _, f := range []string{FieldDocument, FieldKind, FieldLevel, FieldWave, FieldCase, FieldRole, FieldInterviewer, FieldCodes} {
		passage.AddFieldMappingsAt(f, kw)
	}
	passage.AddFieldMappingsAt(FieldStart, num)
	passage.AddFieldMappingsAt(FieldEnd, num)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = passage
	m.DefaultAnalyzer = de.AnalyzerName
	return m
}

package qda

// IndexPassage is one unit of the full-text index: a paragraph of a
// document with everything a search can filter or facet by. The app builds
// it from the store; the search adapter indexes it.
type IndexPassage struct {
	// Document is the document's GUID.
	Document GUID `json:"document"`
	// Start and End are the passage's rune offsets, half-open.
	Start int `json:"start"`
	End   int `json:"end"`
	// Text is the passage's text.
	Text string `json:"text"`
	// DocName is the document's display name.
	DocName string `json:"doc_name"`
	// Kind, Level, Wave, Case (pseudonym), Role and Interviewer (user name)
	// describe the document and its interview; empty where unknown.
	Kind        DocKind `json:"kind"`
	Level       Level   `json:"level,omitempty"`
	Wave        int     `json:"wave,omitempty"`
	Case        string  `json:"case,omitempty"`
	Role        string  `json:"role,omitempty"`
	Interviewer string  `json:"interviewer,omitempty"`
	// Codes holds, for every code with a coding overlapping the passage,
	// the code's GUID, its question id (e.g. "5.1") if it has one, and its
	// name, so that code:"5.1" finds a question across guidelines.
	Codes []string `json:"codes,omitempty"`
}

// SearchRequest is a search as the user asks it.
type SearchRequest struct {
	// Query is in the query language: words (AND), OR, -not, "phrases",
	// prefix*, fuzzy~, field:value filters (level, wave, site/case, role,
	// kind, code, interviewer, doc).
	Query string `json:"query"`
	// Filters are facet values the user clicked, by facet name; values of
	// one facet are ORed, facets are ANDed.
	Filters map[string][]string `json:"filters,omitempty"`
	// Limit and Offset page through the hits; Limit 0 means 50.
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset,omitempty"`
	// SortByDocument sorts by document and position instead of relevance.
	SortByDocument bool `json:"sort_by_document,omitempty"`
	// NoFacets and NoHighlight skip the work where it is not needed.
	NoFacets    bool `json:"no_facets,omitempty"`
	NoHighlight bool `json:"no_highlight,omitempty"`
}

// Span is a piece of a highlighted fragment; Mark is set on matched text.
type Span struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// SearchHit is one passage found.
type SearchHit struct {
	IndexPassage
	// Score is the relevance score (0 in results sorted by document).
	Score float64 `json:"score"`
	// Fragment is the highlighted text around the matches.
	Fragment []Span `json:"fragment,omitempty"`
}

// FacetCount is one value of a facet with its number of hits.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is the answer to a SearchRequest.
type SearchResult struct {
	Total  uint64                  `json:"total"`
	Hits   []SearchHit             `json:"hits"`
	Facets map[string][]FacetCount `json:"facets,omitempty"`
}

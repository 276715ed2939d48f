package app

// Table is a table for export to CSV, xlsx or Markdown: a name (the sheet's),
// a header row and rows of text; Numeric marks the number columns.
type Table struct {
	Name    string
	Header  []string
	Rows    [][]string
	Numeric []bool
}

package qda

// Measure is what a code matrix cell counts.
type Measure string

// Matrix measures.
const (
	// MeasureSegments counts coded segments.
	MeasureSegments Measure = "segments"
	// MeasureDocuments counts documents with at least one such segment.
	MeasureDocuments Measure = "documents"
	// MeasureShare is the share of the column's documents with at least one
	// such segment, in percent.
	MeasureShare Measure = "share"
)

// Valid reports whether m is a known measure.
func (m Measure) Valid() bool {
	return m == MeasureSegments || m == MeasureDocuments || m == MeasureShare
}

// MatrixCounter counts codings into the cells of a rows × columns matrix.
// Rows, columns and documents are small integers the caller assigns (rows
// usually codes or themes, columns cases or attribute values); a document
// belongs to one column.
type MatrixCounter struct {
	rows, cols, docs int
	segs             []int    // rows × cols
	docCount         []int    // rows × cols
	seen             []uint64 // rows × docs bits: row has a segment in doc
	words            int
	colOfDoc         []int
}

// NewMatrixCounter returns a counter for the given sizes; colOfDoc gives
// each document's column (−1: the document is not counted).
func NewMatrixCounter(rows, cols int, colOfDoc []int) *MatrixCounter {
	words := (len(colOfDoc) + 63) / 64
	return &MatrixCounter{rows: rows, cols: cols, docs: len(colOfDoc), segs: make([]int, rows*cols),
		docCount: make([]int, rows*cols), seen: make([]uint64, rows*words), words: words, colOfDoc: colOfDoc}
}

// Add counts one coded segment of a row in a document. Out-of-range rows
// and uncounted documents are ignored.
func (m *MatrixCounter) Add(row, doc int) {
	if row < 0 || row >= m.rows || doc < 0 || doc >= m.docs {
		return
	}
	col := m.colOfDoc[doc]
	if col < 0 || col >= m.cols {
		return
	}
	m.segs[row*m.cols+col]++
	w, bit := row*m.words+doc/64, uint64(1)<<(doc%64)
	if m.seen[w]&bit == 0 {
		m.seen[w] |= bit
		m.docCount[row*m.cols+col]++
	}
}

// Values returns the matrix of the measure: rows × cols.
func (m *MatrixCounter) Values(measure Measure) [][]float64 {
	perCol := make([]int, m.cols)
	for _, c := range m.colOfDoc {
		if c >= 0 && c < m.cols {
			perCol[c]++
		}
	}
	out := make([][]float64, m.rows)
	for r := range out {
		out[r] = make([]float64, m.cols)
		for c := range out[r] {
			i := r*m.cols + c
			switch measure {
			case MeasureDocuments:
				out[r][c] = float64(m.docCount[i])
			case MeasureShare:
				if perCol[c] > 0 {
					out[r][c] = 100 * float64(m.docCount[i]) / float64(perCol[c])
				}
			default:
				out[r][c] = float64(m.segs[i])
			}
		}
	}
	return out
}

// HasSegment reports whether the row has a segment in the document.
func (m *MatrixCounter) HasSegment(row, doc int) bool {
	if row < 0 || row >= m.rows || doc < 0 || doc >= m.docs {
		return false
	}
	return m.seen[row*m.words+doc/64]&(uint64(1)<<(doc%64)) != 0
}

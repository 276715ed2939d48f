// Package csvsafe writes and reads CSV cells guarded against formula
// injection (the OWASP "CSV Injection" rule): a cell that starts with '=',
// '+', '-', '@', a tab or a carriage return is prefixed with a single quote,
// so that spreadsheet programs (Excel, LibreOffice Calc) show it as text
// instead of evaluating it as a formula.
//
// Two choices keep the files useful:
//   - A cell that is a plain decimal number ("-3", "+1.5", "-2e3") is written
//     as it is: a spreadsheet reads it as that number, never as a formula, and
//     the matrix and segment tables keep their numeric columns.
//   - A cell that already starts with quotes followed by one of those
//     characters ("'=x") gets one more quote, so that Unescape is the exact
//     inverse of Escape and the project's own CSVs (the plan) read back as
//     they were written.
//
// The package uses only the standard library; every layer may use it.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// isTrigger reports whether c makes a spreadsheet read a cell as a formula
// when it is the cell's first character.
func isTrigger(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// isNumber reports whether s is a plain decimal number: an optional sign,
// digits with an optional fraction, an optional exponent.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// needsQuote reports whether s must be prefixed with a quote.
func needsQuote(s string) bool {
	if s == "" {
		return false
	}
	if isTrigger(s[0]) {
		return !isNumber(s)
	}
	// Quotes before a trigger: one more quote keeps Unescape exact.
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i > 0 && i < len(s) && isTrigger(s[i]) && !isNumber(s[i:])
}

// Escape returns the cell as it is safe to write: prefixed with a single
// quote if a spreadsheet would otherwise read it as a formula.
func Escape(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// Unescape is the inverse of Escape: it removes the quote Escape added.
func Unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// Writer is a csv.Writer that escapes every cell it writes.
type Writer struct {
	cw  *csv.Writer
	buf []string
}

// NewWriter returns a Writer writing RFC 4180 CSV (comma, \n) to w.
func NewWriter(w io.Writer) *Writer { return &Writer{cw: csv.NewWriter(w)} }

// Write writes one record, each cell escaped.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Escape(c))
	}
	return w.cw.Write(w.buf)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.cw.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.cw.Error() }

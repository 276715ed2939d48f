package qdpx

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Dialect is how a tool writes source texts and counts positions in them.
type Dialect string

// Dialects. REFI-QDA 1.5 counts Unicode code points of the text as written;
// the tools deviate as noted.
const (
	// DialectAuto picks the dialect from the project's origin attribute.
	DialectAuto Dialect = ""
	// DialectREFI is the standard: code points, "\n" as written.
	DialectREFI Dialect = "refi"
	// DialectNVivo counts UTF-16 code units: a character outside the Basic
	// Multilingual Plane (an emoji) counts two. NVivo writes "Sources/".
	DialectNVivo Dialect = "nvivo"
	// DialectMAXQDA writes CRLF line ends and counts both characters.
	DialectMAXQDA Dialect = "maxqda"
	// DialectATLAS writes CRLF line ends but counts "\r\n" as one position.
	DialectATLAS Dialect = "atlas"
	// DialectQualCoder counts code points like the standard. QualCoder
	// writes its texts with a byte order mark (Python's "utf-8-sig") that no
	// position counts, but reads them as plain UTF-8, keeping a mark as a
	// character at position 0: protocoder never writes one for it.
	DialectQualCoder Dialect = "qualcoder"
)

// positionsMark is what protocoder appends to the origin of a project it
// writes, followed by the dialect and ")": the counting of its positions,
// so that its own files read back right whatever the dialect.
const positionsMark = " (positions: "

// markOrigin appends the positions mark of d to origin.
func markOrigin(origin string, d Dialect) string {
	if d == DialectAuto {
		d = DialectREFI
	}
	return origin + positionsMark + string(d) + ")"
}

// markedDialect returns the dialect an origin's positions mark names.
func markedDialect(origin string) (Dialect, bool) {
	i := strings.LastIndex(origin, positionsMark)
	if i < 0 || !strings.HasSuffix(origin, ")") {
		return "", false
	}
	d := Dialect(origin[i+len(positionsMark) : len(origin)-1])
	if d == DialectAuto || !d.Valid() {
		return "", false
	}
	return d, true
}

// OriginDialect returns the dialect of a file by its origin: the positions
// mark protocoder writes, else the program's name (DetectDialect).
func OriginDialect(origin string) Dialect {
	if d, ok := markedDialect(origin); ok {
		return d
	}
	return DetectDialect(origin)
}

// Dialects lists the dialects a user may name.
var Dialects = []Dialect{DialectREFI, DialectNVivo, DialectMAXQDA, DialectATLAS, DialectQualCoder}

// DetectDialect returns the dialect of a tool by its origin string, e.g.
// "ATLAS.ti for Windows 23.2.3" or "MAXQDA 2022".
func DetectDialect(origin string) Dialect {
	o := strings.ToLower(origin)
	switch {
	case strings.Contains(o, "nvivo"):
		return DialectNVivo
	case strings.Contains(o, "maxqda"):
		return DialectMAXQDA
	case strings.Contains(o, "atlas"):
		return DialectATLAS
	case strings.Contains(o, "qualcoder"):
		return DialectQualCoder
	}
	return DialectREFI
}

// Valid reports whether d is a known dialect or DialectAuto.
func (d Dialect) Valid() bool {
	if d == DialectAuto {
		return true
	}
	for _, x := range Dialects {
		if x == d {
			return true
		}
	}
	return false
}

// width returns how many positions the dialect counts for rune r, given the
// rune before it.
func (d Dialect) width(r, prev rune) int {
	switch {
	case d == DialectNVivo && r > 0xFFFF:
		return 2
	case d == DialectATLAS && r == '\n' && prev == '\r':
		return 0
	}
	return 1
}

// sourceText is a source's text read from a file, converted to canonical
// form, with a map from the dialect's positions to canonical rune offsets.
type sourceText struct {
	canonical string
	runes     int   // rune length of canonical
	units     []int // units[i]: dialect position of raw rune boundary i
	startOf   []int // canonical offset of raw boundary i, rounded down
	endOf     []int // canonical offset of raw boundary i, rounded up
}

// readText decodes a source's bytes (UTF-8 with or without a byte order
// mark, or UTF-16 with one) and brings the text into canonical form: "\n"
// line ends, NFC, no BOM, no NUL.
func readText(b []byte, d Dialect) (*sourceText, bool) {
	s, ok := decodeBytes(b)
	if !ok {
		return nil, false
	}
	return canonicalize(strings.TrimPrefix(s, "\uFEFF"), d), true
}

// decodeBytes returns the text of b as a string.
func decodeBytes(b []byte) (string, bool) {
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return decodeUTF16(b), true
	}
	return string(b), utf8.Valid(b)
}

// canonicalize builds the sourceText of raw.
func canonicalize(raw string, d Dialect) *sourceText {
	rs := []rune(raw)
	n := len(rs)
	st := &sourceText{units: make([]int, n+1), startOf: make([]int, n+1), endOf: make([]int, n+1)}
	// Pass 1: line ends, NUL and stray BOMs; mid[k] are the kept runes and
	// midOf[i] the mid boundary of raw boundary i.
	mid := make([]rune, 0, n)
	midOf := make([]int, n+1)
	var prev rune = -1
	for i, r := range rs {
		st.units[i+1] = st.units[i] + d.width(r, prev)
		midOf[i] = len(mid)
		switch {
		case r == '\r':
			mid = append(mid, '\n')
		case r == '\n' && prev == '\r':
			midOf[i] = len(mid) // the pair's newline is already in
		case r == 0 || r == '\uFEFF':
		default:
			mid = append(mid, r)
		}
		prev = r
	}
	midOf[n] = len(mid)
	// Pass 2: NFC chunk by chunk, cut where the normaliser allows.
	var b strings.Builder
	lo := make([]int, len(mid)+1) // canonical offset of mid boundary, down
	hi := make([]int, len(mid)+1) // and up
	pos := 0
	if ms := string(mid); norm.NFC.IsNormalString(ms) {
		b.WriteString(ms)
		for j := range lo {
			lo[j], hi[j] = j, j
		}
		pos = len(mid)
	}
	for a := pos; a < len(mid); {
		e := a + 1
		for e < len(mid) && !norm.NFC.PropertiesString(string(mid[e])).BoundaryBefore() {
			e++
		}
		chunk := string(mid[a:e])
		nc := norm.NFC.String(chunk)
		c := utf8.RuneCountInString(nc)
		b.WriteString(nc)
		for j := a; j < e; j++ {
			if c == e-a {
				lo[j], hi[j] = pos+j-a, pos+j-a
			} else if j == a {
				lo[j], hi[j] = pos, pos
			} else {
				lo[j], hi[j] = pos, pos+c
			}
		}
		pos += c
		a = e
	}
	lo[len(mid)], hi[len(mid)] = pos, pos
	for i := 0; i <= n; i++ {
		st.startOf[i], st.endOf[i] = lo[midOf[i]], hi[midOf[i]]
	}
	st.canonical, st.runes = b.String(), pos
	return st
}

// span converts a selection in dialect positions to a canonical half-open
// rune range; ok is false when it lies outside the text or is empty.
func (st *sourceText) span(start, end int64) (int, int, bool) {
	total := int64(st.units[len(st.units)-1])
	if start < 0 || end > total || end <= start {
		return 0, 0, false
	}
	i := lowerBound(st.units, int(start))
	// A start inside a surrogate pair rounds down, an end rounds up.
	if st.units[i] > int(start) && i > 0 {
		i--
	}
	j := lowerBound(st.units, int(end))
	// Positions counted zero wide (the "\n" of an ATLAS.ti "\r\n") give the
	// same unit to two boundaries; an end takes the later one.
	for j+1 < len(st.units) && st.units[j+1] == int(end) {
		j++
	}
	s, e := st.startOf[i], st.endOf[j]
	if e <= s {
		return 0, 0, false
	}
	return s, e, true
}

// lowerBound returns the first index i with a[i] >= v (a is sorted).
func lowerBound(a []int, v int) int {
	lo, hi := 0, len(a)-1
	for lo < hi {
		m := (lo + hi) / 2
		if a[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// encodeText writes canonical text as the dialect writes it and returns a
// function that converts canonical rune offsets to its positions.
func encodeText(canonical string, d Dialect) ([]byte, func(int) int) {
	text := canonical
	if d == DialectMAXQDA || d == DialectATLAS {
		text = strings.ReplaceAll(canonical, "\n", "\r\n")
	}
	// units[k]: dialect position of canonical rune offset k.
	units := make([]int, 0, len(canonical)+1)
	u := 0
	for _, r := range canonical {
		units = append(units, u)
		switch {
		case r == '\n' && d == DialectMAXQDA:
			u += 2
		case r > 0xFFFF && d == DialectNVivo:
			u += 2
		default:
			u++
		}
	}
	units = append(units, u)
	return []byte(text), func(k int) int { return units[k] }
}

// decodeUTF16 decodes UTF-16 text with a byte order mark.
func decodeUTF16(b []byte) string {
	be := b[0] == 0xFE
	u := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		if be {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

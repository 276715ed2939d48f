package textfile

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// maxPDFPages bounds the pages read from one file.
const maxPDFPages = 5000

// readPDF reads the text layer of a PDF: github.com/ledongthuc/pdf parses
// the file, its fonts and their encodings; pdfPage interprets the content
// streams (with /ActualText) into positioned text runs; pdfLayout groups
// them into lines and paragraphs and finds headings by font size.
func readPDF(name string, data []byte) (doc *Doc, err error) {
	defer func() {
		if x := recover(); x != nil {
			doc, err = nil, fileErr(name, nil, "the PDF file is damaged (%v)", x)
		}
	}()
	data = data[bytes.Index(data, []byte("%PDF-")):]
	if bytes.HasPrefix(data, []byte("%PDF-2.")) {
		// The library accepts only 1.x headers; 2.0 files use the same syntax.
		data = append([]byte("%PDF-1.7"), data[8:]...)
	}
	if len(data) > 9 && (data[8] == ' ' || data[8] == '\t') {
		// "%PDF-1.7 \n" (ImageMagick): the library wants the line end
		// right after the version; the same length keeps the offsets.
		data = append([]byte("%PDF-1.7\n"), data[9:]...)
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(err.Error(), "encrypt") {
			return nil, unsupported(name, "the PDF file is encrypted; remove the password protection and import it again")
		}
		return nil, fileErr(name, err, "the PDF file is truncated or damaged (%v)", err)
	}
	var runs []pdfRun
	builtins := map[string]map[int]rune{} // font → built-in encoding, read once per file
	n := min(r.NumPage(), maxPDFPages)
	for i := 1; i <= n; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		runs = append(runs, pdfPageRuns(p, i, builtins)...)
	}
	hasText := false
	for _, run := range runs {
		hasText = hasText || strings.TrimSpace(run.s) != ""
	}
	if !hasText {
		return nil, fileErr(name, nil, "has no text layer — run OCR first (the PDF holds only images, e.g. a scan; text recognition turns it into a PDF with text)")
	}
	b := &builder{meta: map[string]string{}}
	if t := strings.TrimSpace(r.Trailer().Key("Info").Key("Title").Text()); t != "" {
		b.meta["title"] = t
	}
	pdfLayout(b, pdfLines(runs))
	doc, err = b.doc(name, FormatPdf)
	if err != nil {
		return nil, err
	}
	if n := strings.Count(doc.Text, "\uFFFD"); n > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d character(s) could not be read and stand as \uFFFD: a font of the PDF does not say which letters it draws; check these places against the PDF", n))
	}
	if r.NumPage() > maxPDFPages {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("only the first %d of %d pages were read", maxPDFPages, r.NumPage()))
	}
	return doc, nil
}

// pdfRun is a piece of text shown at one place.
type pdfRun struct {
	page       int
	x, y, x1   float64 // start and end on the baseline, in points
	size       float64 // font size in points
	s          string
	spaceAfter bool // a TJ offset wide enough to be a word space follows
}

// pdfLine is a line of text.
type pdfLine struct {
	page          int
	y, x0, x1, sz float64
	text          string
}

// pdfLines joins runs into lines: a run continues the line if it is on
// the same page and baseline (within half the font size).
func pdfLines(runs []pdfRun) []pdfLine {
	var out []pdfLine
	var cur *pdfLine
	var b strings.Builder
	var space bool
	flush := func() {
		if cur != nil {
			cur.text = strings.TrimSpace(b.String())
			if cur.text != "" {
				out = append(out, *cur)
			}
		}
		cur = nil
		b.Reset()
	}
	for _, r := range runs {
		if r.s == "" {
			continue
		}
		tol := 0.5 * math.Max(r.size, 1)
		if cur == nil || r.page != cur.page || math.Abs(r.y-cur.y) > tol || r.x < cur.x0-tol {
			flush()
			cur = &pdfLine{page: r.page, y: r.y, x0: r.x, x1: r.x1, sz: r.size}
			space = false
		} else {
			t := b.String()
			gap := r.x - cur.x1
			if (space || gap > 0.2*r.size) && !strings.HasSuffix(t, " ") && !strings.HasPrefix(r.s, " ") {
				b.WriteByte(' ')
			}
			cur.sz = math.Max(cur.sz, r.size)
			cur.x1 = math.Max(cur.x1, r.x1)
		}
		b.WriteString(r.s)
		space = r.spaceAfter
	}
	flush()
	return out
}

// pdfLayout groups lines into paragraphs and adds them to b. A new
// paragraph starts at a change of font size, at a vertical gap clearly
// larger than the usual line spacing, or after a line that ends so early
// that the next line's first word would have fitted on it. Lines set
// larger than the body text are headings, the largest size level 1.
func pdfLayout(b *builder, lines []pdfLine) {
	lines = dropPageNumbers(lines)
	if len(lines) == 0 {
		return
	}
	round := func(f float64) float64 { return math.Round(f*2) / 2 }
	weight := map[float64]int{}
	for _, l := range lines {
		weight[round(l.sz)] += len(l.text)
	}
	body := 0.0
	for sz, w := range weight {
		if w > weight[body] || w == weight[body] && sz < body {
			body = sz
		}
	}
	var headSizes []float64
	for sz := range weight {
		if sz > body*1.1 {
			headSizes = append(headSizes, sz)
		}
	}
	level := func(sz float64) int {
		sz = round(sz)
		if sz <= body*1.1 {
			return 0
		}
		lvl := 1
		for _, h := range headSizes {
			if h > sz {
				lvl++
			}
		}
		return min(lvl, 6)
	}
	gaps := map[float64]int{}
	for i, l := range lines {
		if i > 0 && lines[i-1].page == l.page && round(lines[i-1].sz) == round(l.sz) {
			if g := round(lines[i-1].y - l.y); g > 0 {
				gaps[g]++
			}
		}
	}
	leading := 0.0
	for g, n := range gaps {
		if n > gaps[leading] || n == gaps[leading] && g < leading {
			leading = g
		}
	}
	var para strings.Builder
	start := 0
	flush := func(end int) {
		if para.Len() > 0 {
			// Soft hyphens left inside a line are invisible break points.
			b.add(strings.ReplaceAll(para.String(), "\u00AD", ""), level(lines[start].sz))
		}
		para.Reset()
		start = end
	}
	right := columnRights(lines, body)
	for i, l := range lines {
		if i > 0 && pdfBreak(lines[i-1], l, leading, right[i-1]) {
			flush(i)
		}
		joinLine(&para, l.text)
	}
	flush(len(lines))
}

// maxColumnLines bounds the body lines of a page whose columns are found
// (the search compares every two lines).
const maxColumnLines = 3000

// columnRights returns for every line the right edge of its column: the
// rightmost end of the body text lines on its page that overlap it
// horizontally. In a two-column page a line of the left column ends at
// the left column's edge, not at the page's.
func columnRights(lines []pdfLine, body float64) []float64 {
	out := make([]float64, len(lines))
	for lo := 0; lo < len(lines); {
		hi := lo
		for hi < len(lines) && lines[hi].page == lines[lo].page {
			hi++
		}
		var bodyLines []pdfLine
		pageRight := 0.0
		for _, l := range lines[lo:hi] {
			if math.Round(l.sz*2)/2 == body {
				bodyLines = append(bodyLines, l)
				pageRight = math.Max(pageRight, l.x1)
			}
		}
		if len(bodyLines) > maxColumnLines {
			// Too many lines to compare pairwise: the page's right edge.
			for i := lo; i < hi; i++ {
				out[i] = pageRight
			}
			lo = hi
			continue
		}
		for i := lo; i < hi; i++ {
			for _, o := range bodyLines {
				if o.x0 < lines[i].x1 && lines[i].x0 < o.x1 {
					out[i] = math.Max(out[i], o.x1)
				}
			}
		}
		lo = hi
	}
	return out
}

// dropPageNumbers leaves out a page's first or last line when it holds
// only a number of up to four digits (or "- 3 -", "Seite 3"): a running
// page number, which would otherwise join the text of the next page.
func dropPageNumbers(lines []pdfLine) []pdfLine {
	out := lines[:0:0]
	for i, l := range lines {
		first := i == 0 || lines[i-1].page != l.page
		last := i == len(lines)-1 || lines[i+1].page != l.page
		if (first || last) && !(first && last) && isPageNumber(l.text) {
			continue
		}
		out = append(out, l)
	}
	return out
}

func isPageNumber(s string) bool {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "-–—"))
	for _, p := range []string{"Seite ", "Page ", "S. "} {
		s = strings.TrimPrefix(s, p)
	}
	if len(s) == 0 || len(s) > 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// pdfBreak decides whether line l starts a new paragraph after prev.
func pdfBreak(prev, l pdfLine, leading, right float64) bool {
	if math.Abs(math.Round(prev.sz*2)-math.Round(l.sz*2)) > 1 {
		return true
	}
	newColumn := l.x0 >= prev.x1 && l.y > prev.y // the next column, higher up
	if prev.page != l.page || newColumn {
		return strings.ContainsRune(".!?:“”\"", lastRune(prev.text)) || !startsLower(l.text) && !hyphenated(prev.text)
	}
	gap := prev.y - l.y
	if gap <= 0 || leading > 0 && gap > leading*1.3 || leading == 0 && gap > prev.sz*1.8 {
		return true
	}
	if strings.HasSuffix(prev.text, "\u00AD") || hyphenated(prev.text) && startsLower(l.text) {
		return false // a word broken across the lines goes on
	}
	first := firstWord(l.text)
	n := len([]rune(l.text))
	if n == 0 || right <= 0 {
		return false
	}
	wordWidth := (l.x1 - l.x0) * float64(len([]rune(first))+1) / float64(n)
	return right-prev.x1 > wordWidth+0.5*prev.sz
}

func startsLower(s string) bool {
	for _, r := range s {
		return r >= 'a' && r <= 'z' || r == 'ä' || r == 'ö' || r == 'ü' || r == 'ß'
	}
	return false
}

// joinLine appends a line to a paragraph: with a space, or without the
// hyphen if the previous line ends in a word hyphenated before a
// lower-case continuation.
func joinLine(p *strings.Builder, line string) {
	if p.Len() == 0 {
		p.WriteString(line)
		return
	}
	s := p.String()
	switch {
	case strings.HasSuffix(s, "\u00AD"):
		// A soft hyphen marks where the word was broken.
		p.Reset()
		p.WriteString(strings.TrimSuffix(s, "\u00AD"))
		p.WriteString(line)
		return
	case hyphenated(s) && startsLower(line):
		_, n := utf8.DecodeLastRuneInString(s)
		p.Reset()
		p.WriteString(s[:len(s)-n])
		p.WriteString(line)
		return
	}
	p.WriteByte(' ')
	p.WriteString(line)
}

// hyphenated reports a line that ends in a word broken with a hyphen
// ("adip-", "Zusammen‐") or a soft hyphen.
func hyphenated(s string) bool {
	if strings.HasSuffix(s, "\u00AD") {
		return true
	}
	r, n := utf8.DecodeLastRuneInString(s)
	if r != '-' && r != '\u2010' || n >= len(s) {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
	return isLetterRune(prev)
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func isLetterRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0xC0 && r <= 0x24F
}

// pdfPageRuns returns the text runs of one page; a damaged content stream
// yields the runs read so far.
func pdfPageRuns(p pdf.Page, page int, builtins map[string]map[int]rune) (runs []pdfRun) {
	in := newPDFInterp(p, page)
	in.builtins = builtins
	defer func() {
		if recover() != nil {
			runs = in.runs
		}
	}()
	strm := p.V.Key("Contents")
	if strm.IsNull() {
		return nil
	}
	pdf.Interpret(strm, in.op)
	return onPage(p, in.runs)
}

// onPage leaves out runs placed outside the page's visible area (its crop
// box, else its media box): a program that writes a picture into a PDF
// may put a label there that no reader sees (ImageMagick writes
// "Background" above each page).
func onPage(p pdf.Page, runs []pdfRun) []pdfRun {
	box := p.V.Key("CropBox")
	if box.Len() != 4 {
		box = p.V.Key("MediaBox")
	}
	for v := p.V.Key("Parent"); box.Len() != 4 && !v.IsNull() && v.Key("Type").Name() == "Pages"; v = v.Key("Parent") {
		box = v.Key("MediaBox")
	}
	if box.Len() != 4 {
		return runs
	}
	x0, y0, x1, y1 := box.Index(0).Float64(), box.Index(1).Float64(), box.Index(2).Float64(), box.Index(3).Float64()
	if x0 > x1 {
		x0, x1 = x1, x0
	}
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	if x1-x0 < 1 || y1-y0 < 1 {
		return runs
	}
	out := runs[:0]
	for _, r := range runs {
		if r.y > y1 || r.y+r.size < y0 || r.x >= x1 || math.Max(r.x, r.x1) <= x0 {
			continue
		}
		out = append(out, r)
	}
	return out
}

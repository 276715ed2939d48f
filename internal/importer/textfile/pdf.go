package textfile

import (
	"bytes"
	"math"
	"strings"

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
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(err.Error(), "encrypt") {
			return nil, unsupported(name, "the PDF file is encrypted; remove the password protection and import it again")
		}
		return nil, fileErr(name, err, "the PDF file is truncated or damaged (%v)", err)
	}
	var runs []pdfRun
	n := min(r.NumPage(), maxPDFPages)
	for i := 1; i <= n; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		runs = append(runs, pdfPageRuns(p, i)...)
	}
	hasText := false
	for _, run := range runs {
		hasText = hasText || strings.TrimSpace(run.s) != ""
	}
	if !hasText {
		return nil, fileErr(name, nil, "the PDF file has no text layer (scanned?); run text recognition (OCR) on it first")
	}
	b := &builder{meta: map[string]string{}}
	if t := strings.TrimSpace(r.Trailer().Key("Info").Key("Title").Text()); t != "" {
		b.meta["title"] = t
	}
	pdfLayout(b, pdfLines(runs))
	return b.doc(name, FormatPdf)
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
	right := map[int]float64{}
	for i, l := range lines {
		if round(l.sz) == body {
			right[l.page] = math.Max(right[l.page], l.x1)
		}
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
			b.add(para.String(), level(lines[start].sz))
		}
		para.Reset()
		start = end
	}
	for i, l := range lines {
		if i > 0 && pdfBreak(lines[i-1], l, leading, right[lines[i-1].page]) {
			flush(i)
		}
		joinLine(&para, l.text)
	}
	flush(len(lines))
}

// pdfBreak decides whether line l starts a new paragraph after prev.
func pdfBreak(prev, l pdfLine, leading, right float64) bool {
	if math.Abs(math.Round(prev.sz*2)-math.Round(l.sz*2)) > 1 {
		return true
	}
	if prev.page != l.page {
		return strings.ContainsRune(".!?:“”\"", lastRune(prev.text)) || !startsLower(l.text)
	}
	gap := prev.y - l.y
	if gap <= 0 || leading > 0 && gap > leading*1.3 || leading == 0 && gap > prev.sz*1.8 {
		return true
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
	if strings.HasSuffix(s, "-") && len(s) >= 2 && isLetterRune(lastRune(s[:len(s)-1])) && startsLower(line) {
		p.Reset()
		p.WriteString(s[:len(s)-1])
		p.WriteString(line)
		return
	}
	p.WriteByte(' ')
	p.WriteString(line)
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
func pdfPageRuns(p pdf.Page, page int) (runs []pdfRun) {
	in := newPDFInterp(p, page)
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
	return in.runs
}

package textfile

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// mat is a PDF transformation matrix [a b c d e f].
type mat [6]float64

var ident = mat{1, 0, 0, 1, 0, 0}

func (m mat) mul(n mat) mat {
	return mat{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) mat { return mat{1, 0, 0, 1, x, y} }

// pdfFont is a font's text decoding and glyph widths.
type pdfFont struct {
	f       pdf.Font
	enc     pdf.TextEncoding
	twoByte bool // a composite (Type0) font with two-byte codes
	cidW    map[int]float64
	dw      float64
	widths  map[int]float64
	builtin map[int]rune // the font program's own encoding, see builtinEncoding
}

func newPDFFont(f pdf.Font) *pdfFont {
	pf := &pdfFont{f: f, enc: f.Encoder(), widths: map[int]float64{}, dw: 1000}
	if f.V.Key("Subtype").Name() == "Type0" {
		pf.twoByte = true
		pf.cidW = map[int]float64{}
		desc := f.V.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); !dw.IsNull() {
			pf.dw = dw.Float64()
		}
		w := desc.Key("W")
		for i := 0; i < w.Len() && len(pf.cidW) < 70000; {
			first := int(w.Index(i).Int64())
			if next := w.Index(i + 1); next.Kind() == pdf.Array {
				for j := 0; j < next.Len() && j < 70000; j++ {
					pf.cidW[first+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
			for c := first; c <= last && c-first < 70000; c++ {
				pf.cidW[c] = width
			}
			i += 3
		}
	}
	return pf
}

// codes splits a shown string into character codes.
func (f *pdfFont) codes(raw string) []int {
	var out []int
	if f.twoByte {
		for i := 0; i+1 < len(raw); i += 2 {
			out = append(out, int(raw[i])<<8|int(raw[i+1]))
		}
		return out
	}
	for i := 0; i < len(raw); i++ {
		out = append(out, int(raw[i]))
	}
	return out
}

// width returns a glyph's width in thousandths of the font size.
func (f *pdfFont) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cidW[code]; ok {
			return w
		}
		return f.dw
	}
	w, ok := f.widths[code]
	if !ok {
		w = f.f.Width(code)
		if w <= 0 {
			w = 500
		}
		f.widths[code] = w
	}
	return w
}

// decode returns the text of a shown string as valid UTF-8 without
// control characters.
func (f *pdfFont) decode(raw string) string {
	s := raw
	switch {
	case f.builtin != nil:
		var b strings.Builder
		for i := 0; i < len(raw); i++ {
			if r, ok := f.builtin[int(raw[i])]; ok {
				b.WriteRune(r)
			} else if f.enc != nil {
				b.WriteString(f.enc.Decode(raw[i : i+1]))
			} else {
				b.WriteByte(raw[i])
			}
		}
		s = b.String()
	case f.enc != nil:
		s = f.enc.Decode(raw)
	}
	if !utf8.ValidString(s) {
		s = decodeCP1252([]byte(s))
	}
	s = normalizeLigatures(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r < 0x20, r == 0x7F:
			return -1
		}
		return r
	}, s)
}

// pdfGState is the part of the graphics state text extraction needs.
type pdfGState struct {
	ctm                        mat
	tc, tw, th, tl, tfs, trise float64
	font                       *pdfFont
}

// pdfMarked is an open marked-content sequence; with /ActualText its
// glyphs are replaced by that text.
type pdfMarked struct {
	actual       string
	has, placed  bool
	x, y, x1, sz float64
}

// pdfInterp interprets a page's content stream into text runs.
type pdfInterp struct {
	page    pdf.Page
	pageNo  int
	g       pdfGState
	gstack  []pdfGState
	tm, tlm mat
	fonts   map[string]*pdfFont
	marked  []pdfMarked
	runs    []pdfRun
	// builtins caches the built-in encodings of the file's fonts by
	// name (see builtinEncoding); nil entries for fonts without one.
	builtins map[string]map[int]rune
}

func newPDFInterp(p pdf.Page, pageNo int) *pdfInterp {
	return &pdfInterp{page: p, pageNo: pageNo, g: pdfGState{ctm: ident, th: 1}, tm: ident, tlm: ident, fonts: map[string]*pdfFont{}}
}

func nums(args []pdf.Value) []float64 {
	out := make([]float64, len(args))
	for i, a := range args {
		out[i] = a.Float64()
	}
	return out
}

func (in *pdfInterp) op(stk *pdf.Stack, op string) {
	args := make([]pdf.Value, stk.Len())
	for i := len(args) - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	n := nums(args)
	switch {
	case op == "q" && len(in.gstack) < 1000:
		in.gstack = append(in.gstack, in.g)
	case op == "Q" && len(in.gstack) > 0:
		in.g = in.gstack[len(in.gstack)-1]
		in.gstack = in.gstack[:len(in.gstack)-1]
	case op == "cm" && len(n) == 6:
		in.g.ctm = mat(n).mul(in.g.ctm)
	case op == "BT":
		in.tm, in.tlm = ident, ident
	case op == "Tc" && len(n) == 1:
		in.g.tc = n[0]
	case op == "Tw" && len(n) == 1:
		in.g.tw = n[0]
	case op == "Tz" && len(n) == 1:
		in.g.th = n[0] / 100
	case op == "TL" && len(n) == 1:
		in.g.tl = n[0]
	case op == "Ts" && len(n) == 1:
		in.g.trise = n[0]
	case op == "Tf" && len(args) == 2:
		in.g.font, in.g.tfs = in.font(args[0].Name()), n[1]
	case (op == "Td" || op == "TD") && len(n) == 2:
		if op == "TD" {
			in.g.tl = -n[1]
		}
		in.tlm = translate(n[0], n[1]).mul(in.tlm)
		in.tm = in.tlm
	case op == "Tm" && len(n) == 6:
		in.tm, in.tlm = mat(n), mat(n)
	case op == "T*":
		in.nextLine()
	case op == "Tj" && len(args) == 1:
		in.show(args[0].RawString())
	case op == "'" && len(args) == 1:
		in.nextLine()
		in.show(args[0].RawString())
	case op == "\"" && len(args) == 3:
		in.g.tw, in.g.tc = n[0], n[1]
		in.nextLine()
		in.show(args[2].RawString())
	case op == "TJ" && len(args) == 1:
		a := args[0]
		for i := 0; i < a.Len(); i++ {
			v := a.Index(i)
			if v.Kind() == pdf.String {
				in.show(v.RawString())
				continue
			}
			adj := v.Float64()
			in.tm = translate(-adj/1000*in.g.tfs*in.g.th, 0).mul(in.tm)
			if adj < -200 && len(in.runs) > 0 {
				in.runs[len(in.runs)-1].spaceAfter = true
			}
		}
	case op == "BMC" || op == "BDC":
		in.beginMarked(args)
	case op == "EMC" && len(in.marked) > 0:
		m := in.marked[len(in.marked)-1]
		in.marked = in.marked[:len(in.marked)-1]
		if m.has && m.placed {
			in.runs = append(in.runs, pdfRun{page: in.pageNo, x: m.x, y: m.y, x1: m.x1, size: m.sz, s: in.clean(m.actual)})
		}
	}
}

func (in *pdfInterp) beginMarked(args []pdf.Value) {
	m := pdfMarked{}
	if len(args) == 2 {
		props := args[1]
		if props.Kind() == pdf.Name {
			props = in.page.Resources().Key("Properties").Key(props.Name())
		}
		if at := props.Key("ActualText"); at.Kind() == pdf.String {
			m.actual, m.has = at.Text(), true
		}
	}
	if len(in.marked) < 1000 {
		in.marked = append(in.marked, m)
	}
}

func (in *pdfInterp) clean(s string) string {
	f := &pdfFont{}
	return f.decode(s)
}

func (in *pdfInterp) font(name string) *pdfFont {
	if f, ok := in.fonts[name]; ok {
		return f
	}
	pf := in.page.Font(name)
	f := newPDFFont(pf)
	key := pf.V.Key("BaseFont").Name()
	if b, ok := in.builtins[key]; ok && key != "" {
		f.builtin = b
	} else {
		f.builtin = builtinEncoding(pf.V)
		if in.builtins != nil && key != "" && len(in.builtins) < 10000 {
			in.builtins[key] = f.builtin
		}
	}
	in.fonts[name] = f
	return f
}

func (in *pdfInterp) nextLine() {
	in.tlm = translate(0, -in.g.tl).mul(in.tlm)
	in.tm = in.tlm
}

// show places a string: it records a run from the current text position
// to the position after its glyphs and advances the text matrix.
func (in *pdfInterp) show(raw string) {
	g := &in.g
	f := g.font
	if f == nil {
		f = &pdfFont{widths: map[int]float64{}, dw: 500}
	}
	trm := mat{g.tfs * g.th, 0, 0, g.tfs, 0, g.trise}.mul(in.tm).mul(g.ctm)
	adv := 0.0
	for _, c := range f.codes(raw) {
		w := f.width(c) / 1000 * g.tfs
		tx := w + g.tc
		if !f.twoByte && c == 32 {
			tx += g.tw
		}
		adv += tx * g.th
	}
	in.tm = translate(adv, 0).mul(in.tm)
	end := mat{g.tfs * g.th, 0, 0, g.tfs, 0, g.trise}.mul(in.tm).mul(g.ctm)
	size := math.Hypot(trm[2], trm[3])
	for i := len(in.marked) - 1; i >= 0; i-- {
		if m := &in.marked[i]; m.has {
			if !m.placed {
				m.x, m.y, m.sz, m.placed = trm[4], trm[5], size, true
			}
			m.x1 = end[4]
			return
		}
	}
	if len(in.runs) < 5_000_000 {
		in.runs = append(in.runs, pdfRun{page: in.pageNo, x: trm[4], y: trm[5], x1: end[4], size: size, s: f.decode(raw)})
	}
}

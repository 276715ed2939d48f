package textfile

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/unicode/norm"
)

// A Type 1 font without /Encoding and without /ToUnicode draws its codes
// by the encoding built into the font program (TeX's fonts: code 12 is the
// "fi" ligature in OT1). The PDF library reads such codes as Latin text
// and gives U+FFFD for the ligatures; builtinEncoding reads the font
// program's own table instead.

// maxFontProgram bounds the bytes of an embedded font program read for
// its encoding.
const maxFontProgram = 4 << 20

var encodingEntry = regexp.MustCompile(`dup\s+(\d{1,3})\s*/([A-Za-z0-9._]+)\s+put`)

// builtinEncoding returns the glyph of each code of a simple Type 1 font
// that has neither /Encoding nor /ToUnicode, read from the clear-text part
// of its embedded program; nil when there is none to read.
func builtinEncoding(f pdf.Value) map[int]rune {
	if f.Key("Subtype").Name() != "Type1" || !f.Key("Encoding").IsNull() || !f.Key("ToUnicode").IsNull() {
		return nil
	}
	ff := f.Key("FontDescriptor").Key("FontFile")
	if ff.Kind() != pdf.Stream {
		return nil
	}
	n := ff.Key("Length1").Int64()
	if n <= 0 || n > maxFontProgram {
		n = maxFontProgram
	}
	rc := ff.Reader()
	defer rc.Close()
	clear, _ := io.ReadAll(io.LimitReader(rc, n))
	if i := bytes.Index(clear, []byte("eexec")); i >= 0 {
		clear = clear[:i]
	}
	out := map[int]rune{}
	for _, m := range encodingEntry.FindAllSubmatch(clear, -1) {
		code, err := strconv.Atoi(string(m[1]))
		if err != nil || code > 255 {
			continue
		}
		if r, ok := glyphRune(string(m[2])); ok {
			out[code] = r
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// glyphNames are the names of glyphs in the fonts of text documents that
// are not one letter (Adobe Glyph List, the Latin part).
var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
	"ampersand": '&', "quoteright": '’', "quoteleft": '‘', "quotesingle": '\'', "parenleft": '(',
	"parenright": ')', "asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "period": '.',
	"slash": '/', "colon": ':', "semicolon": ';', "less": '<', "equal": '=', "greater": '>',
	"question": '?', "at": '@', "bracketleft": '[', "backslash": '\\', "bracketright": ']',
	"asciicircum": '^', "underscore": '_', "grave": '`', "braceleft": '{', "bar": '|',
	"braceright": '}', "asciitilde": '~', "zero": '0', "one": '1', "two": '2', "three": '3',
	"four": '4', "five": '5', "six": '6', "seven": '7', "eight": '8', "nine": '9',
	"quotedblleft": '“', "quotedblright": '”', "quotedblbase": '„', "quotesinglbase": '‚',
	"guillemotleft": '«', "guillemotright": '»', "guilsinglleft": '‹', "guilsinglright": '›',
	"endash": '–', "emdash": '—', "bullet": '•', "ellipsis": '…', "dagger": '†', "daggerdbl": '‡',
	"section": '§', "paragraph": '¶', "degree": '°', "germandbls": 'ß', "ae": 'æ', "AE": 'Æ',
	"oe": 'œ', "OE": 'Œ', "oslash": 'ø', "Oslash": 'Ø', "dotlessi": 'ı', "dotlessj": 'ȷ',
	"exclamdown": '¡', "questiondown": '¿', "lslash": 'ł', "Lslash": 'Ł', "sterling": '£',
	"yen": '¥', "Euro": '€', "copyright": '©', "registered": '®', "trademark": '™',
	"periodcentered": '·', "multiply": '×', "divide": '÷', "minus": '−', "fraction": '⁄',
	"ff": 'ﬀ', "fi": 'ﬁ', "fl": 'ﬂ', "ffi": 'ﬃ', "ffl": 'ﬄ',
	// Accents drawn on their own (TeX places them over the letter).
	"acute": '´', "circumflex": 'ˆ', "tilde": '˜', "dieresis": '¨', "ring": '˚', "cedilla": '¸',
	"caron": 'ˇ', "breve": '˘', "macron": '¯', "dotaccent": '˙', "hungarumlaut": '˝', "ogonek": '˛',
}

// combining are the combining marks of the accent names in glyph names
// such as "adieresis".
var combining = map[string]rune{
	"acute": '\u0301', "grave": '\u0300', "circumflex": '\u0302', "tilde": '\u0303', "dieresis": '\u0308',
	"ring": '\u030A', "cedilla": '\u0327', "caron": '\u030C', "breve": '\u0306', "macron": '\u0304',
	"dotaccent": '\u0307', "hungarumlaut": '\u030B', "ogonek": '\u0328',
}

// glyphRune returns the character of a glyph name: a letter, a name of
// glyphNames, a letter with an accent ("udieresis"), "uniXXXX" or
// "uXXXX[XX]"; a suffix after a period (".sc", ".alt") is ignored.
func glyphRune(name string) (rune, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	if len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return rune(name[0]), true
	}
	for _, p := range []string{"uni", "u"} {
		if hex, ok := strings.CutPrefix(name, p); ok && len(hex) >= 4 && len(hex) <= 6 {
			if v, err := strconv.ParseUint(hex, 16, 32); err == nil && utf8.ValidRune(rune(v)) && v >= 0x20 {
				return rune(v), true
			}
		}
	}
	if len(name) > 1 {
		if mark, ok := combining[name[1:]]; ok {
			if s := norm.NFC.String(name[:1] + string(mark)); utf8.RuneCountInString(s) == 1 {
				r, _ := utf8.DecodeRuneInString(s)
				return r, true
			}
		}
	}
	return 0, false
}

// normalizeLigatures replaces the Latin presentation forms (U+FB00–U+FB06)
// by the letters they stand for, by NFKC, which is applied to these only: the
// other compatibility characters (superscripts, "½", full-width forms)
// keep their meaning in the text.
func normalizeLigatures(s string) string {
	if !strings.ContainsFunc(s, isLigature) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isLigature(r) {
			b.WriteString(norm.NFKC.String(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isLigature(r rune) bool { return r >= 0xFB00 && r <= 0xFB06 }

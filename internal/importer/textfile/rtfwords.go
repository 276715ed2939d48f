package textfile

import "golang.org/x/text/encoding/charmap"

// rtfSkipDest are destinations whose content is not document text. Any
// group starting with \* is skipped as well.
var rtfSkipDest = map[string]bool{
	"fonttbl": true, "colortbl": true, "pict": true, "object": true, "objdata": true,
	"header": true, "headerl": true, "headerr": true, "headerf": true,
	"footer": true, "footerl": true, "footerr": true, "footerf": true,
	"footnote": true, "annotation": true, "atnid": true, "atnauthor": true,
	"listtable": true, "listoverridetable": true, "listtext": true,
	"pntext": true, "pntxta": true, "pntxtb": true, "pn": true,
	"fldinst": true, "datafield": true, "themedata": true, "colorschememapping": true,
	"latentstyles": true, "datastore": true, "xmlnstbl": true, "rsidtbl": true,
	"generator": true, "pgdsctbl": true, "revtbl": true, "filetbl": true,
	"shp": true, "shpinst": true, "shppict": true, "nonshppict": true,
	"bkmkstart": true, "bkmkend": true, "txfieldtext": true, "userprops": true,
	"template": true, "ftnsep": true, "ftnsepc": true, "aftnsep": true,
	"aftnsepc": true, "xe": true, "tc": true, "private": true, "mmathPr": true,
	"blipuid": true, "protusertbl": true, "defchp": true, "defpap": true,
}

// rtfSymbols are control words that stand for a character.
var rtfSymbols = map[string]string{
	"tab": "\t", "line": "\n", "emdash": "—", "endash": "–", "emspace": " ",
	"enspace": " ", "qmspace": " ", "bullet": "•", "lquote": "‘", "rquote": "’",
	"ldblquote": "“", "rdblquote": "”", "zwj": "\u200D", "zwnj": "\u200C",
	"~": "\u00A0", "_": "-", "\\": "\\", "{": "{", "}": "}",
}

// rtfBreaks are control words that end a paragraph.
var rtfBreaks = map[string]bool{"par": true, "sect": true, "cell": true, "row": true, "nestcell": true}

// rtfCodepage returns the decoder of a Windows code page for \'hh escapes
// and raw 8-bit bytes. Unknown and multi-byte code pages fall back to
// Windows-1252.
func rtfCodepage(n int) func(byte) rune {
	cm := map[int]*charmap.Charmap{
		437: charmap.CodePage437, 850: charmap.CodePage850, 852: charmap.CodePage852,
		866: charmap.CodePage866, 1250: charmap.Windows1250, 1251: charmap.Windows1251,
		1253: charmap.Windows1253, 1254: charmap.Windows1254, 1255: charmap.Windows1255,
		1256: charmap.Windows1256, 1257: charmap.Windows1257, 1258: charmap.Windows1258,
		10000: charmap.Macintosh, 28591: charmap.ISO8859_1, 28605: charmap.ISO8859_15,
	}[n]
	if cm == nil {
		return cp1252Rune
	}
	return cm.DecodeByte
}

package qdpx

import (
	"bytes"

	"github.com/protocoder/protocoder/internal/qda"
)

// Bounds of the parts of an exchange document, checked on its bytes before
// it is decoded (encoding/xml holds a whole token in memory several times
// over: a 60 MB attribute cost 800 MB). Attributes hold GUIDs, names,
// colours and dates; a start tag a handful of them; character data the
// descriptions, memos and a document's inline text (PlainTextContent).
const (
	MaxXMLAttr = 64 << 10
	MaxXMLTag  = 1 << 20
	MaxXMLText = 64 << 20
)

// checkXMLSizes refuses an XML document with an attribute value, a tag or
// a run of character data (text, CDATA, comment) beyond the bounds; the
// error names the part and its line. It allocates nothing.
func checkXMLSizes(data []byte, what string) error {
	line := 1
	tooBig := func(part string, n, limit int) error {
		return qda.Errorf(qda.EInvalid, "the %s has %s of more than %d KiB at line %d (at least %d bytes); such files are refused", what, part, limit>>10, line, n)
	}
	// skipTo moves past the end marker of a comment, CDATA section or
	// processing instruction starting at i; it returns the new index and
	// the length of what it skipped.
	skipTo := func(i int, end string) (int, int) {
		j := bytes.Index(data[i:], []byte(end))
		if j < 0 {
			j = len(data) - i
		} else {
			j += len(end)
		}
		line += bytes.Count(data[i:i+j], []byte("\n"))
		return i + j, j
	}
	text := 0
	for i := 0; i < len(data); {
		if data[i] != '<' {
			j := bytes.IndexByte(data[i:], '<')
			if j < 0 {
				j = len(data) - i
			}
			if text += j; text > MaxXMLText {
				return tooBig("a text", text, MaxXMLText)
			}
			line += bytes.Count(data[i:i+j], []byte("\n"))
			i += j
			continue
		}
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			var n int
			if i, n = skipTo(i, "-->"); n > MaxXMLText {
				return tooBig("a comment", n, MaxXMLText)
			}
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			var n int
			if i, n = skipTo(i, "]]>"); text+n > MaxXMLText {
				return tooBig("a text", text+n, MaxXMLText)
			}
			text += n
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			var n int
			if i, n = skipTo(i, "?>"); n > MaxXMLTag {
				return tooBig("a processing instruction", n, MaxXMLTag)
			}
			continue
		}
		// A tag: up to the first '>' outside quotes.
		text = 0
		start := i
		var quote byte
		val := 0
		for i++; i < len(data); i++ {
			c := data[i]
			if c == '\n' {
				line++
			}
			if i-start > MaxXMLTag {
				return tooBig("a tag", i-start, MaxXMLTag)
			}
			if quote != 0 {
				if c == quote {
					quote = 0
				} else if val++; val > MaxXMLAttr {
					return tooBig("an attribute value", val, MaxXMLAttr)
				}
				continue
			}
			if c == '"' || c == '\'' {
				quote, val = c, 0
			} else if c == '>' {
				i++
				break
			}
		}
	}
	return nil
}

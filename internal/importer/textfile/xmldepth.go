package textfile

import (
	"encoding/xml"
	"fmt"
)

// maxXMLDepth bounds the nesting of elements in an office document's XML.
// Word and LibreOffice files nest a few dozen levels (tables in text boxes
// in tables); a file nested deeper is damaged or made to exhaust the reader.
const maxXMLDepth = 1000

// depthGuard counts the open elements of an XML token stream.
type depthGuard int

// see takes the next token and fails once the nesting is too deep.
func (g *depthGuard) see(tok xml.Token) error {
	switch tok.(type) {
	case xml.StartElement:
		if *g++; *g > maxXMLDepth {
			return fmt.Errorf("elements are nested more than %d levels deep", maxXMLDepth)
		}
	case xml.EndElement:
		*g--
	}
	return nil
}

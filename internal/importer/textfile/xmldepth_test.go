package textfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// nested returns n elements nested in each other around a run; the ids
// keep the archive from compressing so well that it looks like a bomb.
func nested(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<w:p w:rsidR="%08x">`, i*2654435761%(1<<32))
	}
	b.WriteString(r("tief"))
	b.WriteString(strings.Repeat("</w:p>", n))
	return b.String()
}

// TestReadDocx_DeeplyNested refuses XML nested deeper than maxXMLDepth
// with a message naming the file and the reason, and reads a file just
// within the limit.
func TestReadDocx_DeeplyNested(t *testing.T) {
	_, err := Read(bytes.NewReader(docx(t, nested(maxXMLDepth+10))), "tief.docx", Options{})
	if err == nil || !strings.Contains(err.Error(), "tief.docx") || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("deeply nested docx: %v", err)
	}
	if _, err := Read(bytes.NewReader(docx(t, nested(maxXMLDepth-10))), "flach.docx", Options{}); err != nil {
		t.Errorf("docx within the limit: %v", err)
	}
}

// TestReadOdt_DeeplyNested is the same for odt.
func TestReadOdt_DeeplyNested(t *testing.T) {
	body := strings.Repeat("<text:span>", maxXMLDepth+10) + "tief" + strings.Repeat("</text:span>", maxXMLDepth+10)
	_, err := Read(bytes.NewReader(odt(t, "application/vnd.oasis.opendocument.text", "<text:p>"+body+"</text:p>")), "tief.odt", Options{})
	if err == nil || !strings.Contains(err.Error(), "tief.odt") || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("deeply nested odt: %v", err)
	}
}

package qdpx

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

const qdcHead = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test">
<Codes>
`

func TestCheckXMLSizes(t *testing.T) {
	big := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name, doc, want string
	}{
		{"fine", qdcHead + `<Code guid="x" name="` + big(MaxXMLAttr) + `" isCodable="true"><Description>` + big(1<<20) + `</Description></Code></Codes></CodeBook>`, ""},
		{"attribute", qdcHead + `<Code guid="x"` + "\n" + ` name="` + big(MaxXMLAttr+1) + `"/>`, "an attribute value of more than 64 KiB at line 5"},
		{"single quotes", qdcHead + `<Code name='` + big(MaxXMLAttr+1) + `'/>`, "an attribute value"},
		{"tag", qdcHead + `<Code ` + strings.Repeat(`a="b" `, MaxXMLTag/6+1) + `/>`, "a tag of more than 1024 KiB at line 4"},
		{"unclosed quote", qdcHead + `<Code name="` + big(MaxXMLAttr+1), "an attribute value"},
		{"text", qdcHead + `<Description>` + big(MaxXMLText+1) + `</Description>`, "a text of more than 65536 KiB"},
		{"cdata", qdcHead + `<Description><![CDATA[` + big(MaxXMLText) + `]]></Description>`, "a text of more than"},
		{"comment", qdcHead + `<!--` + big(MaxXMLText+1) + `-->`, "a comment"},
		{"quote in text", qdcHead + `<Description>"` + big(MaxXMLAttr+10) + `</Description>`, ""},
	}
	for _, tt := range tests {
		err := checkXMLSizes([]byte(tt.doc), "codebook")
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestReadCodebook_HugeAttribute: a .qdc with a 60 MB attribute is refused
// before it is decoded.
func TestReadCodebook_HugeAttribute(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(qdcHead + `<Code guid="2f0c2b8e-1f0e-4c4b-9a57-3c1f0e2b4a11" isCodable="true" name="`)
	b.Write(bytes.Repeat([]byte("A"), 60<<20))
	b.WriteString(`"/></Codes></CodeBook>`)
	_, _, err := ReadCodebook(b.Bytes(), ReadOptions{})
	if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), "attribute value") {
		t.Errorf("err %v", err)
	}
}

// TestRead_RealSamplesWithinBounds: the real exchange files of
// shared/refi-qda and shared/interop-samples still read.
func TestRead_RealSamplesWithinBounds(t *testing.T) {
	shared := filepath.Dir(refiDir(t))
	files, _ := filepath.Glob(filepath.Join(shared, "refi-qda", "samples", "*.qdpx"))
	more, _ := filepath.Glob(filepath.Join(shared, "interop-samples", "refi", "*.qd[cp]*"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("no samples")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		read := Read
		if strings.HasSuffix(f, ".qdc") {
			read = ReadCodebook
		}
		if _, _, err := read(data, ReadOptions{}); err != nil && strings.Contains(err.Error(), "such files are refused") {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}

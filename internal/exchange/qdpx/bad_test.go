package qdpx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

const minimalQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P">
  <CodeBook><Codes><Code guid="33cc44dd-55ee-46ff-87aa-88bb99cc00dd" name="C" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="99cc00dd-11ee-4cff-8daa-44bb55cc66dd" name="S" plainTextPath="%s">
      <PlainTextSelection guid="aa00bb11-cc22-4d33-8e44-ff5566778899" startPosition="0" endPosition="2">
        <Coding guid="bb11cc22-dd33-4e44-8f55-0066778899aa"><CodeRef targetGUID="%s"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`

func qde(path, code string) string {
	return strings.Replace(strings.Replace(minimalQDE, "%s", path, 1), "%s", code, 1)
}

const okCode = "33cc44dd-55ee-46ff-87aa-88bb99cc00dd"

func TestRead_BadInput(t *testing.T) {
	zeros := strings.Repeat("\x00", 4<<20)
	bomb := makeZip(t, "project.qde", qde("internal://a.txt", okCode), "sources/a.txt", zeros)
	laughs := `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
		`<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>`
	for _, tc := range []struct {
		name string
		data []byte
		o    ReadOptions
		want string
	}{
		{"not a zip", []byte("hello"), ReadOptions{}, "not a QDPX archive"},
		{"no project.qde", makeZip(t, "x.txt", "x"), ReadOptions{}, "no project document"},
		{"dot-dot entry", makeZip(t, "project.qde", qde("internal://a.txt", okCode), "../evil.txt", "x"), ReadOptions{}, "unsafe entry name"},
		{"dot-dot source path", makeZip(t, "project.qde", qde("internal://../../etc/passwd", okCode)), ReadOptions{}, "leads out of the archive"},
		{"relative dot-dot source path", makeZip(t, "project.qde", qde(`..\..\x.txt`, okCode)), ReadOptions{}, "leads out of the archive"},
		{"zip bomb", bomb, ReadOptions{}, "zip bomb"},
		{"entry over the limit", makeZip(t, "project.qde", qde("internal://a.txt", okCode), "sources/a.txt", strings.Repeat("abcdefgh", 200)), ReadOptions{MaxEntry: 1000}, "limit"},
		{"entity expansion", makeZip(t, "project.qde", laughs), ReadOptions{}, "document type"},
		{"garbage xml", makeZip(t, "project.qde", "<Project"), ReadOptions{}, "not readable XML"},
		{"damaged extension", makeZip(t, "project.qde", qde("internal://a.txt", okCode), "sources/a.txt", "ab", ExtensionEntry, "{"), ReadOptions{}, "damaged"},
		{"unknown dialect", nil, ReadOptions{Dialect: "word"}, "unknown dialect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap, _, err := Read(tc.data, tc.o)
			if err == nil || snap != nil {
				t.Fatalf("accepted: %+v", snap)
			}
			if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRead_Warnings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		data    []byte
		kind    string
		codings int
		docs    int
	}{
		{"missing source", makeZip(t, "project.qde", qde("internal://a.txt", okCode)), "source", 0, 0},
		{"external source", makeZip(t, "project.qde", qde("file:///etc/passwd", okCode)), "source", 0, 0},
		{"absolute source", makeZip(t, "project.qde", qde("/etc/passwd", okCode)), "source", 0, 0},
		{"selection beyond the text", makeZip(t, "project.qde", qde("internal://a.txt", okCode), "sources/a.txt", "a"), "selection", 0, 1},
		{"unknown code", makeZip(t, "project.qde", qde("internal://a.txt", "0000aaaa-0000-4000-8000-000000000000"), "sources/a.txt", "abc"), "coding", 0, 1},
		{"fine", makeZip(t, "project.qde", qde("internal://a.txt", okCode), "Sources/A.TXT", "abc"), "", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap, rep, err := Read(tc.data, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Codings) != tc.codings || len(snap.Documents) != tc.docs {
				t.Errorf("codings %d docs %d", len(snap.Codings), len(snap.Documents))
			}
			k := warnKinds(rep)
			if tc.kind == "" && len(rep.Warnings) > 0 || tc.kind != "" && k[tc.kind] == 0 {
				t.Errorf("warnings %+v, want kind %q", rep.Warnings, tc.kind)
			}
		})
	}
}

func TestRead_UnknownReferences(t *testing.T) {
	x := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P">
  <CodeBook><Codes><Code guid="33cc44dd-55ee-46ff-87aa-88bb99cc00dd" name="C" isCodable="true"><NoteRef targetGUID="00000000-0000-4000-8000-00000000dead"/></Code></Codes></CodeBook>
  <Cases><Case guid="88bb99cc-00dd-4bee-8cff-33aa44bb55cc" name="K">
    <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-00000000beef"/><TextValue>x</TextValue></VariableValue>
    <SourceRef targetGUID="00000000-0000-4000-8000-00000000cafe"/>
  </Case></Cases>
  <Sources><TextSource guid="99cc00dd-11ee-4cff-8daa-44bb55cc66dd" name="S"><PlainTextContent>abc</PlainTextContent>
    <PlainTextSelection guid="aa00bb11-cc22-4d33-8e44-ff5566778899" startPosition="0" endPosition="2">
      <Coding guid="bb11cc22-dd33-4e44-8f55-0066778899aa" creatingUser="00000000-0000-4000-8000-0000000000ab"><CodeRef targetGUID="33cc44dd-55ee-46ff-87aa-88bb99cc00dd"/></Coding>
    </PlainTextSelection></TextSource></Sources>
</Project>`
	snap, rep, err := Read(makeZip(t, "project.qde", x), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	k := warnKinds(rep)
	if k["note"] != 1 || k["variable"] != 1 || k["case"] != 1 || k["user"] != 1 {
		t.Errorf("warnings %+v", rep.Warnings)
	}
	if len(snap.Codings) != 1 || len(snap.Users) != 1 || snap.Codings[0].Coder != snap.Users[0].GUID {
		t.Errorf("placeholder coder: %+v %+v", snap.Codings, snap.Users)
	}
	var buf bytes.Buffer
	if err := Write(&buf, snap, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}

package textfile

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// zipOf builds a zip archive from name/content pairs.
func zipOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(entries[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wDoc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>%s</w:body></w:document>`

const wStyles = `<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Frage"><w:name w:val="Frage"/><w:basedOn w:val="berschrift2"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Gliederung"><w:name w:val="Gliederung"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Textkrper"><w:name w:val="Body Text"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>` +
	`<w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1 Char"/></w:style></w:styles>`

func docx(t *testing.T, body string) []byte {
	return zipOf(t, "[Content_Types].xml", "<Types/>",
		"_rels/.rels", `<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document.xml"/></Relationships>`,
		"word/document.xml", strings.Replace(wDoc, "%s", body, 1), "word/styles.xml", wStyles)
}

func p(style, runs string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`
	}
	return "<w:p>" + ppr + runs + "</w:p>"
}

func r(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

func TestReadDocx_Structure(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"german-style-id", p("berschrift2", r("2.2a Frage")) + p("", r("Antwort")), []string{"H2 [2.2a] 2.2a Frage", "H0 [] Antwort"}},
		{"based-on-heading", p("Frage", r("X.2 Noch was?")), []string{"H2 [X.2] X.2 Noch was?"}},
		{"style-outline-level", p("Gliederung", r("Teil")), []string{"H4 [] Teil"}},
		{"body-outline-level", p("Textkrper", r("Text")), []string{"H0 [] Text"}},
		{"unknown-style-id", p("Heading3", r("Drei")), []string{"H3 [] Drei"}},
		{"direct-outline", `<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>` + r("Eins") + `</w:p>`, []string{"H1 [] Eins"}},
		{"runs-tabs-breaks", p("", r("a")+`<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t></w:r>`), []string{"H0 [] a\tb\nc-d"}},
		{"deleted-and-moved", p("", r("neu")+`<w:del><w:r><w:delText>alt</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>weg</w:t></w:r></w:moveFrom>`), []string{"H0 [] neu"}},
		{"field-instruction", p("", `<w:r><w:instrText>PAGE</w:instrText></w:r>`+r("7")), []string{"H0 [] 7"}},
		{"textbox-fallback", p("", r("außen")+`<mc:AlternateContent><mc:Choice><w:txbxContent>`+p("", r("Kasten"))+`</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>`+p("", r("Kasten"))+`</w:txbxContent></mc:Fallback></mc:AlternateContent>`), []string{"H0 [] Kasten", "H0 [] außen"}},
		{"drawingml-text-ignored", p("", r("a")+`<a:p><a:r><a:t>Diagramm</a:t></a:r></a:p>`), []string{"H0 [] a"}},
		{"table", `<w:tbl><w:tr><w:tc>` + p("", r("Zelle 1")) + `</w:tc><w:tc>` + p("", r("Zelle 2")) + `</w:tc></w:tr></w:tbl>`, []string{"H0 [] Zelle 1", "H0 [] Zelle 2"}},
		{"empty-paragraphs-dropped", p("", "") + p("", r("  ")) + p("", r("x")), []string{"H0 [] x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(bytes.NewReader(docx(t, tt.body)), "t.docx", Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, d)
			if got := outline(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReadDocx_BadXML(t *testing.T) {
	_, err := Read(bytes.NewReader(docx(t, "<w:p>")), "kaputt.docx", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "kaputt.docx: the docx archive is damaged: word/document.xml is not valid XML") {
		t.Errorf("got %v", err)
	}
}

func TestReadDocx_MissingDocument(t *testing.T) {
	data := zipOf(t, "[Content_Types].xml", "<Types/>")
	_, err := Read(bytes.NewReader(data), "leer.docx", Options{})
	if err == nil || err.Error() != "leer.docx: the docx archive is damaged: word/document.xml is missing" {
		t.Errorf("got %v", err)
	}
}

const odtContent = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>%s</office:text></office:body></office:document-content>`

func odt(t *testing.T, mimetype, body string) []byte {
	return zipOf(t, "mimetype", mimetype, "content.xml", strings.Replace(odtContent, "%s", body, 1))
}

func TestReadOdt_Structure(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"heading-levels", `<text:h text:outline-level="3">2.2a Frage</text:h><text:h>Ohne Level</text:h><text:h text:outline-level="9">Tief</text:h>`,
			[]string{"H3 [2.2a] 2.2a Frage", "H1 [] Ohne Level", "H6 [] Tief"}},
		{"spaces-tabs-breaks", `<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d<text:s/>e</text:p>`, []string{"H0 [] a   b\tc\nd e"}},
		{"whitespace-collapses", "<text:p>\n  viel   \n Raum <text:span>hier</text:span></text:p>", []string{"H0 [] viel Raum hier"}},
		{"note after the body", `<text:p>Text<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Fußnote</text:p></text:note-body></text:note>.</text:p><text:p>Weiter</text:p>`, []string{"H0 [] Text[1].", "H0 [] Weiter", "H0 [] [Fußnote 1] Fußnote"}},
		{"endnote and comment", `<text:p>A<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>End</text:p><text:p>zwei</text:p></text:note-body></text:note> B<office:annotation><dc:creator>Anna</dc:creator><dc:date>2026-01-01</dc:date><text:p>Frage?</text:p></office:annotation></text:p>`, []string{"H0 [] A[i] B[K1]", "H0 [] [Endnote i] End", "H0 [] zwei", "H0 [] [Kommentar K1, Anna] Frage?"}},
		{"toc-skipped", `<text:table-of-content><text:index-body><text:p>2.2a Frage ... 3</text:p></text:index-body></text:table-of-content><text:p>Text</text:p>`, []string{"H0 [] Text"}},
		{"tracked-deletion-skipped", `<text:tracked-changes><text:changed-region><text:deletion><text:p>alt</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p>neu</text:p>`, []string{"H0 [] neu"}},
		{"list-number-skipped", `<text:list><text:list-item><text:p><text:number>1.</text:number>Punkt</text:p></text:list-item></text:list>`, []string{"H0 [] Punkt"}},
		{"frame-nested", `<text:p>außen<draw:frame><draw:text-box><text:p>innen</text:p></draw:text-box></draw:frame></text:p>`, []string{"H0 [] innen", "H0 [] außen"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(bytes.NewReader(odt(t, "application/vnd.oasis.opendocument.text", tt.body)), "t.odt", Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, d)
			if got := outline(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReadOdt_Spreadsheet(t *testing.T) {
	_, err := Read(bytes.NewReader(odt(t, "application/vnd.oasis.opendocument.spreadsheet", "")), "t.ods", Options{})
	if err == nil || !strings.Contains(err.Error(), `t.ods: is an OpenDocument file of type "application/vnd.oasis.opendocument.spreadsheet"`) {
		t.Errorf("got %v", err)
	}
}

func TestOpenArchive_UnsafeNames(t *testing.T) {
	tests := []struct {
		name   string
		unsafe bool
	}{
		{"word/document.xml", false}, {"a/../b", true}, {"../x", true}, {`..\x`, true},
		{"/etc/passwd", true}, {"C:/x", true}, {"a..b/c", false},
	}
	for _, tt := range tests {
		if got := unsafeName(tt.name); got != tt.unsafe {
			t.Errorf("unsafeName(%q) = %v", tt.name, got)
		}
	}
}

func TestOpenArchive_Budget(t *testing.T) {
	data := docx(t, strings.Repeat(p("", r("Wiederholung")), 2000))
	if _, err := Read(bytes.NewReader(data), "gross.docx", Options{MaxBytes: int64(len(data)) + 1000}); err == nil ||
		!strings.Contains(err.Error(), "unpacks to more than the limit") {
		t.Errorf("got %v", err)
	}
	if _, err := Read(bytes.NewReader(data), "gross.docx", Options{}); err != nil {
		t.Errorf("default limit: %v", err)
	}
}

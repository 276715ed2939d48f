package docwriter

import (
	"archive/zip"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// part is one file of an office archive.
type part struct{ name, body string }

// writeZip writes the parts, the first one stored uncompressed without a
// data descriptor (ODF requires that of its mimetype entry).
func writeZip(w io.Writer, parts []part, firstStored bool) error {
	zw := zip.NewWriter(w)
	for i, p := range parts {
		var f io.Writer
		var err error
		if i == 0 && firstStored {
			n := uint64(len(p.body))
			f, err = zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Store,
				CRC32: crc32.ChecksumIEEE([]byte(p.body)), CompressedSize64: n, UncompressedSize64: n})
		} else {
			f, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		}
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return zw.Close()
}

func lang(d *Doc) string {
	if d.Lang == "" {
		return "de-DE"
	}
	return d.Lang
}

// WriteDOCX writes d as a Word document (Office Open XML, transitional).
func WriteDOCX(w io.Writer, d *Doc) error {
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	var b strings.Builder
	b.WriteString(xmlHead + `<w:document ` + ns + `><w:body>`)
	for _, bl := range d.Blocks {
		style := ""
		switch bl.Kind {
		case Heading:
			style = fmt.Sprintf("Heading%d", bl.Level)
		case Quote:
			style = "Quote"
		}
		b.WriteString("<w:p>")
		if style != "" {
			fmt.Fprintf(&b, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
		}
		text := bl.Text
		if bl.Kind == Heading {
			text = oneLine(text)
		}
		for i, line := range strings.Split(text, "\n") {
			b.WriteString("<w:r>")
			if i > 0 {
				b.WriteString("<w:br/>")
			}
			for j, chunk := range strings.Split(line, "\t") {
				if j > 0 {
					b.WriteString("<w:tab/>")
				}
				if chunk != "" {
					fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, escape(chunk))
				}
			}
			b.WriteString("</w:r>")
		}
		b.WriteString("</w:p>")
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="1134" w:right="1417" w:bottom="1134" w:left="1417" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)

	heading := func(n, size int) string {
		return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/><w:basedOn w:val="Normal"/>`+
			`<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="%d" w:after="120"/><w:outlineLvl w:val="%d"/></w:pPr>`+
			`<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, n, n, 360-60*n, n-1, size, size)
	}
	styles := xmlHead + `<w:styles ` + ns + `><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/>` +
		`<w:lang w:val="` + escape(lang(d)) + `"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="140" w:line="288" w:lineRule="auto"/>` +
		`</w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		heading(1, 36) + heading(2, 28) + heading(3, 24) +
		`<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:ind w:left="567" w:right="567"/></w:pPr><w:rPr><w:i/><w:color w:val="404040"/></w:rPr></w:style></w:styles>`
	parts := []part{
		{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"word/document.xml", b.String()},
		{"word/styles.xml", styles},
		{"docProps/core.xml", xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + escape(d.Title) + `</dc:title><dc:language>` + escape(lang(d)) +
			`</dc:language></cp:coreProperties>`},
	}
	return writeZip(w, parts, false)
}

// odfText writes text for an ODF paragraph: tabs, line breaks and runs of
// spaces (which ODF would collapse) become elements.
func odfText(s string) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString("<text:line-break/>")
		}
		spaces := 0
		flush := func() {
			if spaces > 0 {
				b.WriteString(" ")
				if spaces > 1 {
					fmt.Fprintf(&b, `<text:s text:c="%d"/>`, spaces-1)
				}
				spaces = 0
			}
		}
		for _, r := range line {
			switch r {
			case ' ':
				spaces++
			case '\t':
				flush()
				b.WriteString("<text:tab/>")
			default:
				flush()
				b.WriteString(escape(string(r)))
			}
		}
		flush()
	}
	return b.String()
}

// WriteODT writes d as an OpenDocument text (ODF 1.3).
func WriteODT(w io.Writer, d *Doc) error {
	const (
		nsOffice = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"`
		nsText   = `xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"`
		nsStyle  = `xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"`
		nsFO     = `xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"`
	)
	var b strings.Builder
	b.WriteString(xmlHead + `<office:document-content ` + nsOffice + ` ` + nsText + ` ` + nsStyle + ` ` + nsFO +
		` office:version="1.3"><office:body><office:text>`)
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(&b, `<text:h text:style-name="Heading_20_%d" text:outline-level="%d">%s</text:h>`, bl.Level, bl.Level, odfText(oneLine(bl.Text)))
		case Quote:
			fmt.Fprintf(&b, `<text:p text:style-name="Quotations">%s</text:p>`, odfText(bl.Text))
		default:
			fmt.Fprintf(&b, `<text:p text:style-name="Text_20_body">%s</text:p>`, odfText(bl.Text))
		}
	}
	b.WriteString(`</office:text></office:body></office:document-content>`)
	language, country, _ := strings.Cut(lang(d), "-")
	heading := func(n int, size string) string {
		return fmt.Sprintf(`<style:style style:name="Heading_20_%d" style:display-name="Heading %d" style:family="paragraph" `+
			`style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="%d" style:class="text">`+
			`<style:text-properties fo:font-size="%s"/></style:style>`, n, n, n, size)
	}
	styles := xmlHead + `<office:document-styles ` + nsOffice + ` ` + nsStyle + ` ` + nsFO + ` ` + nsText + ` office:version="1.3"><office:styles>` +
		`<style:default-style style:family="paragraph"><style:text-properties fo:font-size="11pt" fo:language="` + escape(language) +
		`" fo:country="` + escape(country) + `"/></style:default-style>` +
		`<style:style style:name="Standard" style:family="paragraph" style:class="text"/>` +
		`<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:line-height="120%"/></style:style>` +
		`<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">` +
		`<style:paragraph-properties fo:margin-top="0.45cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>` +
		`<style:text-properties fo:font-weight="bold" fo:color="#1f3864"/></style:style>` +
		heading(1, "18pt") + heading(2, "14pt") + heading(3, "12pt") +
		`<style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard" style:class="html">` +
		`<style:paragraph-properties fo:margin-left="1cm" fo:margin-right="1cm" fo:margin-bottom="0.25cm"/>` +
		`<style:text-properties fo:font-style="italic" fo:color="#404040"/></style:style></office:styles>` +
		`<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" ` +
		`fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/></style:page-layout></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles></office:document-styles>`
	meta := xmlHead + `<office:document-meta ` + nsOffice + ` xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>` +
		`<dc:title>` + escape(d.Title) + `</dc:title><dc:language>` + escape(lang(d)) + `</dc:language></office:meta></office:document-meta>`
	entry := func(path, typ string) string {
		return `<manifest:file-entry manifest:full-path="` + path + `" manifest:media-type="` + typ + `"/>`
	}
	manifest := xmlHead + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
		entry("content.xml", "text/xml") + entry("styles.xml", "text/xml") + entry("meta.xml", "text/xml") + `</manifest:manifest>`
	parts := []part{
		{"mimetype", "application/vnd.oasis.opendocument.text"},
		{"META-INF/manifest.xml", manifest},
		{"content.xml", b.String()},
		{"styles.xml", styles},
		{"meta.xml", meta},
	}
	return writeZip(w, parts, true)
}

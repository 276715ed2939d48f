// Package docwriter writes simple structured texts — a title, headings,
// paragraphs and quotes, as case reports have them — as Markdown, HTML,
// Word (docx) and OpenDocument (odt) files. The office formats are written
// from scratch with archive/zip and XML: the smallest set of parts that
// Word and LibreOffice open, with real heading styles so that the outline
// and the table of contents work. It imports nothing but the standard
// library.
package docwriter

import (
	"fmt"
	"io"
	"strings"
)

// Kind is the kind of a block.
type Kind int

// Block kinds.
const (
	Paragraph Kind = iota
	Heading        // Level 1–3
	Quote
)

// Block is one paragraph, heading or quote. Text may hold line breaks.
type Block struct {
	Kind  Kind
	Level int
	Text  string
}

// Doc is a document to write.
type Doc struct {
	// Title is the document's title (metadata; the first level-1 heading
	// by default).
	Title string
	// Lang is the language tag, e.g. "de-DE".
	Lang   string
	Blocks []Block
}

// Formats lists the formats Write knows.
var Formats = []string{"md", "html", "docx", "odt"}

// Parse reads the Markdown subset the report texts use: lines starting with
// one to six "#" are headings (levels above 3 count as 3), paragraphs are
// separated by blank lines, paragraphs whose lines start with ">" are
// quotes. Everything else is plain text: no inline markup is interpreted.
func Parse(text string) *Doc {
	d := &Doc{Lang: "de-DE"}
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		b := Block{Kind: Paragraph}
		quote := true
		for _, l := range para {
			quote = quote && strings.HasPrefix(l, ">")
		}
		if quote {
			b.Kind = Quote
			for i, l := range para {
				para[i] = strings.TrimPrefix(strings.TrimPrefix(l, ">"), " ")
			}
		}
		b.Text = strings.Join(para, "\n")
		d.Blocks = append(d.Blocks, b)
		para = nil
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "#"):
			flush()
			n := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			body := strings.TrimSpace(trimmed[n:])
			if n > 6 || body == "" {
				para = append(para, line)
				continue
			}
			d.Blocks = append(d.Blocks, Block{Kind: Heading, Level: min(n, 3), Text: body})
			if n == 1 && d.Title == "" {
				d.Title = body
			}
		default:
			para = append(para, strings.TrimRight(line, " \t"))
		}
	}
	flush()
	return d
}

// Write writes d in a format: "md", "html", "docx" or "odt".
func Write(w io.Writer, d *Doc, format string) error {
	switch strings.ToLower(strings.TrimPrefix(format, ".")) {
	case "md", "markdown":
		return WriteMarkdown(w, d)
	case "html", "htm":
		return WriteHTML(w, d)
	case "docx":
		return WriteDOCX(w, d)
	case "odt":
		return WriteODT(w, d)
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
}

// WriteMarkdown writes d as Markdown.
func WriteMarkdown(w io.Writer, d *Doc) error {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(&b, "%s %s\n", strings.Repeat("#", bl.Level), oneLine(bl.Text))
		case Quote:
			for _, l := range strings.Split(bl.Text, "\n") {
				fmt.Fprintf(&b, "> %s\n", l)
			}
		default:
			fmt.Fprintf(&b, "%s\n", bl.Text)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanXML drops characters XML 1.0 does not allow.
func cleanXML(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// escape escapes text for XML and HTML content and attributes.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(cleanXML(s))
}

// WriteHTML writes d as a standalone HTML5 page.
func WriteHTML(w io.Writer, d *Doc) error {
	var b strings.Builder
	lang := d.Lang
	if lang == "" {
		lang = "de"
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", escape(lang), escape(d.Title))
	b.WriteString("<style>\nbody{font-family:'Noto Serif',Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}\n" +
		"h1,h2,h3{font-family:'Noto Sans',Helvetica,sans-serif;line-height:1.25}\nh2{margin-top:1.6em;border-bottom:1px solid #ccc}\n" +
		"blockquote{margin:0.8em 2em;font-style:italic;color:#444}\n</style>\n</head>\n<body>\n")
	for _, bl := range d.Blocks {
		text := strings.ReplaceAll(escape(bl.Text), "\n", "<br>\n")
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(&b, "<h%d>%s</h%d>\n", bl.Level, escape(oneLine(bl.Text)), bl.Level)
		case Quote:
			fmt.Fprintf(&b, "<blockquote><p>%s</p></blockquote>\n", text)
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", text)
		}
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Package textfile reads interview protocols and other documents from files
// — plain text, Markdown, docx, odt, rtf and the text layer of pdf — into
// protocoder's canonical text (UTF-8, NFC, "\n", see docs/architecture.md)
// together with the document's paragraph structure.
//
// Every format is turned into a list of paragraphs (Blocks). The canonical
// text is the paragraphs in order, separated by one blank line, so that the
// blocks are exactly the passages qda.Passages finds. A block is a heading
// (level 1–6) or body text; a block that starts with a question id such as
// "2.2a", "1.3a/1.6" or "X.2" carries that id, and Sections turns those into
// the answer ranges a structured import codes with the questions.
//
// Footnotes, endnotes and comments of docx, odt and rtf files are blocks
// of their own after the body (Block.Note), starting with their label
// ("[Fußnote 1] …"); the body keeps a mark where each was referenced. PDF
// text is normalised: the ligatures U+FB00–U+FB06 become their letters
// (NFKC for these only), soft hyphens go, words hyphenated at a line end
// are joined, lines become paragraphs column by column in reading order,
// running page numbers are left out; characters no font names stay as
// U+FFFD and are counted in Doc.Warnings.
//
// Plain text is decoded from UTF-8 (with or without byte order mark),
// UTF-16 (LE/BE, with byte order mark, or detected from its NUL bytes) and
// Windows-1252/Latin-1; see DecodeText. Bad input — an empty file, a binary
// file, a file over Options.MaxBytes, invalid UTF-8, a truncated or corrupt
// docx/odt archive, an archive with unsafe entry names or too much content,
// a password-protected docx, a pdf without a text layer — gives a
// *FileError that names the file and the reason.
//
// Libraries: docx and odt are read with archive/zip and encoding/xml (the
// Go docx libraries model documents for writing and give no control over
// unpacked size); rtf with a parser of our own (no maintained Go RTF
// reader is on the module proxy); pdf with github.com/ledongthuc/pdf for
// the file, fonts and encodings and our own content-stream interpreter for
// positions, word spaces and /ActualText.
package textfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/textnorm"
)

// Formats returned in Doc.Format.
const (
	FormatTxt  = "txt"
	FormatMd   = "md"
	FormatDocx = "docx"
	FormatOdt  = "odt"
	FormatRtf  = "rtf"
	FormatPdf  = "pdf"
)

// DefaultMaxBytes is the size limit used when Options.MaxBytes is 0.
const DefaultMaxBytes = 50 << 20

// Doc is a file read into canonical text with its structure.
type Doc struct {
	// Text is the document's text in canonical form (textnorm.Canonical):
	// the blocks in order, separated by one blank line.
	Text string
	// Format is one of the Format* constants.
	Format string
	// Encoding is the character encoding a txt or md file was decoded
	// from ("UTF-8", "UTF-8 BOM", "UTF-16LE", "UTF-16BE", "Windows-1252");
	// empty for the other formats.
	Encoding string
	// Meta holds the front matter of a Markdown file (key: value lines
	// between --- lines) and the document title ("title") where the
	// format carries one.
	Meta map[string]string
	// Blocks are the paragraphs in order, with rune offsets into Text.
	Blocks []Block
	// Warnings say what was read with doubt or left out (characters a PDF
	// font cannot tell, notes not read), one sentence each.
	Warnings []string
}

// Block is one paragraph of a Doc.
type Block struct {
	// Start and End are the paragraph's rune offsets into Doc.Text,
	// half-open; the range never includes the separating newlines.
	Start, End int
	// Heading is the heading level 1–6, or 0 for body text.
	Heading int
	// QuestionID is the question id the paragraph starts with, e.g.
	// "2.2a", "1.3a/1.6" or "X.2" (see QuestionIDPrefix); empty if none.
	QuestionID string
	// Note is set for a footnote, endnote or comment: a block after the
	// body that starts with its label ("[Fußnote 1] …").
	Note bool
}

// Options controls reading.
type Options struct {
	// MaxBytes is the largest file accepted, and also the most an archive
	// (docx, odt) may unpack to. 0 means DefaultMaxBytes.
	MaxBytes int64
}

func (o Options) max() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// FileError is a file that could not be read. Its message names the file
// and the reason; it unwraps to a *qda.Error (code qda.EInvalid or
// qda.EUnsupported) and to the underlying cause, if any.
type FileError struct {
	// File is the file's name as given to Read or ReadFile.
	File string
	// Code is qda.EInvalid or qda.EUnsupported.
	Code string
	// Reason says what is wrong, e.g. "the file is empty".
	Reason string
	// Err is the underlying error, may be nil.
	Err error
}

// Error returns "FILE: REASON".
func (e *FileError) Error() string { return e.File + ": " + e.Reason }

// Unwrap returns the error as a *qda.Error and the underlying cause.
func (e *FileError) Unwrap() []error {
	errs := []error{&qda.Error{Code: e.Code, Message: e.Error()}}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

func fileErr(name string, cause error, format string, args ...any) *FileError {
	return &FileError{File: name, Code: qda.EInvalid, Reason: fmt.Sprintf(format, args...), Err: cause}
}

func unsupported(name string, format string, args ...any) *FileError {
	return &FileError{File: name, Code: qda.EUnsupported, Reason: fmt.Sprintf(format, args...)}
}

// ReadFile reads the file at path. Files larger than opts.MaxBytes are
// refused before they are read.
func ReadFile(path string, opts Options) (*Doc, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fileErr(name, err, "cannot open the file: %v", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, fileErr(name, nil, "is a folder, not a file")
		}
		if st.Size() > opts.max() {
			return nil, tooLarge(name, opts.max())
		}
	}
	return Read(f, name, opts)
}

func tooLarge(name string, max int64) *FileError {
	return fileErr(name, nil, "the file is larger than the limit of %s", sizeText(max))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Read reads a document from r. name is the file's name: it appears in
// error messages, and its extension tells txt from md. The format is
// detected from the content (zip archive, %PDF, {\rtf); the extension of a
// docx, odt, rtf or pdf file must agree with it.
func Read(r io.Reader, name string, opts Options) (*Doc, error) {
	max := opts.max()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fileErr(name, err, "cannot read the file: %v", err)
	}
	if int64(len(data)) > max {
		return nil, tooLarge(name, max)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr(name, nil, "the file is empty")
	}
	format, err := detect(name, data)
	if err != nil {
		return nil, err
	}
	var doc *Doc
	switch format {
	case "zip":
		doc, err = readZip(name, data, max)
	case FormatPdf:
		doc, err = readPDF(name, data)
	case FormatRtf:
		doc, err = readRTF(name, data)
	default:
		doc, err = readPlain(name, data, format)
	}
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(doc.Text) == "" {
		return nil, fileErr(name, nil, "the file contains no text")
	}
	return doc, nil
}

// detect returns "zip", FormatPdf, FormatRtf, FormatMd or FormatTxt.
func detect(name string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(name))
	head := data[:min(len(data), 1024)]
	var got string
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		got = "zip"
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		if encryptedOOXML(data) {
			return "", unsupported(name, "is protected by a password: Word keeps a protected document encrypted; open it, remove the password (File › Info › Protect Document) or save an unprotected copy, and import that")
		}
		return "", unsupported(name, "is an old binary Office document (.doc); save it as .docx or .odt and import that")
	case bytes.HasPrefix(data, []byte("%PDF-")), ext == ".pdf" && bytes.Contains(head, []byte("%PDF-")):
		got = FormatPdf
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, bom8), " \t\r\n"), []byte(`{\rtf`)):
		got = FormatRtf
	}
	want := map[string]string{".docx": "zip", ".odt": "zip", ".pdf": FormatPdf, ".rtf": FormatRtf}[ext]
	if want != "" && got != want {
		what := map[string]string{"zip": "a zip archive", FormatPdf: "a PDF file", FormatRtf: "an RTF file"}[want]
		return "", fileErr(name, nil, "is not a %s file: the content is not %s (damaged or misnamed?)", ext[1:], what)
	}
	if got != "" {
		return got, nil
	}
	if ext == ".md" || ext == ".markdown" {
		return FormatMd, nil
	}
	return FormatTxt, nil
}

// encryptedOOXML reports a compound file (the container of old .doc files)
// that holds an encrypted Office Open XML package: a password-protected
// docx, whose streams are named EncryptionInfo and EncryptedPackage.
func encryptedOOXML(data []byte) bool {
	name := func(s string) []byte {
		b := make([]byte, 0, 2*len(s))
		for i := 0; i < len(s); i++ {
			b = append(b, s[i], 0)
		}
		return b
	}
	return bytes.Contains(data, name("EncryptedPackage")) && bytes.Contains(data, name("EncryptionInfo"))
}

// readPlain decodes a txt or md file.
func readPlain(name string, data []byte, format string) (*Doc, error) {
	text, enc, err := DecodeText(data)
	if err != nil {
		return nil, fileErr(name, err, "%s", err.Error())
	}
	if text, err = textnorm.Canonical(text); err != nil {
		return nil, fileErr(name, err, "%s", qda.ErrorMessage(err))
	}
	var b builder
	meta := map[string]string{}
	if format == FormatMd {
		plainParas(&b, markdownBody(text, meta), true)
	} else {
		plainParas(&b, text, false)
	}
	doc, err := b.doc(name, format)
	if err != nil {
		return nil, err
	}
	doc.Encoding = enc
	doc.Meta = meta
	return doc, nil
}

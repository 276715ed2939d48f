package wire

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/importer/textfile"
	"github.com/protocoder/protocoder/internal/qda"
)

// FileReader reads protocol and document files for import with the
// importer packages: Markdown in protocoder's protocol format with
// protocolmd (after textfile.DecodeText), every other format (txt, docx,
// odt, rtf, pdf) with textfile. It implements app.FileReader.
type FileReader struct {
	// MaxBytes is the largest file accepted; 0 means
	// textfile.DefaultMaxBytes.
	MaxBytes int64
}

// ReadSource implements app.FileReader. Text files are decoded from UTF-8,
// UTF-16 or Windows-1252; every failure names the file and the reason.
func (r FileReader) ReadSource(path string) (*app.SourceFile, error) {
	max := r.MaxBytes
	if max <= 0 {
		max = textfile.DefaultMaxBytes
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return readMarkdown(path, max)
	}
	d, err := textfile.ReadFile(path, textfile.Options{MaxBytes: max})
	if err != nil {
		return nil, err
	}
	f := &app.SourceFile{Path: path, Format: d.Format, Meta: d.Meta, Text: d.Text, Blocks: make([]app.SourceBlock, len(d.Blocks)),
		Warnings: d.Warnings}
	for i, b := range d.Blocks {
		f.Blocks[i] = app.SourceBlock{Start: b.Start, End: b.End, Heading: b.Heading, QuestionID: b.QuestionID, Note: b.Note}
	}
	return f, nil
}

// readMarkdown reads a protocol in protocoder's Markdown format.
func readMarkdown(path string, max int64) (*app.SourceFile, error) {
	st, err := os.Stat(path)
	if err == nil && st.Size() > max {
		return nil, qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %s", path, limitText(max))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
	}
	if int64(len(data)) > max {
		return nil, qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %s", path, limitText(max))
	}
	text, _, err := textfile.DecodeText(data)
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "%s: %v", path, err)
	}
	if strings.TrimSpace(text) == "" {
		return nil, qda.Errorf(qda.EInvalid, "%s: the file is empty", path)
	}
	p, err := protocolmd.Parse(strings.NewReader(text), path)
	if err != nil {
		return nil, err
	}
	blocks := p.Blocks
	if blocks == nil {
		blocks = []qda.ProtocolBlock{}
	}
	return &app.SourceFile{Path: path, Format: textfile.FormatMd, Meta: p.Meta, Protocol: blocks}, nil
}

// limitText writes a size limit as "50 MiB" or, below one MiB, in bytes.
func limitText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

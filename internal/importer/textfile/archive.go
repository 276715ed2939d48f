package textfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path"
	"path/filepath"
	"strings"
)

// archive is a docx or odt zip archive opened for reading with limits: the
// entries read may unpack to at most budget bytes in total (zip bombs), and
// an archive with an unsafe entry name ("../x", "/x", "C:x") is refused.
type archive struct {
	name   string // the file's name, for messages
	label  string // "docx archive", "odt archive" or "zip archive"
	zr     *zip.Reader
	budget int64
}

func openArchive(name string, data []byte, max int64) (*archive, error) {
	label := "zip archive"
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		label = "docx archive"
	case ".odt":
		label = "odt archive"
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fileErr(name, err, "the %s is truncated or damaged (%v)", label, err)
	}
	for _, f := range zr.File {
		if unsafeName(f.Name) {
			return nil, fileErr(name, nil, "the %s contains an unsafe entry name %q", label, f.Name)
		}
	}
	return &archive{name: name, label: label, zr: zr, budget: max}, nil
}

// unsafeName reports entry names that would leave a folder they were
// extracted to: absolute paths, drive letters and ".." elements.
func unsafeName(n string) bool {
	n = strings.ReplaceAll(n, `\`, "/")
	if strings.HasPrefix(n, "/") || len(n) >= 2 && n[1] == ':' {
		return true
	}
	for _, e := range strings.Split(n, "/") {
		if e == ".." {
			return true
		}
	}
	return false
}

// file returns the entry with the given name, or nil.
func (a *archive) file(name string) *zip.File {
	for _, f := range a.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// read returns the content of an entry, nil without error if there is no
// such entry.
func (a *archive) read(name string) ([]byte, error) {
	f := a.file(name)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(a.budget) {
		return nil, a.tooBig()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fileErr(a.name, err, "the %s is damaged: cannot open %s (%v)", a.label, name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, a.budget+1))
	if err != nil {
		return nil, fileErr(a.name, err, "the %s is truncated or damaged: cannot read %s (%v)", a.label, name, err)
	}
	if int64(len(data)) > a.budget || bomb(int64(len(data)), int64(f.CompressedSize64)) {
		return nil, a.tooBig()
	}
	a.budget -= int64(len(data))
	return data, nil
}

// bombRatio is the largest compression ratio accepted for an entry that
// unpacks to more than bombMin bytes. Office XML compresses about 5–20:1;
// a run of one repeated byte, the stuff of zip bombs, about 1000:1.
const (
	bombRatio = 200
	bombMin   = 1 << 20
)

// bomb reports an entry that unpacked to n bytes from compressed bytes as
// a likely zip bomb, whatever the size limit.
func bomb(n, compressed int64) bool {
	return n > bombMin && n > bombRatio*max(compressed, 1)
}

func (a *archive) tooBig() error {
	return fileErr(a.name, nil, "the %s unpacks to more than the limit (zip bomb?)", a.label)
}

// readZip reads a docx or odt file.
func readZip(name string, data []byte, max int64) (*Doc, error) {
	a, err := openArchive(name, data, max)
	if err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case a.file("[Content_Types].xml") != nil && ext != ".odt":
		return readDocx(a)
	case a.file("content.xml") != nil && ext != ".docx":
		mt, err := a.read("mimetype")
		if err != nil {
			return nil, err
		}
		if m := strings.TrimSpace(string(mt)); m != "" && !strings.HasPrefix(m, "application/vnd.oasis.opendocument.text") {
			return nil, unsupported(name, "is an OpenDocument file of type %q, not a text document", m)
		}
		return readOdt(a)
	case ext == ".docx" || ext == ".odt":
		return nil, fileErr(name, nil, "the %s is damaged: the main document part is missing", a.label)
	}
	return nil, unsupported(name, "is a zip archive but neither a docx nor an odt document")
}

// partDir returns the folder of a part name, for resolving relative
// targets ("word/document.xml" → "word").
func partDir(p string) string { return path.Dir(p) }

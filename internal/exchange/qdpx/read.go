package qdpx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// ReadOptions configure Read and ReadCodebook.
type ReadOptions struct {
	// Dialect overrides the dialect detected from the file's origin.
	Dialect Dialect
	// MaxTotal bounds the bytes all entries read may unpack to (default
	// 1 GiB); MaxEntry bounds one entry (default 256 MiB).
	MaxTotal, MaxEntry int64
}

// Default limits of ReadOptions.
const (
	DefaultMaxTotal = 1 << 30
	DefaultMaxEntry = 256 << 20
	// bombRatio is the largest compression ratio accepted for an entry that
	// unpacks to more than bombMin bytes: text and XML compress about 3–20:1,
	// a run of one repeated byte, the stuff of zip bombs, about 1000:1.
	bombRatio = 200
	bombMin   = 1 << 20
	// maxEntries bounds the number of entries of an archive.
	maxEntries = 200000
)

func (o ReadOptions) withDefaults() ReadOptions {
	if o.MaxTotal <= 0 {
		o.MaxTotal = DefaultMaxTotal
	}
	if o.MaxEntry <= 0 {
		o.MaxEntry = DefaultMaxEntry
	}
	return o
}

// Report tells what a file held that the project cannot, and how it was
// read. It is never empty of meaning: an import shows it to the user.
type Report struct {
	// Origin is the program that wrote the file, as it says.
	Origin string `json:"origin,omitempty"`
	// Dialect is the dialect used to read positions.
	Dialect Dialect `json:"dialect"`
	// Extension tells whether the file carried protocoder's extension.
	Extension bool `json:"extension"`
	// Warnings list what was left out or changed, one line each.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Warning is one thing an import could not keep as it was.
type Warning struct {
	// Kind groups warnings: "source", "selection", "graph", "link", ….
	Kind string `json:"kind"`
	// Message says what, in a sentence.
	Message string `json:"message"`
}

// maxWarnings bounds the warnings listed one by one.
const maxWarnings = 500

func (r *Report) warn(kind, format string, args ...any) {
	switch n := len(r.Warnings); {
	case n < maxWarnings:
		r.Warnings = append(r.Warnings, Warning{Kind: kind, Message: fmt.Sprintf(format, args...)})
	case n == maxWarnings:
		r.Warnings = append(r.Warnings, Warning{Kind: "more", Message: "further warnings left out"})
	}
}

// archive is a QDPX zip opened with limits.
type archive struct {
	zr     *zip.Reader
	byName map[string]*zip.File // lower-case name → entry
	budget int64
	o      ReadOptions
}

func openArchive(data []byte, o ReadOptions) (*archive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, qda.Errorf(qda.EInvalid, "the file is not a QDPX archive: %v", err)
	}
	if len(zr.File) > maxEntries {
		return nil, qda.Errorf(qda.EInvalid, "the QDPX archive has %d entries, more than the %d accepted", len(zr.File), maxEntries)
	}
	a := &archive{zr: zr, byName: map[string]*zip.File{}, budget: o.MaxTotal, o: o}
	for _, f := range zr.File {
		if unsafeName(f.Name) {
			return nil, qda.Errorf(qda.EInvalid, "the QDPX archive contains an unsafe entry name %q; nothing was imported", f.Name)
		}
		a.byName[strings.ToLower(path.Clean(strings.ReplaceAll(f.Name, `\`, "/")))] = f
	}
	return a, nil
}

// unsafeName reports paths that would leave a folder: absolute paths, drive
// letters and ".." elements.
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

// file returns the entry of a name, matched without regard to case (NVivo
// writes "Sources/", the others "sources/").
func (a *archive) file(name string) *zip.File {
	return a.byName[strings.ToLower(path.Clean(name))]
}

// projectEntry finds the project document: project.qde, else the one
// *.qde at the top (ATLAS.ti names it after the project), else the one
// *.qde in a folder; base is its folder, where its sources folder is.
func (a *archive) projectEntry() (*zip.File, string, error) {
	if f := a.file("project.qde"); f != nil {
		return f, "", nil
	}
	var top, deep []string
	for name := range a.byName {
		if strings.HasSuffix(name, ".qde") && !strings.HasPrefix(path.Base(name), ".") && !strings.HasPrefix(name, "__macosx/") {
			if strings.Contains(name, "/") {
				deep = append(deep, name)
			} else {
				top = append(top, name)
			}
		}
	}
	for _, names := range [][]string{top, deep} {
		switch len(names) {
		case 0:
			continue
		case 1:
			f := a.byName[names[0]]
			return f, path.Dir(strings.ReplaceAll(f.Name, `\`, "/")), nil
		}
		sort.Strings(names)
		return nil, "", qda.Errorf(qda.EInvalid, "the QDPX archive holds several project documents (%s); it should hold one", strings.Join(names, ", "))
	}
	return nil, "", qda.Errorf(qda.EInvalid, "the QDPX archive has no project document (project.qde or another *.qde)")
}

// read returns an entry's content within the limits.
func (a *archive) read(f *zip.File) ([]byte, error) {
	limit := min(a.budget, a.o.MaxEntry)
	if f.UncompressedSize64 > uint64(limit) {
		return nil, a.tooBig(f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "the QDPX archive is damaged: cannot open %s (%v)", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "the QDPX archive is truncated or damaged: cannot read %s (%v)", f.Name, err)
	}
	n := int64(len(data))
	if n > limit || n > bombMin && n > bombRatio*max(int64(f.CompressedSize64), 1) {
		return nil, a.tooBig(f.Name)
	}
	a.budget -= n
	return data, nil
}

func (a *archive) tooBig(name string) error {
	return qda.Errorf(qda.EInvalid, "the QDPX entry %s unpacks to more than the limit or is compressed suspiciously well (zip bomb?); nothing was imported", name)
}

// decodeXML decodes an exchange document into v. It refuses a document
// type declaration (entity expansion attacks) and reads UTF-8 with or
// without a byte order mark, or UTF-16 with one.
func decodeXML(data []byte, v any, what string) error {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		data = []byte(decodeUTF16(data))
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := checkXMLSizes(data, what); err != nil {
		return err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii":
			return in, nil // already decoded above
		}
		return nil, fmt.Errorf("unsupported encoding %q", charset)
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return qda.Errorf(qda.EInvalid, "the %s is not readable XML: %v", what, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if d := strings.ToUpper(strings.TrimSpace(string(t))); strings.HasPrefix(d, "DOCTYPE") || strings.HasPrefix(d, "ENTITY") {
				return qda.Errorf(qda.EInvalid, "the %s declares a document type (DTD); such files are refused because their entities can explode in size", what)
			}
		case xml.StartElement:
			if ns, ok := nsAliases[t.Name.Space]; ok {
				t.Name.Space = ns
			}
			if err := dec.DecodeElement(v, &t); err != nil {
				if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected EOF") {
					return qda.Errorf(qda.EInvalid, "the %s ends in the middle of an element: the file is truncated (an incomplete download or copy?); nothing was imported", what)
				}
				return qda.Errorf(qda.EInvalid, "the %s is not valid QDA-XML: %v", what, err)
			}
			return nil
		}
	}
}

// Read reads a QDPX file. It returns a snapshot whose texts are canonical
// and whose positions are rune offsets, with a report of what was left out.
// An error means the file as a whole cannot be used; nothing of it should
// then be imported.
func Read(data []byte, o ReadOptions) (*qda.Snapshot, *Report, error) {
	o = o.withDefaults()
	if !o.Dialect.Valid() {
		return nil, nil, qda.Errorf(qda.EInvalid, "unknown dialect %q", o.Dialect)
	}
	a, err := openArchive(data, o)
	if err != nil {
		return nil, nil, err
	}
	f, base, err := a.projectEntry()
	if err != nil {
		return nil, nil, err
	}
	qde, err := a.read(f)
	if err != nil {
		return nil, nil, err
	}
	var p xProject
	if err := decodeXML(qde, &p, "project.qde"); err != nil {
		return nil, nil, err
	}
	var ext *extension
	ef := a.file(path.Join(base, ExtensionEntry))
	if ef == nil {
		ef = a.file(ExtensionEntry)
	}
	if ef != nil {
		raw, err := a.read(ef)
		if err != nil {
			return nil, nil, err
		}
		ext = &extension{}
		if err := json.Unmarshal(raw, ext); err != nil || ext.Format != extensionFormat {
			return nil, nil, qda.Errorf(qda.EInvalid, "the QDPX file's %s is damaged or of an unknown format", ExtensionEntry)
		}
	}
	d := o.Dialect
	if d == DialectAuto {
		d = OriginDialect(p.Origin)
	}
	r := &reader{o: o, a: a, base: base, p: &p, ext: ext, rep: &Report{Origin: p.Origin, Dialect: d, Extension: ext != nil},
		snap: &qda.Snapshot{Texts: map[qda.GUID]string{}}, guids: map[string]qda.GUID{}}
	if err := r.run(); err != nil {
		return nil, nil, err
	}
	deriveRoles(r.snap)
	return r.snap, r.rep, nil
}

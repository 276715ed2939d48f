package wire

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/guidefmt"
	"github.com/protocoder/protocoder/internal/importer/textfile"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// MaxSmallFile bounds the size of guideline and plan files: real ones are
// a few KiB, so anything near this is not what the user meant to import,
// and it is refused before it is read.
const MaxSmallFile = 10 << 20

// ReadText reads a small text file for import (a plan CSV, a guideline).
// It refuses folders, files over MaxSmallFile and empty files, and decodes
// UTF-8, UTF-16 or Windows-1252 (as exported by spreadsheet programs);
// binary data and damaged UTF-8 are errors. Every error names the file.
func ReadText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return "", qda.Errorf(qda.EInvalid, "%s is a folder, not a file", path)
	} else if err == nil && st.Size() > MaxSmallFile {
		return "", qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %d MiB", path, MaxSmallFile>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSmallFile+1))
	if err != nil {
		return "", qda.Errorf(qda.EInvalid, "cannot read %s: %v", path, err)
	}
	if len(data) > MaxSmallFile {
		return "", qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %d MiB", path, MaxSmallFile>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", qda.Errorf(qda.EInvalid, "%s: the file is empty", path)
	}
	text, _, err := textfile.DecodeText(data)
	if err != nil {
		return "", qda.Errorf(qda.EInvalid, "%s: %v", path, err)
	}
	return text, nil
}

// ReadGuidelineFile reads a guideline in the format of
// docs/guideline-format.md, or with plain in the report appendix's style
// (meta then gives key, title, level and wave); new GUIDs come from ids.
func ReadGuidelineFile(path string, plain bool, meta guidefmt.PlainMeta, ids app.IDSource) (*qda.Guideline, error) {
	text, err := ReadText(path)
	if err != nil {
		return nil, err
	}
	if plain {
		return guidefmt.ParsePlain(strings.NewReader(text), filepath.Base(path), meta, ids.NewGUID)
	}
	return guidefmt.Parse(strings.NewReader(text), filepath.Base(path), ids.NewGUID)
}

// ImportGuideline reads a guideline file (docs/guideline-format.md) and
// adds it with its codes to the project, as guideline import does.
func (Files) ImportGuideline(p *project.Project, path string) (*study.ImportResult, error) {
	g, err := ReadGuidelineFile(path, false, guidefmt.PlainMeta{}, app.RandomIDs{})
	if err != nil {
		return nil, err
	}
	return p.ImportGuideline(g, study.ImportOptions{})
}

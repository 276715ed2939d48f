package cli

import (
	"bytes"
	"io"
	"os"

	"github.com/protocoder/protocoder/internal/importer/textfile"
	"github.com/protocoder/protocoder/internal/qda"
)

// maxSmallFile bounds the size of guideline and plan files: real ones are
// a few KiB, so anything near this is not what the user meant to import,
// and it is refused before it is read.
const maxSmallFile = 10 << 20

// readText reads a small text file for import (a plan CSV, a guideline).
// It refuses folders, files over maxSmallFile and empty files, and decodes
// UTF-8, UTF-16 or Windows-1252 (as exported by spreadsheet programs);
// binary data and damaged UTF-8 are errors. Every error names the file.
func readText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return "", qda.Errorf(qda.EInvalid, "%s is a folder, not a file", path)
	} else if err == nil && st.Size() > maxSmallFile {
		return "", qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %d MiB", path, maxSmallFile>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSmallFile+1))
	if err != nil {
		return "", qda.Errorf(qda.EInvalid, "cannot read %s: %v", path, err)
	}
	if len(data) > maxSmallFile {
		return "", qda.Errorf(qda.EInvalid, "%s: the file is larger than the limit of %d MiB", path, maxSmallFile>>20)
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

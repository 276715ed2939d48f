package qdpx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// ReadQDE reads a project document that is not in a QDPX archive (a bare
// project.qde or <name>.qde, as some programs leave it beside its sources
// folder). dir is the folder that holds it: the texts are read from its
// "sources" folder (any case), with the limits of ReadOptions; links and
// other files that are not regular are not followed.
func ReadQDE(qde []byte, dir fs.FS, o ReadOptions) (*qda.Snapshot, *Report, error) {
	o = o.withDefaults()
	if int64(len(qde)) > o.MaxEntry {
		return nil, nil, qda.Errorf(qda.EInvalid, "the project document has %d bytes, more than the %d MiB accepted", len(qde), o.MaxEntry>>20)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		return err
	}
	if err := put("project.qde", bytes.NewReader(qde)); err != nil {
		return nil, nil, err
	}
	budget, entries := o.MaxTotal-int64(len(qde)), 1
	tops, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, nil, qda.Errorf(qda.EInvalid, "cannot list the folder of the project document: %v", err)
	}
	for _, top := range tops {
		if !top.IsDir() || !strings.EqualFold(top.Name(), "sources") {
			continue
		}
		err := fs.WalkDir(dir, top.Name(), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if entries++; entries > maxEntries {
				return qda.Errorf(qda.EInvalid, "the sources folder has more than %d files", maxEntries)
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			if budget -= info.Size(); budget < 0 || info.Size() > o.MaxEntry {
				return qda.Errorf(qda.EInvalid, "the sources folder holds more than the limit of %d MiB (or a file larger than %d MiB)", o.MaxTotal>>20, o.MaxEntry>>20)
			}
			f, err := dir.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return put("sources/"+strings.TrimPrefix(path.Clean(p), top.Name()+"/"), io.LimitReader(f, info.Size()))
		})
		if err != nil {
			var qe *qda.Error
			if errors.As(err, &qe) {
				return nil, nil, err
			}
			return nil, nil, qda.Errorf(qda.EInvalid, "cannot read the sources folder: %v", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return Read(buf.Bytes(), o)
}

package cli

import (
	"strings"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/wire"
)

// measureCorpus measures a corpus built before (by gen-corpus or bench
// --keep) as runBench measures the one it builds, without the ingest
// rows: cold open, index against stock bleve, search, retrieval, matrix,
// agreement, one coding, and the size of project.db against its
// protocols' text. It adds one coding to the corpus.
func measureCorpus(e *Env, dir string, scans int) (*bench.Report, error) {
	r := &bench.Report{}
	s, err := wire.Open(dir, benchOptions(e, false))
	if err != nil {
		return nil, err
	}
	code, docs, textBytes, err := corpusFacts(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	r.Docs, r.MB = docs, float64(textBytes)/1e6
	if err := addDBSize(dir, textBytes, r); err != nil {
		return nil, err
	}
	if err := measureBuilt(e, dir, code, scans, r); err != nil {
		return nil, err
	}
	r.Notef("measured on the corpus in %s, built before (no ingest rows); regex scans per query kind: %d", dir, max(1, scans))
	return r, nil
}

// corpusFacts returns what the generator would have said of a corpus it
// built: its most used code (the codebook's first, as the generator draws
// codes Zipf-like), the number of generated protocols (imported from
// bench-NNNNN.md) and the bytes of their text.
func corpusFacts(s *project.Project) (qda.GUID, int, int, error) {
	codes, err := s.Codes()
	if err != nil {
		return "", 0, 0, err
	}
	if len(codes) == 0 {
		return "", 0, 0, qda.Errorf(qda.EInvalid, "the corpus has no codes: build it with gen-corpus")
	}
	ds, err := s.Documents()
	if err != nil {
		return "", 0, 0, err
	}
	n, size := 0, 0
	for _, d := range ds {
		if !strings.HasPrefix(d.Source, "bench-") {
			continue
		}
		_, text, _, err := s.DocumentWithText(d.GUID)
		if err != nil {
			return "", 0, 0, err
		}
		n, size = n+1, size+len(text)
	}
	if n == 0 {
		return "", 0, 0, qda.Errorf(qda.EInvalid, "no generated protocols in the project: build it with gen-corpus")
	}
	return codes[0].GUID, n, size, nil
}

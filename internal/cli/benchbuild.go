package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// Building the bench command's corpus, with the figures of its ingest:
// one protocol's import at the start and at the end, the ingest rates
// (one command each, in bulk, into the store alone) and the file's size
// against the text it holds.

// EachIngest is the number of protocols imported one at a time, each
// timed alone until the index has caught up with it, at the start and
// after the corpus is built: one protocol's import at the corpus's size
// against at the start is the ratio of their medians (#26). Each group
// follows one untimed import; a corpus of fewer protocols has as many.
const EachIngest = 50

// buildCorpus creates the corpus in dir and adds its figures to r: one
// protocol's import at the start, timed alone (EachIngest of them), the
// ingest of protocols into store and index (one command each, then as
// many in one command; fsync on), the codings (store only), the index
// rebuild that follows, and one protocol's import at the corpus's size
// against at the start. It returns the most used code.
func buildCorpus(e *Env, dir string, docs, indexed int, seed int64, r *bench.Report) (qda.GUID, error) {
	o := benchOptions(e, false)
	if err := wire.CreateSample(dir, sampledata.FS, o); err != nil {
		return "", err
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		return "", err
	}
	g, err := bench.NewGenerator(s, sampledata.FS, seed)
	if err != nil {
		s.Close()
		return "", err
	}
	// One protocol's import at the start: EachIngest of them, each
	// timed alone, after one untimed (the first import after opening
	// loads what an open project keeps in memory). They come on top of
	// the corpus's protocols, as do those timed at its end.
	each := 1 + min(EachIngest, docs)
	start, startSteps, err := g.IngestEach(s, 0, each)
	// The ingest rate into store and index is measured on the first
	// indexed protocols; the rest go to the store alone and are
	// indexed by the rebuild, which takes far less time at large sizes.
	// Then as many again in one command, as a folder import does.
	k := min(docs, indexed)
	var ing, bulk *bench.Ingested
	if err == nil {
		ing, err = g.Ingest(s, each, k, nil)
	}
	if err == nil && docs > k {
		bulk, err = g.IngestBulk(s, each+k, min(docs-k, k))
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	addIngest(r, fmt.Sprintf("ingest into store + index (%d protocols, one command each, fsync)", k), ing, "")
	ing.Docs, ing.Bytes = append(start.Docs, ing.Docs...), start.Bytes+ing.Bytes
	if bulk != nil {
		addIngest(r, fmt.Sprintf("ingest into store + index (%d protocols in one command, fsync)", bulk.Count), bulk, ">=10")
		ing.Docs, ing.Bytes = append(ing.Docs, bulk.Docs...), ing.Bytes+bulk.Bytes
		k += bulk.Count
	}

	// The index folder is replaced by a file, so the project opens
	// without search; it is rebuilt afterwards.
	index := filepath.Join(dir, store.IndexDir)
	if err := os.RemoveAll(index); err != nil {
		return "", err
	}
	if err := os.WriteFile(index, nil, 0o600); err != nil {
		return "", err
	}
	if s, err = wire.Open(dir, benchOptions(e, true)); err != nil {
		return "", err
	}
	rest, err := ingestRest(s, g, each+k, docs-k, r)
	var n int
	var code qda.GUID
	t0 := time.Now()
	if err == nil {
		n, code, err = g.Code(s, append(ing.Docs, rest.Docs...), nil)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	r.Docs, r.MB = docs, float64(ing.Bytes+rest.Bytes)/1e6
	r.Add(fmt.Sprintf("add %d codings (one command per document, store only, no fsync)", n), float64(n)/time.Since(t0).Seconds(), "codings/s", "")
	if err := os.Remove(index); err != nil {
		return "", err
	}
	if s, err = wire.Open(dir, o); err != nil {
		return "", err
	}
	t0 = time.Now()
	_, err = s.EnsureIndex(nil)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	r.Add("index rebuild", r.MB/time.Since(t0).Seconds(), "MB/s", "")

	// One protocol's import into the full project, measured as at the
	// start: EachIngest of them after one untimed, each timed alone.
	if s, err = wire.Open(dir, o); err != nil {
		return "", err
	}
	end, endSteps, err := g.IngestEach(s, each+docs, each)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	addImportOne(r, docs, startSteps[1:], endSteps[1:])
	if err := addDBSize(dir, ing.Bytes+rest.Bytes+end.Bytes, r); err != nil {
		return "", err
	}
	return code, nil
}

// addImportOne adds one protocol's import at the start and at docs, each
// protocol timed alone (the steps after the untimed first), and the
// ratio of the medians until the index had caught up, which #26 bounds.
func addImportOne(r *bench.Report, docs int, start, end []bench.Step) {
	sc, sx := bench.MedianStep(start)
	ec, ex := bench.MedianStep(end)
	each := fmt.Sprintf("median of %d, each imported and timed alone", len(start))
	r.Add(fmt.Sprintf("import one protocol at the start (store commit, %s)", each), ms(sc), "ms", "")
	r.Add(fmt.Sprintf("import one protocol at the start (store + index caught up, %s)", each), ms(sx), "ms", "")
	each = fmt.Sprintf("median of %d, each imported and timed alone", len(end))
	r.Add(fmt.Sprintf("import one protocol at %d (store commit, %s)", docs, each), ms(ec), "ms", "")
	r.Add(fmt.Sprintf("import one protocol at %d (store + index caught up, %s)", docs, each), ms(ex), "ms", "")
	r.Add(fmt.Sprintf("import one protocol at %d ÷ at the start (store commit: median of %d ÷ median of the first %d)", docs, len(end), len(start)),
		float64(ec)/float64(max(1, sc)), "×", "")
	r.Add(fmt.Sprintf("import one protocol at %d ÷ at the start (store + index caught up: median of %d ÷ median of the first %d)", docs, len(end), len(start)),
		float64(ex)/float64(max(1, sx)), "×", "<=1.2")
	r.Notef("import one protocol: %d protocols imported one at a time into the sample project before the ingest (the start) and %d after the %d of the corpus, each group after one untimed import; each timed from ImportProtocol until the index had caught up with it (a wait for the index after each, so no two share an index batch), its text generated before the clock starts", len(start), len(end), docs)
}

// ingestRest imports n protocols from the from-th into the store alone
// (s has no index): the first SingleIngest one command each, the rest in
// commands of BulkIngest, adding the rate of each. The result holds all of
// them.
func ingestRest(s *project.Project, g *bench.Generator, from, n int, r *bench.Report) (*bench.Ingested, error) {
	one, err := g.Ingest(s, from, min(n, SingleIngest), nil)
	if err != nil {
		return nil, err
	}
	if one.Count > 0 {
		what := fmt.Sprintf("ingest into store only (%d protocols, one command each, no fsync)", one.Count)
		r.Add(what, float64(one.Count)/one.Duration.Seconds(), "protocols/s", "")
		r.Add(what, float64(one.Bytes)/1e6/one.Duration.Seconds(), "MB/s", "")
	}
	all, bulk := *one, bench.Ingested{}
	for i := from + one.Count; i < from+n; i += BulkIngest {
		b, err := g.IngestBulk(s, i, min(BulkIngest, from+n-i))
		if err != nil {
			return nil, err
		}
		bulk.Docs, bulk.Count, bulk.Bytes = append(bulk.Docs, b.Docs...), bulk.Count+b.Count, bulk.Bytes+b.Bytes
		bulk.Committed += b.Committed
	}
	if bulk.Count > 0 {
		what := fmt.Sprintf("ingest into store only (%d protocols in commands of %d, as a folder import, no fsync)", bulk.Count, BulkIngest)
		r.Add(what, float64(bulk.Count)/bulk.Committed.Seconds(), "protocols/s", "")
		r.Add(what, float64(bulk.Bytes)/1e6/bulk.Committed.Seconds(), "MB/s", "")
	}
	all.Docs, all.Count, all.Bytes = append(all.Docs, bulk.Docs...), all.Count+bulk.Count, all.Bytes+bulk.Bytes
	return &all, nil
}

// addDBSize adds the size of the closed corpus's project.db against the
// protocol text it holds: the file as it is, and its pages in use (the
// file grows in steps of up to 16 MiB ahead of its content).
func addDBSize(dir string, textBytes int, r *bench.Report) error {
	db, err := store.Open(dir, store.Options{NoBackup: true})
	if err != nil {
		return err
	}
	file, used, err := db.Usage()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	text := float64(max(textBytes, 1))
	r.Add("project.db ÷ protocol text", float64(file)/text, "×", "<=2.0")
	r.Add("project.db, pages in use ÷ protocol text", float64(used)/text, "×", "")
	return nil
}

// addIngest adds the rates of an ingest run: until the last store commit
// (durable; the index follows in the background), with the target of MB/s
// if it has one (#26 sets it for a bulk import: a command per protocol
// waits for one fsync each), and until the index had caught up.
func addIngest(r *bench.Report, what string, ing *bench.Ingested, target string) {
	sec := ing.Committed.Seconds()
	r.Add(what+": store commits (durable)", float64(ing.Count)/sec, "protocols/s", "")
	r.Add(what+": store commits (durable)", float64(ing.Bytes)/1e6/sec, "MB/s", target)
	sec = ing.Duration.Seconds()
	r.Add(what+": until the index caught up", float64(ing.Count)/sec, "protocols/s", "")
	r.Add(what+": until the index caught up", float64(ing.Bytes)/1e6/sec, "MB/s", "")
}

// SingleIngest is the number of protocols after the timed ones that go
// into the store one command each (timed); the rest follow in commands of
// BulkIngest protocols, as a folder import brings them.
const (
	SingleIngest = 500
	BulkIngest   = 500
)

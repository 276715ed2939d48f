package search

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// newIndex opens a new index in a temporary folder, closed at cleanup.
// Its purge waits for scorch as long as it takes (go test's -timeout
// bounds it), so whether it falls back to a rewrite never depends on how
// busy the machine is.
func newIndex(tb testing.TB) *Index {
	tb.Helper()
	x, err := Open(filepath.Join(tb.TempDir(), "index", "passages"))
	if err != nil {
		tb.Fatal(err)
	}
	x.purgeTimeout = 0
	tb.Cleanup(func() { _ = x.Close() })
	return x
}

// docGUID returns a deterministic document GUID.
func docGUID(n int) qda.GUID {
	return qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", n))
}

// psg builds a passage of document n; opts set metadata.
func psg(n, start int, text string, opts ...func(*qda.IndexPassage)) qda.IndexPassage {
	p := qda.IndexPassage{Document: docGUID(n), Start: start, End: start + len([]rune(text)), Text: text,
		DocName: fmt.Sprintf("Dok %02d", n), Kind: qda.KindProtocol}
	for _, o := range opts {
		o(&p)
	}
	return p
}

func meta(level qda.Level, wave int, cas, role, interviewer string) func(*qda.IndexPassage) {
	return func(p *qda.IndexPassage) {
		p.Level, p.Wave, p.Case, p.Role, p.Interviewer = level, wave, cas, role, interviewer
	}
}

func codes(c ...string) func(*qda.IndexPassage) {
	return func(p *qda.IndexPassage) { p.Codes = c }
}

func kind(k qda.DocKind) func(*qda.IndexPassage) {
	return func(p *qda.IndexPassage) { p.Kind = k }
}

// mustAdd indexes passages.
func mustAdd(tb testing.TB, x *Index, ps ...qda.IndexPassage) {
	tb.Helper()
	if err := x.Update(nil, ps); err != nil {
		tb.Fatal(err)
	}
}

// mustFlush waits until everything added to x is written to its files.
func mustFlush(tb testing.TB, x *Index) {
	tb.Helper()
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.flush(); err != nil {
		tb.Fatal(err)
	}
}

// search runs a query and fails the test on error.
func search(tb testing.TB, x *Index, req qda.SearchRequest) *qda.SearchResult {
	tb.Helper()
	res, err := x.Search(req)
	if err != nil {
		tb.Fatalf("search %q: %v", req.Query, err)
	}
	return res
}

// hitTexts returns the texts of the hits in order.
func hitTexts(res *qda.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Text)
	}
	return out
}

// filesContaining lists the files under dir whose bytes contain s.
func filesContaining(tb testing.TB, dir, s string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed by a background merge meanwhile
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(s)) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

package wire

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/exchange/qdpx"
	"github.com/protocoder/protocoder/internal/exchange/sheet"
	"github.com/protocoder/protocoder/internal/exporter/docwriter"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// Origin names protocoder in the exchange files it writes.
const Origin = "protocoder"

// Files writes and reads the exchange and export files for the GUI, with
// the same use cases and writers as the CLI's export, import and report
// commands: every file is written beside its target and renamed over it
// only when complete, so a failed export never leaves half a file. It
// implements shell.Files.
type Files struct{}

// ExportQDPX writes the project as a REFI-QDA project (QDPX, the standard
// dialect) to path and returns what it holds.
// Cancelled through ctx, it leaves no file (the temporary file beside
// path is removed).
func (Files) ExportQDPX(ctx context.Context, p *project.Project, path string) (*qda.Snapshot, error) {
	snap, err := p.Snapshot(exchange.SnapshotOptions{})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("export %s: %w", path, err)
	}
	return snap, WriteFileAtomic(path, func(w io.Writer) error {
		return qdpx.Write(CtxWriter(ctx, w), snap, qdpx.WriteOptions{Dialect: qdpx.DialectREFI, Origin: Origin})
	})
}

// CtxWriter returns a writer that fails with ctx's error once ctx is
// done, so that a cancelled export stops at its next write.
func CtxWriter(ctx context.Context, w io.Writer) io.Writer { return ctxWriter{ctx, w} }

type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(b)
}

// ExportQDC writes the codebook as a REFI-QDA codebook (QDC) to path.
func (Files) ExportQDC(p *project.Project, path string) error {
	snap, err := p.Snapshot(exchange.SnapshotOptions{})
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, func(w io.Writer) error { return qdpx.WriteCodebook(w, snap, Origin) })
}

// Table exports: what is exported.
const (
	TableSegments = "segments"
	TableCodebook = "codebook"
	TableMatrix   = "matrix"
	TableAll      = "all" // xlsx only: one sheet each
)

// ExportTable writes the coded segments, the codebook, the code matrix
// (codes × cases, segments) or all three (xlsx) to path as xlsx, csv
// (with a byte order mark, for spreadsheet programs) or md.
func (Files) ExportTable(p *project.Project, what, format, path string) error {
	if what == TableAll && format != "xlsx" {
		return qda.Errorf(qda.EInvalid, "all tables at once are exported as xlsx only, not %s", format)
	}
	var tables []*sheet.Table
	add := func(t *app.Table) {
		tables = append(tables, &sheet.Table{Name: t.Name, Header: t.Header, Rows: t.Rows, Numeric: t.Numeric})
	}
	if what == TableSegments || what == TableAll {
		t, err := p.SegmentsTable(app.CodingFilter{})
		if err != nil {
			return err
		}
		add(t)
	}
	if what == TableCodebook || what == TableAll {
		t, err := p.CodebookTable()
		if err != nil {
			return err
		}
		add(t)
	}
	if what == TableMatrix || what == TableAll {
		m, err := p.Matrix(analysis.MatrixRequest{Rows: analysis.RowsCodes, Cols: "case", Measure: qda.MeasureSegments})
		if err != nil {
			return err
		}
		add(analysis.MatrixTable(m))
	}
	if len(tables) == 0 {
		return qda.Errorf(qda.EInvalid, "unknown table %q (segments, codebook, matrix or all)", what)
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		switch format {
		case "xlsx":
			return sheet.WriteXLSX(w, tables...)
		case "csv":
			return sheet.WriteCSV(w, tables[0], true)
		case "md":
			return sheet.WriteMarkdown(w, tables[0])
		}
		return qda.Errorf(qda.EInvalid, "unknown table format %q (xlsx, csv or md)", format)
	})
}

// WriteDocument writes a report text (protocoder's Markdown, as
// GenerateReport returns it) to path as docx, odt, html or md.
func (Files) WriteDocument(text, format, path string) error {
	var b bytes.Buffer
	if err := docwriter.Write(&b, docwriter.Parse(text), format); err != nil {
		return qda.Errorf(qda.EInvalid, "%v", err)
	}
	return WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err })
}

// Import brings a REFI-QDA project (.qdpx) or codebook (.qdc) into the
// project, as one undoable command (a backup is taken first). Cancelled
// through ctx, it changes nothing.
func (Files) Import(ctx context.Context, p *project.Project, path string) (*exchange.MergeReport, error) {
	data, err := ReadExchangeFile(path)
	if err != nil {
		return nil, err
	}
	read := qdpx.Read
	if strings.EqualFold(filepath.Ext(path), ".qdc") {
		read = qdpx.ReadCodebook
	}
	snap, rep, err := read(data, qdpx.ReadOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var warnings []string
	if rep != nil {
		for _, w := range rep.Warnings {
			warnings = append(warnings, "["+w.Kind+"] "+w.Message)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	return p.ImportSnapshotContext(ctx, snap, exchange.ExchangeOptions{Source: filepath.Base(path), Warnings: warnings})
}

// Merge merges another protocoder project (a folder, opened read-only
// with the passphrase pass if it is protected) or a QDPX file into the
// project, as one undoable command (a backup is taken first). Cancelled
// through ctx, it changes nothing.
func (Files) Merge(ctx context.Context, p *project.Project, src string, pass []byte) (*exchange.MergeReport, error) {
	var self string
	if d, ok := p.Store().(interface{ Dir() string }); ok {
		self = d.Dir()
	}
	snap, rep, err := MergeSource(src, self, Options{Store: store.Options{Passphrase: pass}}, qdpx.DialectAuto)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("merge %s: %w", src, err)
	}
	mr, err := p.MergeProjectContext(ctx, snap, src)
	if err != nil {
		return nil, err
	}
	mr.Warnings = append(mr.Warnings, MergeWarnings(rep)...)
	return mr, nil
}

// MergeSource reads what merge takes in: a project folder (with its
// command log; opened read-only, o.Store.Passphrase opens a protected
// one) or a QDPX file read in dialect d. self is the project merged
// into, which cannot be its own source.
func MergeSource(src, self string, o Options, d qdpx.Dialect) (*qda.Snapshot, *qdpx.Report, error) {
	if !store.IsProject(src) {
		if _, err := os.Stat(src); err != nil {
			return nil, nil, qda.Errorf(qda.ENotFound, "%s is neither a protocoder project nor a readable QDPX file", src)
		}
		data, err := ReadExchangeFile(src)
		if err != nil {
			return nil, nil, err
		}
		if !d.Valid() {
			return nil, nil, qda.Errorf(qda.EInvalid, "unknown dialect %q", d)
		}
		snap, rep, err := qdpx.Read(data, qdpx.ReadOptions{Dialect: d})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", src, err)
		}
		return snap, rep, nil
	}
	a, _ := filepath.Abs(src)
	b, _ := filepath.Abs(self)
	if filepath.Clean(a) == filepath.Clean(b) {
		return nil, nil, qda.Errorf(qda.EInvalid, "the source is this project")
	}
	o.User = ""
	other, err := OpenReadOnly(src, o)
	if err != nil {
		return nil, nil, fmt.Errorf("the merge source %s: %w", src, err)
	}
	defer other.Close()
	snap, err := other.Snapshot(exchange.SnapshotOptions{History: true})
	return snap, nil, err
}

// MergeWarnings words what the QDPX reader left out of a merge source.
func MergeWarnings(r *qdpx.Report) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, w := range r.Warnings {
		out = append(out, "["+w.Kind+"] "+w.Message)
	}
	return out
}

// ReadExchangeFile reads a QDPX or QDC file: a regular file of at most
// qdpx.DefaultMaxTotal bytes.
func ReadExchangeFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, qda.Errorf(qda.EInvalid, "%s is not a regular file", path)
	}
	if st.Size() > qdpx.DefaultMaxTotal {
		return nil, qda.Errorf(qda.EInvalid, "%s has %d bytes, more than the %d MiB an exchange file may have", path, st.Size(), qdpx.DefaultMaxTotal>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, qdpx.DefaultMaxTotal+1))
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "cannot read %s: %v", path, err)
	}
	if len(data) > qdpx.DefaultMaxTotal {
		return nil, qda.Errorf(qda.EInvalid, "%s grew beyond %d MiB while it was read", path, qdpx.DefaultMaxTotal>>20)
	}
	return data, nil
}

// WriteFileAtomic writes path through fn into a temporary file beside it
// that replaces path only when fn succeeded.
func WriteFileAtomic(path string, fn func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	bw := bufio.NewWriter(f)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		// On disk before the rename, so that a crash leaves the old
		// file or the whole new one, never an empty one.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

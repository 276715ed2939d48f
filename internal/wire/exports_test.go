package wire_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// openSample creates the sample project and opens it as mara.
func openSample(tb testing.TB) *project.Project {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "sample")
	o := wire.Options{User: "mara", Store: store.Options{NoBackup: true, NoSync: true}}
	if err := wire.CreateSample(dir, sampledata.FS, o); err != nil {
		tb.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// TestCreateSample_Summaries: the case study site JC-04 has enough
// summaries that its operative case report reads like one.
func TestCreateSample_Summaries(t *testing.T) {
	s := openSample(t)
	res, err := s.GenerateReport(analysis.ReportRequest{Case: "JC-04", Level: qda.LevelOperative})
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Count(res.Text, "\n### ")
	empty := strings.Count(res.Text, "(Noch keine Zusammenfassung.)")
	if sections < 12 || empty > 2 || len([]rune(res.Text)) < 5000 {
		t.Errorf("the report has %d answered questions, %d themes without summary, %d characters:\n%s", sections, empty, len([]rune(res.Text)), res.Text)
	}
}

func TestFiles_Export(t *testing.T) {
	s := openSample(t)
	dir := t.TempDir()
	f := wire.Files{}
	tests := []struct {
		name   string
		write  func(path string) error
		prefix string // the file's first bytes
	}{
		{"p.qdpx", func(p string) error { _, err := f.ExportQDPX(context.Background(), s, p); return err }, "PK"},
		{"c.qdc", func(p string) error { return f.ExportQDC(s, p) }, "<?xml"},
		{"all.xlsx", func(p string) error { return f.ExportTable(s, wire.TableAll, "xlsx", p) }, "PK"},
		{"seg.csv", func(p string) error { return f.ExportTable(s, wire.TableSegments, "csv", p) }, "\uFEFF"},
		{"codebook.md", func(p string) error { return f.ExportTable(s, wire.TableCodebook, "md", p) }, "# "},
		{"matrix.csv", func(p string) error { return f.ExportTable(s, wire.TableMatrix, "csv", p) }, "\uFEFF"},
		{"report.docx", func(p string) error { return f.WriteDocument("# Bericht\n\nText.", "docx", p) }, "PK"},
		{"report.html", func(p string) error { return f.WriteDocument("# Bericht\n\nText.", "html", p) }, "<!DOCTYPE html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := tt.write(path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil || !bytes.HasPrefix(b, []byte(tt.prefix)) {
				t.Errorf("%s starts with %q, want %q (%v)", tt.name, b[:min(len(b), 20)], tt.prefix, err)
			}
		})
	}
	if _, err := zip.OpenReader(filepath.Join(dir, "p.qdpx")); err != nil {
		t.Errorf("the QDPX is no zip: %v", err)
	}
	// Bad input: nothing is written.
	bad := filepath.Join(dir, "bad.csv")
	if err := f.ExportTable(s, wire.TableAll, "csv", bad); err == nil {
		t.Error("all tables as CSV is no error")
	}
	if err := f.WriteDocument("# x", "pdf", filepath.Join(dir, "r.pdf")); err == nil {
		t.Error("a PDF report is no error")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || e.Name() == "bad.csv" || e.Name() == "r.pdf" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestFiles_Import(t *testing.T) {
	s := openSample(t)
	path := filepath.Join(t.TempDir(), "c.qdc")
	if err := (wire.Files{}).ExportQDC(s, path); err != nil {
		t.Fatal(err)
	}
	// The project's own codebook comes back unchanged.
	rep, err := (wire.Files{}).Import(context.Background(), s, path)
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for _, n := range rep.Added {
		added += n
	}
	if added != 0 || rep.Unchanged == 0 || rep.Source != "c.qdc" {
		t.Errorf("report %+v", rep)
	}
	if _, err := (wire.Files{}).Import(context.Background(), s, filepath.Join(t.TempDir(), "missing.qdpx")); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("a missing file: %v", err)
	}
}

// TestFiles_ImportGuideline imports a guideline file of the sample with
// its codes, as the GUI's File ▸ Import ▸ Guideline does.
func TestFiles_ImportGuideline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "mara"}
	if err := initProject(t, dir, "G", o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data, err := fs.ReadFile(sampledata.FS, "guidelines/"+guideFile(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "g.guide.md")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := (wire.Files{}).ImportGuideline(s, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Key == "" || res.CodesAdded == 0 || res.Counts.Questions == 0 {
		t.Errorf("result %+v", res)
	}
	if _, err := (wire.Files{}).ImportGuideline(s, path); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("a second import: %v, want a conflict", err)
	}
}

// guideFile names a guideline file of the sample.
func guideFile(t *testing.T) string {
	t.Helper()
	ents, err := fs.ReadDir(sampledata.FS, "guidelines")
	if err != nil || len(ents) == 0 {
		t.Fatalf("sample guidelines: %v", err)
	}
	return ents[0].Name()
}

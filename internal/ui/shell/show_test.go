package shell

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestShell_ShowView(t *testing.T) {
	tests := []struct {
		spec  string
		outer string // the main tab selected
		inner string // the inner tab selected, if any
		label string // a label the document area shows, if any
	}{
		{"interviews", "Interviews", "", ""},
		{"segments", "Segmente", "", ""},
		{"summaries", "Analyse", "Zusammenfassungen", ""},
		{"query", "Analyse", "Abfrage", ""},
		{"pairs", "Studie", "Paare", ""},
		{"deliverables", "Studie", "Berichte", ""},
		{"evalq", "Studie", "Evaluationsfragen", ""},
		{"typology", "Studie", "Typologie", ""},
		{"typology:JC-07", "Studie", "", ""},
		{"audit", "Datenschutz", "Änderungsprotokoll", ""},
		{"document:Protokoll GF-07", "Dokument", "", "Protokoll GF-07"},
		{"search:Ziele", "Suche", "", ""},
		{"editor:GF-07", "Dokument", "", ""},
		{"guideline:A.1.1", "Dokument", "", "A.1.1 – Strategische Ebene – Geschäftsführung"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			f := newFixture(t)
			f.s.Start(f.sample)
			if err := f.s.ShowView(tt.spec); err != nil {
				t.Fatal(err)
			}
			v := &f.s.project.views
			if got := v.tabs.Selected().Text; got != tt.outer {
				t.Errorf("tab %q, want %q", got, tt.outer)
			}
			if tt.inner != "" {
				nt := v.named[tt.spec]
				if got := nt.inner.Selected().Text; got != tt.inner {
					t.Errorf("inner tab %q, want %q", got, tt.inner)
				}
			}
			if tt.label != "" && !slices.Contains(labels(f.s.project.area), tt.label) {
				t.Errorf("the document area shows %q", labels(f.s.project.area))
			}
		})
	}
	f := newFixture(t)
	f.s.Start(f.sample)
	if err := f.s.ShowView("bogus"); err == nil {
		t.Error("an unknown view is no error")
	}
	// query:EXPRESSION runs a coding query.
	if err := f.s.ShowView("query:Ziele ODER Erwartungen"); err != nil {
		t.Fatal(err)
	}
	if got := len(f.s.project.query.Hits()); got != 3 {
		t.Errorf("the query shows %d hits, want 3", got)
	}
}

// TestShell_reopenLast: the document shown last opens again with its
// project.
func TestShell_reopenLast(t *testing.T) {
	f := newFixture(t)
	f.s.Start(f.sample)
	if !f.s.project.benchIdle() {
		t.Fatal("a first open shows a document")
	}
	f.s.project.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: uitest.ID("doc:Protokoll PL-07")})
	f.s.CloseProject()
	f.s.OpenProject(f.sample)
	if got := labels(f.s.project.area); !slices.Contains(got, "Protokoll PL-07") {
		t.Errorf("after reopening the area shows %q", got)
	}
}

func TestDocsDir(t *testing.T) {
	root := t.TempDir()
	docs := filepath.Join(root, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "architecture.md"), []byte("#"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, exe, wd, want string
	}{
		{"beside the program", filepath.Join(root, "protocoder"), "", docs},
		{"in the working folder", "/nowhere/bin/protocoder", root, docs},
		{"none", "/nowhere/bin/protocoder", t.TempDir(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DocsDir(tt.exe, tt.wd); got != tt.want {
				t.Errorf("DocsDir = %q, want %q", got, tt.want)
			}
		})
	}
}

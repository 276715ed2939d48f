package layers

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/protocoder/protocoder/internal/"

// deps maps every package of the module to its transitive dependencies and
// to its direct imports.
func deps(tb testing.TB) (map[string][]string, map[string][]string) {
	tb.Helper()
	cmd := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}} {{join .Deps " "}} | {{join .Imports " "}}`, "github.com/protocoder/protocoder/...")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("go list: %v", err)
	}
	all, direct := map[string][]string{}, map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		left, right, _ := strings.Cut(line, " | ")
		f := strings.Fields(left)
		all[f[0]] = f[1:]
		direct[f[0]] = strings.Fields(right)
	}
	return all, direct
}

type rule struct {
	pkgPrefix string   // the packages the rule is about
	exact     bool     // the rule is about pkgPrefix alone, not the packages below it
	siblings  bool     // no package below pkgPrefix may depend on another one below it
	forbidden []string // import path prefixes none of them may depend on
	noImport  []string // prefixes none of them may import directly (a library may use them)
	stdlibAnd []string // if set: only the standard library and these prefixes
}

var rules = []rule{
	{pkgPrefix: mod + "qda", stdlibAnd: []string{mod + "qda"}},
	{pkgPrefix: mod + "csvsafe", stdlibAnd: []string{mod + "csvsafe"}},
	{pkgPrefix: mod + "readmodel", stdlibAnd: []string{mod + "qda", mod + "readmodel"}},
	{pkgPrefix: mod + "anon", stdlibAnd: []string{mod + "qda", mod + "anon"}},
	{pkgPrefix: mod + "exporter", stdlibAnd: []string{mod + "qda", mod + "exporter"}},
	{pkgPrefix: mod + "keyfile", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "app", mod + "store", mod + "search", mod + "importer", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "exchange/qdpx", stdlibAnd: []string{mod + "qda", mod + "exchange/qdpx", "golang.org/x/text"}},
	{pkgPrefix: mod + "exchange/sheet", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "app", mod + "store", mod + "search", mod + "importer", mod + "exchange/qdpx", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "app", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "store", mod + "search", mod + "importer", mod + "exchange", mod + "ui", mod + "wire", mod + "cli", mod + "project", mod + "apptest"}},
	// The core knows none of the feature packages around it; a feature
	// reaches another only through the core (a port or hook there).
	{pkgPrefix: mod + "app", exact: true, forbidden: []string{mod + "app/"}},
	{pkgPrefix: mod + "app", siblings: true},
	{pkgPrefix: mod + "project", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "store", mod + "search", mod + "importer", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "apptest", forbidden: []string{"fyne.io", mod + "ui", mod + "cli"}},
	{pkgPrefix: mod + "store", forbidden: []string{"github.com/blevesearch", "fyne.io", mod + "app", mod + "search", mod + "importer", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "search", noImport: []string{"go.etcd.io/bbolt"}, forbidden: []string{"fyne.io", mod + "app", mod + "store", mod + "importer", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "importer", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "app", mod + "store", mod + "search", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "ui", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", mod + "store", mod + "search", mod + "wire", mod + "cli", mod + "apptest", "fyne.io/fyne/v2/app", mod + "audio/device", "github.com/ebitengine/oto"}},
	// Audio decoding is pure Go; only its device subpackage (oto, cgo)
	// touches the sound card, and only cmd/protocoder imports that.
	{pkgPrefix: mod + "audio", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "app", mod + "project", mod + "store", mod + "search", mod + "importer", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "audio", exact: true, forbidden: []string{mod + "audio/device", "github.com/ebitengine/oto"}},
	{pkgPrefix: mod + "bench", forbidden: []string{"go.etcd.io/bbolt", "github.com/blevesearch", "fyne.io", mod + "store", mod + "search", mod + "ui", mod + "wire", mod + "cli"}},
	{pkgPrefix: mod + "cli", forbidden: []string{"fyne.io", mod + "ui", mod + "audio", "github.com/ebitengine/oto"}},
	// The team server knows no GUI, no laptop store or index and no
	// laptop use cases; the GUI and the laptop's sync client never reach
	// the server or PostgreSQL (they speak to it through teamapi's
	// messages only).
	{pkgPrefix: mod + "server", forbidden: []string{"fyne.io", mod + "ui", mod + "app", mod + "project", mod + "store", mod + "search", mod + "wire", mod + "cli", mod + "team", "go.etcd.io/bbolt", "github.com/blevesearch"}},
	{pkgPrefix: mod + "teamapi", stdlibAnd: []string{mod + "qda", mod + "teamapi"}},
	{pkgPrefix: mod + "team", exact: true, forbidden: []string{"fyne.io", mod + "ui", mod + "server", "github.com/jackc/pgx", mod + "store", mod + "search", mod + "wire", mod + "cli"}},
	// The GUI's team views get their link through an interface
	// (teamview.Connector); cmd/protocoder adapts internal/team to it.
	{pkgPrefix: mod + "ui", forbidden: []string{mod + "server", "github.com/jackc/pgx", mod + "team", mod + "teamapi"}},
	{pkgPrefix: "github.com/protocoder/protocoder/cmd/protocoder-server", forbidden: []string{"fyne.io", mod + "ui", mod + "app", mod + "store", mod + "search"}},
	{pkgPrefix: "github.com/protocoder/protocoder/cmd/protocoder-cli", forbidden: []string{"fyne.io", mod + "ui", mod + "audio", "github.com/ebitengine/oto"}},
}

func isStdlib(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

func TestLayers_DependenciesPointInward(t *testing.T) {
	all, direct := deps(t)
	for _, v := range check(rules, all, direct) {
		t.Error(v)
	}
}

func TestLayers_CheckFindsViolations(t *testing.T) {
	all := map[string][]string{
		mod + "qda":            {"fmt", "go.etcd.io/bbolt"},
		mod + "ui/shell":       {mod + "app", mod + "store"},
		mod + "search":         {"github.com/blevesearch/bleve/v2", "go.etcd.io/bbolt"},
		mod + "app":            {mod + "qda", mod + "app/privacy"},
		mod + "app/coding":     {mod + "app", mod + "qda", mod + "app/study"},
		mod + "app/study":      {mod + "app", mod + "qda"},
		mod + "project":        {mod + "app", mod + "app/coding", mod + "app/study"},
		mod + "apptest":        {mod + "project", mod + "wire"},
		mod + "importer":       {mod + "qda"},
		mod + "store":          {mod + "qda"},
		mod + "cli":            {mod + "app"},
		mod + "exchange/qdpx":  {mod + "qda", "golang.org/x/text/unicode/norm"},
		mod + "exchange/sheet": {"github.com/xuri/excelize/v2"},
		mod + "anon":           {mod + "qda", "strings"},
		mod + "csvsafe":        {"encoding/csv"},
		mod + "readmodel":      {mod + "qda", mod + "store"},
		mod + "keyfile":        {"golang.org/x/crypto/argon2", mod + "qda"},
		mod + "bench":          {mod + "app", mod + "importer/protocolmd"},
		"github.com/protocoder/protocoder/cmd/protocoder-cli":    {mod + "cli"},
		"github.com/protocoder/protocoder/cmd/protocoder-server": {mod + "server/servercmd"},
		mod + "server":  {mod + "qda", mod + "teamapi", "golang.org/x/crypto/argon2"},
		mod + "teamapi": {mod + "qda", "encoding/json"},
		mod + "team":    {mod + "app", mod + "teamapi", mod + "server"},
		mod + "audio":   {"github.com/gopxl/beep/v2", mod + "audio/device"},

		mod + "exporter/docwriter": {"archive/zip"},
	}
	direct := map[string][]string{mod + "search": {"go.etcd.io/bbolt"}}
	got := check(rules, all, direct)
	want := []string{"qda depends on go.etcd.io/bbolt", "ui/shell depends on " + mod + "store", "search imports go.etcd.io/bbolt",
		"app depends on " + mod + "app/privacy", "app/coding depends on " + mod + "app/study, another feature package",
		"team depends on " + mod + "server", "audio depends on " + mod + "audio/device",
		"readmodel depends on " + mod + "store"}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.Contains(g, w)
		}
		if !found {
			t.Errorf("no violation %q among %q", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d violations, want %d: %q", len(got), len(want), got)
	}
}

// check returns a sentence for every violation of the rules.
func check(rules []rule, all, direct map[string][]string) []string {
	var out []string
	for _, r := range rules {
		matched := 0
		for pkg, ds := range all {
			if pkg != r.pkgPrefix && (r.exact || !strings.HasPrefix(pkg, r.pkgPrefix+"/")) {
				continue
			}
			if r.siblings {
				if pkg == r.pkgPrefix {
					continue
				}
				own := r.pkgPrefix + "/" + strings.SplitN(strings.TrimPrefix(pkg, r.pkgPrefix+"/"), "/", 2)[0]
				matched++
				for _, d := range ds {
					if strings.HasPrefix(d, r.pkgPrefix+"/") && d != own && !strings.HasPrefix(d, own+"/") {
						out = append(out, pkg+" depends on "+d+", another feature package; go through the core")
					}
				}
				continue
			}
			matched++
			for _, d := range ds {
				if r.stdlibAnd != nil {
					ok := isStdlib(d)
					for _, a := range r.stdlibAnd {
						ok = ok || d == a || strings.HasPrefix(d, a+"/")
					}
					if !ok {
						out = append(out, pkg+" depends on "+d+"; it may use only the standard library")
					}
				}
				for _, f := range r.forbidden {
					if d == f || strings.HasPrefix(d, f+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(d, f)) {
						out = append(out, pkg+" depends on "+d+", which breaks the layer rule")
					}
				}
			}
			for _, d := range direct[pkg] {
				for _, f := range r.noImport {
					if d == f || strings.HasPrefix(d, f+"/") {
						out = append(out, pkg+" imports "+d+", the library of another adapter")
					}
				}
			}
		}
		if matched == 0 {
			out = append(out, "rule for "+r.pkgPrefix+" matched no package")
		}
	}
	return out
}

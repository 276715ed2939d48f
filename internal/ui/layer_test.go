package ui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers checks that no package under internal/ui, tests included,
// depends on the storage or index adapters or on Fyne's GLFW app: views get
// everything through project.Project and small interfaces, and their tests run
// without cgo or a display.
func TestLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-test", "github.com/protocoder/protocoder/internal/ui/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{
		"go.etcd.io/bbolt",
		"github.com/blevesearch/bleve",
		"github.com/protocoder/protocoder/internal/store",
		"github.com/protocoder/protocoder/internal/search",
		"github.com/protocoder/protocoder/internal/wire",
		"fyne.io/fyne/v2/app",
		"github.com/go-gl/glfw",
		"github.com/protocoder/protocoder/internal/audio/device",
		"github.com/ebitengine/oto",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("internal/ui depends on %s", dep)
			}
		}
	}
}

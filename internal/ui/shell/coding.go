package shell

import (
	"fyne.io/fyne/v2"

	"github.com/protocoder/protocoder/internal/qda"
)

// openDocument shows document id in the coding workbench; the code tree
// counts the document's codings beside the project's. Call it on the UI
// goroutine.
func (p *openProject) openDocument(s *Shell, id qda.GUID) {
	p.showArea(p.bench)
	p.codes.SetDocument(id)
	s.async(func() {
		p.bench.Load(id)
		p.codes.Update()
	})
}

// benchShown reports whether the document area shows the workbench.
func (p *openProject) benchShown() bool {
	return len(p.area.Objects) == 1 && p.area.Objects[0] == fyne.CanvasObject(p.bench)
}

// wireCoding connects the workbench, the code tree and the status bar:
// the code selected in the tree is the one the workbench applies, a tap
// on a code while text is selected applies it, and after any edit the
// counts, the tree and the document are loaded again.
func (p *openProject) wireCoding(s *Shell) {
	p.codes.SetAsync(s.async)
	p.bench.SetAsync(s.async)
	p.codes.OnSelected = p.bench.SetCurrentCode
	p.codes.OnTapped = func(id qda.GUID) {
		if p.benchShown() && p.bench.HasSelection() {
			p.bench.Apply(id)
		}
	}
	p.bench.OnChanged = func(msg string) {
		p.status.SetMessage(msg)
		s.async(func() {
			p.status.Update()
			p.codes.Update()
		})
	}
	p.codes.OnChanged = func(msg string) {
		p.status.SetMessage(msg)
		shown := p.benchShown()
		s.async(func() {
			p.status.Update()
			if shown {
				p.bench.Reload()
			}
		})
	}
}

package shell

import (
	"fyne.io/fyne/v2"

	"github.com/protocoder/protocoder/internal/qda"
)

// openDocument shows document id in the coding workbench; the code tree
// counts the document's codings beside the project's. Call it on the UI
// goroutine.
func (p *openProject) openDocument(s *Shell, id qda.GUID) {
	p.prefs.SetString(LastDocumentKey+p.dir, string(id))
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

// benchInView reports whether the workbench is on screen: in the
// document area, with the document tab shown.
func (p *openProject) benchInView() bool {
	return p.benchShown() && (p.views.tabs == nil || p.views.tabs.Selected() == p.views.docTab)
}

// wireCoding connects the workbench, the code tree and the status bar:
// the code selected in the tree is the one the workbench applies (with
// its coding button, Enter or by dropping the code on the selection;
// choosing a code never codes), and after any edit the counts, the tree
// and the document are loaded again.
func (p *openProject) wireCoding(s *Shell) {
	p.codes.SetAsync(s.async)
	p.bench.SetAsync(s.async)
	p.bench.InView = p.benchInView
	p.bench.View().OnShortcut = s.TypedShortcut
	p.codes.OnSelected = p.bench.SetCurrentCode
	p.codes.OnDropped = func(code qda.GUID, at fyne.Position) {
		if p.benchInView() {
			p.codes.Select(code)
			p.bench.DropCode(code, at)
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

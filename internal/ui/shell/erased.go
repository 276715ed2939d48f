package shell

import (
	"github.com/protocoder/protocoder/internal/qda"
)

// forgetErased lets the document area go of what an erasure removed (the
// interview's protocol in the editor or the workbench; every document
// when ivs is nil) without saving, and reloads every view. Call it on the
// UI goroutine.
func (p *openProject) forgetErased(s *Shell, ivs map[qda.GUID]bool) {
	v := &p.views
	shown := func() bool {
		if ivs == nil {
			return true
		}
		if v.editing {
			iv := v.editor.Interview()
			return iv != nil && ivs[iv.GUID]
		}
		d := p.bench.Document()
		return d != nil && ivs[d.Interview]
	}
	if shown() {
		v.editing, v.last = false, nil
		p.showArea(p.hintBox)
		p.codes.SetDocument("")
	}
	p.markStale(s)
	s.async(p.refresh)
}

package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// dropped takes files dropped onto the window: onto an open protocol, the
// first one becomes its recording; anywhere else the status bar says where
// recordings go.
func (s *Shell) dropped(_ fyne.Position, uris []fyne.URI) {
	p := s.project
	if p == nil || len(uris) == 0 {
		return
	}
	if p.views.editing && p.views.editor.DropURIs(uris) {
		return
	}
	p.status.SetMessage(lang.X("drop.where", "To attach a recording, open the interview's protocol and drop the file there."))
}

// Attaching, replacing and deleting an interview's recording: from a
// file chooser or a dropped file, deleting only after a confirmation.

package player

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
)

// AskAttach asks for a recording file and attaches it.
func (p *Player) AskAttach() {
	if p.iv == nil {
		return
	}
	p.chooseFile(p.Attach)
}

// Attach copies the recording at path into the project for the interview
// shown (off the UI goroutine); the use case's rules decide (consent, a
// recording already there, size, format). Call it on the UI goroutine.
func (p *Player) Attach(path string) {
	if p.iv == nil {
		return
	}
	id := p.iv.GUID
	p.info.SetText(lang.X("player.attaching", "Copying the recording into the project…"))
	p.async(func() {
		_, err := p.src.AttachRecording(string(id), path, 0)
		p.reload(id, err)
	})
}

// reload shows the interview anew after attach or delete; err is the
// use case's error.
func (p *Player) reload(id qda.GUID, err error) {
	iv, rerr := p.src.Interview(string(id))
	p.do(func() {
		if err != nil {
			p.onError(err)
		}
		if rerr != nil {
			p.onError(rerr)
			return
		}
		if p.iv == nil || p.iv.GUID != id {
			return
		}
		p.iv = iv
		p.show()
		if err == nil && p.OnChanged != nil {
			p.OnChanged(iv)
		}
	})
}

// AskDelete asks before deleting the recording irrevocably.
func (p *Player) AskDelete() {
	iv := p.iv
	if iv == nil || iv.Recording != qda.RecordingPresent {
		return
	}
	p.confirm(lang.X("player.deleteTitle", "Delete recording?"),
		lang.X("player.deleteText", "The recording of {{.Name}} is overwritten and deleted irrevocably; it cannot be restored, not even by undo.", map[string]any{"Name": iv.Interviewee}),
		lang.X("player.deleteConfirm", "Delete irrevocably"), p.Delete)
}

// Delete deletes the recording irrevocably (off the UI goroutine); the
// track is closed first, so the file is not open while it is shredded.
func (p *Player) Delete() {
	if p.iv == nil {
		return
	}
	p.closeTrack()
	id := p.iv.GUID
	p.async(func() {
		_, err := p.src.DeleteRecording(string(id))
		p.reload(id, err)
	})
}

// DropURIs attaches the first local file of a drop onto the window. It
// reports whether it took the drop (an editable protocol is shown); the
// use case says why a recording cannot be attached (one is there, it was
// deleted, no consent).
func (p *Player) DropURIs(uris []fyne.URI) bool {
	if p.iv == nil || p.readOnly {
		return false
	}
	for _, u := range uris {
		if u.Scheme() == "file" {
			p.Attach(u.Path())
			return true
		}
	}
	return false
}

func (p *Player) chooseRecording(then func(string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			p.onError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, p.win)
	d.SetFilter(storage.NewExtensionFileFilter(append(privacy.RecordingExtensions[:0:0], privacy.RecordingExtensions...)))
	d.Show()
}

func (p *Player) confirmDialog(title, msg, ok string, then func()) {
	d := dialog.NewConfirm(title, msg, func(yes bool) {
		if yes {
			then()
		}
	}, p.win)
	d.SetConfirmText(ok)
	d.SetDismissText(lang.X("dialog.cancel", "Cancel"))
	d.Show()
}

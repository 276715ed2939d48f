package shell

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// SampleMaker is implemented by Openers that can create the embedded
// sample project; the start screen then offers "Open sample project".
type SampleMaker interface {
	// Sample creates a fresh copy of the sample project in dir.
	Sample(dir string) error
}

// sampleName is the folder name of a new sample project.
func sampleName() string { return lang.X("sample.folder", "protocoder sample project") }

// freeFolder returns parent/name, or parent/name-2, -3, … if taken.
func freeFolder(parent, name string) string {
	dir := filepath.Join(parent, name)
	for i := 2; ; i++ {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return dir
		}
		dir = filepath.Join(parent, fmt.Sprintf("%s-%d", name, i))
	}
}

// OpenSample creates a fresh copy of the sample project beside the recent
// projects (or in the home folder) and opens it. Call it on the UI
// goroutine.
func (s *Shell) OpenSample() {
	sm, ok := s.opener.(SampleMaker)
	if !ok {
		return
	}
	dir := freeFolder(s.startFolder(), sampleName())
	s.async(func() {
		err := sm.Sample(dir)
		fyne.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			s.OpenProject(dir)
		})
	})
}

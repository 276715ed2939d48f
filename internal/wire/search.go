package wire

import (
	"path/filepath"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/search"
	"github.com/protocoder/protocoder/internal/store"
)

// IndexFolder is the bleve index's folder inside a project folder.
func IndexFolder(project string) string {
	return filepath.Join(project, store.IndexDir, "passages")
}

// openIndex opens (or creates) the project's full-text index.
func openIndex(project string) (app.Index, error) {
	x, err := search.Open(IndexFolder(project))
	if err != nil {
		return nil, err
	}
	return indexAdapter{x}, nil
}

// indexAdapter makes *search.Index an app.Index: it converts the stamp,
// the one type the search package defines for itself (it must not import
// the app).
type indexAdapter struct{ *search.Index }

func (a indexAdapter) Stamp() (app.IndexStamp, error) {
	s, err := a.Index.Stamp()
	return app.IndexStamp{Seq: s.Seq, Documents: s.Documents, Passages: s.Passages}, err
}

func (a indexAdapter) SetStamp(s app.IndexStamp) error {
	return a.Index.SetStamp(search.Stamp{Seq: s.Seq, Documents: s.Documents, Passages: s.Passages})
}

// UpdateStamped writes passages and stamp in one batch (the app finds it
// by a type assertion).
func (a indexAdapter) UpdateStamped(remove []qda.GUID, add []qda.IndexPassage, s app.IndexStamp) error {
	return a.Index.UpdateStamped(remove, add, search.Stamp{Seq: s.Seq, Documents: s.Documents, Passages: s.Passages})
}

var _ app.Index = indexAdapter{}

package wire

import (
	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/search"
	"github.com/protocoder/protocoder/internal/store"
)

// Dir returns the project folder: the app keeps the pseudonym key and the
// recordings there.
func (a storeAdapter) Dir() string { return a.db.Dir() }

// Erase implements app.Eraser with the store's irrevocable erasure.
func (a storeAdapter) Erase(cmd *qda.Command, fn func(app.Tx) error, scrub func(*qda.Change) bool) (app.EraseStats, error) {
	r, err := a.db.Erase(cmd, func(tx *store.Tx) error { return fn(txAdapter{tx}) }, scrub)
	return app.EraseStats{Scrubbed: r.Scrubbed, SizeBefore: r.SizeBefore, SizeAfter: r.SizeAfter,
		BackupsRewritten: r.BackupsRewritten, BackupsDeleted: r.BackupsDeleted}, err
}

// openIndexOf opens the project's search index: on disk, or in memory for
// a protected project (rebuilt from the store at every open, so that no
// plain text reaches the disk).
func openIndexOf(db *store.DB, dir string) (app.Index, error) {
	if !db.Protected() {
		return openIndex(dir)
	}
	x, err := search.Open("")
	if err != nil {
		return nil, err
	}
	return indexAdapter{x}, nil
}

// Protect encrypts an existing project at rest with a passphrase (see
// store.Protect): afterwards it opens only with Options.Store.Passphrase.
func Protect(dir string, pass []byte, o Options) (store.ProtectReport, error) {
	return store.Protect(dir, pass, o.Store)
}

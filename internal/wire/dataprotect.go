package wire

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/search"
	"github.com/protocoder/protocoder/internal/store"
)

// Dir returns the project folder: the app keeps the pseudonym key and the
// recordings there.
func (a storeAdapter) Dir() string { return a.db.Dir() }

// Erase implements privacy.Eraser with the store's irrevocable erasure.
func (a storeAdapter) Erase(cmd *qda.Command, fn func(app.Tx) error, spec privacy.EraseSpec) (privacy.EraseStats, error) {
	r, err := a.db.Erase(cmd, func(tx *store.Tx) error {
		if err := fn(txAdapter{tx}); err != nil {
			return err
		}
		return checkCommandUser(tx, cmd)
	}, store.EraseSpec{Needles: spec.Needles, Files: spec.Files, Derived: spec.Derived, Seal: spec.Seal})
	return privacy.EraseStats{Scrubbed: r.Scrubbed, SizeBefore: r.SizeBefore, SizeAfter: r.SizeAfter,
		BackupsRewritten: r.BackupsRewritten, BackupsDeleted: r.BackupsDeleted,
		FilesShredded: r.FilesShredded, Pending: r.Pending, NeedlesKept: r.NeedlesKept}, err
}

// FinishErase implements privacy.Eraser.
func (a storeAdapter) FinishErase(pending string) error { return a.db.FinishErase(pending) }

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

// PendingOperations describes the store's unfinished multi-file operations.
func (a storeAdapter) PendingOperations() ([]string, error) {
	ops, err := a.db.Pending()
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = fmt.Sprintf("%s (started %s)", op.Kind, op.Started.Format("2006-01-02 15:04:05 UTC"))
	}
	return out, err
}

// Unprotect removes the project's encryption at rest (see store.Unprotect).
func Unprotect(dir string, pass []byte, o Options) (store.UnprotectReport, error) {
	return store.Unprotect(dir, pass, o.Store)
}

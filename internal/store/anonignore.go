package store

import "github.com/protocoder/protocoder/internal/qda"

// AnonIgnores returns the ignore decisions of a document ("" for all).
func (t *Tx) AnonIgnores(doc qda.GUID) ([]qda.AnonIgnore, error) {
	var out []qda.AnonIgnore
	err := each(t, "anonignore", func(a *qda.AnonIgnore) error {
		if doc == "" || a.Document == doc {
			out = append(out, *a)
		}
		return nil
	})
	return out, err
}

// PutAnonIgnore validates and writes an ignore decision.
func (t *Tx) PutAnonIgnore(a *qda.AnonIgnore) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return t.put("anonignore", string(a.GUID), a)
}

// DeleteAnonIgnore deletes an ignore decision.
func (t *Tx) DeleteAnonIgnore(id qda.GUID) error { return t.del("anonignore", string(id)) }

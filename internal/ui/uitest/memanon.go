package uitest

import "github.com/protocoder/protocoder/internal/qda"

// AnonIgnores implements app.Tx.
func (t memTx) AnonIgnores(doc qda.GUID) ([]qda.AnonIgnore, error) {
	var out []qda.AnonIgnore
	for _, a := range values(t.m.AnonIgnores) {
		if doc == "" || a.Document == doc {
			out = append(out, a)
		}
	}
	return out, nil
}

// PutAnonIgnore implements app.Tx.
func (t memTx) PutAnonIgnore(a *qda.AnonIgnore) error {
	if t.m.AnonIgnores == nil {
		t.m.AnonIgnores = map[qda.GUID]qda.AnonIgnore{}
	}
	t.m.AnonIgnores[a.GUID] = *a
	return nil
}

// DeleteAnonIgnore implements app.Tx.
func (t memTx) DeleteAnonIgnore(id qda.GUID) error { delete(t.m.AnonIgnores, id); return nil }

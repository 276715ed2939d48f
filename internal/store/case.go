package store

import "github.com/protocoder/protocoder/internal/qda"

// Case returns the case with the given GUID or a not-found error.
func (t *Tx) Case(id qda.GUID) (*qda.Case, error) { return one[qda.Case](t, "case", id) }

// Cases returns every case.
func (t *Tx) Cases() ([]qda.Case, error) { return all[qda.Case](t, "case") }

// PutCase validates and writes a case.
func (t *Tx) PutCase(v *qda.Case) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("case", string(v.GUID), v)
}

// DeleteCase deletes a case; callers delete what refers to it first.
func (t *Tx) DeleteCase(id qda.GUID) error { return t.del("case", string(id)) }

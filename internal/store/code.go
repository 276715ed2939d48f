package store

import "github.com/protocoder/protocoder/internal/qda"

// Code returns the code with the given GUID or a not-found error.
func (t *Tx) Code(id qda.GUID) (*qda.Code, error) { return one[qda.Code](t, "code", id) }

// Codes returns every code.
func (t *Tx) Codes() ([]qda.Code, error) { return all[qda.Code](t, "code") }

// PutCode validates and writes a code.
func (t *Tx) PutCode(v *qda.Code) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("code", string(v.GUID), v)
}

// DeleteCode deletes a code; callers delete what refers to it first.
func (t *Tx) DeleteCode(id qda.GUID) error { return t.del("code", string(id)) }

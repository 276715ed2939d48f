package store

import "github.com/protocoder/protocoder/internal/qda"

// AttributeDef returns the attribute with the given GUID or a not-found error.
func (t *Tx) AttributeDef(id qda.GUID) (*qda.AttributeDef, error) {
	return one[qda.AttributeDef](t, "attribute", id)
}

// AttributeDefs returns every attribute.
func (t *Tx) AttributeDefs() ([]qda.AttributeDef, error) {
	return all[qda.AttributeDef](t, "attribute")
}

// PutAttributeDef validates and writes a attribute.
func (t *Tx) PutAttributeDef(v *qda.AttributeDef) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("attribute", string(v.GUID), v)
}

// DeleteAttributeDef deletes a attribute; callers delete what refers to it first.
func (t *Tx) DeleteAttributeDef(id qda.GUID) error { return t.del("attribute", string(id)) }

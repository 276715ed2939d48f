package store

import "github.com/protocoder/protocoder/internal/qda"

// Guideline returns the guideline with the given GUID or a not-found error.
func (t *Tx) Guideline(id qda.GUID) (*qda.Guideline, error) {
	return one[qda.Guideline](t, "guideline", id)
}

// Guidelines returns every guideline.
func (t *Tx) Guidelines() ([]qda.Guideline, error) { return all[qda.Guideline](t, "guideline") }

// PutGuideline validates and writes a guideline.
func (t *Tx) PutGuideline(v *qda.Guideline) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("guideline", string(v.GUID), v)
}

// DeleteGuideline deletes a guideline; callers delete what refers to it first.
func (t *Tx) DeleteGuideline(id qda.GUID) error { return t.del("guideline", string(id)) }
